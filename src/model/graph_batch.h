// A GraphBatch is one validated sub-graph ready to be merged into the store:
// what an import reads and what a collector produces. Nodes carry their
// sections already coerced against the model and encoded (core/doc.h);
// edges refer to nodes of the batch by id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/arena.h"
#include "core/result.h"
#include "model/kind.h"

namespace canopy {

enum class EdgeType : uint8_t { Default = 0, Delete = 1 };
constexpr int kEdgeTypes = 2;
std::string_view edge_type_name(EdgeType t);

struct BatchNode {
  std::string_view id;  // node id (in the batch arena)
  const Kind* kind;
  const uint8_t* doc;  // encoded object: id, reported, desired?, metadata?, security?, usage?
  uint32_t size;
  uint64_t line;         // source line (or array element) for error messages
  bool replace;          // the merge replaces the sub-graph below this node
  bool ctime_defaulted;  // reported.ctime was filled in at import
  bool mtime_defaulted;  // reported.mtime was filled in at import
};

struct BatchEdge {
  uint32_t from, to;  // indices into GraphBatch::nodes
  EdgeType type;
};

// An edge whose end points may lie outside the batch; resolved after merge.
struct DeferredEdge {
  std::string from_id, to_id;          // node_id selectors
  std::string from_search, to_search;  // search_criteria selectors
  EdgeType type;
  uint64_t line;
};

struct GraphBatch {
  std::vector<std::shared_ptr<Arena>> arenas;  // hold the node documents
  std::vector<BatchNode> nodes;
  std::vector<BatchEdge> edges;
  std::vector<DeferredEdge> deferred;
};

}  // namespace canopy

namespace canopy {

// Checks the shape every merge needs: exactly one root (a node without
// incoming edges) and no cycle along default edges. `unit` names what
// BatchNode::line counts ("line" or "element").
Status check_structure(const GraphBatch& batch, std::string_view unit = "line");

}  // namespace canopy
