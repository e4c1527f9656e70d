#!/usr/bin/env bash
# Queue throughput and claim latency, in one run: an API-only service (embedded PostgreSQL) and
# 1, then 2, separate worker processes of the same toolchain; the same build of many targets
# (cache=bypass, so every target compiles) runs with each. Prints compiles per minute, the ratio,
# and claim latency (queued -> started of the first target, workers idle) as a median.
# Usage: bench/queue-bench.sh [TARGETS] [EXAMPLE]          (default 16 targets, xdpcount)
# Needs: the jar (mvn -DskipTests package), ../shared/btf. Timings are for ratios, not absolutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The instance this starts takes this admin token; every curl below sends it. Quotas off: the
# benchmark measures the compile path, not the per-tenant limits.
export BPFFORGE_ADMIN_TOKEN=bpff_bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BPFFORGE_QUOTAS_REQUESTS_PER_MINUTE=0 BPFFORGE_QUOTAS_MAX_QUEUED_JOBS=1000000 BPFFORGE_QUOTAS_MAX_RUNNING_JOBS=1000000
curl() { command curl -H "Authorization: Bearer $BPFFORGE_ADMIN_TOKEN" "$@"; }
targets=${1:-16}
example=${2:-xdpcount}
port=${BENCH_PORT:-18282}
jar=service/target/bpfforge-service.jar
btf=../shared/btf/6.1.0-50-amd64.btf.xz
[ -f "$jar" ] && [ -f "$btf" ] || { echo "needs $jar and $btf" >&2; exit 2; }

data=$(mktemp -d /tmp/bpfforge-qbench.XXXXXX)
cp "$jar" "$data/service.jar"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
BPFFORGE_DATA_DIR=$data SERVER_PORT=$port BPFFORGE_WORKER_ENABLED=false \
  java -jar "$data/service.jar" >"$data/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do curl -sf "localhost:$port/actuator/health" >/dev/null && break; sleep 1; done
pgport=$(sed -n 's/.*embedded PostgreSQL on port \([0-9]*\).*/\1/p' "$data/api.log" | head -1)
[ -n "$pgport" ] || { echo "no embedded PostgreSQL port in the API log" >&2; exit 1; }

worker() { # name
  BPFFORGE_DATA_DIR=$data SERVER_PORT=0 SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:$pgport/postgres \
    SPRING_DATASOURCE_USERNAME=postgres BPFFORGE_WORKER_CONCURRENCY=1 BPFFORGE_WORKER_NAME=$1 \
    BPFFORGE_REGISTER_HOST_KERNEL=false BPFFORGE_TOOLCHAINS_LOCAL_ID=bench BPFFORGE_QUEUE_IDLE_POLL=100ms \
    java -jar "$data/service.jar" >"$data/$1.log" 2>&1 &
  pids+=($!)
}
await_toolchain() {
  for _ in $(seq 1 180); do curl -sf "localhost:$port/v1/toolchains" | grep -q '"bench"' && return; sleep 1; done
  echo "worker did not publish its toolchain" >&2; exit 1
}

dir=examples/$example
files=()
while IFS= read -r -d '' f; do files+=(-F "file=@$f;filename=${f#"$dir"/}"); done < <(find "$dir" -type f -print0)
[ -d "$dir/include" ] && files+=(-F include=include)
kernels=()
for i in $(seq 1 "$targets"); do
  curl -sf -o /dev/null -F "file=@$btf" -F "release=6.1.0-50-bench$i" -F arch=x86_64 "localhost:$port/v1/kernels"
  kernels+=(-F "kernel=6.1.0-50-bench$i")
done

run_build() { # label -> prints "seconds claim_ms"
  local t0 loc body
  t0=$(date +%s%N)
  loc=$(curl -sf -D - -o /dev/null "${files[@]}" "${kernels[@]}" -F "entry=$example.bpf.c" -F toolchain=bench \
    -F cache=bypass -F "define=BENCH_RUN=$1" "localhost:$port/v1/builds" | sed -n 's/^[Ll]ocation: *\([^\r]*\).*/\1/p')
  while :; do
    body=$(curl -sf "localhost:$port$loc?wait=60s")
    grep -q '"state":"\(SUCCEEDED\|PARTIAL\|FAILED\)"' <<<"${body:0:200}" && break
  done
  BODY=$body python3 - "$t0" "$(date +%s%N)" <<'PY'
import json, os, sys
from datetime import datetime
b = json.loads(os.environ["BODY"])
t0, t1 = int(sys.argv[1]), int(sys.argv[2])
ok = sum(t["state"] == "SUCCEEDED" for t in b["targets"])
first = min(b["targets"], key=lambda t: t["startedAt"])
q = datetime.fromisoformat(first["queuedAt"].replace("Z", "+00:00"))
s = datetime.fromisoformat(first["startedAt"].replace("Z", "+00:00"))
print(f"{(t1 - t0) / 1e9:.2f} {(s - q).total_seconds() * 1000:.0f} {ok}")
PY
}

worker w1
await_toolchain
run_build warmup-$RANDOM >/dev/null            # vmlinux.h and JIT warm-up
read -r one claim1 ok1 < <(run_build one-$RANDOM)
worker w2
sleep 20                                         # the second worker starts and idles
read -r two claim2 ok2 < <(run_build two-$RANDOM)
python3 - "$targets" "$one" "$two" "$claim1" "$claim2" "$ok1" "$ok2" <<'PY'
import sys
n, one, two, c1, c2, ok1, ok2 = int(sys.argv[1]), *map(float, sys.argv[2:6]), sys.argv[6], sys.argv[7]
print(f"{n} targets, cache=bypass, one toolchain ({ok1} and {ok2} succeeded)")
print(f"  1 worker : {one:7.2f} s  {n / one * 60:6.1f} compiles/min  claim latency {c1:.0f} ms")
print(f"  2 workers: {two:7.2f} s  {n / two * 60:6.1f} compiles/min  claim latency {c2:.0f} ms")
print(f"  speed-up x{one / two:.2f}")
PY
