#!/usr/bin/env bash
# Compiles every example with curl against a running BPF Forge, the way a user would.
#
# Usage: examples/compile.sh [KERNEL_RELEASE] [OUT_DIR]
#   KERNEL_RELEASE  a release in the catalog (GET /v1/kernels); default: this machine's (uname -r)
#   OUT_DIR         where <example>.o files go; default: ./out/<release>
# Env: BPFFORGE_URL (default http://localhost:8080), BPFFORGE_TOKEN (a user or admin token;
#      default: the embedded default's ./data/admin-token)
set -euo pipefail

url=${BPFFORGE_URL:-http://localhost:8080}
token=${BPFFORGE_TOKEN:-$(cat "${BPFFORGE_DATA_DIR:-./data}/admin-token" 2>/dev/null || true)}
[ -n "$token" ] || { echo "set BPFFORGE_TOKEN to a BPF Forge token (the embedded default writes one to data/admin-token)" >&2; exit 2; }
kernel=${1:-$(uname -r)}
out=${2:-out/$kernel}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"

failed=0
for dir in "$here"/*/; do
  name=$(basename "$dir")
  [ -f "$dir/$name.bpf.c" ] || continue
  # Every file of the example is sent with its path inside the example as the part's filename.
  args=()
  while IFS= read -r -d '' f; do
    rel=${f#"$dir"}
    args+=(-F "file=@$f;filename=$rel")
  done < <(find "$dir" -type f -print0 | sort -z)
  [ -d "$dir/include" ] && args+=(-F include=include)
  if curl -sS --fail-with-body -o "$out/$name.o" -D "$out/$name.headers" -H "Authorization: Bearer $token" \
      "${args[@]}" -F "entry=$name.bpf.c" -F "kernel=$kernel" "$url/v1/compile"; then
    cache=$(sed -n 's/^[Xx]-[Bb]pf[Ff]orge-[Cc]ache: *\([a-z]*\).*/\1/p' "$out/$name.headers")
    echo "  $name.o  $(stat -c %s "$out/$name.o") bytes  (cache $cache)"
    rm -f "$out/$name.headers"
  else
    echo "  $name: FAILED"; cat "$out/$name.o"; echo; rm -f "$out/$name.o" "$out/$name.headers"
    failed=1
  fi
done
exit $failed
