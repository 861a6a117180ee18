#!/usr/bin/env bash
# Import benchmark: Canopy vs. PostgreSQL (JSONB with indexes) on the same
# generated inventory, in one run.
#   bench/import_bench.sh [NODES] [--no-peer]
# $CANOPY_BENCH_DIR keeps the inventory between runs; $CANOPY_BUILD_DIR
# names the build to measure (default build/).
# Needs a release build (scripts/build.sh) and, for the peer,
# scripts/install-deps.sh --bench (postgresql, GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-1000000}
peer=1
[[ "${2:-}" == "--no-peer" ]] && peer=0
work=${CANOPY_BENCH_DIR:-$(mktemp -d /tmp/canopy-bench.XXXXXX)}
build=${CANOPY_BUILD_DIR:-build}  # another build directory to measure
canopy=$build/src/cli/canopy
gen=$build/bench/gen_inventory
[[ -x $canopy && -x $gen ]] || { echo "build first: scripts/build.sh" >&2; exit 2; }
source bench/pg_common.sh

input=$work/inventory-$nodes.ndjson
[[ -f $input ]] || $gen --nodes "$nodes" > "$input"
bytes=$(stat -L -c %s "$input")
echo "inventory: $nodes nodes, $bytes bytes of ndjson ($((bytes / nodes)) bytes/node)"

# --- Canopy: import (parse, validate, derive, persist) ---
# Both engines start with the input in the page cache, so that neither is
# measured on the disk's read speed.
cat "$input" > /dev/null
rm -rf "$work/canopy"
/usr/bin/time -f "%e %M" -o "$work/time.txt" $canopy --data-dir "$work/canopy" import "$input" 2> "$work/import.log" || {
  cat "$work/import.log"; exit 1; }
read -r secs rss_kb < "$work/time.txt"
sed 's/^/canopy /' "$work/import.log"
echo "canopy import: ${secs} s, $(awk -v n="$nodes" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') nodes/s, peak RSS ${rss_kb} kB"
# --- Canopy: start-up (load the stored graph ready to query) ---
best=""
for _ in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/time.txt" $canopy --data-dir "$work/canopy" info > "$work/info.txt"
  read -r s m < "$work/time.txt"
  if [[ -z $best ]] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$s; fi
done
sed 's/^/canopy info: /' "$work/info.txt"
rss_loaded=$(awk '/resident memory/ {print $3}' "$work/info.txt")
echo "canopy start-up (process, best of 3): ${best} s"
echo "canopy loaded graph: ${rss_loaded} kB resident = $(awk -v r="$rss_loaded" -v b="$bytes" 'BEGIN{printf "%.1f", r*1024*100/b}')% of the ndjson size, $(awk -v r="$rss_loaded" -v n="$nodes" 'BEGIN{printf "%.0f", r*1024/n}') bytes/node"
echo "canopy store on disk: $(du -sb "$work/canopy" | cut -f1) bytes"

# --- Peer: PostgreSQL, JSONB with indexes ---
if [[ $peer -eq 1 ]]; then
  pg_setup "$work"
  rm -rf "$work/pg"
  pg_start "$work/pg" "-c fsync=on -c max_wal_size=4GB"
  cat "$input" > /dev/null
  start=$(date +%s.%N)
  "${psql[@]}" <<SQL
CREATE UNLOGGED TABLE raw(line text);
COPY raw FROM '$input' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01');
CREATE TABLE nodes(id text PRIMARY KEY, kind text NOT NULL, doc jsonb NOT NULL);
CREATE TABLE edges(from_id text NOT NULL, to_id text NOT NULL, edge_type text NOT NULL);
INSERT INTO nodes SELECT j->>'id', j->'reported'->>'kind', j FROM (SELECT line::jsonb j FROM raw) s WHERE j ? 'id';
INSERT INTO edges SELECT j->>'from', j->>'to', coalesce(j->>'edge_type', 'default') FROM (SELECT line::jsonb j FROM raw) s WHERE j ? 'from';
CREATE INDEX ON nodes(kind);
CREATE INDEX ON nodes USING gin (doc jsonb_path_ops);
CREATE INDEX ON edges(from_id, edge_type);
CREATE INDEX ON edges(to_id, edge_type);
DROP TABLE raw;
CHECKPOINT;
SQL
  end=$(date +%s.%N)
  pg_secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
  pg_size=$("${psql[@]}" -At -c "SELECT pg_database_size('postgres')")
  echo "postgresql import: ${pg_secs} s, $(awk -v n="$nodes" -v s="$pg_secs" 'BEGIN{printf "%.0f", n/s}') nodes/s, database size ${pg_size} bytes"
  echo "canopy vs postgresql import speed: $(awk -v a="$pg_secs" -v b="$secs" 'BEGIN{printf "%.1f", a/b}')x"
fi
