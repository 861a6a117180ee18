// Reads the ndjson merge format (one node or edge per line) or a single JSON
// array of them into a GraphBatch, validating every node against the model.
// The first problem stops the read with an error that names the line.
//
//   node: {"id": ID, "reported": {"kind": K, …}, "desired"?, "metadata"?,
//          "security"?, "usage"?, "replace"?}
//   edge: {"from": ID, "to": ID, "edge_type"?: "default"|"delete"}
//   deferred edge: {"from_selector": {"node_id"|"search_criteria": …},
//                   "to_selector": {…}, "edge_type"?}
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/string_encoder.h"
#include "model/graph_batch.h"
#include "model/model.h"

namespace canopy {

class BatchReader {
 public:
  // `budget` bounds the symbols that string values may add (shared by all
  // readers of a database); without one, the reader keeps its own.
  BatchReader(const Model& model, int64_t now, InternBudget* budget = nullptr);

  // As `now`: leave missing ctime and mtime missing (fixtures that describe
  // nodes without creation time).
  static constexpr int64_t kNoTimeDefaults = INT64_MIN;

  static constexpr size_t kMaxLine = size_t(256) << 20;

  // Called with the nodes of each run of the input, in input order, as soon
  // as they are read and their ids are known to be unique, while later input
  // is still being read. `nodes` is valid during the call only; their ids
  // and documents live in `arena`, which a failed read may otherwise free.
  using NodeSink =
      std::function<void(const BatchNode* nodes, size_t n, const std::shared_ptr<Arena>& arena)>;
  void set_node_sink(NodeSink sink) { sink_ = std::move(sink); }

  // Reads all of `fd` (ndjson, or a JSON array when the first byte is '[').
  Result<GraphBatch> read_fd(int fd, size_t max_line = kMaxLine);
  // Reads text held in memory (tests, small inputs).
  Result<GraphBatch> read_text(std::string_view text);

 private:
  const Model& model_;
  int64_t now_;
  std::unique_ptr<InternBudget> own_budget_;  // when none is shared
  InternBudget* budget_;
  NodeSink sink_;
};

}  // namespace canopy
