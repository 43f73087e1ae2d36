#!/usr/bin/env bash
# Sets up the machine (Debian packages) and runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --workspace --no-fail-fast -j 2 "$@"
