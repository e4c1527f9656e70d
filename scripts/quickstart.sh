#!/usr/bin/env bash
# One command from a fresh Debian 12 machine (as root) to a running BPF Forge and the bundled
# examples compiled for this machine's kernel:
#   installs the prerequisites, builds the service, starts it in the background on port 8080
#   with its embedded default (PostgreSQL, blobs, log and pid file under ./data/), then compiles
#   examples/* with curl into ./out/<kernel release>/. Every request needs a bearer token: the
#   first start writes an admin token to ./data/admin-token (or set BPFFORGE_ADMIN_TOKEN).
# Stop it with scripts/stop.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-prereqs.sh
echo "building the service (mvn package)..."
mvn -B -q -DskipTests package

data=${BPFFORGE_DATA_DIR:-./data}
port=${SERVER_PORT:-8080}
mkdir -p "$data"
bash scripts/stop.sh >/dev/null 2>&1 || true
BPFFORGE_DATA_DIR=$data SERVER_PORT=$port nohup java -jar service/target/bpfforge-service.jar \
  >"$data/bpfforge.log" 2>&1 &
echo $! >"$data/bpfforge.pid"

echo -n "starting BPF Forge on port $port (pid $(cat "$data/bpfforge.pid"), log $data/bpfforge.log)"
for _ in $(seq 1 180); do
  if curl -sf "http://localhost:$port/actuator/health" >/dev/null; then break; fi
  if ! kill -0 "$(cat "$data/bpfforge.pid")" 2>/dev/null; then
    echo; echo "the service exited; the end of its log:"; tail -30 "$data/bpfforge.log"; exit 1
  fi
  echo -n .; sleep 1
done
echo
curl -sf "http://localhost:$port/actuator/health" >/dev/null || { echo "not healthy after 180 s; see $data/bpfforge.log"; exit 1; }

# The admin token: the one configured, else the one the first start wrote (just after it is healthy).
token=${BPFFORGE_ADMIN_TOKEN:-}
if [ -z "$token" ]; then
  for _ in $(seq 1 30); do [ -s "$data/admin-token" ] && break; sleep 1; done
  [ -s "$data/admin-token" ] || { echo "no admin token in $data/admin-token; see $data/bpfforge.log"; exit 1; }
  token=$(cat "$data/admin-token")
fi

release=$(uname -r)
echo "compiling the examples for this machine's kernel ($release):"
BPFFORGE_URL=http://localhost:$port BPFFORGE_TOKEN=$token bash examples/compile.sh "$release" "out/$release"
echo
echo "BPF Forge is running at http://localhost:$port (stop: scripts/stop.sh)."
echo "The CO-RE objects are in out/$release/. Compile your own (the admin token is in $data/admin-token;"
echo "make others with POST /v1/tokens, see README):"
echo "  export BPFFORGE_TOKEN=\$(cat $data/admin-token)"
echo "  curl --fail-with-body -H \"Authorization: Bearer \$BPFFORGE_TOKEN\" -F file=@bpf.c -F kernel=$release http://localhost:$port/v1/compile -o bpf.o"
