#!/bin/sh
# Runs the service jar as the unprivileged user bpfforge. Started as root (the compose workers
# are, see docker-compose.yml), it first drops to bpfforge, adding the group that owns a mounted
# /var/run/docker.sock so the Docker executor can use the socket whatever its gid on this host.
set -eu
if [ "$(id -u)" = 0 ]; then
	if [ -S /var/run/docker.sock ]; then
		set -- --groups "$(stat -c %g /var/run/docker.sock)" -- "$0" "$@"
	else
		set -- --clear-groups -- "$0" "$@"
	fi
	chown bpfforge:bpfforge /data 2>/dev/null || true
	exec setpriv --reuid=bpfforge --regid=bpfforge --no-new-privs "$@"
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar /opt/bpfforge/bpfforge-service.jar "$@"
