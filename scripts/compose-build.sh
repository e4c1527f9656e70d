#!/usr/bin/env bash
# Builds every image of the single-host stack (docker-compose.yml), locally, pulling nothing:
#
#   1. the service jar (`mvn -B -q -DskipTests package`) when it is missing or older than the
#      sources (--rebuild-jar: always);
#   2. s3proxy's runnable jar (org.gaul:s3proxy:2.6.0, classifier jar-with-dependencies) from
#      Maven Central into compose/s3proxy/, checked against its pinned SHA-256;
#   3. the base and toolchain images: worker-images/build.sh (idempotent: seconds when nothing
#      changed);
#   4. `docker-compose build`: bpfforge/postgres:15, bpfforge/s3proxy:2.6.0 and
#      bpfforge/service:local (API and workers), all FROM bpfforge/base:bookworm.
#
# Usage: bash scripts/compose-build.sh [--rebuild-jar]        (as root: build.sh needs it)
# Then:  docker-compose up -d
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/service/target/bpfforge-service.jar
S3PROXY_ARTIFACT=org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies
S3PROXY_SHA256=12e5e88d805cfed07f7d88b4a44a0d8ecb9f9d3cebeb544bb34fbc4ded1049d8
S3PROXY_JAR=$ROOT/compose/s3proxy/s3proxy.jar
REBUILD_JAR=0

log() { printf '[compose-build %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[compose-build %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

while (($#)); do
	case $1 in
	--rebuild-jar) REBUILD_JAR=1 ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
	shift
done
[[ $(id -u) == 0 ]] || die "run as root (worker-images/build.sh needs debootstrap and the Docker daemon)"
cd "$ROOT"
T0=$SECONDS

# ---------------------------------------------------------------- host tools
need=()
command -v mvn >/dev/null || need+=(maven)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v docker-compose >/dev/null || need+=(docker-compose)
if ((${#need[@]})); then
	log "installing on the host: ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- 1. service jar
stale=
if [[ -f $JAR ]]; then
	stale=$(find pom.xml api-spec btf-store service/pom.xml service/src -newer "$JAR" -type f \
		-not -path '*/target/*' -print -quit 2>/dev/null || true)
fi
if [[ $REBUILD_JAR == 1 || ! -f $JAR || -n $stale ]]; then
	log "service jar: mvn -B -q -DskipTests package${stale:+ (sources newer than the jar: $stale)}"
	t=$SECONDS
	mvn -B -q -DskipTests package
	[[ -f $JAR ]] || die "mvn package did not make $JAR"
	log "service jar built in $((SECONDS - t)) s"
else
	log "service jar $JAR is up to date (--rebuild-jar to rebuild)"
fi

# ---------------------------------------------------------------- 2. s3proxy jar
sha_ok() { [[ -f $1 ]] && echo "$S3PROXY_SHA256  $1" | sha256sum -c --status; }
if ! sha_ok "$S3PROXY_JAR"; then
	log "s3proxy: $S3PROXY_ARTIFACT from Maven Central"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mvn -B -q dependency:copy -Dartifact="$S3PROXY_ARTIFACT" -DoutputDirectory="$tmp" -Dtransitive=false
	got=$(find "$tmp" -name 's3proxy-*.jar' -print -quit)
	[[ -n $got ]] || die "mvn dependency:copy did not fetch $S3PROXY_ARTIFACT"
	sha_ok "$got" || die "$S3PROXY_ARTIFACT: SHA-256 $(sha256sum "$got" | cut -d' ' -f1), expected $S3PROXY_SHA256"
	mv "$got" "$S3PROXY_JAR"
fi
log "s3proxy jar: $S3PROXY_JAR (sha256 ok)"

# ---------------------------------------------------------------- 3. base + toolchain images
log "toolchain images: worker-images/build.sh"
t=$SECONDS
bash "$ROOT/worker-images/build.sh"
log "toolchain images ready in $((SECONDS - t)) s"

# ---------------------------------------------------------------- 4. compose images
for base in bpfforge/base:bookworm; do
	docker image inspect "$base" >/dev/null 2>&1 || die "$base is missing: worker-images/build.sh should have made it"
done
log "docker-compose build"
t=$SECONDS
docker-compose build
log "compose images built in $((SECONDS - t)) s"

echo
docker images --filter 'reference=bpfforge/*' --format 'table {{.Repository}}:{{.Tag}}\t{{.Size}}\t{{.CreatedSince}}'
log "all images built in $((SECONDS - T0)) s; start with: docker-compose up -d"
