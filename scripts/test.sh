#!/usr/bin/env bash
# Runs every test: unit tests (Surefire) and integration tests (Failsafe: embedded PostgreSQL,
# real clang/bpftool under bubblewrap, the running kernel's verifier). Installs what they need
# first. As root on Debian 12; ../shared (kernel BTF fixtures) must sit beside the project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-prereqs.sh
mvn -B verify "$@"
