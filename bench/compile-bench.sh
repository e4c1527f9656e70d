#!/usr/bin/env bash
# Compile latency, in one run on one machine, as medians over repeated runs:
#   bare   : what a user does without the service: bpftool btf dump (vmlinux.h) + clang, locally
#   cold   : a service compile that must generate vmlinux.h first (its cache emptied each run)
#   warm   : a service compile with vmlinux.h cached (cache=bypass: clang runs)
#   hit    : the same request answered from the action cache
# Starts its own service instance on a scratch data dir; needs the jar (mvn -DskipTests package).
# Usage: bench/compile-bench.sh [RUNS] [EXAMPLE]     (default 7 runs, execsnoop)
# Prints figures only: timings are for comparing as ratios within one run, never for asserting.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The instance this starts takes this admin token; every curl below sends it. Quotas off: the
# benchmark measures the compile path, not the per-tenant limits.
export BPFFORGE_ADMIN_TOKEN=bpff_bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BPFFORGE_QUOTAS_REQUESTS_PER_MINUTE=0 BPFFORGE_QUOTAS_MAX_QUEUED_JOBS=1000000 BPFFORGE_QUOTAS_MAX_RUNNING_JOBS=1000000
curl() { command curl -H "Authorization: Bearer $BPFFORGE_ADMIN_TOKEN" "$@"; }
runs=${1:-7}
example=${2:-execsnoop}
port=${BENCH_PORT:-18181}
jar=service/target/bpfforge-service.jar
[ -f "$jar" ] || { echo "build the service first: mvn -DskipTests package" >&2; exit 2; }

data=$(mktemp -d /tmp/bpfforge-bench.XXXXXX)
work=$(mktemp -d /tmp/bpfforge-bench-work.XXXXXX)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$data" "$work"; }
trap cleanup EXIT
BPFFORGE_DATA_DIR=$data SERVER_PORT=$port java -jar "$jar" >"$data/log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do curl -sf "localhost:$port/actuator/health" >/dev/null && break; sleep 1; done

dir=examples/$example
args=()
while IFS= read -r -d '' f; do args+=(-F "file=@$f;filename=${f#"$dir"/}"); done < <(find "$dir" -type f -print0)
[ -d "$dir/include" ] && args+=(-F include=include)
args+=(-F "entry=$example.bpf.c" -F "kernel=$(uname -r)")

now() { date +%s%N; }
time_ms() { local t0; t0=$(now); "$@" >/dev/null; echo $((($(now) - t0) / 1000000)); }
compile() { curl -sS --fail-with-body -o /dev/null "${args[@]}" "$@" "localhost:$port/v1/compile"; }
bare() {
  bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$work/vmlinux.h"
  clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -mcpu=v3 -I"$dir" -I"$dir/include" -I"$work" \
    -idirafter /usr/include/x86_64-linux-gnu -idirafter /usr/include -c "$dir/$example.bpf.c" -o "$work/out.o"
}
cold() { rm -rf "$data/cache/vmlinux"; compile -F cache=bypass; }

compile >/dev/null # first request: JIT warm-up, the host kernel's first vmlinux.h
declare -A samples
for _ in $(seq 1 "$runs"); do
  samples[bare]+="$(time_ms bare) "
  samples[cold]+="$(time_ms cold) "
  samples[warm]+="$(time_ms compile -F cache=bypass) "
  samples[hit]+="$(time_ms compile) "
done

python3 - "$runs" "$example" "${samples[bare]}" "${samples[cold]}" "${samples[warm]}" "${samples[hit]}" <<'PY'
import statistics, sys
runs, example = sys.argv[1], sys.argv[2]
names = ["bare", "cold", "warm", "hit"]
med = {n: statistics.median(int(x) for x in s.split()) for n, s in zip(names, sys.argv[3:])}
print(f"{example}, host kernel, median of {runs} runs (ms):")
for n in names:
    print(f"  {n:5} {med[n]:8.0f}   x{med[n] / med['bare']:.2f} of bare")
print(f"  cold/warm x{med['cold'] / med['warm']:.2f}   warm/hit x{med['warm'] / med['hit']:.1f}")
PY
