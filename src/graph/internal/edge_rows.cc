#include "graph/internal/edge_rows.h"

#include <algorithm>

namespace canopy {

void append_edge_blob(const Graph& g, uint32_t node, std::vector<uint8_t>& out) {
  uint8_t buf[10];
  for (int t = 0; t < kEdgeTypes; ++t) {
    for (uint32_t c : g.successors(node, EdgeType(t))) {
      out.push_back(static_cast<uint8_t>(t));
      size_t n = varint::put(buf, g.node(c).rid);
      out.insert(out.end(), buf, buf + n);
    }
  }
}

namespace {

using EdgeKey = std::pair<EdgeType, uint64_t>;

std::vector<EdgeKey> sorted_edges(const uint8_t* p, size_t n) {
  std::vector<EdgeKey> out;
  for_each_edge(p, n, [&](EdgeType t, uint64_t rid) { out.emplace_back(t, rid); });
  std::sort(out.begin(), out.end());
  return out;
}

// Edges in `a` that are not in `b`.
uint64_t missing(const std::vector<EdgeKey>& a, const std::vector<EdgeKey>& b) {
  std::vector<EdgeKey> diff;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
  return diff.size();
}

}  // namespace

void collect_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                  const std::vector<DocWrite>& docs, StoreChanges& changes, uint64_t& created,
                  uint64_t& deleted) {
  std::vector<uint32_t> old_of_new(now.size(), kNoNode);
  for (uint32_t j = 0; j < new_of_old.size(); ++j) {
    if (new_of_old[j] != kNoNode) {
      old_of_new[new_of_old[j]] = j;
    } else {
      for (int t = 0; t < kEdgeTypes; ++t) deleted += old.successors(j, EdgeType(t)).size();
    }
  }
  std::vector<size_t> offsets;
  std::vector<uint8_t> before;
  for (uint32_t x = 0; x < now.size(); ++x) {
    size_t start = changes.edge_bytes.size();
    append_edge_blob(now, x, changes.edge_bytes);
    size_t size = changes.edge_bytes.size() - start;
    bool edges_changed;
    if (old_of_new[x] == kNoNode) {  // a new node: all its edges are new
      for (int t = 0; t < kEdgeTypes; ++t) created += now.successors(x, EdgeType(t)).size();
      edges_changed = size > 0;
    } else {
      before.clear();
      append_edge_blob(old, old_of_new[x], before);
      edges_changed = size != before.size() ||
                      !std::equal(before.begin(), before.end(), changes.edge_bytes.begin() + start);
      if (edges_changed) {
        auto a = sorted_edges(before.data(), before.size());
        auto b = sorted_edges(changes.edge_bytes.data() + start, size);
        created += missing(b, a);
        deleted += missing(a, b);
      }
    }
    const NodeRec& n = now.node(x);
    if (docs[x] == DocWrite::Write)
      changes.put_nodes.push_back({n.rid, n.doc, n.size, n.created, n.updated, n.hash});
    if (!edges_changed) {
      changes.edge_bytes.resize(start);
      continue;
    }
    changes.put_edges.push_back({n.rid, nullptr, static_cast<uint32_t>(size)});
    offsets.push_back(start);
  }
  // edge_bytes has stopped growing: point the rows at their edges.
  for (size_t i = 0; i < offsets.size(); ++i)
    changes.put_edges[i].edges = changes.edge_bytes.data() + offsets[i];
}

void collect_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                  const std::vector<char>& doc_changed, StoreChanges& changes, uint64_t& created,
                  uint64_t& deleted) {
  std::vector<DocWrite> docs(doc_changed.size());
  for (size_t i = 0; i < docs.size(); ++i)
    docs[i] = doc_changed[i] ? DocWrite::Write : DocWrite::Keep;
  collect_rows(old, now, new_of_old, docs, changes, created, deleted);
}

}  // namespace canopy
