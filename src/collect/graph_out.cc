#include "collect/graph_out.h"

#include <unistd.h>

#include "core/json_out.h"

namespace canopy::collect {

GraphOut::GraphOut() : spill_(std::tmpfile()) {}

GraphOut::~GraphOut() {
  if (spill_) std::fclose(spill_);
}

void GraphOut::node(const std::string& id, std::string_view kind, const std::string& reported,
                    bool replace) {
  std::lock_guard lock(mu_);
  if (!ids_.emplace(id, nodes_.size()).second) return;  // first writer wins
  Node n{id, spilled_, static_cast<uint32_t>(reported.size()), replace ? "\"replace\":true" : "",
         ""};
  if (spill_ && std::fwrite(reported.data(), 1, reported.size(), spill_) == reported.size()) {
    spilled_ += reported.size();
  } else {
    // The disk is full or unwritable: keep this document in memory instead.
    n.reported = reported;
  }
  nodes_.push_back(std::move(n));
  ++kinds_[std::string(kind)];
}

void GraphOut::metadata(const std::string& id, std::string_view key, std::string_view value) {
  std::lock_guard lock(mu_);
  auto it = ids_.find(id);
  if (it == ids_.end()) return;
  std::string& meta = nodes_[it->second].metadata;
  if (!meta.empty()) meta += ',';
  json::append_string(meta, key);
  meta += ':';
  meta += value;
}

void GraphOut::edge(const std::string& from, const std::string& to, bool delete_edge) {
  if (from.empty() || to.empty()) return;
  std::lock_guard lock(mu_);
  edges_.emplace(from, to, delete_edge);
}

void GraphOut::alias(const std::string& name, const std::string& id) {
  if (name.empty()) return;
  std::lock_guard lock(mu_);
  auto& ids = aliases_[name];
  for (const auto& known : ids)
    if (known == id) return;
  ids.push_back(id);
}

bool GraphOut::has_node(const std::string& id) const {
  std::lock_guard lock(mu_);
  return ids_.contains(id);
}

std::vector<std::string> GraphOut::resolve(const std::string& end) const {
  if (ids_.contains(end)) return {end};
  std::vector<std::string> out;
  if (auto it = aliases_.find(end); it != aliases_.end())
    for (const auto& id : it->second)
      if (ids_.contains(id)) out.push_back(id);
  return out;
}

void GraphOut::write_node(std::string& out, const Node& n) const {
  out += "{\"id\":";
  json::append_string(out, n.id);
  out += ",\"reported\":";
  if (n.reported.empty()) {
    size_t at = out.size();
    out.resize(at + n.size);
    if (pread(fileno(spill_), out.data() + at, n.size, static_cast<off_t>(n.offset)) !=
        static_cast<ssize_t>(n.size))
      out.resize(at), out += "{}";  // unreadable: an empty document fails the merge's check
  } else {
    out += n.reported;
  }
  if (!n.metadata.empty()) out += ",\"metadata\":{" + n.metadata + "}";
  out += "}\n";
}

void GraphOut::write_edges(std::string& out) const {
  std::set<std::tuple<std::string, std::string, bool>> written;
  for (const auto& [from, to, del] : edges_)
    for (const auto& f : resolve(from))
      for (const auto& t : resolve(to)) {
        if (f == t || !written.emplace(f, t, del).second) continue;
        out += "{\"from\":";
        json::append_string(out, f);
        out += ",\"to\":";
        json::append_string(out, t);
        if (del) out += ",\"edge_type\":\"delete\"";
        out += "}\n";
      }
}

std::string GraphOut::text() const {
  std::lock_guard lock(mu_);
  if (spill_) std::fflush(spill_);
  std::string out;
  out.reserve(spilled_ + nodes_.size() * 64);
  for (const Node& n : nodes_) write_node(out, n);
  write_edges(out);
  return out;
}

std::string GraphOut::take_text() {
  std::string out = text();
  std::lock_guard lock(mu_);
  for (Node& n : nodes_) std::string().swap(n.reported);
  if (spill_ && ftruncate(fileno(spill_), 0) == 0) spilled_ = 0;
  return out;
}

std::map<std::string, int> GraphOut::kind_counts() const {
  std::lock_guard lock(mu_);
  return kinds_;
}

}  // namespace canopy::collect
