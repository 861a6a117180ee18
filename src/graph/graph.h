// The in-memory graph: an immutable snapshot of every node and edge.
//
// Nodes are compact records pointing at their encoded document (core/doc.h)
// in shared arenas. Lookups go through indexes built once per snapshot: node
// id → node, kind (base kinds included) → sorted node list, and per edge type
// the outgoing and incoming adjacency arrays (CSR). A merge builds a new
// snapshot; readers keep using the one they hold.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/arena.h"
#include "core/doc.h"
#include "graph/fulltext.h"
#include "graph/order.h"
#include "graph/usage.h"
#include "model/graph_batch.h"
#include "model/model.h"

namespace canopy {

constexpr uint32_t kNoNode = UINT32_MAX;

// Location kinds whose nearest ancestor every node records (`ancestors` and `refs`).
enum Location : int { kCloud = 0, kAccount = 1, kRegion = 2, kZone = 3 };
constexpr int kLocations = 4;
inline constexpr const char* kLocationNames[kLocations] = {"cloud", "account", "region", "zone"};

struct NodeRec {
  const uint8_t* doc;
  uint32_t size;
  uint32_t kind;              // Kind::id
  uint64_t rid;               // store row id
  uint32_t created, updated;  // seconds since the epoch
  uint32_t hash;              // content hash of reported, desired and metadata
  uint32_t refs[kLocations];  // nearest cloud/account/region/zone ancestor, or kNoNode
};
static_assert(sizeof(NodeRec) <= 56, "node records are part of the memory budget");

struct Edge {
  uint32_t from, to;
  EdgeType type;
};

class Graph {
 public:
  Graph(const Model& model) : model_(&model) {}

  size_t size() const { return nodes_.size(); }
  size_t edge_count(EdgeType t) const { return out_[int(t)].targets.size(); }
  const NodeRec& node(uint32_t i) const { return nodes_[i]; }
  const Kind& kind(uint32_t i) const { return *model_->kinds()[nodes_[i].kind]; }
  DocView doc(uint32_t i) const { return DocView(nodes_[i].doc, nodes_[i].size); }
  std::string_view id(uint32_t i) const;
  DocView section(uint32_t i, Sym section) const { return doc(i).get(section); }
  uint32_t find(std::string_view id) const;  // kNoNode when absent
  uint32_t root() const { return root_; }

  // Nodes whose kind is `k` or derives from it, in ascending node order.
  std::span<const uint32_t> with_kind(const Kind& k) const {
    return k.id < kind_index_.size() ? std::span<const uint32_t>(kind_index_[k.id])
                                     : std::span<const uint32_t>();
  }
  std::span<const uint32_t> successors(uint32_t i, EdgeType t) const { return out_[int(t)].of(i); }
  std::span<const uint32_t> predecessors(uint32_t i, EdgeType t) const { return in_[int(t)].of(i); }

  const Model& model() const { return *model_; }
  const std::vector<std::shared_ptr<Arena>>& arenas() const { return arenas_; }
  uint64_t next_rid() const { return next_rid_; }
  // Bytes reserved by the arenas this snapshot keeps alive.
  size_t arena_bytes() const;
  // A copy whose documents sit in one fresh arena: after merges have
  // replaced many nodes, older arenas hold mostly garbage.
  std::shared_ptr<const Graph> compacted() const;

  // The full-text index of this snapshot, built on first use (thread-safe).
  const TokenIndex& token_index() const;
  // Position of every node in the default result order (kind, reported.name,
  // reported.id), computed on first use (thread-safe).
  const std::vector<uint32_t>& default_rank() const;

  // The usage records of the nodes, as of this snapshot.
  const UsageHistory& usage() const;
  const std::shared_ptr<const UsageHistory>& usage_ptr() const { return usage_; }

  // Bytes held by node records and indexes (documents excluded).
  size_t index_bytes() const;
  size_t doc_bytes() const;

 private:
  friend class GraphBuilder;
  struct Csr {
    std::vector<uint32_t> offsets, targets;
    std::span<const uint32_t> of(uint32_t i) const {
      return offsets.empty() ? std::span<const uint32_t>()
                             : std::span<const uint32_t>(targets.data() + offsets[i],
                                                         offsets[i + 1] - offsets[i]);
    }
  };

  const Model* model_;
  std::vector<NodeRec> nodes_;
  std::vector<std::shared_ptr<Arena>> arenas_;
  std::vector<uint32_t> id_slots_;  // open addressing: node index + 1, 0 = empty
  std::vector<std::vector<uint32_t>> kind_index_;
  Csr out_[kEdgeTypes], in_[kEdgeTypes];
  uint32_t root_ = kNoNode;
  uint64_t next_rid_ = 1;
  std::shared_ptr<const UsageHistory> usage_;  // null: none

  // Built lazily; a copy of the graph starts without.
  template <typename T>
  struct Lazy {
    Lazy() = default;
    Lazy(const Lazy&) {}
    Lazy& operator=(const Lazy&) { return *this; }
    std::once_flag once;
    T value;
  };
  mutable Lazy<TokenIndex> token_index_;
  mutable Lazy<std::vector<uint32_t>> default_rank_;
};

// Assembles a snapshot from node records and edges, then builds the indexes
// and the derived ancestor references.
class GraphBuilder {
 public:
  explicit GraphBuilder(const Model& model) : graph_(std::make_shared<Graph>(model)) {}

  void keep_arena(std::shared_ptr<Arena> a);
  uint32_t add_node(const NodeRec& rec);
  const NodeRec& node(uint32_t i) const { return graph_->nodes_[i]; }
  void add_edge(uint32_t from, uint32_t to, EdgeType t) { edges_.push_back({from, to, t}); }
  void reserve(size_t nodes, size_t edges);
  void set_next_rid(uint64_t rid) { graph_->next_rid_ = rid; }
  void set_usage(std::shared_ptr<const UsageHistory> u) { graph_->usage_ = std::move(u); }
  std::shared_ptr<const Graph> build();

 private:
  void build_ids();
  void build_kinds();
  void build_csr(EdgeType type, bool outgoing);
  void find_root();
  void derive_refs();

  std::shared_ptr<Graph> graph_;
  std::vector<Edge> edges_;
};

}  // namespace canopy
