package dev.beacon.demo.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker-compose.yml} and the root {@code Dockerfile} against the applications they run,
 * without a Docker engine: one Dockerfile builds every application from its own module's jar, each
 * image is built once, every port and URL is one the applications really listen on, every
 * dependency waits for health, the token must come from the environment, ports are published on
 * the loopback unless the user opts in, every service restarts after a crash, and the base images
 * can be copies from the operator's own registry.
 */
class ComposeFileTests {

	private static final Path ROOT = repositoryRoot();

	private static final List<String> DOCKERFILE = logicalLines(read(ROOT.resolve("Dockerfile")));

	private static final List<App> APPS = List.of(App.of("registry-server", "BEACON_REGISTRY_"),
			App.of("gateway", "BEACON_DISCOVERY_", "BEACON_GATEWAY_"),
			App.of("demo-services/greeting", "BEACON_DISCOVERY_"),
			App.of("demo-services/frontend", "BEACON_DISCOVERY_"));

	private static final String REQUIRED_TOKEN = "${BEACON_TOKEN:?";

	private static final String BIND_VARIABLE = "BEACON_BIND";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}");

	/** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME:?message}}, as Compose reads them. */
	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:(:-|:\\?)([^}]*))?}");

	private static final Pattern HEALTH_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/actuator/health");

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void oneDockerfileBuildsEveryApplicationFromItsModule() {
		Set<String> contexts = new HashSet<>();
		this.services.forEach((name, service) -> {
			Map<String, Object> build = ownBuild(service);
			if (build != null) {
				String context = context(build);
				Path dockerfile = ROOT.resolve(context).resolve(String.valueOf(build.get("dockerfile"))).normalize();
				assertThat(dockerfile).as("Dockerfile of service %s", name).isEqualTo(ROOT.resolve("Dockerfile"));
				contexts.add(context);
			}
		});
		assertThat(contexts).containsExactlyInAnyOrderElementsOf(APPS.stream().map(App::module).toList());
		for (App app : APPS) {
			assertThat(ROOT.resolve(app.module()).resolve("Dockerfile")).as("a Dockerfile of its own").doesNotExist();
		}
	}

	@Test
	void eachImageIsBuiltOnceAndTheServicesThatShareItWaitForThatBuild() {
		Map<String, String> builders = new HashMap<>();
		this.services.forEach((name, service) -> {
			if (ownBuild(service) != null) {
				String image = (String) service.get("image");
				assertThat(image).as("service %s names the image it builds", name).isNotBlank();
				assertThat(builders.put(image, name)).as("services that build %s", image).isNull();
				assertThat(service.get("pull_policy")).as("service %s builds its image, never pulls it", name)
					.isEqualTo("build");
			}
		});
		assertThat(builders).hasSameSizeAs(APPS);
		Map<String, Integer> runs = new HashMap<>();
		this.services.forEach((name, service) -> {
			String builder = builders.get(String.valueOf(service.get("image")));
			if (builder == null) {
				return;
			}
			runs.merge(Objects.requireNonNull(appOf(service)).module(), 1, Integer::sum);
			if (!builder.equals(name)) {
				assertThat(service.get("pull_policy")).as("service %s runs the image %s builds", name, builder)
					.isEqualTo("never");
				assertThat(dependencies(service)).as("service %s starts once %s has built its image", name, builder)
					.containsKey(builder);
			}
		});
		// the registry and greeting each run as two services on one image
		assertThat(runs).containsEntry("registry-server", 2).containsEntry("demo-services/greeting", 2);
	}

	@Test
	void imagesPackageTheJarTheirModuleBuildsAndRunAsNonRoot() {
		assertThat(DOCKERFILE).anyMatch((line) -> line.startsWith("COPY ${JAR} "));
		for (App app : APPS) {
			String jar = "target/" + app.finalName() + ".jar";
			assertThat(buildArgs(app)).as(app.module()).containsEntry("JAR", jar);
			assertThat(logicalLines(read(ROOT.resolve(app.module()).resolve(".dockerignore"))))
				.as("%s/.dockerignore lets only the jar through", app.module())
				.filteredOn((line) -> !line.startsWith("#"))
				.containsExactly("*", "!" + jar);
		}
		assertThat(DOCKERFILE).filteredOn((line) -> line.startsWith("USER "))
			.singleElement()
			.satisfies((line) -> assertThat(line.substring(5).trim()).isNotIn("root", "0"));
	}

	@Test
	void baseImagesAreTheOfficialOnesUnlessTheOperatorNamesCopies() {
		List<String> from = DOCKERFILE.stream().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(from).isNotEmpty().allMatch((line) -> line.startsWith("FROM ${JRE_IMAGE}"));
		assertThat(DOCKERFILE.get(DOCKERFILE.indexOf(from.get(0)) - 1)).isEqualTo("ARG JRE_IMAGE=eclipse-temurin:17-jre");
		Map<String, String> mirror = Map.of("BEACON_JRE_IMAGE", "registry.example/temurin:17-jre",
				"BEACON_REDIS_IMAGE", "registry.example/redis:7-alpine");
		for (App app : APPS) {
			String image = buildArgs(app).get("JRE_IMAGE");
			assertThat(image).as("JRE_IMAGE of %s", app.module()).isNotNull();
			assertThat(interpolate(image, Map.of())).isEqualTo("eclipse-temurin:17-jre");
			assertThat(interpolate(image, mirror)).isEqualTo("registry.example/temurin:17-jre");
		}
		String redis = String.valueOf(this.services.get("redis").get("image"));
		assertThat(interpolate(redis, Map.of())).isEqualTo("redis:7-alpine");
		assertThat(interpolate(redis, mirror)).isEqualTo("registry.example/redis:7-alpine");
	}

	@Test
	void redisServesTheRegistryServersWhateverImageRunsItAndOnlyThem() {
		Map<String, Object> redis = this.services.get("redis");
		// Redis's own default refuses every address but the loopback; the official image patches it
		List<String> command = list(redis.get("command")).stream().map(String::valueOf).toList();
		assertThat(command).containsSubsequence("--protected-mode", "no");
		assertThat(redis).as("Redis is reached on the compose network only").doesNotContainKey("ports");
	}

	@Test
	void imagesExposeThePortsTheApplicationsListenOn() {
		assertThat(DOCKERFILE).contains("EXPOSE ${PORTS}");
		for (App app : APPS) {
			Set<Integer> exposed = Arrays.stream(buildArgs(app).get("PORTS").trim().split("\\s+"))
				.map(Integer::valueOf)
				.collect(Collectors.toSet());
			Set<Integer> listening = new HashSet<>(Set.of(port(app.serverPort(), Map.of(), "SERVER_PORT")));
			if (app.managementPort() != null) {
				listening.add(port(app.managementPort(), Map.of(), "MANAGEMENT_SERVER_PORT"));
			}
			assertThat(exposed).as(app.module()).isEqualTo(listening);
		}
	}

	/**
	 * Runs the Dockerfile's health check with {@code sh} and a {@code curl} that only prints its
	 * URL, under every combination of the variables that move the applications' ports, against
	 * the port Spring Boot gives Actuator under the same variables.
	 */
	@Test
	void healthChecksAskActuatorOnThePortItListensOn(@TempDir Path bin) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell");
		assertThat(DOCKERFILE).contains("ENV HEALTH_PORT=\"${HEALTH_PORT}\" HEALTH_PORT_VARIABLES=\"${HEALTH_PORT_VARIABLES}\"");
		List<String> healthChecks = DOCKERFILE.stream().filter((line) -> line.startsWith("HEALTHCHECK ")).toList();
		assertThat(healthChecks).as("HEALTHCHECK instructions").hasSize(1);
		String healthCheck = healthChecks.get(0);
		String command = healthCheck.substring(healthCheck.indexOf(" CMD ") + 5);
		Path curl = bin.resolve("curl");
		Files.writeString(curl, "#!/bin/sh\nfor argument; do url=$argument; done\necho \"$url\"\n");
		Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
		List<String> variables = List.of("MANAGEMENT_SERVER_PORT", "MANAGEMENT_PORT", "SERVER_PORT", "PORT");
		for (App app : APPS) {
			Map<String, String> args = buildArgs(app);
			for (int set = 0; set < (1 << variables.size()); set++) {
				Map<String, String> env = new LinkedHashMap<>();
				for (int i = 0; i < variables.size(); i++) {
					if ((set & (1 << i)) != 0) {
						env.put(variables.get(i), String.valueOf(9001 + i));
					}
				}
				Map<String, String> container = new HashMap<>(env);
				container.put("HEALTH_PORT", args.get("HEALTH_PORT"));
				container.put("HEALTH_PORT_VARIABLES", args.getOrDefault("HEALTH_PORT_VARIABLES", ""));
				// an empty variable is no setting
				variables.stream().filter((variable) -> !env.containsKey(variable)).findFirst()
					.ifPresent((variable) -> container.put(variable, ""));
				String output = run(command, container, bin);
				Matcher url = HEALTH_URL.matcher(output);
				assertThat(url.find()).as("%s checks http://127.0.0.1:<port>/actuator/health: %s", app.module(), output)
					.isTrue();
				assertThat(Integer.parseInt(url.group(1))).as("%s health check port with %s", app.module(), env)
					.isEqualTo(actuatorPort(app, env));
			}
		}
	}

	@Test
	void theOperationsDocGivesTheBuildArgumentsOfTheComposeFile() {
		// | `JAR` | meaning | registry server | gateway | greeting | frontend |
		Map<String, List<String>> rows = new HashMap<>();
		for (String line : read(ROOT.resolve("docs/operations.md")).split("\\R")) {
			Matcher row = Pattern.compile("^\\| `([A-Z_]+)` \\|[^|]*\\|(.*)\\|$").matcher(line);
			if (row.matches()) {
				rows.put(row.group(1), Arrays.stream(row.group(2).split("\\|"))
					.map((cell) -> cell.strip().replace("`", ""))
					.toList());
			}
		}
		for (int i = 0; i < APPS.size(); i++) {
			App app = APPS.get(i);
			Map<String, String> args = buildArgs(app);
			for (String arg : List.of("JAR", "PORTS", "HEALTH_PORT", "HEALTH_PORT_VARIABLES")) {
				assertThat(rows).as("docs/operations.md has a row for %s", arg).containsKey(arg);
				assertThat(rows.get(arg).get(i)).as("%s of %s in docs/operations.md", arg, app.module())
					.isEqualTo(args.getOrDefault(arg, ""));
			}
		}
	}

	@Test
	void publishedPortsAreThePortsTheApplicationsListenOn() {
		Set<Integer> published = new HashSet<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			for (Object mapping : list(service.get("ports"))) {
				String[] parts = interpolate(String.valueOf(mapping), Map.of()).replace("/tcp", "").split(":");
				int container = Integer.parseInt(parts[parts.length - 1]);
				int host = Integer.parseInt(parts[parts.length - 2]);
				assertThat(host).as("service %s publishes a port as itself, like demo.sh", name).isEqualTo(container);
				published.add(container);
				if (app != null) {
					Map<String, String> env = environment(service);
					Set<Integer> listening = new HashSet<>(Set.of(port(app.serverPort(), env, "SERVER_PORT")));
					if (app.managementPort() != null) {
						listening.add(port(app.managementPort(), env, "MANAGEMENT_SERVER_PORT"));
					}
					assertThat(listening).as("ports %s listens on", name).contains(container);
				}
			}
		});
		// the README's curl lines: gateway, its actuator, one registry server
		assertThat(published).contains(8080, 8081, 8700);
	}

	@Test
	void portsArePublishedOnTheLoopbackUnlessTheUserOptsIn() {
		Map<Integer, String> byDefault = new HashMap<>();
		Map<Integer, String> optedIn = new HashMap<>();
		this.services.forEach((name, service) -> {
			for (Object mapping : list(service.get("ports"))) {
				String[] parts = interpolate(String.valueOf(mapping), Map.of()).split(":");
				assertThat(parts).as("service %s names the address it publishes %s on", name, mapping).hasSize(3);
				byDefault.put(Integer.valueOf(parts[1]), parts[0]);
				String[] opted = interpolate(String.valueOf(mapping), Map.of(BIND_VARIABLE, "0.0.0.0")).split(":");
				optedIn.put(Integer.valueOf(opted[1]), opted[0]);
			}
		});
		assertThat(byDefault.values()).as("addresses published on by default").containsOnly("127.0.0.1");
		// with BEACON_BIND, the gateway and the registry; the gateway's actuator never
		assertThat(optedIn).containsEntry(8080, "0.0.0.0").containsEntry(8700, "0.0.0.0").containsEntry(8081, "127.0.0.1");
	}

	@Test
	void clientsFindEveryRegistryServerByServiceNameAndPort() {
		Set<String> registries = new HashSet<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app != null && app.module().equals("registry-server")) {
				registries.add(name + ":" + port(app.serverPort(), environment(service), "SERVER_PORT"));
			}
		});
		assertThat(registries).hasSizeGreaterThanOrEqualTo(2);
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app == null || app.module().equals("registry-server")) {
				return;
			}
			String urls = environment(service).get("BEACON_REGISTRY_URL");
			assertThat(urls).as("BEACON_REGISTRY_URL of %s", name).isNotNull();
			assertThat(app.applicationYml()).as("%s reads BEACON_REGISTRY_URL", app.module())
				.contains("${BEACON_REGISTRY_URL:");
			Set<String> targets = Arrays.stream(urls.split(","))
				.map((url) -> URI.create(url.trim()))
				.map((uri) -> uri.getHost() + ":" + uri.getPort())
				.collect(Collectors.toSet());
			assertThat(targets).as("registry servers %s uses", name).isEqualTo(registries);
		});
	}

	@Test
	void registryServersUseTheRedisService() {
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app != null && app.module().equals("registry-server")) {
				Map<String, String> env = environment(service);
				Map<String, Object> redis = this.services.get(env.get("SPRING_DATA_REDIS_HOST"));
				assertThat(redis).as("the Redis service of %s", name).isNotNull();
				assertThat(interpolate(String.valueOf(redis.get("image")), Map.of())).startsWith("redis:");
				assertThat(env).containsEntry("SPRING_DATA_REDIS_PORT", "6379");
			}
		});
	}

	/**
	 * The operator's token comes from the environment; each application has a token of its own
	 * made from it, which the registry lets write only the application's own service (the
	 * gateway's only reads), and no image holds one.
	 */
	@Test
	void everyApplicationHasATokenOfItsOwnScopedByTheRegistryAndNoImageHoldsOne() {
		Map<String, String> user = Map.of("BEACON_TOKEN", "s3cret");
		Map<String, Map<String, String>> registryTokens = new LinkedHashMap<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app != null && app.module().equals("registry-server")) {
				Map<String, String> env = environment(service);
				for (int i = 0; env.containsKey("BEACON_REGISTRY_SECURITY_TOKENS_" + i + "_VALUE"); i++) {
					String prefix = "BEACON_REGISTRY_SECURITY_TOKENS_" + i + "_";
					Map<String, String> token = new LinkedHashMap<>();
					env.forEach((key, value) -> {
						if (key.startsWith(prefix)) {
							token.put(key.substring(prefix.length()), value);
						}
					});
					assertThat(token.get("VALUE")).as("token %d of %s", i, name).contains("${BEACON_TOKEN");
					registryTokens.put(interpolate(token.get("VALUE"), user), token);
				}
				assertThat(env.get("BEACON_REGISTRY_SECURITY_TOKENS_0_VALUE")).as("the operator's token of %s", name)
					.startsWith(REQUIRED_TOKEN);
				assertThat(registryTokens.get("s3cret")).as("the operator's token of %s", name)
					.containsEntry("ROLES", "read,write")
					.doesNotContainKey("SERVICES");
			}
		});
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app == null || app.module().equals("registry-server")) {
				return;
			}
			String token = environment(service).get("BEACON_TOKEN");
			assertThat(app.applicationYml()).as("%s reads BEACON_TOKEN", app.module()).contains("${BEACON_TOKEN:");
			assertThat(token).as("token of %s", name).startsWith(REQUIRED_TOKEN);
			assertThatIllegalStateException().as("%s without BEACON_TOKEN", name)
				.isThrownBy(() -> interpolate(token, Map.of()))
				.withMessageContaining("BEACON_TOKEN");
			Map<String, String> granted = registryTokens.get(interpolate(token, user));
			assertThat(granted).as("the registry's entry for the token of %s", name).isNotNull();
			Map<String, Object> config = new Yaml().load(app.applicationYml());
			String application = String.valueOf(map(map(config.get("spring")).get("application")).get("name"));
			if (app.module().equals("gateway")) {
				assertThat(granted).as("the gateway's token").containsEntry("ROLES", "read");
			}
			else {
				assertThat(granted).as("the token of %s", name)
					.containsEntry("ROLES", "read,write")
					.containsEntry("SERVICES", application)
					.containsEntry("NAME", application);
			}
		});
		String compose = read(ROOT.resolve("docker-compose.yml"));
		assertThat(compose).as("no default token").doesNotContain("change-me").doesNotContain("${BEACON_TOKEN:-");
		assertThat(DOCKERFILE).filteredOn((line) -> !line.startsWith("#"))
			.noneMatch((line) -> line.contains("TOKEN") || line.contains("change-me"));
	}

	@Test
	void everyServiceIsRestartedAfterACrash() {
		// every service here is long-running: a container that exits has crashed or was killed
		this.services.forEach((name, service) -> assertThat(String.valueOf(service.get("restart")))
			.as("restart policy of %s", name)
			.matches("unless-stopped|always|on-failure(:\\d+)?"));
	}

	@Test
	void servicesWaitForTheHealthOfWhatTheyNeed() {
		Set<String> registries = new HashSet<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app != null && app.module().equals("registry-server")) {
				registries.add(name);
			}
		});
		this.services.forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			if (dependsOn == null) {
				return;
			}
			assertThat(dependsOn).as("depends_on of %s names conditions", name).isInstanceOf(Map.class);
			Map<String, Object> dependencies = dependencies(service);
			dependencies.forEach((dependency, condition) -> {
				Map<String, Object> other = Objects.requireNonNull(this.services.get(dependency), dependency);
				boolean buildsItsImage = ownBuild(service) == null && ownBuild(other) != null
						&& Objects.equals(service.get("image"), other.get("image"));
				if (buildsItsImage && "service_started".equals(map(condition).get("condition"))) {
					// only so that the image exists
					return;
				}
				assertThat(map(condition)).as("%s waits for %s", name, dependency)
					.containsEntry("condition", "service_healthy");
				assertThat(hasHealthCheck(other)).as("%s has a health check", dependency).isTrue();
			});
			App app = appOf(service);
			if (app != null && !app.module().equals("registry-server")) {
				assertThat(dependencies.keySet()).as("%s waits for the registry", name).containsAll(registries);
			}
		});
		this.services.forEach((name, service) -> assertThat(hasHealthCheck(service)).as(name).isTrue());
	}

	@Test
	void greetingRunsSeveralInstancesInTwoZones() {
		int instances = 0;
		Set<String> zones = new HashSet<>();
		for (Map<String, Object> service : this.services.values()) {
			App app = appOf(service);
			if (app != null && app.module().equals("demo-services/greeting")) {
				Object replicas = map(service.getOrDefault("deploy", Map.of())).getOrDefault("replicas", 1);
				instances += ((Number) replicas).intValue();
				zones.add(environment(service).get("BEACON_DISCOVERY_ZONE"));
			}
		}
		assertThat(instances).isGreaterThanOrEqualTo(3);
		assertThat(zones).doesNotContainNull().hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void everyEnvironmentVariableReachesItsApplication() {
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app == null) {
				return;
			}
			for (String variable : environment(service).keySet()) {
				boolean placeholder = app.applicationYml().contains("${" + variable + ":");
				boolean property = app.propertyPrefixes().stream().anyMatch(variable::startsWith);
				assertThat(placeholder || property)
					.as("%s of %s is neither read by %s/application.yml nor a %s property", variable, name,
							app.module(), app.propertyPrefixes())
					.isTrue();
			}
		});
	}

	/** The port Spring Boot serves Actuator on under these environment variables. */
	private static int actuatorPort(App app, Map<String, String> env) {
		if (env.containsKey("MANAGEMENT_SERVER_PORT")) {
			return Integer.parseInt(env.get("MANAGEMENT_SERVER_PORT"));
		}
		if (app.managementPort() != null) {
			return port(app.managementPort(), env, "MANAGEMENT_SERVER_PORT");
		}
		return port(app.serverPort(), env, "SERVER_PORT");
	}

	private static String run(String command, Map<String, String> env, Path bin) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", bin + ":/usr/bin:/bin");
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("health check with %s: %s", env, output).isZero();
		return output;
	}

	private boolean hasHealthCheck(@Nullable Map<String, Object> service) {
		if (service == null) {
			return false;
		}
		if (service.containsKey("healthcheck")) {
			return true;
		}
		return appOf(service) != null && DOCKERFILE.stream().anyMatch((line) -> line.startsWith("HEALTHCHECK "));
	}

	private @Nullable App appOf(Map<String, Object> service) {
		Map<String, Object> build = buildOf(service);
		if (build == null) {
			return null;
		}
		String context = context(build);
		return APPS.stream().filter((app) -> app.module().equals(context)).findFirst().orElse(null);
	}

	/** The build of the service's image: its own, or that of the service that builds the image. */
	private @Nullable Map<String, Object> buildOf(Map<String, Object> service) {
		Map<String, Object> own = ownBuild(service);
		if (own != null || service.get("image") == null) {
			return own;
		}
		return this.services.values()
			.stream()
			.filter((other) -> ownBuild(other) != null && service.get("image").equals(other.get("image")))
			.map(ComposeFileTests::ownBuild)
			.findFirst()
			.orElse(null);
	}

	private Map<String, String> buildArgs(App app) {
		Map<String, Object> build = this.services.values()
			.stream()
			.map(ComposeFileTests::ownBuild)
			.filter((candidate) -> candidate != null && context(candidate).equals(app.module()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no service builds " + app.module()));
		Map<String, String> args = new LinkedHashMap<>();
		map(build.getOrDefault("args", Map.of())).forEach((key, value) -> args.put(key, String.valueOf(value)));
		assertThat(args).as("build arguments of %s", app.module()).containsKeys("JAR", "PORTS", "HEALTH_PORT");
		return args;
	}

	private static @Nullable Map<String, Object> ownBuild(Map<String, Object> service) {
		Object build = service.get("build");
		if (build == null) {
			return null;
		}
		return (build instanceof Map<?, ?>) ? map(build) : Map.of("context", build);
	}

	private static String context(Map<String, Object> build) {
		return String.valueOf(build.get("context")).replaceFirst("^\\./", "").replaceFirst("/$", "");
	}

	private static Map<String, Object> dependencies(Map<String, Object> service) {
		return map(service.getOrDefault("depends_on", Map.of()));
	}

	/**
	 * The port an application listens on: {@code SERVER_PORT} (or the like) when the service sets
	 * it, else the configured value with its {@code ${NAME:default}} resolved from the service's
	 * environment.
	 */
	private static int port(Object configured, Map<String, String> env, String overridingVariable) {
		if (env.containsKey(overridingVariable)) {
			return Integer.parseInt(env.get(overridingVariable));
		}
		String value = String.valueOf(configured);
		Matcher placeholder = PLACEHOLDER.matcher(value);
		if (placeholder.matches()) {
			return Integer.parseInt(env.getOrDefault(placeholder.group(1), placeholder.group(2)));
		}
		return Integer.parseInt(value);
	}

	/** A value of the compose file as Compose reads it from the user's environment. */
	private static String interpolate(String value, Map<String, String> userEnvironment) {
		Matcher matcher = INTERPOLATION.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String set = userEnvironment.get(matcher.group(1));
			String replacement;
			if (set != null && !set.isEmpty()) {
				replacement = set;
			}
			else if (":?".equals(matcher.group(2))) {
				throw new IllegalStateException(matcher.group(1) + ": " + matcher.group(3));
			}
			else {
				replacement = Objects.requireNonNullElse(matcher.group(3), "");
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		return matcher.appendTail(result).toString();
	}

	private static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> env = new LinkedHashMap<>();
		map(service.getOrDefault("environment", Map.of())).forEach((key, value) -> env.put(key, String.valueOf(value)));
		return env;
	}

	private static Map<String, Map<String, Object>> services() {
		Map<String, Object> compose = new Yaml().load(read(ROOT.resolve("docker-compose.yml")));
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
		assertThat(services).containsKeys("redis", "gateway", "frontend");
		return services;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<?> list(@Nullable Object value) {
		return (value != null) ? (List<?>) value : List.of();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
			dir = dir.getParent();
		}
		return Objects.requireNonNull(dir, "no docker-compose.yml above the working directory");
	}

	/** Dockerfile lines with continuations joined and indentation removed. */
	private static List<String> logicalLines(String dockerfile) {
		return Arrays.stream(dockerfile.replaceAll("\\\\\\R\\s*", " ").split("\\R"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.toList();
	}

	/**
	 * An application: its module, the jar it packages, the ports its {@code application.yml} sets
	 * (as written, placeholders included), and the prefixes of the environment variables that bind
	 * to its own properties.
	 */
	private record App(String module, String finalName, Object serverPort, @Nullable Object managementPort,
			String applicationYml, List<String> propertyPrefixes) {

		static App of(String module, String... beaconPrefixes) {
			Path dir = ROOT.resolve(module);
			Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(read(dir.resolve("pom.xml")));
			assertThat(finalName.find()).as("%s/pom.xml names its jar", module).isTrue();
			String yml = read(dir.resolve("src/main/resources/application.yml"));
			Map<String, Object> config = new Yaml().load(yml);
			Object serverPort = map(config.get("server")).get("port");
			Object management = config.get("management");
			Object managementServer = (management != null) ? map(management).get("server") : null;
			Object managementPort = (managementServer != null) ? map(managementServer).get("port") : null;
			List<String> prefixes = new ArrayList<>(List.of("SPRING_", "SERVER_", "MANAGEMENT_"));
			prefixes.addAll(List.of(beaconPrefixes));
			return new App(module, finalName.group(1), Objects.requireNonNull(serverPort), managementPort, yml,
					prefixes);
		}

	}

}
