#!/usr/bin/env bash
# End-to-end smoke test of the single-host stack (docker-compose.yml), as CI runs it:
#
#   build every image (scripts/compose-build.sh) -> docker-compose up -d -> the API is healthy ->
#   GET /v1/toolchains lists every worker's toolchain -> upload a kernel's BTF -> compile
#   examples/execsnoop for that kernel and for this host's kernel through each toolchain (curl ->
#   API -> job in PostgreSQL -> the toolchain's worker claims it -> a fresh container of the
#   toolchain image -> artifact in S3 -> curl gets it, and again by digest) -> the kernel
#   verifier loads every host-kernel object (bpftool prog loadall).
#
# One pass/fail line per step, "N passed, M failed" at the end; exits non-zero on any failure,
# after printing `docker-compose logs --tail=100`. `docker-compose down -v` always runs at exit.
#
# Usage: bash scripts/compose-smoke.sh [--no-build]          (as root: build, bpftool, bpffs)
#   --no-build  use the images as they are (they must exist)
# Env: BPFFORGE_HTTP_PORT      host port of the API (default 8080)
#      COMPOSE_PROJECT_NAME    compose project (default bpfforge-smoke: a stack you run by hand
#                              under the default project is left alone, and so is its data)
#      SMOKE_BTF               the kernel to upload (default ../shared/btf/6.1.0-50-amd64.btf.xz)
#      SMOKE_RELEASE           its release (default 6.1.0-50-amd64)
#      SMOKE_UP_TIMEOUT        seconds to wait for health and for the toolchains (default 300)
#      SMOKE_COMPILE_TIMEOUT   seconds one compile may take (default 300)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-bpfforge-smoke}
export BPFFORGE_HTTP_PORT=${BPFFORGE_HTTP_PORT:-8080}
URL=http://localhost:$BPFFORGE_HTTP_PORT
# The API's admin token for this run (docker-compose.yml passes it on); random unless given.
export BPFFORGE_ADMIN_TOKEN=${BPFFORGE_ADMIN_TOKEN:-bpff_smoke-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
BTF=${SMOKE_BTF:-$ROOT/../shared/btf/6.1.0-50-amd64.btf.xz}
RELEASE=${SMOKE_RELEASE:-6.1.0-50-amd64}
UP_TIMEOUT=${SMOKE_UP_TIMEOUT:-300}
COMPILE_TIMEOUT=${SMOKE_COMPILE_TIMEOUT:-300}
HOST_RELEASE=$(uname -r)
EXAMPLE=examples/execsnoop
BUILD=1
[[ ${1:-} == --no-build ]] && BUILD=0

PASSED=0
FAILED=0
UP=0
WORK=$(mktemp -d /tmp/bpfforge-smoke.XXXXXX)
PINS=()

ts() { date +%H:%M:%S; }
info() { printf '[smoke %s]      %s\n' "$(ts)" "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '[smoke %s] PASS %s\n' "$(ts)" "$*"; }
fail() { FAILED=$((FAILED + 1)); printf '[smoke %s] FAIL %s\n' "$(ts)" "$*"; }
# a failure after which nothing else can run
fatal() { fail "$*"; exit 1; }

cleanup() {
	local rc=$?
	local pin
	for pin in "${PINS[@]}"; do rm -rf "$pin"; done
	if ((UP)); then
		if ((FAILED || rc)); then
			echo "================ docker-compose ps"
			docker-compose ps 2>&1
			echo "================ docker-compose logs --tail=100"
			docker-compose logs --no-color --tail=100 2>&1
			echo "================ end of logs"
		fi
		info "docker-compose down -v"
		timeout 180 docker-compose down -v --remove-orphans >"$WORK/down.log" 2>&1 ||
			{ echo "docker-compose down -v failed:"; cat "$WORK/down.log"; }
	fi
	rm -rf "$WORK"
	echo
	echo "$PASSED passed, $FAILED failed"
	((FAILED == 0 && rc == 0)) || exit 1
	exit 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# http <out-file> <curl args...>: prints the HTTP status (000 when there was no answer)
http() {
	local out=$1; shift
	curl -sS -o "$out" -w '%{http_code}' --connect-timeout 5 -H "Authorization: Bearer $BPFFORGE_ADMIN_TOKEN" "$@" \
		2>"$WORK/curl.err" || true
}

# wait_for <seconds> <description> <command...>: runs the command every 2 s until it succeeds
wait_for() {
	local limit=$1 what=$2 t0=$SECONDS; shift 2
	until "$@"; do
		if ((SECONDS - t0 >= limit)); then
			return 1
		fi
		sleep 2
	done
	info "$what after $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------ preconditions
[[ $(id -u) == 0 ]] || fatal "preconditions: run as root (image builds, bpftool prog loadall)"
for tool in docker docker-compose curl jq bpftool xz; do
	command -v "$tool" >/dev/null || fatal "preconditions: $tool is not installed"
done
docker info >/dev/null 2>&1 || fatal "preconditions: no Docker daemon answers (start dockerd)"
[[ -r $BTF ]] || fatal "preconditions: no kernel BTF at $BTF (../shared/ beside the repository, as in CI)"
[[ -r /sys/kernel/btf/vmlinux ]] || fatal "preconditions: this host has no /sys/kernel/btf/vmlinux: the API cannot register the host kernel"
if ! mountpoint -q /sys/fs/bpf; then
	mount -t bpf bpf /sys/fs/bpf || fatal "preconditions: cannot mount bpffs on /sys/fs/bpf"
fi
if ss -Hltn "sport = :$BPFFORGE_HTTP_PORT" | grep -q .; then
	fatal "preconditions: port $BPFFORGE_HTTP_PORT is in use (set BPFFORGE_HTTP_PORT to a free one): $(ss -Hltnp "sport = :$BPFFORGE_HTTP_PORT")"
fi
# the toolchains: one per worker service of docker-compose.yml
mapfile -t TOOLCHAINS < <(docker-compose config --services | sed -n 's/^worker-//p' | sort)
((${#TOOLCHAINS[@]})) || fatal "preconditions: docker-compose.yml has no worker-<toolchain> service"
pass "preconditions (project $COMPOSE_PROJECT_NAME, port $BPFFORGE_HTTP_PORT, toolchains ${TOOLCHAINS[*]}, host kernel $HOST_RELEASE)"

# ------------------------------------------------------------------ build
if ((BUILD)); then
	t0=$SECONDS
	if bash scripts/compose-build.sh >"$WORK/build.log" 2>&1; then
		pass "build: scripts/compose-build.sh in $((SECONDS - t0)) s"
	else
		tail -n 60 "$WORK/build.log"
		fatal "build: scripts/compose-build.sh failed (end of its output above)"
	fi
fi
for image in $(docker-compose config | sed -n 's/^ *image: *//p' | sort -u); do
	docker image inspect "$image" >/dev/null 2>&1 || fatal "images: $image is missing (bash scripts/compose-build.sh)"
done

# ------------------------------------------------------------------ up
T_UP=$SECONDS
UP=1
if docker-compose up -d >"$WORK/up.log" 2>&1; then
	pass "docker-compose up -d"
else
	cat "$WORK/up.log"
	fatal "docker-compose up -d failed"
fi

healthy() { [[ $(http "$WORK/health.json" "$URL/actuator/health") == 200 ]] && jq -e '.status == "UP"' "$WORK/health.json" >/dev/null 2>&1; }
if wait_for "$UP_TIMEOUT" "API healthy" healthy; then
	pass "API $URL/actuator/health is UP ($((SECONDS - T_UP)) s after up)"
else
	fatal "API not healthy within $UP_TIMEOUT s (last answer: $(head -c 300 "$WORK/health.json" 2>/dev/null) $(cat "$WORK/curl.err"))"
fi

missing_toolchains() {
	[[ $(http "$WORK/toolchains.json" "$URL/v1/toolchains") == 200 ]] || return 0
	local id
	for id in "${TOOLCHAINS[@]}"; do
		jq -e --arg id "$id" 'any(.[]; .id == $id)' "$WORK/toolchains.json" >/dev/null 2>&1 || echo "$id"
	done
}
all_toolchains() { [[ -z $(missing_toolchains) ]]; }
if wait_for "$UP_TIMEOUT" "all toolchains listed" all_toolchains; then
	pass "GET /v1/toolchains lists ${TOOLCHAINS[*]} ($((SECONDS - T_UP)) s after up): $(jq -c 'map({id, clang, executor})' "$WORK/toolchains.json")"
else
	fatal "toolchains missing after $UP_TIMEOUT s: $(missing_toolchains | xargs) (listed: $(jq -c 'map(.id)' "$WORK/toolchains.json" 2>/dev/null))"
fi

# ------------------------------------------------------------------ kernels
code=$(http "$WORK/kernel.json" -F "file=@$BTF" -F "release=$RELEASE" -F arch=x86_64 "$URL/v1/kernels")
if [[ $code == 201 || $code == 200 ]]; then
	pass "POST /v1/kernels $RELEASE: HTTP $code"
else
	fail "POST /v1/kernels $RELEASE: HTTP $code: $(head -c 500 "$WORK/kernel.json") $(cat "$WORK/curl.err")"
fi
code=$(http "$WORK/host-kernel.json" "$URL/v1/kernels/$HOST_RELEASE?arch=x86_64")
if [[ $code == 200 ]]; then
	pass "host kernel $HOST_RELEASE is in the catalog"
else
	fail "host kernel $HOST_RELEASE is not in the catalog (GET /v1/kernels/$HOST_RELEASE: HTTP $code: $(head -c 300 "$WORK/host-kernel.json"))"
fi

# ------------------------------------------------------------------ compiles
# is_bpf_object <file>: a 64-bit little-endian ELF relocatable for machine 247 (EM_BPF)
is_bpf_object() {
	[[ $(od -An -tx1 -N 20 "$1" 2>/dev/null | tr -d ' \n') == 7f454c46020101*0100f700* ]]
}
# header <name>: its value in the last response's headers
header() { sed -n "s/^$1: *//Ip" "$WORK/headers" 2>/dev/null | tr -d '\r' | tail -n 1; }
FIRST_COMPILE=
OBJECTS=()
for id in "${TOOLCHAINS[@]}"; do
	for kernel in "$RELEASE" "$HOST_RELEASE"; do
		out=$WORK/execsnoop-$id-$kernel.o
		t0=$SECONDS
		code=$(http "$out" -D "$WORK/headers" --max-time "$COMPILE_TIMEOUT" \
			-F "file=@$EXAMPLE/execsnoop.bpf.c" -F "file=@$EXAMPLE/execsnoop.h" \
			-F "kernel=$kernel" -F arch=x86_64 -F "toolchain=$id" -F cache=bypass "$URL/v1/compile")
		secs=$((SECONDS - t0))
		if [[ $code != 200 ]]; then
			fail "compile execsnoop for $kernel with $id: HTTP $code in $secs s: $(head -c 800 "$out") $(cat "$WORK/curl.err")"
			continue
		fi
		if ! is_bpf_object "$out"; then
			fail "compile execsnoop for $kernel with $id: HTTP 200 but not a BPF ELF object ($(stat -c %s "$out") bytes)"
			continue
		fi
		[[ -n $FIRST_COMPILE ]] || FIRST_COMPILE=$((SECONDS - T_UP))
		etag=$(header ETag | tr -d '"')
		build=$(header X-BpfForge-Build)
		# the build ran on this toolchain, in its worker
		curl -sS --max-time 30 -H "Authorization: Bearer $BPFFORGE_ADMIN_TOKEN" -o "$WORK/build.json" "$URL/v1/builds/$build" 2>/dev/null
		used=$(jq -r '.targets[0].toolchain // empty' "$WORK/build.json" 2>/dev/null)
		worker=$(jq -r '.targets[0].worker // empty' "$WORK/build.json" 2>/dev/null)
		if [[ $used != "$id" || $worker != "worker-$id/"* ]]; then
			fail "compile execsnoop for $kernel with $id: build $build ran on toolchain '$used' in worker '$worker'"
			continue
		fi
		pass "compile execsnoop for $kernel with $id: $(stat -c %s "$out") bytes in $secs s (build $build, worker $worker)"
		# the same bytes back from the blob store by digest
		if [[ -n $etag && $(http "$WORK/by-digest.o" "$URL/v1/artifacts/$etag") == 200 ]] && cmp -s "$out" "$WORK/by-digest.o"; then
			pass "GET /v1/artifacts/$etag returns the same object"
		else
			fail "GET /v1/artifacts/${etag:-<no ETag>} does not return the compiled object"
		fi
		[[ $kernel == "$HOST_RELEASE" ]] && OBJECTS+=("$id:$out")
	done
done
[[ -n $FIRST_COMPILE ]] && info "first compile answered $FIRST_COMPILE s after docker-compose up"

# ------------------------------------------------------------------ kernel verifier
for entry in "${OBJECTS[@]}"; do
	id=${entry%%:*}
	obj=${entry#*:}
	pin=/sys/fs/bpf/bpfforge-smoke-$$-$id
	PINS+=("$pin")
	if out=$(bpftool prog loadall "$obj" "$pin" 2>&1); then
		pass "bpftool prog loadall: the $HOST_RELEASE kernel verifies execsnoop from $id ($(ls "$pin" | wc -l) program(s))"
	else
		fail "bpftool prog loadall execsnoop from $id: $(printf '%s' "$out" | tail -n 15)"
	fi
	rm -rf "$pin"
done

info "total: $((SECONDS - T_UP)) s from docker-compose up"
