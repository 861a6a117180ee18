#include "graph/sections.h"

#include <unordered_map>

#include "core/doc_json.h"
#include "graph/internal/edge_rows.h"

namespace canopy {

Result<MergeOutcome> set_section(const Graph& old, std::string_view section,
                                 const std::vector<SectionUpdate>& updates) {
  Symbols& syms = old.model().symbols();
  const Sym key = syms.intern(section);
  std::unordered_map<uint32_t, const SectionUpdate*> by_node;
  for (const auto& u : updates) by_node[u.node] = &u;

  MergeOutcome out;
  GraphBuilder builder(old.model());
  const size_t n = old.size();
  builder.reserve(n, old.edge_count(EdgeType::Default) + old.edge_count(EdgeType::Delete));
  auto arena = std::make_shared<Arena>(size_t(1) << 20);
  builder.keep_arena(arena);
  for (const auto& a : old.arenas()) builder.keep_arena(a);
  std::vector<uint32_t> same(n);
  std::vector<char> changed(n, 0);
  Bytes scratch;
  for (uint32_t j = 0; j < n; ++j) {
    same[j] = j;
    auto it = by_node.find(j);
    if (it == by_node.end()) {
      builder.add_node(old.node(j));
      continue;
    }
    std::vector<uint8_t> encoded;
    if (!it->second->json.empty()) {
      auto e = encode_json_text(it->second->json, syms);
      if (!e) return Error{"section " + std::string(section) + ": " + e.message()};
      encoded = std::move(*e);
    }
    scratch.clear();
    DocWriter w(scratch);
    size_t top = w.open_object();
    for (auto m = old.doc(j).iter(); !m.done(); m.next()) {
      if (m.key() == key) continue;
      w.key(m.key());
      w.raw(m.value().data(), m.value().encoded_size());
    }
    if (!encoded.empty()) {
      w.key(key);
      w.raw(encoded.data(), encoded.size());
    }
    w.close(top);
    NodeRec rec = old.node(j);
    rec.doc = arena->copy(scratch.data(), scratch.size());
    rec.size = static_cast<uint32_t>(scratch.size());
    builder.add_node(rec);  // the content hash covers reported, desired, metadata: unchanged
    changed[j] = 1;
    ++out.stats.nodes_updated;
  }
  for (uint32_t j = 0; j < n; ++j)
    for (int t = 0; t < kEdgeTypes; ++t)
      for (uint32_t c : old.successors(j, EdgeType(t))) builder.add_edge(j, c, EdgeType(t));
  builder.set_next_rid(old.next_rid());
  builder.set_usage(old.usage_ptr());
  out.graph = builder.build();
  collect_rows(old, *out.graph, same, changed, out.changes, out.stats.edges_created,
               out.stats.edges_deleted);
  return out;
}

}  // namespace canopy
