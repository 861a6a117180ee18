// The nodes and edges one account's collect produces, as lines of the merge
// format. Service collectors add to it from many threads, in any order; the
// account is merged only when its whole collect succeeded.
//
// Edges may name their ends before those nodes exist, by node id or by an
// alias (an ARN, a key id, a bucket name…) that the node's service registers.
// text() resolves them once everything is in: an end that names no node of
// the account gives no edge, as a reference to a resource that is gone or
// lives elsewhere should.
#pragma once

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
  // As text(), freeing each node's text as it is written (the collect's
  // memory then holds one copy of the account, not two).
  std::string take_text();
  std::map<std::string, int> kind_counts() const;

 private:
  std::vector<std::string> resolve(const std::string& end) const;

  struct Node {
    std::string id, reported, metadata;  // metadata: members without braces
  };
  static void write_node(std::string& out, const Node& n);
  void write_edges(std::string& out) const;  // the caller holds mu_

  mutable std::mutex mu_;
  std::vector<Node> nodes_;
  std::map<std::string, int> kinds_;
  std::unordered_map<std::string, size_t> ids_;  // → index in nodes_
  std::unordered_map<std::string, std::vector<std::string>> aliases_;
  std::set<std::tuple<std::string, std::string, bool>> edges_;
};

}  // namespace canopy::collect
