#include <algorithm>
#include <unordered_map>

#include "graph/database.h"
#include "graph/internal/edge_rows.h"

namespace canopy {

Result<std::shared_ptr<const Graph>> load_graph(Store& store, const Model& model) {
  const Symbols& syms = model.symbols();
  const Sym reported = syms.find("reported"), kind_sym = syms.find("kind");
  GraphBuilder builder(model);
  auto arena = std::make_shared<Arena>(size_t(16) << 20);
  builder.keep_arena(arena);
  std::vector<uint64_t> rids;
  std::unordered_map<std::string_view, const Kind*> kinds;
  struct PendingEdge {
    uint32_t from;
    EdgeType type;
    uint64_t to_rid;
  };
  std::vector<PendingEdge> edges;  // targets are known once all rows are read
  std::string error, scratch;
  Status st = store.scan_nodes([&](const NodeRow& row, const EdgeRow& out) {
    if (!error.empty()) return;
    DocView doc(row.doc, row.size);
    std::string_view kind_name = doc.get(reported).get(kind_sym).as_string(syms, scratch);
    auto it = kinds.find(kind_name);
    if (it == kinds.end()) {
      const Kind* k = model.find(kind_name);
      if (!k || !k->is_complex()) {
        error = "the store holds a node of kind '" + std::string(kind_name) +
                "', which the model does not know";
        return;
      }
      it = kinds.emplace(k->fqn, k).first;
    }
    NodeRec rec{};
    rec.doc = arena->copy(row.doc, row.size);
    rec.size = row.size;
    rec.kind = it->second->id;
    rec.rid = row.rid;
    rec.created = static_cast<uint32_t>(row.created);
    rec.updated = static_cast<uint32_t>(row.updated);
    rec.hash = row.hash;
    builder.add_node(rec);
    for_each_edge(out.edges, out.size, [&](EdgeType type, uint64_t to_rid) {
      edges.push_back({static_cast<uint32_t>(rids.size()), type, to_rid});
    });
    rids.push_back(row.rid);  // rows arrive in ascending row id order
  });
  if (!st) return st;
  if (!error.empty()) return Error{error};
  auto index_of = [&](uint64_t rid) -> uint32_t {
    auto it = std::lower_bound(rids.begin(), rids.end(), rid);
    return it != rids.end() && *it == rid ? static_cast<uint32_t>(it - rids.begin()) : kNoNode;
  };
  for (const PendingEdge& e : edges) {
    uint32_t to = index_of(e.to_rid);
    if (to != kNoNode) builder.add_edge(e.from, to, e.type);
  }
  builder.set_next_rid(rids.empty() ? 1 : rids.back() + 1);
  std::vector<UsageRecord> usage;
  st = store.scan_usage([&](const UsageRow& row) {
    if (auto r = usage_record(row)) usage.push_back(std::move(*r));
  });
  if (!st) return st;
  if (!usage.empty()) builder.set_usage(std::make_shared<const UsageHistory>(std::move(usage)));
  return builder.build();
}

}  // namespace canopy
