#!/usr/bin/env bash
# Builds BPF Forge's toolchain worker images, fully offline from Debian packages: no image is
# pulled from any registry.
#
#   1. host prerequisites (debootstrap, docker.io, jq) are installed if missing, and dockerd is
#      started if no daemon answers;
#   2. base images bpfforge/base:<suite> (bookworm, trixie, ... whatever the toolchains' "base"
#      fields name) are made with `debootstrap --variant=minbase` + `docker import`, then brought
#      up to date from <suite>-updates/-security; an existing base is kept unless --rebuild;
#   3. every folder worker-images/<id>/ that holds a Dockerfile and a toolchain.json is built
#      (context: worker-images/, so Dockerfiles can COPY common/) and tagged with the "image"
#      field of its toolchain.json. The versions the image really holds (read from the tools at
#      build time, in /etc/bpfforge/toolchain.json) are checked against the major.minor that
#      toolchain.json expects and set as image labels dev.bpfforge.toolchain.*.
#
# Adding a toolchain is adding a folder; this script does not change.
#
# Usage: build.sh [--rebuild] [--jobs N] [TOOLCHAIN_ID ...]     (run as root)
#   --rebuild   re-create the base images (and so every toolchain image on top of them)
#   --jobs N    toolchain images built at once (default 2; apt downloads dominate)
#   TOOLCHAIN_ID  build only these (default: all folders)
# Env: BPFFORGE_DEBIAN_MIRROR  mirror for debootstrap (default http://deb.debian.org/debian;
#      apt inside the images always uses deb.debian.org with debian-archive-keyring)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MIRROR=${BPFFORGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
REBUILD=0
JOBS=2
ONLY=()

# The classic builder needs nothing beyond Debian's docker.io (BuildKit would need buildx).
export DOCKER_BUILDKIT=0
export DEBIAN_FRONTEND=noninteractive

