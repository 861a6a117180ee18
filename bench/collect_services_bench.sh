#!/usr/bin/env bash
# Multi-service collect benchmark: a local moto account seeded with about
# 20 000 resources (EC2, Logs, SNS, SQS, KMS, Secrets Manager, DynamoDB, RDS,
# Lambda in 4 regions; S3 and IAM globally), collected by `canopy collect
# aws` (wall time, API calls, retries, requests in flight, peak RSS) and, in
# the same run, listed by a sequential boto3 script (bench/boto3_peer.py).
#   bench/collect_services_bench.sh [SCALE] [--no-peer]
# Needs a release build (scripts/build.sh; CANOPY_BIN=path/to/canopy for
# another build), moto (pyenv Python) and GNU time. The summary's `peak
# memory` is the collect's own (before the merge); GNU time's includes the merge.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1.0}
peer=1
[[ "${2:-}" == "--no-peer" ]] && peer=0
regions=us-east-1,eu-west-1,ap-southeast-2,us-west-2
canopy=${CANOPY_BIN:-build/src/cli/canopy}
[[ -x $canopy ]] || { echo "build first: scripts/build.sh (or set CANOPY_BIN)" >&2; exit 2; }
find_tool() {
  local t
  for t in "$(command -v "$1" || true)" "$HOME/.pyenv/shims/$1"; do
    [[ -n $t && -x $t ]] && { echo "$t"; return; }
  done
  echo "missing $1 (the pyenv Python with moto)" >&2
  exit 2
}
moto=$(find_tool moto_server)
python=$HOME/.pyenv/shims/python3
work=$(mktemp -d /tmp/canopy-services-bench.XXXXXX)
port=$($python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port

"$moto" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; [[ -n "${CANOPY_BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -sf "$url/moto-api/reset" -X POST > /dev/null 2>&1 && break
  sleep 0.2
done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
start=$(date +%s.%N)
seeded=$($python bench/seed_services.py --endpoint "$url" --regions "$regions" --scale "$scale")
echo "seeded in $(echo "$(date +%s.%N) - $start" | bc) s: $seeded"

region_args=()
for r in ${regions//,/ }; do region_args+=(--region "$r"); done
# moto answers 500 to SSM's instance and compliance listings and has no
# ecr-public: their retries would measure what moto lacks, not Canopy.
region_args+=(--skip-services ssm,ecr-public ${CANOPY_COLLECT_ARGS:-})
/usr/bin/time -f "%e %M" -o "$work/time.txt" \
  $canopy --data-dir "$work/canopy" collect aws --endpoint-url "$url" "${region_args[@]}" \
  2> "$work/collect.log" || { cat "$work/collect.log"; exit 1; }
read -r secs rss_kb < "$work/time.txt"
grep -E "^api calls|warning" "$work/collect.log" | sed 's/^/canopy /'
nodes=$($canopy --data-dir "$work/canopy" exec 'search is(resource) | count' | head -1)
echo "canopy collect: ${secs} s wall, peak RSS ${rss_kb} kB ($((rss_kb / 1024)) MB), ${nodes}"

[[ $peer == 1 ]] || exit 0
$python bench/boto3_peer.py --endpoint "$url" --regions "$regions"
