#!/usr/bin/env bash
# Installs what BPF Forge needs on a Debian 12 host, as root. Idempotent: a second run is quick.
#
# Why bookworm-backports: Debian 12's own libbpf 1.1 and bpftool 7.1 lack what current BPF programs
# use (BPF_UPROBE, bpf_ksym_exists, kfunc declarations in vmlinux.h). Backports carries libbpf 1.4
# and bpftool 7.5 from the same mirror and keyring, so nothing outside Debian is fetched.
set -euo pipefail

need_root() { [ "$(id -u)" = 0 ] || { echo "install-prereqs: run as root" >&2; exit 2; }; }
need_root

export DEBIAN_FRONTEND=noninteractive
src=/etc/apt/sources.list.d/bpfforge-bookworm-backports.sources
if [ ! -f "$src" ]; then
  cat >"$src" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_updated=
fi

packages=(clang llvm bubblewrap openjdk-17-jdk-headless maven curl ca-certificates python3
  # kernel images and packages the catalog reads, and the tools its tests cross-check with
  gcc binutils dwarves rpm cpio lz4 zstd bzip2 xz-utils
  # the Coolbpf protocol test posts /lbc from Python, as Coolbpf's own client does
  python3)
backports=(libbpf-dev bpftool)

have_all() {
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || return 1; done
  # libbpf >= 1.4 and bpftool >= 7.5 are the whole point: an older one installed counts as missing.
  dpkg --compare-versions "$(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || echo 0)" ge 1:1.4 || return 1
  dpkg --compare-versions "$(dpkg-query -W -f='${Version}' bpftool 2>/dev/null || echo 0)" ge 7.5 || return 1
}

if ! have_all; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  apt-get install -y -qq --no-install-recommends -t bookworm-backports "${backports[@]}" >/dev/null
fi

# The loader .so step of the local executor (bpfforge-link-so under /usr/local, the only host tree
# the sandbox shows) and its static PIC libbpf/libelf/zlib, x86_64 and arm64 (cross compiled):
# rebuilt only when the installed libbpf/libelf/zlib versions change.
bash "$(dirname "${BASH_SOURCE[0]}")/../worker-images/loader/install" x86_64 arm64

# The verifier tests load objects through bpffs.
if [ -d /sys/fs/bpf ] && ! mountpoint -q /sys/fs/bpf; then
  mount -t bpf bpf /sys/fs/bpf || echo "install-prereqs: could not mount bpffs" >&2
fi
# libbpf attaches tracepoint programs (examples/execsnoop through its loader .so) by reading the
# tracepoint's id from tracefs.
if [ -d /sys/kernel/tracing ] && ! mountpoint -q /sys/kernel/tracing; then
  mount -t tracefs tracefs /sys/kernel/tracing || echo "install-prereqs: could not mount tracefs" >&2
fi

echo "install-prereqs: clang $(clang --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -1)," \
  "libbpf $(dpkg-query -W -f='${Version}' libbpf-dev), $(bpftool --version | head -1), bwrap $(bwrap --version | awk '{print $2}')"
