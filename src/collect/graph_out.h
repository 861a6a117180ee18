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
// so that a collect holds its ids, aliases and edges in memory but not the
// documents, however many resources the account has.
#pragma once

#include <cstdio>

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

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
  std::string text() const;  // ndjson: the nodes, then the resolved edges
  // As text(), and forgets the documents (the temporary file is emptied).
  std::string take_text();
  std::map<std::string, int> kind_counts() const;

 private:
  std::vector<std::string> resolve(const std::string& end) const;

  struct Node {
    std::string id;
    uint64_t offset = 0;  // of the reported section in the spill file
    uint32_t size = 0;
    std::string metadata;  // members without braces
    std::string reported;  // only when there is no spill file
  };
  void write_node(std::string& out, const Node& n) const;  // the caller holds mu_
  void write_edges(std::string& out) const;                // the caller holds mu_

  mutable std::mutex mu_;
  std::FILE* spill_ = nullptr;  // null: documents stay in memory
  uint64_t spilled_ = 0;        // bytes written to spill_
  std::vector<Node> nodes_;
  std::map<std::string, int> kinds_;
  std::unordered_map<std::string, size_t> ids_;  // → index in nodes_
  std::unordered_map<std::string, std::vector<std::string>> aliases_;
  std::set<std::tuple<std::string, std::string, bool>> edges_;
};

}  // namespace canopy::collect