log() { printf '[build.sh %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[build.sh %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

while (($#)); do
	case $1 in
	--rebuild) REBUILD=1 ;;
	--jobs) JOBS=${2:?--jobs needs a number}; shift ;;
	--jobs=*) JOBS=${1#--jobs=} ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) ONLY+=("$1") ;;
	esac
	shift
done
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number, not '$JOBS'"
[[ $(id -u) == 0 ]] || die "run as root (debootstrap and the Docker daemon need it)"

T0=$SECONDS
WORK=$(mktemp -d /var/tmp/bpfforge-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------------ host prerequisites
ensure_host() {
	local -a need=()
	command -v debootstrap >/dev/null || need+=(debootstrap)
	command -v dockerd >/dev/null || need+=(docker.io)
	command -v docker >/dev/null || need+=(docker.io)
	command -v jq >/dev/null || need+=(jq)
	[[ -r $KEYRING ]] || need+=(debian-archive-keyring)
	if ((${#need[@]})); then
		log "installing on the host: ${need[*]}"
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	fi
}

docker_up() { docker info >/dev/null 2>&1; }

ensure_docker() {
	docker_up && return 0
	if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
		systemctl start docker >/dev/null 2>&1 || true
	fi
	if ! docker_up && ! pgrep -x dockerd >/dev/null; then
		log "starting dockerd (log: /var/log/dockerd.log)"
		# in a subshell, so the daemon is no job of this script (run_jobs waits for its own)
		(setsid nohup dockerd >>/var/log/dockerd.log 2>&1 </dev/null &)
	fi
	local i
	for ((i = 0; i < 90; i++)); do
		docker_up && { log "Docker daemon $(docker version -f '{{.Server.Version}}') is up"; return 0; }
		sleep 1
	done
	tail -n 20 /var/log/dockerd.log >&2 2>/dev/null || true
	die "the Docker daemon did not answer within 90 s"
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# ------------------------------------------------------------------ base images
# unmount whatever a (failed) debootstrap left mounted under $1, deepest first
umount_under() {
	local m
	awk -v r="$1" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/self/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

apt_sources() { # <suite>: deb822 sources for the image, deb.debian.org + the archive keyring
	local suite=$1 suites=$1
	if [[ $suite != sid && $suite != unstable ]]; then
		suites="$suite $suite-updates $suite-backports"
	fi
	cat <<EOF
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	if [[ $suite != sid && $suite != unstable ]]; then
		cat <<EOF

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	fi
}

configure_rootfs() { # <suite> <root>
	local suite=$1 root=$2
	rm -f "$root/etc/apt/sources.list"
	apt_sources "$suite" >"$root/etc/apt/sources.list.d/debian.sources"
	# backports (and any other suite) only by explicit pin or -t, never by default
	cat >"$root/etc/apt/apt.conf.d/90bpfforge" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::Retries "3";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
EOF
	# no docs, man pages or translations in images (copyright files stay)
	mkdir -p "$root/etc/dpkg/dpkg.cfg.d"
	cat >"$root/etc/dpkg/dpkg.cfg.d/90bpfforge-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
	# no service may start during a build
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	find "$root/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete 2>/dev/null || true
	rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* \
		"$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
		"$root"/var/log/* "$root/etc/resolv.conf" "$root/etc/hostname"
	: >"$root/etc/machine-id"
}

build_base() { # <suite>; runs in its own subshell
	local suite=$1 tag=bpfforge/base:$1 root script=()
	local t0=$SECONDS old
	old=$(image_id "$tag")
	if [[ -n $old && $REBUILD == 0 ]]; then
		log "base $tag exists, kept (--rebuild to re-create)"
		echo 0 >"$WORK/base-$suite.secs"
		return 0
	fi
	root=$(mktemp -d "/var/tmp/bpfforge-rootfs-$suite.XXXXXX")
	# shellcheck disable=SC2064
	trap "umount_under '$root'; rm -rf --one-file-system '$root'" EXIT
	# debootstrap knows a suite by its script; a suite newer than the host's debootstrap
	# gets sid's script (every Debian release since buster bootstraps the same way)
	[[ -e /usr/share/debootstrap/scripts/$suite ]] || script=(/usr/share/debootstrap/scripts/sid)
	log "base $tag: debootstrap --variant=minbase $suite from $MIRROR ${script[*]:+(script ${script[*]})}"
	debootstrap --variant=minbase --components=main --keyring="$KEYRING" \
		"$suite" "$root" "$MIRROR" "${script[@]}"
	umount_under "$root"
	configure_rootfs "$suite" "$root"
	log "base $tag: docker import"
	local rootfs_id
	rootfs_id=$(tar --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' \
		-C "$root" -c . |
		docker import \
			--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
			--change 'ENV LANG=C.UTF-8' \
			--change 'CMD ["/bin/bash"]' \
			--message "debootstrap --variant=minbase $suite" -)
	umount_under "$root"
	rm -rf --one-file-system "$root"
	# security and point-release updates on top of what debootstrap took from the suite itself
	log "base $tag: apt-get dist-upgrade from $suite-updates/-security"
	docker build --rm --force-rm -t "$tag" \
		--label "dev.bpfforge.base.suite=$suite" \
		--label "dev.bpfforge.base.made-by=debootstrap --variant=minbase" - <<EOF
FROM $rootfs_id
RUN set -eux; apt-get update; apt-get -y dist-upgrade; apt-get clean; rm -rf /var/lib/apt/lists/* /var/log/apt /var/log/dpkg.log
EOF
	echo $((SECONDS - t0)) >"$WORK/base-$suite.secs"
	[[ -n $old && $old != "$(image_id "$tag")" ]] && echo "$old" >>"$WORK/old-ids"
	return 0
}

# ------------------------------------------------------------------ toolchain images
json() { jq -er "$2" "$1"; } # <file> <filter>: value, failing when missing/null

check_toolchain_dir() { # <id>: toolchain.json sane, Dockerfile on the right base
	local id=$1 dir=$HERE/$1 base from
	jq -e --arg id "$id" '
		(.id == $id) and (.image | type == "string" and test(":")) and (.base | type == "string")
		and ([.clang, .libbpf, .bpftool, .pahole] | all(type == "string"))
		and (.arches | type == "array" and length > 0)' "$dir/toolchain.json" >/dev/null ||
		die "$id/toolchain.json: needs id (= folder name), image (name:tag), base, clang, libbpf, bpftool, pahole (strings) and arches"
	base=$(json "$dir/toolchain.json" .base)
	from=$(awk 'toupper($1) == "FROM" {print $2; exit}' "$dir/Dockerfile")
	[[ $from == "bpfforge/base:$base" ]] ||
		die "$id/Dockerfile starts FROM $from, but toolchain.json says base \"$base\" (want FROM bpfforge/base:$base)"
}

build_toolchain() { # <id>; runs in its own subshell, output to its log
	local id=$1 dir=$HERE/$1 t0=$SECONDS image old iid real mismatch
	image=$(json "$dir/toolchain.json" .image)
	old=$(image_id "$image")
	log "toolchain $id -> $image"
	docker build --rm --force-rm --iidfile "$WORK/$id.iid" -f "$dir/Dockerfile" "$HERE"
	iid=$(cat "$WORK/$id.iid")
	# what the image really holds, as recorded at build time from the tools themselves
	real=$WORK/$id.real.json
	docker run --rm --network none --user 10001 "$iid" cat /etc/bpfforge/toolchain.json >"$real"
	jq . "$real"
	mismatch=$(jq -rn --slurpfile e "$dir/toolchain.json" --slurpfile r "$real" '
		$e[0] as $e | $r[0] as $r
		| ["clang", "libbpf", "bpftool", "pahole", "base"][]
		| select(($r[.] // "") as $v | ($e[.]) as $x | ($v == $x or ($v | startswith($x + "."))) | not)
		| "\(.): toolchain.json expects \($e[.]), the image has \($r[.] // "nothing")"')
	if [[ -n $mismatch ]]; then
		printf '%s\n' "$mismatch" >&2
		die "$id: installed versions differ from toolchain.json (fix the Dockerfile or the expectation)"
	fi
	# labels from the real versions: a metadata-only image on top (one LABEL, no layer), which
	# the build cache hands back unchanged on a re-run
	{
		printf 'FROM %s\n' "$iid"
		jq -r --slurpfile e "$dir/toolchain.json" '
			$e[0] as $e | {
				"dev.bpfforge.toolchain.id": .id,
				"dev.bpfforge.toolchain.image": $e.image,
				"dev.bpfforge.toolchain.base": .base,
				"dev.bpfforge.toolchain.arches": ($e.arches | join(",")),
				"dev.bpfforge.toolchain.clang": .clang,
				"dev.bpfforge.toolchain.libbpf": .libbpf,
				"dev.bpfforge.toolchain.bpftool": .bpftool,
				"dev.bpfforge.toolchain.bpftool-libbpf": .bpftoolLibbpf,
				"dev.bpfforge.toolchain.pahole": .pahole,
				"dev.bpfforge.toolchain.gcc": .gcc,
				"dev.bpfforge.toolchain.system-includes": (.systemIncludes | join(":")),
				"org.opencontainers.image.title": "BPF Forge toolchain \(.id)"
			} | "LABEL " + (to_entries | map("\(.key | @json)=\(.value | @json)") | join(" \\\n      "))' "$real"
	} >"$WORK/$id.labels.Dockerfile"
	cat "$WORK/$id.labels.Dockerfile"
	docker build --rm -q -t "$image" - <"$WORK/$id.labels.Dockerfile" >/dev/null
	[[ -n $old && $old != "$(image_id "$image")" ]] && echo "$old" >>"$WORK/old-ids"
	echo $((SECONDS - t0)) >"$WORK/$id.secs"
	log "toolchain $id done in $((SECONDS - t0)) s"
}

# run "<name> <function> <arg>" jobs, at most $1 at once; each logs to $WORK/<name>.log.
# Fails (after all have ended) when any failed, showing the end of its log.
run_jobs() {
	local max=$1; shift
	local spec name fn arg pid failed=0
	local -a names=() pids=()
	alive() { local p n=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo "$n"; }
	for spec in "$@"; do
		read -r name fn arg <<<"$spec"
		while (($(alive) >= max)); do sleep 1; done
		log "started $name"
		# the inner subshell is not a condition, so errexit works in it; its status goes to a file
		( set +e; ( set -euo pipefail; "$fn" "$arg" ) >"$WORK/$name.log" 2>&1; echo $? >"$WORK/$name.rc" ) &
		names+=("$name") pids+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid" || true; done
	for name in "${names[@]}"; do
		if [[ $(cat "$WORK/$name.rc" 2>/dev/null) == 0 ]]; then
			grep -h '^\[build.sh' "$WORK/$name.log" || true
		else
			failed=1
			echo "---- $name FAILED; end of its log:" >&2
			tail -n 60 "$WORK/$name.log" >&2
			cp "$WORK/$name.log" "/var/tmp/bpfforge-build-$name.log" &&
				echo "---- full log: /var/tmp/bpfforge-build-$name.log" >&2
		fi
	done
	return $failed
}

human() { numfmt --to=si --suffix=B --format='%.1f' "$1"; }

# ------------------------------------------------------------------ main
ensure_host
ensure_docker

TOOLCHAINS=()
for d in "$HERE"/*/; do
	id=$(basename "$d")
	[[ -f $d/Dockerfile && -f $d/toolchain.json ]] || continue
	if ((${#ONLY[@]})) && ! printf '%s\n' "${ONLY[@]}" | grep -qxF "$id"; then continue; fi
	check_toolchain_dir "$id"
	TOOLCHAINS+=("$id")
done
for id in "${ONLY[@]}"; do
	[[ -f $HERE/$id/Dockerfile && -f $HERE/$id/toolchain.json ]] || die "no toolchain folder $HERE/$id (Dockerfile + toolchain.json)"
done
((${#TOOLCHAINS[@]})) || die "no toolchain folders (<id>/Dockerfile + <id>/toolchain.json) in $HERE"

mapfile -t BASES < <(for id in "${TOOLCHAINS[@]}"; do jq -r .base "$HERE/$id/toolchain.json"; done | sort -u)
log "bases: ${BASES[*]}; toolchains: ${TOOLCHAINS[*]} (jobs: $JOBS)"

specs=()
for b in "${BASES[@]}"; do specs+=("base-$b build_base $b"); done
run_jobs "${#BASES[@]}" "${specs[@]}" || die "base image build failed"

specs=()
for id in "${TOOLCHAINS[@]}"; do specs+=("$id build_toolchain $id"); done
run_jobs "$JOBS" "${specs[@]}" || die "toolchain image build failed"

# images replaced by this run: drop them unless still in use (a running container, a child)
if [[ -s $WORK/old-ids ]]; then
	while read -r old; do docker rmi "$old" >/dev/null 2>&1 || true; done < <(tac "$WORK/old-ids")
fi

echo
printf '%-44s %10s %10s\n' IMAGE SIZE "BUILD (s)"
for b in "${BASES[@]}"; do
	printf '%-44s %10s %10s\n' "bpfforge/base:$b" "$(human "$(docker image inspect -f '{{.Size}}' "bpfforge/base:$b")")" \
		"$(cat "$WORK/base-$b.secs")"
done
for id in "${TOOLCHAINS[@]}"; do
	image=$(jq -r .image "$HERE/$id/toolchain.json")
	printf '%-44s %10s %10s\n' "$image" "$(human "$(docker image inspect -f '{{.Size}}' "$image")")" "$(cat "$WORK/$id.secs")"
done
echo "total: $((SECONDS - T0)) s"
