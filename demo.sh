#!/usr/bin/env bash
# One command for a local Beacon platform: builds what is missing, starts Redis, a registry
# server, the gateway, three greeting instances in two zones and the frontend, prints what to
# try, and stops everything it started on Ctrl-C. Needs only a JDK 17 (and curl); never Docker.
# Written for bash 3.2 too (macOS): no associative arrays, no wait -n, no GNU-only flags.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd -P)

REDIS_PORT=${REDIS_PORT:-6399}
REGISTRY_PORT=${REGISTRY_PORT:-8700}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-8081}
GREETING_PORT_1=${GREETING_PORT_1:-8091}
GREETING_PORT_2=${GREETING_PORT_2:-8092}
GREETING_PORT_3=${GREETING_PORT_3:-8093}
FRONTEND_PORT=${FRONTEND_PORT:-8095}
TOKEN=${BEACON_TOKEN:-demo-token}
# quick start-up and a modest heap: six JVMs share one laptop
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xmx256m}
START_TIMEOUT=${START_TIMEOUT:-180}
STATE=.demo
mkdir -p "$STATE"

REGISTRY_JAR=registry-server/target/registry-server.jar
GATEWAY_JAR=gateway/target/gateway.jar
GREETING_JAR=demo-services/greeting/target/greeting.jar
FRONTEND_JAR=demo-services/frontend/target/frontend.jar
CLASSPATH_FILE=test-support/target/classpath.txt

for tool in java curl; do
	if ! command -v "$tool" > /dev/null 2>&1; then
		echo "The demo needs $tool on the PATH (a JDK 17, and curl)." >&2
		exit 1
	fi
done

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# alive PID: whether the process runs (an exited child not yet reaped does not count)
alive() {
	local stat
	stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case "$stat" in "" | Z*) return 1 ;; esac
}

# --- refuse a second run, and ports that other programs hold -----------------------------------

if [ -f "$STATE/pid" ]; then
	running=$(cat "$STATE/pid")
	if alive "$running" && ps -o command= -p "$running" 2>/dev/null | grep -q 'demo\.sh'; then
		echo "The Beacon demo is already running (pid $running), gateway on http://localhost:$(cat "$STATE/gateway-port" 2>/dev/null || echo "$GATEWAY_PORT")." >&2
		echo "Use that one, or stop it first: Ctrl-C in its terminal, or kill $running" >&2
		exit 1
	fi
fi

ports="REGISTRY_PORT GATEWAY_PORT GATEWAY_MANAGEMENT_PORT GREETING_PORT_1 GREETING_PORT_2 GREETING_PORT_3 FRONTEND_PORT"
[ -z "${REDIS_URL:-}" ] && ports="REDIS_PORT $ports"
seen=" "
for var in $ports; do
	port=$(eval "echo \$$var")
	case "$port" in '' | *[!0-9]*)
		echo "$var must be a port number, not '$port'" >&2
		exit 1 ;;
	esac
	case "$seen" in *" $port "*)
		echo "$var=$port: that port is already given to another part of the demo; choose distinct ports" >&2
		exit 1 ;;
	esac
	seen="$seen$port "
	if port_busy "$port"; then
		echo "Port $port ($var) is taken by another program: stop it, or run $var=<free port> ./demo.sh" >&2
		if [ -s "$STATE/pids" ]; then
			echo "(A demo that was killed without Ctrl-C may have left its processes: see $STATE/pids)" >&2
		fi
		exit 1
	fi
done
echo $$ > "$STATE/pid"
echo "$GATEWAY_PORT" > "$STATE/gateway-port"
: > "$STATE/pids"

# --- start and stop ----------------------------------------------------------------------------

names=()
pids=()

# start NAME COMMAND...: run COMMAND in the background, its output in .demo/NAME.log, in a
# process group of its own (set -m), so that Ctrl-C reaches only this script, which then stops
# the applications before the registry and Redis last (redis-server would quit on SIGINT at once)
start() {
	local name=$1
	shift
	set -m
	"$@" < /dev/null > "$STATE/$name.log" 2>&1 &
	set +m
	names+=("$name")
	pids+=("$!")
	echo "$name $!" >> "$STATE/pids"
}

