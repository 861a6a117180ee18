#!/usr/bin/env bash
# Configures and builds one flavour of Canopy with CMake + Ninja (+ ccache).
#   scripts/build.sh [release|asan]   → build/ or build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
jobs=${CANOPY_JOBS:-$(nproc)}
# Let ccache share results between checkouts in different directories.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
case "$flavour" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DCANOPY_SANITIZE=ON -DCANOPY_BENCH=OFF) ;;
  *) echo "usage: $0 [release|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DCANOPY_WERROR=ON "${flags[@]}" >/dev/null
ninja -C "$dir" -j "$jobs"
