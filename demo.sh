#!/usr/bin/env bash
# One command for a local Beacon: builds what is missing, starts Redis and a registry server,
# prints what to try, and stops everything it started on Ctrl-C. Needs only a JDK 17.
set -euo pipefail
cd "$(dirname "$0")"

REGISTRY_PORT=${REGISTRY_PORT:-8700}
REDIS_PORT=${REDIS_PORT:-6399}
TOKEN=${BEACON_TOKEN:-demo-token}
STATE=.demo
mkdir -p "$STATE"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
	echo "The Beacon demo is already running (pid $(cat "$STATE/pid")): stop it with Ctrl-C in its terminal." >&2
	exit 1
fi
if port_busy "$REGISTRY_PORT"; then
	echo "Port $REGISTRY_PORT is taken by another program: stop it, or run REGISTRY_PORT=<free port> ./demo.sh" >&2
	exit 1
fi
echo $$ > "$STATE/pid"

pids=()
cleanup() {
	trap - INT TERM EXIT
	echo
	echo "Stopping the demo..."
	for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
	rm -f "$STATE/pid"
}
trap cleanup INT TERM EXIT

if [ ! -f registry-server/target/registry-server.jar ] || [ ! -f test-support/target/classpath.txt ]; then
	echo "Building (first run only)..."
	./mvnw -B -q -DskipTests -pl registry-server -am install
	./mvnw -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi

wait_for() { # url, name, log
	for _ in $(seq 1 120); do
		if curl -fs "$1" >/dev/null 2>&1; then return 0; fi
		sleep 0.5
	done
	echo "$2 did not come up; see $3" >&2
	exit 1
}

if [ -n "${REDIS_URL:-}" ]; then
	redis_host=$(echo "$REDIS_URL" | sed -E 's#^rediss?://([^@]*@)?([^:/]+).*#\2#')
	redis_port=$(echo "$REDIS_URL" | sed -nE 's#^rediss?://([^@]*@)?[^:/]+:([0-9]+).*#\2#p')
	redis_port=${redis_port:-6379}
	echo "Using Redis at $REDIS_URL"
else
	redis_host=127.0.0.1
	redis_port=$REDIS_PORT
	if port_busy "$redis_port"; then
		echo "Port $redis_port is taken: set REDIS_PORT=<free port>, or REDIS_URL to use a Redis you run" >&2
		exit 1
	fi
	if command -v redis-server >/dev/null 2>&1; then
		redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$STATE/redis.log" 2>&1 &
	else
		java -cp "test-support/target/classes:$(cat test-support/target/classpath.txt)" \
			dev.beacon.testsupport.RedisLauncher --port "$redis_port" > "$STATE/redis.log" 2>&1 &
	fi
	pids+=($!)
	for _ in $(seq 1 60); do port_busy "$redis_port" && break; sleep 0.5; done
	echo "Redis on 127.0.0.1:$redis_port"
fi

java -jar registry-server/target/registry-server.jar --server.port="$REGISTRY_PORT" \
	--spring.data.redis.host="$redis_host" --spring.data.redis.port="$redis_port" \
	--beacon.registry.security.tokens[0].value="$TOKEN" --beacon.registry.security.tokens[0].roles=read,write \
	> "$STATE/registry.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$REGISTRY_PORT/actuator/health" "The registry" "$STATE/registry.log"

cat <<INFO

Beacon is up (logs in $STATE/):
  registry API     http://127.0.0.1:$REGISTRY_PORT/v1/services   (token: $TOKEN)
  watch stream     http://127.0.0.1:$REGISTRY_PORT/v1/watch
  health, metrics  http://127.0.0.1:$REGISTRY_PORT/actuator/health   /actuator/prometheus

Try, in another terminal:
  T='Authorization: Bearer $TOKEN'
  curl -N http://127.0.0.1:$REGISTRY_PORT/v1/watch -H "\$T"
  curl -i -X PUT http://127.0.0.1:$REGISTRY_PORT/v1/services/orders/instances/orders-1 -H "\$T" -H 'Content-Type: application/json' -d '{"host":"127.0.0.1","port":9001,"zone":"a"}'
  curl -s http://127.0.0.1:$REGISTRY_PORT/v1/services -H "\$T"
  curl -i -X DELETE http://127.0.0.1:$REGISTRY_PORT/v1/services/orders/instances/orders-1 -H "\$T"

Ctrl-C stops everything.
INFO
wait
