#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) in
# build-fuzz/ and runs them: the query parser fuzzer, seeded with the parser
# test cases, then the fuzzer of the AWS answer parsers (config files, the
# credential report, error answers), seeded with the recorded answers.
# A crash, leak, timeout or failed check fails.
#   scripts/fuzz.sh [SECONDS]      explore for that long (default 60), random seed
#   scripts/fuzz.sh --runs N       exactly N inputs from a fixed seed: the same
#                                  inputs every time (what the test suite runs)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time="${1:-60}")
if [[ "${1:-}" == "--runs" ]]; then limit=(-runs="${2:?--runs needs a number}" -seed=1); fi
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCANOPY_FUZZ=ON -DCANOPY_SANITIZE=ON -DCANOPY_BENCH=OFF -DCANOPY_WERROR=ON >/dev/null
ninja -C build-fuzz query_parser_fuzz aws_answers_fuzz

corpus=build-fuzz/corpus/query_parser
mkdir -p "$corpus"
# Seeds: every input of the parser cases and every worked example.
n=0
while IFS=$'\t' read -r _ input _; do
  printf '%s' "$input" >"$corpus/seed-$n"
  n=$((n + 1))
done < <(grep -v '^#' tests/query/data/parse_examples.txt)
grep '^query ' tests/query/data/examples.txt | sed 's/^query //' | while IFS= read -r q; do
  printf '%s' "$q" >"$corpus/example-$(printf '%s' "$q" | cksum | cut -d' ' -f1)"
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
build-fuzz/fuzz/query_parser_fuzz "${limit[@]}" -max_len=4096 -rss_limit_mb=1024 \
  -timeout=10 -print_final_stats=1 -artifact_prefix=build-fuzz/ "$corpus" 2>&1 | tail -n 20

corpus=build-fuzz/corpus/aws_answers
mkdir -p "$corpus"
n=0
for f in tests/collect/data/iam/*; do
  for sel in 0 1 2 3 4; do  # the first byte picks the parser
    { printf "\\$(printf '%03o' "$sel")"; cat "$f"; } >"$corpus/seed-$n-$sel"
  done
  n=$((n + 1))
done
build-fuzz/fuzz/aws_answers_fuzz "${limit[@]}" -max_len=8192 -rss_limit_mb=1024 \
  -timeout=10 -print_final_stats=1 -artifact_prefix=build-fuzz/ "$corpus" 2>&1 | tail -n 20
