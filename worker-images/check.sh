#!/usr/bin/env bash
# Proves each built toolchain image compiles working CO-RE objects under the Docker executor's
# sandbox flags, and that the host kernel's verifier accepts them.
#
# Per toolchain (every worker-images/<id>/ with a toolchain.json, or the ids given):
#   1. one container of its image, with exactly the sandbox flags below: no network, read-only
#      root, a tmpfs /work, uid 10001, no capabilities, no-new-privileges, pids/memory limits;
#   2. in on stdin as a tar: the host kernel's BTF (/sys/kernel/btf/vmlinux) and the programs
#      (check/forgecheck, plus examples/execsnoop and examples/usdtsnoop from the repo);
#   3. inside: the live tool versions (bpfforge-toolchain-info), vmlinux.h with bpftool, then per
#      program what the service's compile plan runs: clang -target bpf with clang's own
#      `clang -v -E` system include dirs as -idirafter, llvm-strip -g, bpftool gen skeleton,
#      a loader .so (cc -shared -fPIC, with libbpf linked dynamically: see the static note
#      below), bpftool gen min_core_btf; then the compile plan's real .so step,
#      bpfforge-link-so for x86_64 and arm64 (static PIC libs), when the image has it;
#   4. out on stdout as a tar: the objects, logs and versions;
#   5. on the host: `bpftool prog loadall` of every object into bpffs, then the pin is removed.
# Prints one line per toolchain: versions read inside the image, then OK or FAIL. It also
# notes whether the image's libbpf.a can be linked into a shared object ("static-libbpf .so");
# Debian's libbpf.a is not built with -fPIC, so on x86_64 it cannot: that note does not fail.
#
# Usage: check.sh [TOOLCHAIN_ID ...]      (root; images built by build.sh; host bpftool)
# Env:   KEEP_TMP=1  keep the work dir and print its path
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
TIMEOUT=${CHECK_TIMEOUT:-300}

# The Docker executor's sandbox (DESIGN.md "Execute"): keep in step with it.
SANDBOX=(--network none --read-only --tmpfs /work --user 10001 --cap-drop ALL
	--security-opt no-new-privileges --pids-limit 256 --memory 1g)

die() { echo "check.sh: $*" >&2; exit 2; }
[[ $(id -u) == 0 ]] || die "run as root (loading BPF programs needs it)"
command -v jq >/dev/null || die "jq missing (build.sh installs it)"
command -v bpftool >/dev/null || die "host bpftool missing (apt-get install -t bookworm-backports bpftool)"
docker info >/dev/null 2>&1 || die "no Docker daemon answers (run worker-images/build.sh, which starts one)"
[[ -r /sys/kernel/btf/vmlinux ]] || die "/sys/kernel/btf/vmlinux missing: the host kernel has no BTF"
if [[ $(stat -f -c %T /sys/fs/bpf 2>/dev/null) != bpf_fs ]]; then
	{ mkdir -p /sys/fs/bpf && mount -t bpf bpf /sys/fs/bpf; } || die "cannot mount bpffs on /sys/fs/bpf"
fi

