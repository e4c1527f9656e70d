#!/usr/bin/env bash
# Load test against `docker-compose up` (never part of the tests; prints figures). One run:
#   1. builds the stack's images (scripts/compose-build.sh, with bench/load/docker-compose.load.yml
#      over docker-compose.yml: its own image tag, project bpfforge-load) and starts PostgreSQL,
#      S3, the API and ONE clang16-bookworm worker (worker and job containers capped at 1 CPU);
#   2. uploads the kernels in ../shared/btf (the host's kernel is registered by the API);
#   3. cold load: CLIENTS clients, every compile cache=bypass, for SECONDS;
#   4. starts a SECOND clang16-bookworm worker and runs the same cold load again;
#   5. mixed load with both workers: 30% cold, 70% answered by the action cache;
#   6. prints the figures, where each phase's CPU went (bench/load/cpu_split.py: per container,
#      the per-job compile containers, the rest of the machine) and the 2-worker/1-worker
#      throughput ratio, then `docker-compose down -v`.
# SHAPE=setpriv runs the same with the other worker shape (bench/load/docker-compose.setpriv.yml:
# the Kubernetes worker image, tools under setpriv in the worker container, no container per job).
# Usage: bash bench/load/run.sh [SECONDS] [CLIENTS]      (default 120 s, 100 clients; as root)
# The clients act for TENANTS tenants (default 10), each with a user token the run creates, as the
# users of a shared service would: per-tenant quotas apply to each tenant, not to the whole load.
# Env: BPFFORGE_HTTP_PORT (default 18107), BPFFORGE_ADMIN_TOKEN (default: a random one for this
# run), TENANTS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-120}
clients=${2:-100}
export BPFFORGE_HTTP_PORT=${BPFFORGE_HTTP_PORT:-18107}
export COMPOSE_PROJECT_NAME=bpfforge-load
export COMPOSE_FILE=docker-compose.yml:bench/load/docker-compose.load.yml
case ${SHAPE:-docker} in
docker) workers=(worker-clang16-bookworm worker-clang16-bookworm-2) ;;
setpriv)
	workers=(setpriv-worker-1 setpriv-worker-2)
	COMPOSE_FILE+=:bench/load/docker-compose.setpriv.yml ;;
*) echo "SHAPE is docker or setpriv" >&2; exit 2 ;;
esac
export BPFFORGE_ADMIN_TOKEN=${BPFFORGE_ADMIN_TOKEN:-bpff_load-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
tenants=${TENANTS:-10}
port=$BPFFORGE_HTTP_PORT
base=http://127.0.0.1:$port
auth=(-H "Authorization: Bearer $BPFFORGE_ADMIN_TOKEN")
log() { printf '[load %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

bash scripts/compose-build.sh
[[ ${SHAPE:-docker} == setpriv ]] && bash worker-images/build-workers.sh --tag load clang16-bookworm
trap 'log "docker-compose down -v"; docker-compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
docker-compose up -d postgres s3 api "${workers[0]}"
log "waiting for the API on $base"
for _ in $(seq 1 300); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 1; done
curl -sf "$base/actuator/health" >/dev/null || { docker-compose logs --tail=50 api; exit 1; }

tokens=()
for i in $(seq 1 "$tenants"); do
	tokens+=("$(curl -sSf "${auth[@]}" -F "tenant=load-$i" -F role=user -F name=load-test "$base/v1/tokens" \
		| python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')")
done
export BPFFORGE_TOKENS
BPFFORGE_TOKENS=$(IFS=,; echo "${tokens[*]}")
log "$tenants tenants, a user token each"

kernels=$(uname -r)
for btf in ../shared/btf/*-amd64.btf.xz; do
	release=$(basename "$btf" .btf.xz)
	curl -sf "${auth[@]}" -F "file=@$btf" -F "release=$release" -F arch=x86_64 "$base/v1/kernels" >/dev/null \
		|| curl -sSf "${auth[@]}" "$base/v1/kernels/$release?arch=x86_64" >/dev/null
	kernels+=",$release"
done
log "kernels: $kernels"
for _ in $(seq 1 300); do curl -sf "${auth[@]}" "$base/v1/toolchains" | grep -q clang16-bookworm && break; sleep 1; done

await_healthy() { # service
	local id
	id=$(docker-compose ps -q "$1")
	for _ in $(seq 1 300); do
		[[ $(docker inspect -f '{{.State.Health.Status}}' "$id") == healthy ]] && return
		sleep 1
	done
	echo "$1 did not become healthy" >&2
	exit 1
}
await_healthy "${workers[0]}"

results=$(mktemp)
cpu=$(mktemp -d)
cpu_snapshot() { # file
	local named=() service id
	for service in api postgres s3 "${workers[@]}"; do
		id=$(docker-compose ps -q "$service" 2>/dev/null || true)
		[[ -n $id ]] && named+=("$service=$id")
	done
	python3 bench/load/cpu_split.py snapshot "$1" "${named[@]}"
}
run() { # label cold%
	log "load: $1 ($clients clients, $2% cold, $seconds s)"
	cpu_snapshot "$cpu/before"
	java bench/load/LoadTest.java "$port" "$clients" "$seconds" "$2" clang16-bookworm "$kernels" "$1" | tee -a "$results"
	cpu_snapshot "$cpu/after"
	python3 bench/load/cpu_split.py report "$1" "$cpu/before" "$cpu/after" | tee -a "$results"
}
run one-worker-cold 100
docker-compose up -d "${workers[1]}"
await_healthy "${workers[1]}"
run two-workers-cold 100
run two-workers-mixed 30

one=$(sed -n 's/^RESULT one-worker-cold .*cold_throughput=\([0-9.]*\).*/\1/p' "$results")
two=$(sed -n 's/^RESULT two-workers-cold .*cold_throughput=\([0-9.]*\).*/\1/p' "$results")
echo
grep -E '^(RESULT|CPU|  )' "$results"
awk -v a="$one" -v b="$two" 'BEGIN { printf "cold compiles/s: 1 worker %.3f, 2 workers %.3f, ratio %.2fx\n", a, b, (a > 0 ? b / a : 0) }'
curl -s "${auth[@]}" "$base/actuator/prometheus" | grep -E '^bpfforge_(compile_duration_seconds_(sum|count)|jobs_completed_total|cache_lookups_total)' || true
rm -rf "$results" "$cpu"
