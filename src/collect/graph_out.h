// The nodes and edges one account's collect produces, as lines of the merge
// format. Service collectors add to it from many threads, in any order; the
// account is merged only when its whole collect succeeded.
//
// Edges may name their ends before those nodes exist, by node id or by an
// alias (an ARN, a key id, a bucket name…) that the node's service registers.
// text() resolves them once everything is in: an end that names no node of
// the account gives no edge, as a reference to a resource that is gone or
// lives elsewhere should.
//
// The nodes' reported sections go to an unnamed temporary file as they come,
// and ids, aliases and edge ends are kept once each as numbered names
// (names.h): a name costs its length and about 30 bytes, an edge 12, a node
// 16, and the documents nothing in memory (0.27 kB per resource in all for
// a 21 000-resource account, against 1.1 kB with a std::string in every map).
// The text is only made when the account is merged (append_text).
#pragma once

#include <cstdio>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collect/names.h"

namespace canopy::collect {

class GraphOut {
 public:
  GraphOut();
  ~GraphOut();
  GraphOut(const GraphOut&) = delete;
  GraphOut& operator=(const GraphOut&) = delete;

  // `reported` is the node's reported section (JSON object text, with kind).
  void node(const std::string& id, std::string_view kind, const std::string& reported,
            bool replace = false);
  // `from` and `to` are node ids or aliases; an alias may name several nodes.
  void edge(const std::string& from, const std::string& to, bool delete_edge = false);
  // Lets edges name node `id` by `name` too.
  void alias(const std::string& name, const std::string& id);
  // Adds member `key` (JSON text `value`) to the metadata section of node `id`.
  void metadata(const std::string& id, std::string_view key, std::string_view value);

  bool has_node(const std::string& id) const;
  // ndjson: the nodes in the order they came, then the resolved edges, each once.
  std::string text() const;
  // Appends text() to `out`; text_size() is its exact length, so that a
  // caller can reserve the whole text at once.
  void append_text(std::string& out) const;
  size_t text_size() const;
  std::map<std::string, int> kind_counts() const;

 private:
  struct Node {
    uint32_t name;  // the id
    uint32_t size = 0;
    uint64_t offset = 0;  // of the reported section in the spill file
  };
  struct Edge {
    uint32_t from, to;  // names (GraphOut::edge) or node indexes (resolved)
    bool del;
    auto operator<=>(const Edge&) const = default;
  };
  std::vector<Edge> resolved_edges() const;  // the caller holds mu_
  size_t node_size(size_t index) const;      // the caller holds mu_
  void write_node(std::string& out, size_t index) const;
  void write_edge(std::string& out, const Edge& e) const;
  int32_t node_of(uint32_t name) const { return name < node_of_.size() ? node_of_[name] : -1; }

  mutable std::mutex mu_;
  std::FILE* spill_ = nullptr;  // null: documents stay in memory
  uint64_t spilled_ = 0;        // bytes written to spill_
  Names names_;
  std::vector<Node> nodes_;
  std::vector<int32_t> node_of_;  // by name: index in nodes_, -1 when it names no node
  std::map<std::string, int> kinds_;
  std::vector<std::pair<uint32_t, uint32_t>> aliases_;  // (alias, id) names, repeats allowed
  std::vector<Edge> edges_;                             // by names, repeats allowed
  // Rare: the metadata members (without braces) of a few nodes, and the
  // documents that could not be written to the spill file, by node index.
  std::unordered_map<size_t, std::string> metadata_, in_memory_;
};

}  // namespace canopy::collect
