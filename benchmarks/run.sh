#!/usr/bin/env bash
# Runs every benchmark (registry against Eureka, propagation, crash detection, gateway against
# direct calls, a plain Spring Cloud Gateway and nginx, 100,000 instances and 5,000 watchers) and
# writes benchmarks/target/results.md and results.json. Under 10 minutes on 2 cores.
# Builds first when a jar is missing or older than its sources. Options as system properties in
# BENCH_OPTS, e.g. BENCH_OPTS='-Dbench.heartbeat.seconds=10 -Dbench.connections=64';
# benchmarks/README.md lists them. BENCH_OPTS='-Dbench.gateway.tuning=true' runs instead only the
# comparison of the gateway's tuning parts with stock Spring Cloud Gateway; BENCH_OPTS='-Dbench.redis.layouts=true'
# only the registry on each Redis layout (standalone with 8 partitions and with 1, Cluster), as
# ratios, and through a Sentinel and a Cluster failover (about 10 minutes); BENCH_OPTS='-Dbench.rolling=true' only a
# rolling restart of ten instances with confirmed and with fixed drain (about 5 minutes). nginx joins the gateway
# comparison when it is installed (apt-get install -y nginx). Holds about 10,000 sockets at its peak (5,000 watchers, both ends):
# the open-file limit (ulimit -n) caps the watchers, and the report says by how much.
# BENCH_OPTS='-Dbench.dns=true' runs only the DNS interface against dnsmasq under dnsperf (about 3 minutes);
# BENCH_OPTS='-Dbench.checks=true' only 10,000 health checks run by one registry server (about 2 minutes);
# BENCH_OPTS='-Dbench.dashboard=true' only the dashboard's services page in headless Chromium at 10,000 instances
# (about 1 minute; apt-get install chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."

stale() { # stale JAR DIR...: the jar is missing, or a file under DIR is newer
	local jar=$1; shift
	[[ ! -f $jar ]] && return 0
	[[ -n $(find "$@" -type f -newer "$jar" -print -quit 2>/dev/null) ]]
}

apps=(registry-server/target/registry-server.jar gateway/target/gateway.jar demo-services/greeting/target/greeting.jar
	benchmarks/plain-gateway/target/plain-gateway.jar)
if stale registry-server/target/registry-server.jar registry-server/src registry-server/pom.xml registry-client/src \
	|| stale gateway/target/gateway.jar gateway/src gateway/pom.xml discovery-starter/src registry-client/src \
	|| stale demo-services/greeting/target/greeting.jar demo-services/greeting/src discovery-starter/src registry-client/src \
	|| stale benchmarks/plain-gateway/target/plain-gateway.jar benchmarks/plain-gateway/src benchmarks/plain-gateway/pom.xml \
	|| stale benchmarks/target/beacon-benchmarks-0.1.0-SNAPSHOT.jar benchmarks/src benchmarks/pom.xml test-support/src \
	|| [[ ! -f benchmarks/target/classpath.txt ]]; then
	# an application whose own classes did not change keeps its jar, and Spring Boot does not
	# repackage a jar it already repackaged: it would run the libraries of its last build
	rm -f "${apps[@]}"
	echo "[bench] building (./mvnw -B -q -DskipTests install)"
	./mvnw -B -q -DskipTests install
fi

cd benchmarks
# shellcheck disable=SC2086
exec java ${BENCH_OPTS:-} -cp "target/beacon-benchmarks-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)" \
	dev.beacon.benchmarks.Benchmarks
