#!/usr/bin/env bash
# Builds the Kubernetes worker images: for every toolchain folder worker-images/<id>/, the image
# bpfforge/worker-<id>:<tag> = that toolchain's image + a JRE + the service jar in its worker role
# (worker/Dockerfile; tools run as a separate user through setpriv). Nothing is pulled.
#
# Needs the toolchain images (worker-images/build.sh) and the service jar (built here with
# `mvn -B -q -DskipTests package` when missing). Load the images into your cluster's registry or
# nodes yourself; helm/bpfforge expects bpfforge/worker-<id>:<tag>.
#
# Usage: build-workers.sh [--tag TAG] [TOOLCHAIN_ID ...]     (default tag 0.1.0, all toolchains)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=$ROOT/service/target/bpfforge-service.jar
TAG=0.1.0
ONLY=()
export DOCKER_BUILDKIT=0

log() { printf '[build-workers %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[build-workers %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

while (($#)); do
	case $1 in
	--tag) TAG=${2:?--tag needs a value}; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) ONLY+=("$1") ;;
	esac
	shift
done

if [[ ! -f $JAR ]]; then
	log "service jar: mvn -B -q -DskipTests package"
	(cd "$ROOT" && mvn -B -q -DskipTests package)
fi
for dir in "$HERE"/*/; do
	id=$(basename "$dir")
	[[ -f $dir/Dockerfile && -f $dir/toolchain.json ]] || continue
	if ((${#ONLY[@]})) && ! printf '%s\n' "${ONLY[@]}" | grep -qxF "$id"; then continue; fi
	toolchain=$(jq -er .image "$dir/toolchain.json")
	docker image inspect "$toolchain" >/dev/null 2>&1 || die "$toolchain is missing: run worker-images/build.sh first"
	log "bpfforge/worker-$id:$TAG from $toolchain"
	docker build --rm --force-rm -q -f "$HERE/worker/Dockerfile" \
		--build-arg "TOOLCHAIN_IMAGE=$toolchain" --build-arg "TOOLCHAIN_ID=$id" \
		-t "bpfforge/worker-$id:$TAG" "$ROOT" >/dev/null
done
docker images --filter 'reference=bpfforge/worker-*' --format 'table {{.Repository}}:{{.Tag}}\t{{.Size}}\t{{.CreatedSince}}'
