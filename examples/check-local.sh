#!/usr/bin/env bash
# Verify the example BPF programs locally, the way BPF Forge builds them.
#
#   a) host kernel: vmlinux.h from /sys/kernel/btf/vmlinux, compile every example
#      with the service's flags (zero warnings under -Wall), then load each
#      object into the running kernel's verifier with `bpftool prog loadall`
#      (needs root and bpffs at /sys/fs/bpf) and print what got loaded;
#   b) every target BTF in $BTF_DIR (*.btf.xz / *.btf, named <release>.btf[.xz],
#      arch from "-arm64"/"-aarch64" in the name, x86 otherwise): vmlinux.h from
#      that BTF, compile, check the object has .BTF and .BTF.ext, and resolve its
#      CO-RE relocations against that kernel's BTF with
#      `bpftool -d gen min_core_btf` (what the service runs to ship a minimized
#      BTF); every relocation must find a matching target, none may be poisoned.
#      Amd64 targets also relocate the host-compiled object ("compile once, run
#      everywhere": the real CO-RE case).
#
# Writes nothing inside the repository: everything goes to a mktemp dir.
#
# Usage: examples/check-local.sh [example ...]        (default: all five)
# Env:   BTF_DIR   target BTF files     (default: <repo>/../shared/btf; skipped if absent)
#        SKIP_LOAD=1  skip step a)'s verifier load (e.g. not root)
#        CLANG, BPFTOOL, READELF       tool overrides
#        KEEP_TMP=1   keep the temp dir and print its path
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BTF_DIR=${BTF_DIR:-$REPO/../shared/btf}
CLANG=${CLANG:-clang}
BPFTOOL=${BPFTOOL:-bpftool}
if [[ -z ${READELF:-} ]]; then
	for c in llvm-readelf llvm-readelf-14 readelf; do
		if command -v "$c" >/dev/null; then READELF=$c; break; fi
	done
fi
: "${READELF:?need llvm-readelf or readelf}"

