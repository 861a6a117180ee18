#!/usr/bin/env bash
# Installs what Canopy needs, builds it and runs the built-in demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh release >/dev/null
exec build/src/cli/canopy demo "$@"
