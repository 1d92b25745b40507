package dev.beacon.demo.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} against the applications it runs, without a Docker engine: every
 * application is built from its own module's jar, every port and URL is one the applications
 * really listen on, every dependency waits for health, and the token comes from the environment.
 */
class ComposeFileTests {

	private static final Path ROOT = repositoryRoot();

	private static final List<App> APPS = List.of(App.of("registry-server", "BEACON_REGISTRY_"),
			App.of("gateway", "BEACON_DISCOVERY_", "BEACON_GATEWAY_"),
			App.of("demo-services/greeting", "BEACON_DISCOVERY_"),
			App.of("demo-services/frontend", "BEACON_DISCOVERY_"));

	private static final String TOKEN = "${BEACON_TOKEN:-change-me}";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}");

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void everyApplicationIsBuiltFromItsModuleByAService() {
		Set<String> contexts = new HashSet<>();
		this.services.forEach((name, service) -> {
			String context = buildContext(service);
			if (context != null) {
				assertThat(ROOT.resolve(context).resolve("Dockerfile")).as("Dockerfile of service %s", name)
					.isRegularFile();
				contexts.add(context);
			}
		});
		assertThat(contexts).containsExactlyInAnyOrderElementsOf(APPS.stream().map(App::module).toList());
	}

	@Test
	void imagesPackageTheJarTheirModuleBuildsAndRunAsNonRoot() {
		for (App app : APPS) {
			String jar = "target/" + app.finalName() + ".jar";
			assertThat(app.dockerfile()).as(app.module()).anyMatch((line) -> line.startsWith("COPY " + jar + " "));
			assertThat(read(ROOT.resolve(app.module()).resolve(".dockerignore"))).as(app.module())
				.contains("!" + jar);
			assertThat(app.dockerfile()).as(app.module())
				.filteredOn((line) -> line.startsWith("USER "))
				.singleElement()
				.satisfies((line) -> assertThat(line.substring(5).trim()).isNotIn("root", "0"));
		}
	}

	@Test
	void imagesExposeAndHealthCheckThePortsTheApplicationsListenOn() {
		for (App app : APPS) {
			Set<Integer> exposed = app.dockerfile()
				.stream()
				.filter((line) -> line.startsWith("EXPOSE "))
				.flatMap((line) -> Arrays.stream(line.substring(7).trim().split("\\s+")))
				.map(Integer::valueOf)
				.collect(Collectors.toSet());
			assertThat(exposed).as(app.module()).contains(port(app.serverPort(), Map.of(), "SERVER_PORT"));
			if (app.managementPort() != null) {
				assertThat(exposed).as(app.module())
					.contains(port(app.managementPort(), Map.of(), "MANAGEMENT_SERVER_PORT"));
			}
			String healthCheck = app.dockerfile()
				.stream()
				.filter((line) -> line.startsWith("HEALTHCHECK "))
				.findFirst()
				.orElseThrow(() -> new AssertionError(app.module() + "/Dockerfile has no HEALTHCHECK"));
			Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\S+?)/actuator/health").matcher(healthCheck);
			assertThat(url.find()).as("%s checks /actuator/health: %s", app.module(), healthCheck).isTrue();
			String portExpression = url.group(1);
			Object healthPort = (app.managementPort() != null) ? app.managementPort() : app.serverPort();
			Matcher lastDefault = Pattern.compile("(\\d+)}*$").matcher(portExpression);
			assertThat(lastDefault.find()).isTrue();
			assertThat(Integer.parseInt(lastDefault.group(1))).as("%s health check port", app.module())
				.isEqualTo(port(healthPort, Map.of(), "-"));
			// the health check follows the variables that move the port
			Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(healthPort));
			if (placeholder.matches()) {
				assertThat(portExpression).as(app.module()).contains("${" + placeholder.group(1) + ":-");
			}
		}
	}

	@Test
	void publishedPortsAreThePortsTheApplicationsListenOn() {
		Set<Integer> published = new HashSet<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			for (Object mapping : list(service.get("ports"))) {
				String[] parts = String.valueOf(mapping).replace("/tcp", "").split(":");
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
	void clientsFindEveryRegistryServerByServiceNameAndPort() {
		Set<String> registries = new HashSet<>();
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app != null && app.module().equals("registry-server")) {
				registries.add(name + ":" + port(app.serverPort(), environment(service), "SERVER_PORT"));
			}
		});
		assertThat(registries).hasSizeGreaterThanOrEqualTo(1);
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
				assertThat(String.valueOf(redis.get("image"))).startsWith("redis:");
				assertThat(env).containsEntry("SPRING_DATA_REDIS_PORT", "6379");
			}
		});
	}

	@Test
	void theTokenComesFromTheEnvironmentAndNoImageHoldsOne() {
		this.services.forEach((name, service) -> {
			App app = appOf(service);
			if (app == null) {
				return;
			}
			Map<String, String> env = environment(service);
			if (app.module().equals("registry-server")) {
				assertThat(env).as(name)
					.containsEntry("BEACON_REGISTRY_SECURITY_TOKENS_0_VALUE", TOKEN)
					.containsEntry("BEACON_REGISTRY_SECURITY_TOKENS_0_ROLES", "read,write");
			}
			else {
				assertThat(env).as(name).containsEntry("BEACON_TOKEN", TOKEN);
				assertThat(app.applicationYml()).as("%s reads BEACON_TOKEN", app.module()).contains("${BEACON_TOKEN:");
			}
		});
		for (App app : APPS) {
			assertThat(app.dockerfile()).as(app.module())
				.filteredOn((line) -> !line.startsWith("#"))
				.noneMatch((line) -> line.contains("TOKEN") || line.contains("change-me"));
		}
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
			Map<String, Object> dependencies = map(dependsOn);
			dependencies.forEach((dependency, condition) -> {
				assertThat(map(condition)).as("%s waits for %s", name, dependency)
					.containsEntry("condition", "service_healthy");
				assertThat(hasHealthCheck(this.services.get(dependency))).as("%s has a health check", dependency)
					.isTrue();
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

	private boolean hasHealthCheck(@Nullable Map<String, Object> service) {
		if (service == null) {
			return false;
		}
		if (service.containsKey("healthcheck")) {
			return true;
		}
		App app = appOf(service);
		return app != null && app.dockerfile().stream().anyMatch((line) -> line.startsWith("HEALTHCHECK "));
	}

	private static @Nullable App appOf(Map<String, Object> service) {
		String context = buildContext(service);
		return APPS.stream().filter((app) -> app.module().equals(context)).findFirst().orElse(null);
	}

	private static @Nullable String buildContext(Map<String, Object> service) {
		Object build = service.get("build");
		if (build == null) {
			return null;
		}
		String context = (build instanceof Map<?, ?> map) ? String.valueOf(map.get("context")) : build.toString();
		return context.replaceFirst("^\\./", "").replaceFirst("/$", "");
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

	/**
	 * An application with a Dockerfile: its module, the jar it packages, the ports its
	 * {@code application.yml} sets (as written, placeholders included), and the prefixes of the
	 * environment variables that bind to its own properties.
	 */
	private record App(String module, String finalName, Object serverPort, @Nullable Object managementPort,
			String applicationYml, List<String> dockerfile, List<String> propertyPrefixes) {

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
					logicalLines(read(dir.resolve("Dockerfile"))), prefixes);
		}

		/** Dockerfile lines with continuations joined and indentation removed. */
		private static List<String> logicalLines(String dockerfile) {
			return Arrays.stream(dockerfile.replaceAll("\\\\\\R\\s*", " ").split("\\R"))
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.toList();
		}

	}

}
