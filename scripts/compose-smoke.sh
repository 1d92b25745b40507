#!/usr/bin/env bash
# Smoke test of docker-compose.yml, as an operator would try it: builds the jars if missing, brings
# the stack up under a project of its own, waits until the gateway routes, runs the README's curl
# lines, then, while requests stream through the gateway, stops a greeting container, kills
# another, stops a registry server and restarts Redis, and counts the failed requests after each
# (expected: none); checks that the gateway follows the other registry server, connected and not
# stale, and that the stopped one logged no warning; takes the stack down again, volumes and all.
#
# Needs a Docker engine that can pull the base images (eclipse-temurin, redis), or copies of them
# named by BEACON_JRE_IMAGE and BEACON_REDIS_IMAGE (docs/operations.md#containers; on a Debian host
# whose engine reaches no image registry, scripts/stand-in-base-images.sh builds such copies), and
# Compose, v2 (docker compose) or v1.29 (docker-compose). Not part of ./mvnw verify: CI has no
# engine. Ports 8080, 8081 and 8700 on 127.0.0.1 must be free.
#
# usage: scripts/compose-smoke.sh          BEACON_TOKEN is made up when not set
# exit: 0 all passed, 1 a check failed, 2 no engine or Compose to run it with
set -euo pipefail
cd "$(dirname "$0")/.."

project=beacon-smoke
load_seconds_before=5
load_seconds_after=15

if ! docker info >/dev/null 2>&1; then
	echo "[smoke] no Docker engine answers (docker info): not run" >&2
	exit 2
fi
if docker compose version >/dev/null 2>&1; then
	compose=(docker compose -p "$project")
elif command -v docker-compose >/dev/null 2>&1; then
	compose=(docker-compose -p "$project")
else
	echo "[smoke] neither 'docker compose' nor 'docker-compose' is installed: not run" >&2
	exit 2
fi
export BEACON_TOKEN=${BEACON_TOKEN:-smoke-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')}

failures=0
fail() {
	echo "[smoke] FAILED: $*" >&2
	failures=$((failures + 1))
}

work=$(mktemp -d)
down() {
	echo "[smoke] taking the stack down"
	"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap down EXIT

for jar in registry-server/target/registry-server.jar gateway/target/gateway.jar \
	demo-services/greeting/target/greeting.jar demo-services/frontend/target/frontend.jar; do
	if [ ! -f "$jar" ]; then
		echo "[smoke] $jar missing: ./mvnw -B -q -DskipTests package"
		./mvnw -B -q -DskipTests package
		break
	fi
done

echo "[smoke] building and starting the stack (${compose[*]})"
"${compose[@]}" up -d --build

# status code of a GET, 000 when nothing answered
status() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true
}

wait_for() {
	local what=$1 url=$2 deadline=$((SECONDS + 240))
	until [ "$(status "$url")" = 200 ]; do
		if [ $SECONDS -ge $deadline ]; then
			fail "$what did not answer 200 within 240 s ($url)"
			"${compose[@]}" ps >&2 || true
			exit 1
		fi
		sleep 2
	done
	echo "[smoke] $what answers"
}
wait_for "the registry" http://127.0.0.1:8700/actuator/health
wait_for "the gateway's routing to greeting" http://127.0.0.1:8080/greeting/hello
wait_for "the gateway's routing to frontend" http://127.0.0.1:8080/frontend/greet

auth=(-H "Authorization: Bearer $BEACON_TOKEN")
for line in "http://127.0.0.1:8080/greeting/hello" "http://127.0.0.1:8080/frontend/greet" \
	"http://127.0.0.1:8080/frontend/greet/reactive" "http://127.0.0.1:8081/actuator/gateway/routes"; do
	code=$(status "$line")
	[ "$code" = 200 ] && echo "[smoke] 200 $line" || fail "$line answered $code"
done
for line in "http://127.0.0.1:8700/v1/services" "http://127.0.0.1:8700/v1/services/greeting?status=UP"; do
	code=$(status "${auth[@]}" "$line")
	[ "$code" = 200 ] && echo "[smoke] 200 $line (with the token)" || fail "$line answered $code"
done
code=$(status http://127.0.0.1:8700/v1/services)
[ "$code" = 401 ] && echo "[smoke] 401 without the token, as it should" || fail "/v1/services without a token answered $code"
code=$(status http://127.0.0.1:8080/greeting/actuator/health)
[ "$code" = 404 ] && echo "[smoke] 404 for an instance's Actuator through the gateway" \
	|| fail "an instance's Actuator through the gateway answered $code"

# two callers stream requests through the gateway, each writing one status code per request,
# while a step of an operator's (or a crash) happens; none of their requests may fail
load() {
	local out=$1 stop=$2
	while [ ! -f "$stop" ]; do
		status http://127.0.0.1:8080/greeting/hello >>"$out"
		echo >>"$out"
	done
}
under_load() {
	local what=$1
	shift
	local run="$work/$(echo "$what" | tr -c 'a-z0-9' '-')"
	mkdir -p "$run"
	echo "[smoke] streaming requests through the gateway; after ${load_seconds_before} s: $what"
	load "$run/load-1" "$run/stop" &
	local loader_1=$!
	load "$run/load-2" "$run/stop" &
	local loader_2=$!
	sleep "$load_seconds_before"
	"$@" >/dev/null 2>&1 || fail "$what: '$*' failed"
	sleep "$load_seconds_after"
	touch "$run/stop"
	wait "$loader_1" "$loader_2"
	local total failed
	total=$(cat "$run"/load-* | grep -c . || true)
	failed=$(cat "$run"/load-* | grep -vc '^200$' || true)
	echo "[smoke] $failed of $total requests failed ($what)"
	[ "$total" -gt 0 ] || fail "no request was answered ($what)"
	[ "$failed" = 0 ] || fail "$failed requests failed ($what): $(cat "$run"/load-* | grep -v '^200$' | sort | uniq -c | tr '\n' ' ')"
}

# the gateway's view of discovery, from its health: "<registry> <watch> <stale>"
discovery_view() {
	curl -s --max-time 5 http://127.0.0.1:8081/actuator/health \
		| grep -o '"beaconDiscovery":{"details":{[^}]*}' \
		| sed -E 's/.*"registry":"([^"]*)".*"watch":"([^"]*)".*"stale":([a-z]*).*/\1 \2 \3/' || true
}

under_load "greeting-b stopped" "${compose[@]}" stop greeting-b

crashed=$("${compose[@]}" ps -q greeting-a | head -n 1)
under_load "a greeting-a container killed (SIGKILL)" docker kill --signal KILL "$crashed"

under_load "registry-1 stopped" "${compose[@]}" stop registry-1
view=$(discovery_view)
if [ "$view" = "http://registry-2:8700 connected false" ]; then
	echo "[smoke] the gateway follows registry-2, connected and not stale"
else
	fail "the gateway's discovery health says '$view' with registry-1 stopped, not 'http://registry-2:8700 connected false'"
fi
warnings=$("${compose[@]}" logs --no-color registry-1 2>&1 | grep -E ' (WARN|ERROR) ' || true)
[ -z "$warnings" ] && echo "[smoke] registry-1 stopped without a warning" \
	|| fail "registry-1 logged on its stop: $warnings"

under_load "Redis restarted" "${compose[@]}" restart redis

if [ "$failures" -gt 0 ]; then
	echo "[smoke] $failures check(s) failed" >&2
	exit 1
fi
echo "[smoke] all checks passed"
