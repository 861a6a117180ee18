// One Canopy data directory opened for use: the symbol table, the kind
// model, the durable store and the current graph snapshot. Imports and
// collects go through merge(); readers take snapshot().
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/string_encoder.h"
#include "core/symbols.h"
#include "graph/graph.h"
#include "graph/merge.h"
#include "graph/sections.h"
#include "model/model.h"
#include "store/store.h"

namespace canopy {

class Database {
 public:
  // Opens `dir`, creating an empty store when there is none, and loads the
  // last committed graph.
  static Result<std::unique_ptr<Database>> open(const std::string& dir);

  std::shared_ptr<const Graph> snapshot() const;
  const Model& model() const { return *model_; }
  Symbols& symbols() { return syms_; }

  // Validates, merges and persists a batch; on any error nothing changes.
  Result<MergeOutcome> merge(GraphBatch batch);
  // How deferred edges by search find their nodes (set by the query layer).
  void set_search_resolver(SearchResolver r) { resolver_ = std::move(r); }
  // Reads ndjson (or a JSON array) from `fd` and merges it.
  Result<MergeOutcome> import_fd(int fd);
  // Writes one top-level section of some nodes of the current snapshot
  // (graph/sections.h); nodes are looked up by id, unknown ids are skipped.
  Result<MergeOutcome> set_section(std::string_view section,
                                   const std::vector<std::pair<std::string, std::string>>& by_id);

  const std::string& dir() const { return dir_; }

 private:
  Database() = default;
  // merge() with the writer lock held. `written_hashes`: as for
  // canopy::merge, when the open transaction holds the new documents.
  Result<MergeOutcome> merge_locked(GraphBatch batch, int64_t now,
                                    const std::vector<uint32_t>* written_hashes);
  std::string dir_;
  Symbols syms_;
  InternBudget budget_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const Graph> graph_;
  mutable std::mutex mu_;  // guards graph_
  std::mutex write_mu_;    // one merge at a time
  SearchResolver resolver_;
};

// Loads the graph persisted in `store`.
Result<std::shared_ptr<const Graph>> load_graph(Store& store, const Model& model);

}  // namespace canopy
