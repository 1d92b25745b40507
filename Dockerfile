# The image of every Beacon application: the registry server, the gateway and the demo services.
# The build context is the application's module, whose .dockerignore lets only its jar through;
# the build arguments say what differs between the applications:
#
#   JAR                    the Boot jar, relative to the module: target/gateway.jar
#   PORTS                  the ports the application listens on, for EXPOSE: "8080 8081"
#   HEALTH_PORT            where /actuator/health answers when no variable moves it: 8081
#   HEALTH_PORT_VARIABLES  the application's environment variables that move that port, first set
#                          wins: MANAGEMENT_PORT (MANAGEMENT_SERVER_PORT, Spring Boot's own, always
#                          comes first)
#   JRE_IMAGE              the base image, eclipse-temurin:17-jre unless set: a copy of it in a
#                          registry of your own where Docker Hub is out of reach. It must have java
#                          and sh on the PATH, groupadd and useradd, and curl or apt-get to install it
#
# docker-compose.yml gives each application's values. By hand, the gateway for example:
#
#   ./mvnw -B -DskipTests package
#   docker build -f Dockerfile -t beacon-gateway --build-arg JAR=target/gateway.jar \
#     --build-arg PORTS="8080 8081" --build-arg HEALTH_PORT=8081 \
#     --build-arg HEALTH_PORT_VARIABLES=MANAGEMENT_PORT gateway
#
# The image holds no token or other secret: give them through the environment when it runs (see
# docs/operations.md#containers).

ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE} AS layers
ARG JAR
ARG PORTS
ARG HEALTH_PORT
RUN test -n "$JAR" && test -n "$PORTS" && test -n "$HEALTH_PORT" \
	|| (echo "build arguments JAR, PORTS and HEALTH_PORT are required: see the top of the Dockerfile" >&2; exit 1)
WORKDIR /layers
COPY ${JAR} app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
# curl serves the health check: eclipse-temurin's Ubuntu images ship it; installed only if missing
RUN command -v curl > /dev/null \
	|| (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*)
RUN groupadd --gid 10001 beacon \
	&& useradd --uid 10001 --gid beacon --no-create-home --shell /usr/sbin/nologin beacon
WORKDIR /app
# least to most often changed, so that a code change rebuilds only the last layer
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# declared only here, so that the layers above are the same for every application
ARG PORTS
ARG HEALTH_PORT
ARG HEALTH_PORT_VARIABLES
# kept in the image for the health check, which runs in the container
ENV HEALTH_PORT="${HEALTH_PORT}" HEALTH_PORT_VARIABLES="${HEALTH_PORT_VARIABLES}"
USER 10001
EXPOSE ${PORTS}
# the port of the first of MANAGEMENT_SERVER_PORT and HEALTH_PORT_VARIABLES that is set, else HEALTH_PORT
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
	CMD port="$HEALTH_PORT"; \
		for name in MANAGEMENT_SERVER_PORT $HEALTH_PORT_VARIABLES; do \
			value="$(printenv "$name")" && [ -n "$value" ] && port="$value" && break; \
		done; \
		curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health" || exit 1
# exec form: java is PID 1 and gets docker stop's SIGTERM, for a graceful shutdown. The heap takes
# 75 % of the container's memory limit: give it one (docker-compose.yml does). More JVM options:
# JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
