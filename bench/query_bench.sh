#!/usr/bin/env bash
# Query benchmark: Canopy vs. PostgreSQL (JSONB, GIN and btree indexes, precomputed kinds and
# full-text vectors) on the same generated inventory; seven queries, same answers required.
#   bench/query_bench.sh [NODES] [--runs N] [--no-peer] [--text VALUE]
# NODES defaults to 100000, runs to 10. CANOPY_BENCH_DIR reuses the inventory (and the loaded
# PostgreSQL cluster) of an earlier run; CANOPY_BUILD_DIR names the build to measure (default:
# build). Results: $work/query-NODES/{canopy,pg}/Q1.txt … Q6.txt and Q6r.txt, one node id per
# line (Q3: instance_type<TAB>count), sorted with LC_ALL=C sort; Q6.order.txt and Q6r.order.txt
# hold the node ids of Q6 and Q6r in the order each side returned them.
# Answers are compared as sorted lines (sets). Q6 must also come in the same order on both sides
# (Q6.order.txt); when some matches share kind, name and id, their order may differ (Canopy keeps
# them in store order, PostgreSQL in whatever order its sort leaves them), so the order is then
# not compared and the script says so (at 1M nodes the 20 675 default matches have distinct keys).
# Q6r is compared as a set only: Canopy ranks by BM25, PostgreSQL by ts_rank, by design different.
# Exits 1 when an answer (or Q6's order) differs, or a side produced none.
# Needs a release build (scripts/build.sh) and, for the peer,
# scripts/install-deps.sh --bench (postgresql) and jq.
#
# The queries (Canopy search language; SQL in bench/sql/q1.sql … q6.sql, q6r.sql):
#   Q1 is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active"
#   Q2 is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true
#   Q3 aggregate(instance_type: sum(1) as count): is(aws_ec2_instance)
#   Q4 is(aws_ec2_security_group) and group_ip_permissions[*].{ip_ranges[*].cidr_ip=="0.0.0.0/0" and from_port<=22 and to_port>=22}
#   Q5 id(ACCOUNT) -[0:]-> is(resource)
#   Q6 "TEXT" sort /reported.kind asc, /reported.name asc, /reported.id asc
#   Q6r "TEXT"
# Q6 is the full-text search as the shell runs `search "TEXT"`: the shell adds the default sort
# (kind, name, id) to every part; the SQL orders by the same three values, bytewise. Q6r is the
# same search as the HTTP API runs it, without a sort: Canopy returns the matches by relevance
# (BM25); the SQL orders them by PostgreSQL's ts_rank, the closest peer. (Before Q6r existed, Q6
# was the plain "TEXT", unranked and unsorted on both sides.)
# ACCOUNT: the first aws_account node by id (bytewise); the generator spreads the nodes evenly
# over its accounts (2 at 100k nodes, 11 at 1M), so Q5 returns 50 % or 9 % of them. TEXT: an owner tag value; its tokens
# (jane doe example com) occur as a phrase only in that tag, on about 2 % of the nodes (no
# single-token tag value is both that rare and unique to its tag: the rarest unique one,
# "pulumi", is on 5 %).
#
# Timing: Canopy times in process ($build/bench/query_bench, which also prints the CPU time). PostgreSQL is timed on the server:
# EXPLAIN (ANALYZE, TIMING OFF) of the query, planning + execution time, so neither side pays
# for sending or printing results. Every query runs once untimed (that run writes the result
# file and warms the caches), then --runs times; the median is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=100000
runs=10
peer=1
text="jane.doe@example.com"
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --text) text=${2:?--text needs a value}; shift 2 ;;
    [0-9]*) nodes=$1; shift ;;
    *) echo "usage: bench/query_bench.sh [NODES] [--runs N] [--no-peer] [--text VALUE]" >&2; exit 2 ;;
  esac
done
work=${CANOPY_BENCH_DIR:-$(mktemp -d /tmp/canopy-bench.XXXXXX)}
build=${CANOPY_BUILD_DIR:-build}
canopy=$build/src/cli/canopy
gen=$build/bench/gen_inventory
qbench=$build/bench/query_bench
[[ -x $canopy && -x $gen ]] || { echo "build first: scripts/build.sh" >&2; exit 2; }
source bench/pg_common.sh

input=$work/inventory-$nodes.ndjson
[[ -f $input ]] || { $gen --nodes "$nodes" > "$input.part"; mv "$input.part" "$input"; }
bytes=$(stat -L -c %s "$input")
echo "inventory: $nodes nodes, $bytes bytes of ndjson"
account=$(grep -F '"reported": {"kind": "aws_account"' "$input" | sed -E 's/^\{"id": "([^"]*)".*/\1/' | LC_ALL=C sort | sed -n 1p)
[[ -n $account ]] || { echo "no aws_account node in $input" >&2; exit 2; }
echo "account: $account, text: \"$text\", runs: $runs"
out=$work/query-$nodes
rm -rf "$out/canopy" "$out/pg"
mkdir -p "$out/canopy" "$out/pg"