TMP=$(mktemp -d /var/tmp/bpfforge-check.XXXXXX)
PIN=/sys/fs/bpf/bpfforge-check-$$
CONTAINER=bpfforge-check-$$
cleanup() {
	rm -rf "$PIN"-* 2>/dev/null || true
	docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
	if [[ ${KEEP_TMP:-0} == 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# ---- what goes in: programs as <name>/<name>.bpf.c (+ headers) and the host's BTF
IN=$TMP/in
mkdir -p "$IN"
cp -r "$HERE/check/forgecheck" "$IN/"
for ex in execsnoop usdtsnoop; do
	[[ -f $REPO/examples/$ex/$ex.bpf.c ]] && cp -r "$REPO/examples/$ex" "$IN/"
done
cp /sys/kernel/btf/vmlinux "$IN/vmlinux"
case $(uname -m) in aarch64 | arm64) ARCH=arm64 ;; *) ARCH=x86 ;; esac
# members only, no "." entry: the container's uid cannot chmod/utime the tmpfs root
mapfile -t MEMBERS < <(cd "$IN" && ls)

# ---- what runs inside (POSIX sh: dash on Debian)
read -r -d '' INSIDE <<'EOF' || true
set -eu
tar -x -C /work
cd /work
mkdir out
bpfforge-toolchain-info >out/versions.json
bpftool btf dump file vmlinux format c >vmlinux.h
# clang's own "#include <...>" list, as libbpf-based projects pass it to -target bpf
INC=$(clang -v -E -x c /dev/null -o /dev/null 2>&1 |
	sed -n '/^#include <\.\.\.> search starts here:/,/^End of search list\./s|^ \(/.*\)|-idirafter \1|p')
LIBBPF_A=/usr/lib/$(gcc -dumpmachine)/libbpf.a
for d in */; do
	d=${d%/}
	[ -f "$d/$d.bpf.c" ] || continue
	log=out/$d.log
	step() { echo "\$ $*" >>"$log"; "$@" >>"$log" 2>&1; }
	if step clang -g -O2 -target bpf -D__TARGET_ARCH_$ARCH -mcpu=v3 -Wall -I"$d" -I. $INC \
			-c "$d/$d.bpf.c" -o "out/$d.o" &&
		step llvm-strip -g "out/$d.o" -o "out/$d.stripped.o" &&
		llvm-readelf -S -W "out/$d.o" >"out/$d.sections" 2>>"$log" &&
		grep -q ' \.BTF\.ext ' "out/$d.sections" &&
		bpftool gen skeleton "out/$d.o" name "$d" >"out/$d.skel.h" 2>>"$log" &&
		printf '#include "%s.skel.h"\nint check_open(void)\n{\n\tstruct %s *s = %s__open();\n\n\tif (!s)\n\t\treturn -1;\n\t%s__destroy(s);\n\treturn 0;\n}\n' \
			"$d" "$d" "$d" "$d" >"out/$d.loader.c" &&
		step cc -shared -fPIC -O2 -Wall -Werror -Iout -o "out/lib$d.so" "out/$d.loader.c" -lbpf &&
		step bpftool gen min_core_btf vmlinux "out/$d.min.btf" "out/$d.o"; then
		echo "$d ok $(grep -c 'warning:' "$log" || true)" >>out/results
	else
		echo "$d fail 0" >>out/results
	fi
done
# Can a loader .so take libbpf statically? Only if libbpf.a was compiled as PIC.
if [ -f out/forgecheck.loader.c ] &&
	cc -shared -fPIC -O2 -Iout -o out/static.so out/forgecheck.loader.c "$LIBBPF_A" -lelf -lz >out/static.log 2>&1; then
	echo yes >out/static-libbpf
else
	echo no >out/static-libbpf
fi
# The compile plan's loader .so step (bpfforge-link-so: static PIC libbpf/libelf/zlib), both arches
if command -v bpfforge-link-so >/dev/null 2>&1 && [ -f out/execsnoop.skel.h ]; then
	sha=$(sha256sum execsnoop/execsnoop.bpf.c | cut -c1-64)
	for a in x86_64 arm64; do
		if bpfforge-link-so --arch "$a" --skel out/execsnoop.skel.h --name execsnoop --source-sha256 "$sha" \
			--kernel check -o "out/execsnoop-$a.so" >"out/link-$a.log" 2>&1; then
			echo "$a:ok" >>out/link-so
		else
			echo "$a:FAILED" >>out/link-so
		fi
	done
else
	echo "not-installed" >out/link-so
fi
tar -c -C out .
EOF

FAILED=0
declare -a SUMMARY=()
check_one() { # <id>
	local id=$1 image out line name status warns obj pin n progs all_ok=1 detail=()
	image=$(jq -r .image "$HERE/$id/toolchain.json")
	out=$TMP/out-$id
	mkdir -p "$out"
	if ! docker image inspect "$image" >/dev/null 2>&1; then
		SUMMARY+=("$(printf '%-18s image %s not built (run build.sh)  FAIL' "$id" "$image")")
		return 1
	fi
	echo "== $id ($image)"
	if ! tar --owner=0 --group=0 --numeric-owner -C "$IN" -c "${MEMBERS[@]}" |
		timeout "$TIMEOUT" docker run -i --rm --name "$CONTAINER" "${SANDBOX[@]}" \
			--label dev.bpfforge.check=1 -e "ARCH=$ARCH" "$image" sh -c "$INSIDE" >"$out.tar" 2>"$out.err" ||
		! tar -x -C "$out" -f "$out.tar"; then
		docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
		sed 's/^/   /' "$out.err" | tail -n 30
		SUMMARY+=("$(printf '%-18s the sandboxed container failed (output above)  FAIL' "$id")")
		return 1
	fi
	local v=$out/versions.json
	line=$(jq -r '"clang \(.clang)  libbpf \(.libbpf)  bpftool \(.bpftool) (libbpf \(.bpftoolLibbpf))  pahole \(.pahole)  gcc \(.gcc)"' "$v")
	while read -r name status warns; do
		obj=$out/$name.o
		if [[ $status != ok ]]; then
			sed 's/^/   /' "$out/$name.log" | tail -n 25
			detail+=("$name: compile plan FAILED"); all_ok=0; continue
		fi
		pin=$PIN-$id-$name
		if bpftool prog loadall "$obj" "$pin" >"$out/$name.load.log" 2>&1; then
			progs=$(find "$pin" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
			n=$(wc -w <<<"$progs")
			echo "   $name: verifier accepted $n program(s): $progs(${warns} warnings)"
			detail+=("$name: $n loaded")
		else
			sed 's/^/   /' "$out/$name.load.log" | tail -n 30
			detail+=("$name: verifier REJECTED"); all_ok=0
		fi
		rm -rf "$pin"
	done <"$out/results"
	((${#detail[@]})) || { detail+=("no program compiled"); all_ok=0; }
	detail+=("| static-libbpf .so: $(cat "$out/static-libbpf" 2>/dev/null || echo '?')")
	detail+=("| bpfforge-link-so: $(tr '\n' ' ' <"$out/link-so" 2>/dev/null || echo '?')")
	if grep -q FAILED "$out/link-so" 2>/dev/null; then
		sed 's/^/   /' "$out"/link-*.log | tail -n 20
		all_ok=0
	fi
	if ((all_ok)); then
		SUMMARY+=("$(printf '%-18s %s | %s  OK' "$id" "$line" "${detail[*]}")")
	else
		SUMMARY+=("$(printf '%-18s %s | %s  FAIL' "$id" "$line" "${detail[*]}")")
		return 1
	fi
}

IDS=("$@")
if ((${#IDS[@]} == 0)); then
	for d in "$HERE"/*/; do
		[[ -f $d/toolchain.json && -f $d/Dockerfile ]] && IDS+=("$(basename "$d")")
	done
fi
((${#IDS[@]})) || die "no toolchain folders in $HERE"

for id in "${IDS[@]}"; do
	[[ -f $HERE/$id/toolchain.json ]] || die "no toolchain $id ($HERE/$id/toolchain.json)"
	check_one "$id" || FAILED=$((FAILED + 1))
done

echo
echo "host kernel $(uname -r), sandbox: ${SANDBOX[*]}"
printf '%s\n' "${SUMMARY[@]}"
echo "$((${#IDS[@]} - FAILED)) passed, $FAILED failed"
((FAILED == 0))
