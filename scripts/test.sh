#!/usr/bin/env bash
# The whole test suite: installs dependencies, checks the source tree,
# builds with -Werror, runs every test, then runs them again under
# AddressSanitizer + UndefinedBehaviorSanitizer.
#   CANOPY_TEST_LABELS=unit scripts/test.sh   runs only tests with that label
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
tools/check_deps.sh
tools/check_format.sh
label_args=()
if [[ -n "${CANOPY_TEST_LABELS:-}" ]]; then label_args=(-L "$CANOPY_TEST_LABELS"); fi

./scripts/build.sh release
(cd build && ctest -j "$(nproc)" --output-on-failure --timeout 600 "${label_args[@]}")

./scripts/build.sh asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest -j "$(nproc)" --output-on-failure --timeout 900 "${label_args[@]}")

# The query parser under libFuzzer: a fixed number of inputs from a fixed
# seed, so that every run checks the same inputs (scripts/fuzz.sh SECONDS
# explores further).
./scripts/fuzz.sh --runs "${CANOPY_FUZZ_RUNS:-300000}"
