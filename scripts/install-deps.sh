#!/usr/bin/env bash
# Installs every Debian package Canopy needs to build, test and run its demo.
# Idempotent and non-interactive. Pass --bench to add the benchmark peers.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git clang-format clang libclang-rt-14-dev
  libsimdjson-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev
  libpugixml-dev libre2-dev libcli11-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev libedit-dev libjq-dev libxxhash-dev
  python3 tmux bsdutils chromium
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(postgresql hyperfine time jq bc curl)
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
