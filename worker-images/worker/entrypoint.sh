#!/bin/sh
# Starts the worker JVM under tini (pid 1, which reaps orphans); both run as root, so another uid
# cannot read their environment (/proc/<pid>/environ). Runs as root with only CAP_SETUID/CAP_SETGID
# in Kubernetes; the tools run as forge-tools (uid 10002) through the setpriv sandbox.
set -eu
# Everything the worker writes (caches, job dirs, logs) is owner-only; the sandbox opens exactly the
# job's own files to the tools' user.
umask 077
# /forge holds the job's fixed paths as symlinks: the tools' user must not be able to change them,
# even when /forge is a world-writable emptyDir (readOnlyRootFilesystem); the data dir may be
# traversed, never listed.
chmod 0755 /forge
mkdir -p "$BPFFORGE_DATA_DIR"
chmod 0711 "$BPFFORGE_DATA_DIR"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar /opt/bpfforge/bpfforge-service.jar "$@"
