#!/bin/sh
# Builds a BPF program for every kernel in BPFFORGE_KERNELS through a BPF Forge service and leaves
# the per-kernel directory a pipeline publishes:
#
#   OUT/<release>/<arch>/<object>   one CO-RE object per kernel
#   OUT/manifest.json               build id, source digest, per kernel: toolchain and SHA-256s
#   OUT/SHA256SUMS                  the same digests for sha256sum -c (what fetch.sh checks)
#
# Usage: build.sh SOURCE.bpf.c OUT [bpfforge compile options, e.g. -I include]
# Environment: BPFFORGE_URL, BPFFORGE_TOKEN (the service), BPFFORGE_KERNELS (RELEASE or
# RELEASE@ARCH, separated by spaces or newlines), BPFFORGE (the CLI; default: bpfforge on PATH).
# The GitHub Actions workflow and the GitLab CI job beside this script both call it.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 SOURCE.bpf.c OUT [bpfforge compile options]" >&2
  exit 2
fi
source=$1
out=$2
shift 2
bpfforge=${BPFFORGE:-bpfforge}
: "${BPFFORGE_KERNELS:?set BPFFORGE_KERNELS to the kernels to build for, e.g. \"5.10.0-32-amd64 6.1.0-50-arm64@arm64\"}"

for kernel in $BPFFORGE_KERNELS; do
  set -- "$@" --kernel "$kernel"
done

rm -rf "$out"
# Exit codes: 1 the program did not compile (file:line:col errors above), 3 the service failed.
"$bpfforge" compile "$source" -o "$out" "$@"

echo "built for:"
(cd "$out" && sed 's/^[0-9a-f]*  /  /' SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