ALL=(execsnoop unlinksnoop mallocsnoop usdtsnoop xdpcount)
if (($#)); then EXAMPLES=("$@"); else EXAMPLES=("${ALL[@]}"); fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bpfforge-examples.XXXXXX")
PIN_PREFIX=/sys/fs/bpf/bpfforge-check-$$
cleanup() {
	rm -rf "$PIN_PREFIX"-* 2>/dev/null || true
	if [[ ${KEEP_TMP:-0} == 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

FAILED=0 PASSED=0
pass() { PASSED=$((PASSED + 1)); echo "  ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $*"; }

# System includes, as the service passes them: clang's own resource dir and
# /usr/include after everything else. The multiarch dir (/usr/include/x86_64-linux-gnu
# on Debian x86_64) is appended as well: <bpf/usdt.bpf.h> includes <linux/errno.h>,
# which includes <asm/errno.h>, and on Debian/Ubuntu that lives only in the
# multiarch dir (clang -target bpf does not search it by itself). libbpf-bootstrap
# gets the same list from `clang -v -E - </dev/null`. The asm/errno.h values are
# the asm-generic ones on both x86_64 and arm64, so this is right for both targets.
RES_INC=$("$CLANG" -print-resource-dir)/include
SYS_INC=(-idirafter "$RES_INC" -idirafter /usr/include)
MULTIARCH=$(gcc -dumpmachine 2>/dev/null || "$CLANG" -print-target-triple 2>/dev/null || true)
MULTIARCH=${MULTIARCH/-pc-/-}   # clang prints x86_64-pc-linux-gnu, Debian uses x86_64-linux-gnu
if [[ -n $MULTIARCH && -d /usr/include/$MULTIARCH ]]; then
	SYS_INC+=(-idirafter "/usr/include/$MULTIARCH")
fi

# compile <example> <arch: x86|arm64> <dir with vmlinux.h> <out.o>; prints the command
compile() {
	local name=$1 arch=$2 vmdir=$3 out=$4 src_dir=$HERE/$1
	local -a user_inc=()
	[[ -d $src_dir/include ]] && user_inc=(-I "$src_dir/include")
	local -a cmd=("$CLANG" -g -O2 -target bpf "-D__TARGET_ARCH_$arch" -mcpu=v3 -Wall
		"${user_inc[@]}" -I "$vmdir" "${SYS_INC[@]}"
		-c "$src_dir/$name.bpf.c" -o "$out")
	echo "  \$ ${cmd[*]}"
	if ! "${cmd[@]}" 2>"$out.log"; then
		sed 's/^/    /' "$out.log"
		return 1
	fi
	if [[ -s $out.log ]]; then # -Wall must be silent
		sed 's/^/    /' "$out.log"
		rm -f "$out" # so that no later step uses it
		return 2
	fi
}

check_sections() { # <obj>
	local secs
	secs=$("$READELF" -S -W "$1")
	grep -qE '[[:space:]]\.BTF[[:space:]]' <<<"$secs" && grep -qE '[[:space:]]\.BTF\.ext[[:space:]]' <<<"$secs"
}

# core_relos <obj> <target btf> <min btf out>: resolve the object's CO-RE
# relocations against a target BTF; prints "<matched> <unmatched>".
core_relos() {
	local log=$3.log
	if ! "$BPFTOOL" -d gen min_core_btf "$2" "$3" "$1" >"$log" 2>&1; then
		echo "error"
		return
	fi
	local ok bad
	ok=$(grep -cE 'relo #[0-9]+: matching candidate #' "$log" || true)
	bad=$(grep -ciE 'relo #[0-9]+: (no matching targets|failed|.*substituting insn)' "$log" || true)
	echo "$ok $bad"
}

# ---------------------------------------------------------------- a) host kernel
echo "== a) host kernel $(uname -r) ($(uname -m))"
HOST_ARCH=x86
case $(uname -m) in aarch64 | arm64) HOST_ARCH=arm64 ;; esac
mkdir -p "$TMP/host"
if [[ ! -r /sys/kernel/btf/vmlinux ]]; then
	fail "host: /sys/kernel/btf/vmlinux missing (kernel without CONFIG_DEBUG_INFO_BTF)"
else
	"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c >"$TMP/host/vmlinux.h"
	can_load=1
	if [[ ${SKIP_LOAD:-0} == 1 ]]; then
		can_load=0; echo "  (SKIP_LOAD=1: not loading)"
	elif [[ $(id -u) != 0 ]]; then
		can_load=0; fail "host: loading needs root (or run with SKIP_LOAD=1)"
	elif [[ $(stat -f -c %T /sys/fs/bpf 2>/dev/null) != bpf_fs ]]; then
		can_load=0; fail "host: /sys/fs/bpf is not bpffs (mount -t bpf bpf /sys/fs/bpf)"
	fi
	for ex in "${EXAMPLES[@]}"; do
		echo "- $ex"
		obj=$TMP/host/$ex.o
		if ! compile "$ex" "$HOST_ARCH" "$TMP/host" "$obj"; then
			fail "$ex: host compile (errors or warnings above)"; continue
		fi
		if check_sections "$obj"; then pass "$ex: .BTF and .BTF.ext present"; else fail "$ex: .BTF/.BTF.ext missing"; fi
		((can_load)) || continue
		pin=$PIN_PREFIX-$ex
		if "$BPFTOOL" prog loadall "$obj" "$pin" >"$obj.load.log" 2>&1; then
			for p in "$pin"/*; do
				info=$("$BPFTOOL" -j prog show pinned "$p")
				# bytes_xlated / 8 = instructions after the verifier's rewrites
				summary=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%s %s: %d insns xlated (%d B), %d B jited" % (d["type"], d["name"], d["bytes_xlated"]//8, d["bytes_xlated"], d.get("bytes_jited",0)))' "$info" 2>/dev/null ||
					"$BPFTOOL" prog show pinned "$p" | head -1)
				pass "$ex: verifier accepted $summary"
			done
		else
			sed 's/^/    /' "$obj.load.log" | tail -40
			fail "$ex: bpftool prog loadall (verifier log above)"
		fi
		rm -rf "$pin"
	done
fi

# ------------------------------------------------------------- b) target kernels
echo
if [[ ! -d $BTF_DIR ]]; then
	echo "== b) skipped: no BTF dir $BTF_DIR (set BTF_DIR)"
else
	shopt -s nullglob
	for btf_src in "$BTF_DIR"/*.btf.xz "$BTF_DIR"/*.btf; do
		release=$(basename "$btf_src"); release=${release%.xz}; release=${release%.btf}
		arch=x86
		case $release in *-arm64* | *-aarch64*) arch=arm64 ;; esac
		echo "== b) target $release (-D__TARGET_ARCH_$arch)"
		dir=$TMP/$release
		mkdir -p "$dir"
		if [[ $btf_src == *.xz ]]; then xz -dc "$btf_src" >"$dir/vmlinux.btf"; else cp "$btf_src" "$dir/vmlinux.btf"; fi
		"$BPFTOOL" btf dump file "$dir/vmlinux.btf" format c >"$dir/vmlinux.h"
		for ex in "${EXAMPLES[@]}"; do
			echo "- $ex"
			obj=$dir/$ex.o
			# the host-built object on this target: same arch only (pt_regs differs per arch)
			if [[ $arch == "$HOST_ARCH" && -f $TMP/host/$ex.o ]]; then
				read -r ok bad < <(core_relos "$TMP/host/$ex.o" "$dir/vmlinux.btf" "$dir/$ex.host.min.btf")
				if [[ $ok != error && $bad == 0 && $ok != 0 ]]; then
					pass "$ex: host-built object relocates against $release ($ok relocations)"
				else
					grep -iE 'no matching|substituting|failed' "$dir/$ex.host.min.btf.log" | sed 's/^/    /'
					fail "$ex: host-built object against $release: matched=$ok unresolved=$bad"
				fi
			fi
			if ! compile "$ex" "$arch" "$dir" "$obj"; then
				fail "$ex@$release: compile (errors or warnings above)"; continue
			fi
			if check_sections "$obj"; then
				pass "$ex@$release: .BTF and .BTF.ext present"
			else
				fail "$ex@$release: .BTF/.BTF.ext missing"
			fi
			read -r ok bad < <(core_relos "$obj" "$dir/vmlinux.btf" "$obj.min.btf")
			if [[ $ok == error ]]; then
				sed 's/^/    /' "$obj.min.btf.log" | tail -20; fail "$ex@$release: min_core_btf failed"
			elif [[ $bad != 0 ]]; then
				grep -iE 'no matching|substituting|failed' "$obj.min.btf.log" | sed 's/^/    /'
				fail "$ex@$release: $bad CO-RE relocation(s) unresolved"
			elif [[ $ok == 0 ]]; then
				fail "$ex@$release: no CO-RE relocation at all (expected struct reads via CO-RE)"
			else
				pass "$ex@$release: $ok CO-RE relocations, all resolved:$(grep -oE 'matching candidate #0 <[a-z_]+> \[[0-9]+\] [a-z]+ [A-Za-z0-9_]+\.[A-Za-z0-9_.]+' "$obj.min.btf.log" | awk '{print $NF}' | sort -u | tr '\n' ' ' | sed 's/^/ /')"
			fi
		done
	done
fi

echo
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
