// Evaluation of a query over a graph snapshot.
//
// A query is a chain of parts. Each part filters its input (the first part
// starts from the kind index or the id index when its filter requires a
// kind or an id, from all nodes otherwise), sorts and limits, attaches
// merged neighbours, applies its with clause and navigates to the input of
// the next part. The result is a list of node rows (with their merges and
// query tags) or, for aggregations, a list of rows of values.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "graph/graph.h"
#include "query/access.h"
#include "query/ast.h"

namespace canopy::query {

struct ExecOptions {
  std::string section = "reported";     // "" = document root
  int64_t now = 0;                      // evaluation instant (seconds)
  std::vector<std::string> edge_types;  // default edge types (empty: default)
  // The caller streams the result and orders it itself when it is in the
  // default order (QueryResult::in_rank_order).
  bool lazy_order = false;
  // With clauses over kinds with few nodes are evaluated backwards from those
  // nodes (same results; off only to test one way against the other).
  bool reverse_with = true;
  // `search --with-edges`: navigations and with clauses follow trails
  // (paths that use no edge twice) instead of visiting each node once, so a
  // node is also reached at lengths longer than its shortest distance, and a
  // with clause counts every trail. Merge sub-queries are not affected.
  // The result then also holds the edges to emit (QueryResult::edges).
  bool with_edges = false;
};

// An edge as stored (from -> to), whichever way it was traversed.
struct ResultEdge {
  uint32_t from = kNoNode;
  uint32_t to = kNoNode;
  EdgeType type = EdgeType::Default;
  bool operator==(const ResultEdge&) const = default;
};

struct Row {
  uint32_t node = kNoNode;
  uint32_t tag = 0;  // 1 + index into QueryResult::tags, 0 = untagged
  std::shared_ptr<const MergeSet> merges;
};

struct QueryResult {
  bool aggregated = false;
  std::vector<Row> rows;
  std::vector<Value> aggregate_rows;
  std::vector<std::string> tags;  // query tags (#name) of tagged rows
  // With ExecOptions::lazy_order: `rows` still have to be put in ascending
  // order of Graph::default_rank().
  bool in_rank_order = false;
  // With ExecOptions::with_edges (search language §10.3): the last edge of
  // every trail a navigation followed to a node of a returned part (the
  // final part or a tagged one), kept when both its ends are in `rows`;
  // each edge once, in the order first traversed. Edges found by with
  // clauses and merge sub-queries are not included, and a query without
  // navigation has none.
  std::vector<ResultEdge> edges;

  std::string_view tag_of(const Row& r) const {
    return r.tag ? std::string_view(tags[r.tag - 1]) : std::string_view();
  }
};

// Parses, resolves and runs `text`.
Result<QueryResult> run_query(const Graph& g, std::string_view text, const ExecOptions& opts);
// Runs an already parsed query (edge types and sections are resolved here).
Result<QueryResult> run_query(const Graph& g, const Query& q, const ExecOptions& opts);

// The cost estimate of `search --explain`: {estimated_cost,
// estimated_nr_items, available_nr_items, full_collection_scan, rating}.
Result<Value> explain_query(const Graph& g, const Query& q, const ExecOptions& opts);

}  // namespace canopy::query
