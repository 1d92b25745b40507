#!/usr/bin/env bash
# Builds, from Debian's packages, two images that stand in for the base images of
# docker-compose.yml where the Docker engine reaches no image registry but a Debian mirror is
# reachable: beacon-stand-in/jre:17 (OpenJDK 17 JRE, curl, useradd) for eclipse-temurin:17-jre,
# and beacon-stand-in/redis:7 (Debian's Redis 7) for redis:7-alpine. They are made with debootstrap
# and imported into the engine, then used by name, never under the official images' tags:
#
#   sudo scripts/stand-in-base-images.sh
#   export BEACON_JRE_IMAGE=beacon-stand-in/jre:17 BEACON_REDIS_IMAGE=beacon-stand-in/redis:7
#   scripts/compose-smoke.sh                # or docker compose up --build
#
# They are for trying the compose file on such a machine, not for production: use the official
# images, or your registry's copies of them, there (docs/operations.md#containers).
#
# Needs root (debootstrap), debootstrap, a Docker engine, and about 1 GB in $TMPDIR.
# usage: scripts/stand-in-base-images.sh [mirror]    default mirror: http://deb.debian.org/debian
set -euo pipefail

mirror=${1:-http://deb.debian.org/debian}
suite=bookworm

if [ "$(id -u)" != 0 ]; then
	echo "debootstrap needs root: run this script as root" >&2
	exit 2
fi
for tool in debootstrap docker; do
	if ! command -v "$tool" >/dev/null; then
		echo "$tool is missing (Debian: apt-get install debootstrap docker.io)" >&2
		exit 2
	fi
done
if ! docker info >/dev/null 2>&1; then
	echo "no Docker engine answers (docker info)" >&2
	exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# image tag, then the Debian packages it holds besides the minimal base
build() {
	local tag=$1 packages=$2 root="$work/$1"
	echo "[stand-in] $tag: debootstrap $suite with $packages"
	debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
		|| { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
	rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
	tar -C "$root" -c . | docker import - "$tag" >/dev/null
	rm -rf "$root"
	echo "[stand-in] $tag imported"
}

build beacon-stand-in/jre:17 openjdk-17-jre-headless,curl,ca-certificates
docker run --rm beacon-stand-in/jre:17 java -version
build beacon-stand-in/redis:7 redis-server
docker run --rm beacon-stand-in/redis:7 redis-server --version
echo "[stand-in] export BEACON_JRE_IMAGE=beacon-stand-in/jre:17 BEACON_REDIS_IMAGE=beacon-stand-in/redis:7"
