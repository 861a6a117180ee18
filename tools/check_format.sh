#!/usr/bin/env bash
# Fails when a C++ source differs from what clang-format (the repo's
# .clang-format) would write. Run with --fix to reformat in place.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' 2>/dev/null || find src tests bench -name '*.cc' -o -name '*.h')
[[ ${#files[@]} -eq 0 ]] && exit 0
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
