#include "graph/internal/edge_rows.h"

#include <algorithm>

namespace canopy {

std::vector<uint8_t> edge_blob(const Graph& g, uint32_t node) {
  std::vector<uint8_t> out;
  uint8_t buf[10];
  for (int t = 0; t < kEdgeTypes; ++t) {
    for (uint32_t c : g.successors(node, EdgeType(t))) {
      out.push_back(static_cast<uint8_t>(t));
      size_t n = varint::put(buf, g.node(c).rid);
      out.insert(out.end(), buf, buf + n);
    }
  }
  return out;
}

std::vector<std::pair<EdgeType, uint64_t>> decode_edge_blob(const uint8_t* p, size_t n) {
  std::vector<std::pair<EdgeType, uint64_t>> out;
  const uint8_t* end = p + n;
  while (p < end) {
    auto t = EdgeType(*p++ & 1);
    out.emplace_back(t, varint::get(p));
  }
  return out;
}

void diff_edge_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                    StoreChanges& changes, uint64_t& created, uint64_t& deleted) {
  std::vector<uint32_t> old_of_new(now.size(), kNoNode);
  for (uint32_t j = 0; j < new_of_old.size(); ++j)
    if (new_of_old[j] != kNoNode) old_of_new[new_of_old[j]] = j;
  for (uint32_t j = 0; j < new_of_old.size(); ++j) {
    if (new_of_old[j] != kNoNode) continue;
    for (int t = 0; t < kEdgeTypes; ++t) deleted += old.successors(j, EdgeType(t)).size();
  }
  for (uint32_t x = 0; x < now.size(); ++x) {
    std::vector<uint8_t> blob = edge_blob(now, x);
    if (old_of_new[x] == kNoNode) {  // a new node: all its edges are new
      for (int t = 0; t < kEdgeTypes; ++t) created += now.successors(x, EdgeType(t)).size();
      if (!blob.empty()) changes.put_edges.push_back({now.node(x).rid, std::move(blob)});
      continue;
    }
    std::vector<uint8_t> before = edge_blob(old, old_of_new[x]);
    if (blob == before) continue;
    auto a = decode_edge_blob(before.data(), before.size());
    auto b = decode_edge_blob(blob.data(), blob.size());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<std::pair<EdgeType, uint64_t>> diff;
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(diff));
    created += diff.size();
    diff.clear();
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
    deleted += diff.size();
    if (blob.empty())
      changes.deleted_edges.push_back(now.node(x).rid);
    else
      changes.put_edges.push_back({now.node(x).rid, std::move(blob)});
  }
}

}  // namespace canopy
