#!/usr/bin/env bash
# Stops the service started by scripts/quickstart.sh (pid file under the data dir).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pidfile=${BPFFORGE_DATA_DIR:-./data}/bpfforge.pid
[ -f "$pidfile" ] || { echo "not running (no $pidfile)"; exit 0; }
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  echo "stopped BPF Forge (pid $pid)"
fi
rm -f "$pidfile"
