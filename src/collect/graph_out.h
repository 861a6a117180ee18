// The nodes and edges one account's collect produces, as lines of the merge
// format. Service collectors add to it from many threads; the account is
// merged only when its whole collect succeeded.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace canopy::collect {

class GraphOut {
 public:
  // `reported` is the node's reported section (JSON object text, with kind).
  void node(const std::string& id, std::string_view kind, const std::string& reported,
            bool replace = false);
  void edge(const std::string& from, const std::string& to, bool delete_edge = false);

  bool has_node(const std::string& id) const;
  std::string text() const;  // ndjson
  std::map<std::string, int> kind_counts() const;

 private:
  mutable std::mutex mu_;
  std::string nodes_, edges_;
  std::map<std::string, int> kinds_;
  std::map<std::string, bool> ids_;
};

}  // namespace canopy::collect
