#!/usr/bin/env bash
# Runs every test: unit tests (Surefire), integration tests (Failsafe: embedded PostgreSQL, real
# clang/bpftool under bubblewrap, the Docker executor with the worker images, worker processes
# killed mid-job, the running kernel's verifier, Testcontainers PostgreSQL and worker containers,
# helm lint/template of the chart), then the docker-compose stack end to end.
# Installs and starts what they need first (packages, dockerd, the worker images).
# As root on Debian 12; ../shared (kernel BTF fixtures) must sit beside the project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-prereqs.sh
bash scripts/install-helm.sh          # helm 3.17 for the chart's lint/template test (HelmChartIT)
bash worker-images/build.sh           # installs docker.io and starts dockerd when missing
export TESTCONTAINERS_RYUK_DISABLED=true
mvn -B verify "$@"
bash scripts/compose-smoke.sh
