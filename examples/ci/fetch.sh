#!/bin/sh
# On a target host: fetches the object built for this machine's kernel from a published build
# directory (see build.sh) and checks its SHA-256 before putting it in place.
#
# Usage: fetch.sh BASE OBJECT DEST
#   BASE    where the build directory was published: an http(s):// URL, file:// URL or a local path
#   OBJECT  the object's file name, e.g. execsnoop.o
#   DEST    where to put it, e.g. /usr/lib/myagent/execsnoop.o
# The kernel is `uname -r` and `uname -m` (BPFFORGE_RELEASE and BPFFORGE_ARCH override them).
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 BASE OBJECT DEST" >&2
  exit 2
fi
base=$1
object=$2
dest=$3
release=${BPFFORGE_RELEASE:-$(uname -r)}
arch=${BPFFORGE_ARCH:-$(uname -m)}
case "$arch" in
  aarch64) arch=arm64 ;;
  amd64) arch=x86_64 ;;
esac
case "$base" in
  http://*|https://*|file://*) ;;
  *) base="file://$(cd "$base" && pwd)" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 "$base/SHA256SUMS" -o "$tmp/SHA256SUMS"
want="$release/$arch/$object"
sum=$(awk -v want="$want" '$2 == want { print $1 }' "$tmp/SHA256SUMS")
if [ -z "$sum" ]; then
  echo "fetch.sh: no $object was built for this kernel ($release, $arch). The build has:" >&2
  awk '{ print "  " $2 }' "$tmp/SHA256SUMS" >&2
  exit 4
fi
curl -fsSL --retry 3 "$base/$want" -o "$tmp/$object"
(cd "$tmp" && echo "$sum  $object" | sha256sum -c --quiet)
mkdir -p "$(dirname "$dest")"
mv "$tmp/$object" "$dest"
echo "fetch.sh: $dest is $want ($sum)"
