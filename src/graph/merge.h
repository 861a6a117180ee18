// Merging a GraphBatch into a graph snapshot (Resoto's merge semantics).
//
// The batch has one root. Its nodes flagged `replace` (or, when none is, its
// root) are merge nodes: everything below a merge node in the stored graph is
// replaced by what lies below it in the batch — nodes missing from the batch
// are deleted, the others updated when their content changed. Nodes above
// the merge nodes (root, cloud, …) are upserted, their edges added to.
// The merge builds a new snapshot and the row changes that persist it; the
// old snapshot is untouched.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "graph/graph.h"
#include "store/store.h"

namespace canopy {

struct MergeStats {
  uint64_t nodes_created = 0, nodes_updated = 0, nodes_deleted = 0, nodes_unchanged = 0;
  uint64_t edges_created = 0, edges_deleted = 0;
  uint64_t deferred_resolved = 0, deferred_unresolved = 0;
};

struct MergeOutcome {
  std::shared_ptr<const Graph> graph;
  StoreChanges changes;  // points into arenas that `graph` keeps alive
  MergeStats stats;
  std::vector<std::string> warnings;
  // Wall time of the phases, in seconds (filled by Database).
  double read_s = 0, merge_s = 0, commit_s = 0;
};

// Finds the nodes of `graph` a search matches, for deferred edges whose
// selectors are searches (`search_criteria`); supplied by the query layer,
// which the graph may not depend on.
using SearchResolver =
    std::function<Result<std::vector<uint32_t>>(const Graph& graph, const std::string& search)>;

// Without a resolver, deferred edges by search are reported as unresolved.
// `written_hashes`: the document rows of the batch's new nodes are already in
// the store's open transaction (an import streams them, NewDocStream), with
// these content hashes, in batch order; their row ids follow old.next_rid()
// in batch order, as the merge assigns them. The changes then hold only
// their edges.
Result<MergeOutcome> merge(const Graph& old, GraphBatch batch, int64_t now,
                           const SearchResolver* resolver = nullptr,
                           const std::vector<uint32_t>* written_hashes = nullptr);

// The sections a content hash covers, looked up once.
struct HashedSections {
  explicit HashedSections(const Symbols& syms);
  Sym syms[3];
};

// Content hash of a node document: reported, desired and metadata.
uint32_t content_hash(DocView doc, const HashedSections& sections);
uint32_t content_hash(DocView doc, const Symbols& syms);

}  // namespace canopy