# stop_pids PID...: SIGTERM (graceful: deregister, drain, finish requests), SIGKILL after 40 s
stop_pids() {
	local pid waited
	for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
	for pid in "$@"; do
		waited=0
		while alive "$pid"; do
			if [ "$waited" -ge 80 ]; then
				echo "pid $pid did not stop in 40 s: killing it" >&2
				kill -9 "$pid" 2>/dev/null || true
				break
			fi
			sleep 0.5
			waited=$((waited + 1))
		done
		wait "$pid" 2>/dev/null || true
	done
}

pid_of() { # NAME: the pid of a started process
	local i
	for i in "${!names[@]}"; do
		if [ "${names[$i]}" = "$1" ]; then echo "${pids[$i]}"; return 0; fi
	done
	return 1
}

cleanup() {
	trap - INT TERM HUP EXIT
	if [ "${#pids[@]}" -gt 0 ]; then
		echo
		echo "Stopping the demo..."
		# applications first, so they deregister while the registry still runs; Redis last
		local apps=() i
		for i in "${!names[@]}"; do
			case "${names[$i]}" in redis | registry) ;; *) apps+=("${pids[$i]}") ;; esac
		done
		[ "${#apps[@]}" -gt 0 ] && stop_pids "${apps[@]}"
		pid=$(pid_of registry) && stop_pids "$pid"
		pid=$(pid_of redis) && stop_pids "$pid"
		echo "Stopped."
	fi
	rm -f "$STATE/pid" "$STATE/pids" "$STATE/gateway-port"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP
trap cleanup EXIT

# await NAME URL: wait until URL answers 2xx, or fail showing the end of NAME's log
await() {
	local name=$1 url=$2 pid waited=0
	pid=$(pid_of "$name")
	until curl -fs --max-time 2 -o /dev/null "$url"; do
		if ! alive "$pid"; then
			echo "$name exited while starting; the end of $STATE/$name.log:" >&2
			tail -n 30 "$STATE/$name.log" >&2
			exit 1
		fi
		if [ "$waited" -ge $((START_TIMEOUT * 2)) ]; then
			echo "$name did not answer $url within $START_TIMEOUT s; see $STATE/$name.log" >&2
			exit 1
		fi
		sleep 0.5
		waited=$((waited + 1))
	done
}

# --- build what is missing ---------------------------------------------------------------------

