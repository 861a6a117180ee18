#!/usr/bin/env bash
# Collect benchmark: `canopy collect aws` against a local moto seeded with
# USERS users × 2 access keys and ROLES roles, and, in the same run, the same
# listing done with awscli as a user would script it (authorization details,
# the credential report, then list-access-keys per user, 8 at a time).
#   bench/collect_bench.sh [USERS] [ROLES] [--no-peer]
# Needs a release build (scripts/build.sh), moto and awscli (pyenv Python),
# and GNU time (scripts/install-deps.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-2000}
roles=${2:-500}
peer=1
[[ "${3:-}" == "--no-peer" ]] && peer=0
canopy=build/src/cli/canopy
[[ -x $canopy ]] || { echo "build first: scripts/build.sh" >&2; exit 2; }
find_tool() {
  local t
  for t in "$(command -v "$1" || true)" "$HOME/.pyenv/shims/$1"; do
    [[ -n $t && -x $t ]] && { echo "$t"; return; }
  done
  echo "missing $1 (the pyenv Python with moto and awscli)" >&2
  exit 2
}
moto=$(find_tool moto_server)
python=$HOME/.pyenv/shims/python3
aws=$(find_tool aws)
work=$(mktemp -d /tmp/canopy-collect-bench.XXXXXX)
port=$($python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port

"$moto" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -sf "$url/moto-api/reset" -X POST > /dev/null 2>&1 && break
  sleep 0.2
done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
start=$(date +%s.%N)
$python tests/e2e/seed_iam.py --endpoint "$url" --users "$users" --keys-per-user 2 --roles "$roles" > /dev/null
echo "seeded moto with $users users x 2 keys and $roles roles in $(echo "$(date +%s.%N) - $start" | bc) s"

# --- Canopy ---
/usr/bin/time -f "%e %M" -o "$work/time.txt" \
  $canopy --data-dir "$work/canopy" collect aws --endpoint-url "$url" --region us-east-1 \
  2> "$work/collect.log" || { cat "$work/collect.log"; exit 1; }
read -r secs rss_kb < "$work/time.txt"
grep -E "^api calls|^stored|aws_iam_(user|access_key|role) " "$work/collect.log" | sed 's/^/canopy /'
echo "canopy collect: ${secs} s wall, peak RSS ${rss_kb} kB ($((rss_kb / 1024)) MB)"
$canopy --data-dir "$work/canopy" exec 'search is(aws_iam_access_key) | count' | sed 's/^/canopy keys /'

[[ $peer == 1 ]] || exit 0
# --- awscli: the same listing, scripted ---
peer_start=$(date +%s.%N)
$aws --endpoint-url "$url" iam get-account-authorization-details --output json > "$work/gaad.json"
$aws --endpoint-url "$url" iam generate-credential-report > /dev/null
$aws --endpoint-url "$url" iam generate-credential-report > /dev/null
$aws --endpoint-url "$url" iam get-credential-report --output json > "$work/report.json"
jq -r '.UserDetailList[].UserName' "$work/gaad.json" > "$work/users.txt"
xargs -P 8 -I{} "$aws" --endpoint-url "$url" iam list-access-keys --user-name {} --output text \
  < "$work/users.txt" > "$work/keys.txt"
peer_secs=$(echo "$(date +%s.%N) - $peer_start" | bc)
calls=$(( 4 + $(wc -l < "$work/users.txt") ))
echo "awscli listing: ${peer_secs} s wall, $calls processes and API calls, $(grep -c AKIA "$work/keys.txt") keys"
