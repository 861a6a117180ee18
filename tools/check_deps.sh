#!/usr/bin/env bash
# Checks that components include only the components below them:
#   core <- model <- store <- graph <- query <- command <- report/server
#   render <- model, core;  collect <- model, core;  cli <- everything.
set -euo pipefail
cd "$(dirname "$0")/../src"

allowed() {
  case "$1" in
    core) echo "core" ;;
    model) echo "core model" ;;
    store) echo "core model store" ;;
    graph) echo "core model store graph" ;;
    query) echo "core model store graph query" ;;
    render) echo "core model render" ;;
    command) echo "core model store graph query render command" ;;
    report) echo "core model store graph query render command report" ;;
    server) echo "core model store graph query render command report server" ;;
    collect) echo "core model collect" ;;
    cli) echo "core model store graph query render command report server collect cli" ;;
    *) echo "" ;;
  esac
}

bad=0
for dir in */; do
  comp=${dir%/}
  ok=$(allowed "$comp")
  if [[ -z "$ok" ]]; then
    echo "check_deps: unknown component src/$comp (add it to tools/check_deps.sh)"
    bad=1
    continue
  fi
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"${line#*:}")
    if [[ " $ok " != *" $inc "* ]]; then
      echo "check_deps: src/$file includes \"$inc/…\", but $comp may only use: $ok"
      bad=1
    fi
  done < <(grep -rHE '^#include "[a-z_]+/' "$comp" || true)
done
exit $bad