# stale FILE: whether a main source or a pom changed after FILE was built
stale() {
	local newer
	newer=$(find registry-server discovery-starter gateway demo-services test-support pom.xml \
		-name target -prune -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$1" -print \
		2>/dev/null | head -n 1) || true
	[ -n "$newer" ]
}

build=
for jar in "$REGISTRY_JAR" "$GATEWAY_JAR" "$GREETING_JAR" "$FRONTEND_JAR" "$CLASSPATH_FILE"; do
	if [ ! -f "$jar" ]; then
		build="Building (first run only; a few minutes while Maven downloads)..."
		break
	fi
	if stale "$jar"; then build="Building (sources changed since the last build)..."; fi
done
if [ -n "$build" ]; then
	echo "$build"
	./mvnw -B -q -DskipTests install -pl registry-server,gateway,demo-services/greeting,demo-services/frontend -am
	./mvnw -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	# Maven leaves an unchanged output as it was; mark all of them as built now
	touch "$REGISTRY_JAR" "$GATEWAY_JAR" "$GREETING_JAR" "$FRONTEND_JAR" "$CLASSPATH_FILE"
fi

# --- Redis -------------------------------------------------------------------------------------

if [ -n "${REDIS_URL:-}" ]; then
	redis_host=$(echo "$REDIS_URL" | sed -E 's#^rediss?://([^@]*@)?([^:/]+).*#\2#')
	redis_port=$(echo "$REDIS_URL" | sed -nE 's#^rediss?://([^@]*@)?[^:/]+:([0-9]+).*#\2#p')
	redis_port=${redis_port:-6379}
	echo "Using Redis at $REDIS_URL"
else
	redis_host=127.0.0.1
	redis_port=$REDIS_PORT
	if command -v redis-server >/dev/null 2>&1; then
		start redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no
	else
		start redis java -cp "$ROOT/test-support/target/classes:$(cat "$CLASSPATH_FILE")" \
			dev.beacon.testsupport.RedisLauncher --port "$redis_port"
	fi
	waited=0
	until port_busy "$redis_port"; do
		if ! alive "$(pid_of redis)" || [ "$waited" -ge 60 ]; then
			echo "Redis did not start; the end of $STATE/redis.log:" >&2
			tail -n 30 "$STATE/redis.log" >&2
			exit 1
		fi
		sleep 0.5
		waited=$((waited + 1))
	done
	echo "Redis      127.0.0.1:$redis_port"
fi

# --- registry, then the applications in parallel -----------------------------------------------

# Everything listens on the loopback interface only, and reads the token from its environment
# (not the command line, where ps would show it).
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
# One token per application, each writing only its own service, a read-only one for the gateway,
# and the operator's, which may do everything (docs/operations.md#security).
start registry env \
	BEACON_REGISTRY_SECURITY_TOKENS_0_NAME=operator BEACON_REGISTRY_SECURITY_TOKENS_0_VALUE="$TOKEN" \
	BEACON_REGISTRY_SECURITY_TOKENS_0_ROLES=read,write \
	BEACON_REGISTRY_SECURITY_TOKENS_1_NAME=gateway BEACON_REGISTRY_SECURITY_TOKENS_1_VALUE="$TOKEN-gateway" \
	BEACON_REGISTRY_SECURITY_TOKENS_1_ROLES=read \
	BEACON_REGISTRY_SECURITY_TOKENS_2_NAME=greeting BEACON_REGISTRY_SECURITY_TOKENS_2_VALUE="$TOKEN-greeting" \
	BEACON_REGISTRY_SECURITY_TOKENS_2_ROLES=read,write BEACON_REGISTRY_SECURITY_TOKENS_2_SERVICES=greeting \
	BEACON_REGISTRY_SECURITY_TOKENS_3_NAME=frontend BEACON_REGISTRY_SECURITY_TOKENS_3_VALUE="$TOKEN-frontend" \
	BEACON_REGISTRY_SECURITY_TOKENS_3_ROLES=read,write BEACON_REGISTRY_SECURITY_TOKENS_3_SERVICES=frontend \
	java $JAVA_OPTS -jar "$ROOT/$REGISTRY_JAR" --server.port="$REGISTRY_PORT" --server.address=127.0.0.1 \
	--spring.data.redis.host="$redis_host" --spring.data.redis.port="$redis_port"
await registry "http://127.0.0.1:$REGISTRY_PORT/actuator/health"
echo "registry   http://127.0.0.1:$REGISTRY_PORT"

client_env="BEACON_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT"
client_args="--server.address=127.0.0.1 --beacon.discovery.host=127.0.0.1 --beacon.discovery.metadata.gateway=public"
# shellcheck disable=SC2086 # the variables above hold several words
# the gateway routes only services whose instances say gateway=public (docs/gateway.md)
start gateway env $client_env BEACON_TOKEN="$TOKEN-gateway" MANAGEMENT_PORT="$GATEWAY_MANAGEMENT_PORT" \
	BEACON_GATEWAY_EXPOSURE_METADATA_GATEWAY=public \
	java $JAVA_OPTS -jar "$ROOT/$GATEWAY_JAR" --server.port="$GATEWAY_PORT" $client_args \
	--management.server.address=127.0.0.1
# shellcheck disable=SC2086
start greeting-1 env $client_env BEACON_TOKEN="$TOKEN-greeting" java $JAVA_OPTS -jar "$ROOT/$GREETING_JAR" --server.port="$GREETING_PORT_1" \
	$client_args --beacon.discovery.zone=a
# shellcheck disable=SC2086
start greeting-2 env $client_env BEACON_TOKEN="$TOKEN-greeting" java $JAVA_OPTS -jar "$ROOT/$GREETING_JAR" --server.port="$GREETING_PORT_2" \
	$client_args --beacon.discovery.zone=a
# shellcheck disable=SC2086
start greeting-3 env $client_env BEACON_TOKEN="$TOKEN-greeting" java $JAVA_OPTS -jar "$ROOT/$GREETING_JAR" --server.port="$GREETING_PORT_3" \
	$client_args --beacon.discovery.zone=b
# shellcheck disable=SC2086
start frontend env $client_env BEACON_TOKEN="$TOKEN-frontend" java $JAVA_OPTS -jar "$ROOT/$FRONTEND_JAR" --server.port="$FRONTEND_PORT" $client_args

echo "Starting the gateway, three greeting instances and the frontend..."
await gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/health"
await greeting-1 "http://127.0.0.1:$GREETING_PORT_1/actuator/health"
await greeting-2 "http://127.0.0.1:$GREETING_PORT_2/actuator/health"
await greeting-3 "http://127.0.0.1:$GREETING_PORT_3/actuator/health"
await frontend "http://127.0.0.1:$FRONTEND_PORT/actuator/health"

# ready once the registry has all of them UP and the gateway routes to both services
greetings_up() {
	local n
	n=$( (curl -fs --max-time 2 "http://127.0.0.1:$REGISTRY_PORT/v1/services/greeting?status=UP" \
		-H "Authorization: Bearer $TOKEN" || true) | (grep -o '"status":"UP"' || true) | wc -l)
	echo $((n))
}
waited=0
until [ "$(greetings_up)" -eq 3 ]; do
	[ "$waited" -ge 60 ] && { echo "The registry never listed 3 greeting instances UP; see $STATE/" >&2; exit 1; }
	sleep 0.5
	waited=$((waited + 1))
done
await gateway "http://127.0.0.1:$GATEWAY_PORT/greeting/hello"
await gateway "http://127.0.0.1:$GATEWAY_PORT/frontend/greet"

cat <<INFO

Beacon is up (logs in $STATE/):
  gateway            http://localhost:$GATEWAY_PORT/{service}/...   (routes by discovery)
  gateway actuator   http://localhost:$GATEWAY_MANAGEMENT_PORT/actuator/health   /actuator/gateway/routes   /actuator/prometheus
  registry API       http://localhost:$REGISTRY_PORT/v1/services   (operator token: $TOKEN; each application has its own)
  watch stream       http://localhost:$REGISTRY_PORT/v1/watch
  dashboard          http://localhost:$REGISTRY_PORT/ui/   (sign in with the operator token)
  greeting           zone a: localhost:$GREETING_PORT_1 (pid $(pid_of greeting-1)), localhost:$GREETING_PORT_2 (pid $(pid_of greeting-2)); zone b: localhost:$GREETING_PORT_3 (pid $(pid_of greeting-3))
  frontend           localhost:$FRONTEND_PORT, calls greeting with @LoadBalanced RestClient and WebClient

Try, in another terminal:
  curl -s localhost:$GATEWAY_PORT/greeting/hello            # again and again: instance and zone change
  curl -s localhost:$GATEWAY_PORT/frontend/greet            # gateway -> frontend -> greeting (RestClient)
  curl -s localhost:$GATEWAY_PORT/frontend/greet/reactive   # the same through WebClient
  curl -s localhost:$GATEWAY_MANAGEMENT_PORT/actuator/gateway/routes
  T='Authorization: Bearer $TOKEN'
  curl -s localhost:$REGISTRY_PORT/v1/services -H "\$T"
  curl -s 'localhost:$REGISTRY_PORT/v1/services/greeting?status=UP' -H "\$T"
  # the change stream: leave it open, and stop a greeting instance from another terminal
  curl -N localhost:$REGISTRY_PORT/v1/watch -H "\$T"
  kill $(pid_of greeting-2)   # greeting on $GREETING_PORT_2: it deregisters first, so no request fails

Ctrl-C stops everything.
INFO

# keep running; say so once when a process ends (killing a greeting instance is part of the demo)
reported=" "
while true; do
	for i in "${!names[@]}"; do
		case "$reported" in *" ${names[$i]} "*) continue ;; esac
		if ! alive "${pids[$i]}"; then
			echo "${names[$i]} (pid ${pids[$i]}) has stopped; the rest keep running. Its log: $STATE/${names[$i]}.log"
			reported="$reported${names[$i]} "
		fi
	done
	sleep 1
done
