#include "collect/graph_out.h"

#include <unistd.h>

#include <algorithm>

#include "core/json_out.h"

namespace canopy::collect {

namespace {
constexpr std::string_view kNodeStart = "{\"id\":", kReported = ",\"reported\":",
                           kMetadata = ",\"metadata\":{", kNodeEnd = "}\n", kFrom = "{\"from\":",
                           kTo = ",\"to\":", kDelete = ",\"edge_type\":\"delete\"";

size_t quoted_size(std::string_view s) {
  std::string q;
  json::append_string(q, s);
  return q.size();
}
}  // namespace

GraphOut::GraphOut() : spill_(std::tmpfile()) {}

GraphOut::~GraphOut() {
  if (spill_) std::fclose(spill_);
}

void GraphOut::node(const std::string& id, std::string_view kind, const std::string& reported,
                    bool replace) {
  std::lock_guard lock(mu_);
  uint32_t name = names_.add(id);
  if (node_of_.size() <= name) node_of_.resize(names_.size(), -1);
  if (node_of_[name] >= 0) return;  // first writer wins
  size_t index = nodes_.size();
  node_of_[name] = static_cast<int32_t>(index);
  Node n{name, static_cast<uint32_t>(reported.size()), spilled_};
  if (spill_ && std::fwrite(reported.data(), 1, reported.size(), spill_) == reported.size()) {
    spilled_ += reported.size();
  } else {
    // The disk is full or unwritable: keep this document in memory instead.
    in_memory_[index] = reported;
  }
  nodes_.push_back(n);
  if (replace) metadata_[index] = "\"replace\":true";
  ++kinds_[std::string(kind)];
}

void GraphOut::metadata(const std::string& id, std::string_view key, std::string_view value) {
  std::lock_guard lock(mu_);
  auto name = names_.find(id);
  if (!name || node_of(*name) < 0) return;
  std::string& meta = metadata_[static_cast<size_t>(node_of(*name))];
  if (!meta.empty()) meta += ',';
  json::append_string(meta, key);
  meta += ':';
  meta += value;
}

void GraphOut::edge(const std::string& from, const std::string& to, bool delete_edge) {
  if (from.empty() || to.empty()) return;
  std::lock_guard lock(mu_);
  edges_.push_back({names_.add(from), names_.add(to), delete_edge});
}

void GraphOut::alias(const std::string& name, const std::string& id) {
  if (name.empty()) return;
  std::lock_guard lock(mu_);
  aliases_.emplace_back(names_.add(name), names_.add(id));
}

bool GraphOut::has_node(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto name = names_.find(id);
  return name && node_of(*name) >= 0;
}

std::vector<GraphOut::Edge> GraphOut::resolved_edges() const {
  std::vector<std::pair<uint32_t, uint32_t>> aliases = aliases_;
  std::sort(aliases.begin(), aliases.end());
  // The nodes an edge end names: the node of that id, else those its alias names.
  auto ends = [&](uint32_t name, std::vector<int32_t>& out) {
    out.clear();
    if (int32_t n = node_of(name); n >= 0) {
      out.push_back(n);
      return;
    }
    auto it =
        std::lower_bound(aliases.begin(), aliases.end(), std::pair<uint32_t, uint32_t>{name, 0});
    for (; it != aliases.end() && it->first == name; ++it)
      if (int32_t n = node_of(it->second); n >= 0) out.push_back(n);
  };
  std::vector<Edge> out;
  std::vector<int32_t> from, to;
  for (const Edge& e : edges_) {
    ends(e.from, from);
    if (from.empty()) continue;
    ends(e.to, to);
    for (int32_t f : from)
      for (int32_t t : to)
        if (f != t) out.push_back({static_cast<uint32_t>(f), static_cast<uint32_t>(t), e.del});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

size_t GraphOut::node_size(size_t index) const {
  const Node& n = nodes_[index];
  size_t size =
      kNodeStart.size() + quoted_size(names_[n.name]) + kReported.size() + n.size + kNodeEnd.size();
  if (auto m = metadata_.find(index); m != metadata_.end())
    size += kMetadata.size() + m->second.size() + 1;
  return size;
}

void GraphOut::write_node(std::string& out, size_t index) const {
  const Node& n = nodes_[index];
  out += kNodeStart;
  json::append_string(out, names_[n.name]);
  out += kReported;
  if (auto kept = in_memory_.find(index); kept != in_memory_.end()) {
    out += kept->second;
  } else {
    size_t at = out.size();
    out.resize(at + n.size);
    if (pread(fileno(spill_), out.data() + at, n.size, static_cast<off_t>(n.offset)) !=
        static_cast<ssize_t>(n.size))
      out.resize(at), out += "{}";  // unreadable: an empty document fails the merge's check
  }
  if (auto m = metadata_.find(index); m != metadata_.end()) {
    out += kMetadata;
    out += m->second;
    out += '}';
  }
  out += kNodeEnd;
}

void GraphOut::write_edge(std::string& out, const Edge& e) const {
  out += kFrom;
  json::append_string(out, names_[nodes_[e.from].name]);
  out += kTo;
  json::append_string(out, names_[nodes_[e.to].name]);
  if (e.del) out += kDelete;
  out += kNodeEnd;
}

size_t GraphOut::text_size() const {
  std::lock_guard lock(mu_);
  size_t size = 0;
  for (size_t i = 0; i < nodes_.size(); ++i) size += node_size(i);
  for (const Edge& e : resolved_edges())
    size += kFrom.size() + quoted_size(names_[nodes_[e.from].name]) + kTo.size() +
            quoted_size(names_[nodes_[e.to].name]) + (e.del ? kDelete.size() : 0) + kNodeEnd.size();
  return size;
}

void GraphOut::append_text(std::string& out) const {
  std::lock_guard lock(mu_);
  if (spill_) std::fflush(spill_);
  for (size_t i = 0; i < nodes_.size(); ++i) write_node(out, i);
  for (const Edge& e : resolved_edges()) write_edge(out, e);
}

std::string GraphOut::text() const {
  std::string out;
  out.reserve(text_size());
  append_text(out);
  return out;
}

std::map<std::string, int> GraphOut::kind_counts() const {
  std::lock_guard lock(mu_);
  return kinds_;
}

}  // namespace canopy::collect