median() { LC_ALL=C sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# --- Canopy: import, then the in-process query benchmark ---
rm -rf "$work/canopy"
$canopy --data-dir "$work/canopy" import "$input" > "$work/import.log" 2>&1 || { cat "$work/import.log"; exit 1; }
if [[ -x $qbench ]]; then
  $qbench --data-dir "$work/canopy" --runs "$runs" --out "$out/canopy" --account "$account" --text "$text" | tee "$out/canopy.txt"
  $qbench --only parse  # parse time of check-shaped queries (target: 50 µs)
else
  echo "canopy: $qbench missing (scripts/build.sh), no Canopy timings" >&2
  : > "$out/canopy.txt"
fi

# --- Peer: PostgreSQL ---
if [[ $peer -eq 1 ]]; then
  command -v jq > /dev/null || { echo "peer: jq missing (apt-get install jq)" >&2; exit 2; }
  # every kind with all its bases, transitively, from the model compiled into Canopy
  jq -r -s 'add | (map({key: .fqn, value: (.bases // [])}) | from_entries) as $b
    | def closure: ., ($b[.] // [] | .[] | closure);
    $b | keys[] | "\(.)\t{\([closure] | unique | join(","))}"' \
    src/model/kinds/base.json src/model/kinds/aws.json > "$work/kinds.tsv"
  # The loaded cluster is kept in the work directory and used again while the inventory, the
  # kinds and bench/sql/load.sql are unchanged.
  pgdata=$work/pg-query-$nodes
  stamp="$(stat -L -c '%s %Y' "$input") $(cat bench/sql/load.sql "$work/kinds.tsv" | md5sum | cut -d' ' -f1)"
  loaded=0
  [[ -f $pgdata.loaded && $(cat "$pgdata.loaded") == "$stamp" ]] && loaded=1
  pg_setup "$work"
  [[ $loaded -eq 1 ]] || { rm -rf "$pgdata" "$pgdata.loaded"; }
  # Sized for the machine (24 GiB; PostgreSQL runs after Canopy has exited): the whole database
  # (5 GB at 1M nodes) fits in shared buffers. No JIT: compiling costs Q1 100 ms at 1M nodes
  # and gains nothing on the other queries.
  pg_start "$pgdata" "-c max_wal_size=4GB -c shared_buffers=8GB -c work_mem=64MB -c effective_cache_size=12GB -c random_page_cost=1.1 -c jit=off"
  if [[ $loaded -eq 0 ]]; then
    start=$(date +%s.%N)
    "${psql[@]}" -v input="$input" -v kinds="$work/kinds.tsv" -f bench/sql/load.sql
    end=$(date +%s.%N)
    echo "$stamp" > "$pgdata.loaded"
    echo "postgresql load: $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}') s, database size $("${psql[@]}" -At -c "SELECT pg_database_size('postgres')") bytes"
  fi
  echo "postgresql: median of $runs runs of planning + execution time on the server (EXPLAIN ANALYZE, TIMING OFF)"
  vars=(-v account="$account" -v text="$text")
  for q in 1 2 3 4 5 6 6r; do
    sql=bench/sql/q$q.sql
    if [[ $q == 6* ]]; then  # ordered answers: keep the order too
      "${psql[@]}" "${vars[@]}" -At -F $'\t' -f "$sql" > "$out/pg/Q$q.order.txt"
      LC_ALL=C sort "$out/pg/Q$q.order.txt" > "$out/pg/Q$q.txt"
    else
      "${psql[@]}" "${vars[@]}" -At -F $'\t' -f "$sql" | LC_ALL=C sort > "$out/pg/Q$q.txt"
    fi
    for _ in $(seq "$runs"); do
      echo "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)"
      cat "$sql"
    done | "${psql[@]}" "${vars[@]}" -At > "$out/pg/explain-Q$q.txt"
    ms=$(awk '/^Planning Time:/ {p = $3} /^Execution Time:/ {print p + $3}' "$out/pg/explain-Q$q.txt" | median)
    echo "Q$q median_ms=$ms results=$(wc -l < "$out/pg/Q$q.txt")"
  done | tee "$out/pg.txt"
  # Q6's order is fully determined only when no two matches share kind, name and id.
  q6_ties=$(echo "SELECT count(*) - count(DISTINCT (kind, doc->'reported'->>'name', doc->'reported'->>'id'))
                  FROM nodes WHERE fts @@ canopy_phrase(:'text');" | "${psql[@]}" "${vars[@]}" -At)

  # --- Compare ---
  echo "query   canopy ms   postgres ms   postgres/canopy   answer"
  status=0
  for q in 1 2 3 4 5 6 6r; do
    c=$(awk -v q="Q$q" '$1 == q {sub("median_ms=", "", $2); print $2}' "$out/canopy.txt")
    p=$(awk -v q="Q$q" '$1 == q {sub("median_ms=", "", $2); print $2}' "$out/pg.txt")
    if [[ ! -f $out/canopy/Q$q.txt ]]; then
      answer="no Canopy answer"; status=1
    elif cmp -s "$out/canopy/Q$q.txt" "$out/pg/Q$q.txt"; then
      answer="same answer ($(wc -l < "$out/pg/Q$q.txt") lines)"
      if [[ $q == 6r ]]; then
        answer+=", compared as sets (BM25 vs. ts_rank order)"
      elif [[ $q == 6 && $q6_ties -gt 0 ]]; then
        answer+=", order not compared ($q6_ties matches repeat the kind, name and id of another)"
      elif [[ $q == 6 ]] && cmp -s "$out/canopy/Q6.order.txt" "$out/pg/Q6.order.txt"; then
        answer+=" in the same order"
      elif [[ $q == 6 ]]; then
        answer="DIFFERENT ORDER: diff $out/canopy/Q6.order.txt $out/pg/Q6.order.txt"; status=1
      fi
    else
      answer="DIFFERENT: diff $out/canopy/Q$q.txt $out/pg/Q$q.txt"; status=1
    fi
    ratio=$(awk -v c="${c:-}" -v p="${p:-}" 'BEGIN{if (c > 0 && p > 0) printf "%.3gx", p / c; else print "-"}')
    printf "Q%-6s %11s %13s %17s   %s\n" "$q" "${c:--}" "${p:--}" "$ratio" "$answer"
  done
  exit $status
fi
