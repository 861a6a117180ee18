#include "collect/graph_out.h"

#include "core/json_out.h"

namespace canopy::collect {

void GraphOut::node(const std::string& id, std::string_view kind, const std::string& reported,
                    bool replace) {
  std::string line = "{\"id\":";
  json::append_string(line, id);
  line += ",\"reported\":";
  line += reported;
  if (replace) line += ",\"metadata\":{\"replace\":true}";
  line += "}\n";
  std::lock_guard lock(mu_);
  if (!ids_.emplace(id, true).second) return;  // first writer wins
  nodes_ += line;
  ++kinds_[std::string(kind)];
}

void GraphOut::edge(const std::string& from, const std::string& to, bool delete_edge) {
  std::string line = "{\"from\":";
  json::append_string(line, from);
  line += ",\"to\":";
  json::append_string(line, to);
  if (delete_edge) line += ",\"edge_type\":\"delete\"";
  line += "}\n";
  std::lock_guard lock(mu_);
  edges_ += line;
}

bool GraphOut::has_node(const std::string& id) const {
  std::lock_guard lock(mu_);
  return ids_.contains(id);
}

std::string GraphOut::text() const {
  std::lock_guard lock(mu_);
  return nodes_ + edges_;
}

std::map<std::string, int> GraphOut::kind_counts() const {
  std::lock_guard lock(mu_);
  return kinds_;
}

}  // namespace canopy::collect
