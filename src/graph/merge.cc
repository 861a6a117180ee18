#include "graph/merge.h"

#include <algorithm>
#include <span>
#include <unordered_map>

#include "core/hash.h"
#include "graph/internal/doc_patch.h"
#include "graph/internal/edge_rows.h"

namespace canopy {

HashedSections::HashedSections(const Symbols& s)
    : syms{s.find("reported"), s.find("desired"), s.find("metadata")} {}

uint32_t content_hash(DocView doc, const Symbols& syms) {
  return content_hash(doc, HashedSections(syms));
}

uint32_t content_hash(DocView doc, const HashedSections& sections) {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (Sym s : sections.syms) {
    DocView v = s == Symbols::kNone ? DocView() : doc.get(s);
    if (v.valid())
      h = hash64(v.data(), v.encoded_size(), h);
    else
      h = hash64(&h, sizeof h, h);  // absent differs from empty
  }
  return static_cast<uint32_t>(h >> 32);
}

namespace {

// Default-edge adjacency of the batch: the children of node i are
// targets[offsets[i] .. offsets[i + 1]).
struct Children {
  std::vector<uint32_t> offsets, targets;
  std::span<const uint32_t> of(uint32_t i) const {
    return {targets.data() + offsets[i], offsets[i + 1] - offsets[i]};
  }
};

Children batch_children(const GraphBatch& b) {
  Children out;
  out.offsets.assign(b.nodes.size() + 1, 0);
  for (const BatchEdge& e : b.edges)
    if (e.type == EdgeType::Default) ++out.offsets[e.from + 1];
  for (size_t i = 0; i < b.nodes.size(); ++i) out.offsets[i + 1] += out.offsets[i];
  out.targets.resize(out.offsets.back());
  std::vector<uint32_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  for (const BatchEdge& e : b.edges)
    if (e.type == EdgeType::Default) out.targets[fill[e.from]++] = e.to;
  return out;
}

uint32_t batch_root(const GraphBatch& b) {
  std::vector<char> has_in(b.nodes.size(), 0);
  for (const BatchEdge& e : b.edges) has_in[e.to] = 1;
  for (uint32_t i = 0; i < b.nodes.size(); ++i)
    if (!has_in[i]) return i;
  return 0;
}

}  // namespace

namespace {

// Adds the deferred edges whose selectors are searches: they are resolved
// against the merged graph (the batch's nodes included), so the graph is
// built once more with them. Every node a `from` search finds gets an edge to
// every node the `to` search finds.
std::shared_ptr<const Graph> add_search_edges(std::shared_ptr<const Graph> g,
                                              const std::vector<const DeferredEdge*>& edges,
                                              const SearchResolver& resolve, MergeOutcome& out) {
  constexpr size_t kMaxSearchEdges = 100000;  // one deferred edge may not flood the graph
  std::vector<std::pair<std::pair<uint32_t, uint32_t>, EdgeType>> add;
  std::string failed;  // why the last search failed
  auto nodes = [&](const std::string& id, const std::string& search) -> std::vector<uint32_t> {
    if (search.empty()) {
      uint32_t n = g->find(id);
      return n == kNoNode ? std::vector<uint32_t>{} : std::vector<uint32_t>{n};
    }
    auto found = resolve(*g, search);
    if (!found) {
      failed = "search '" + search + "': " + found.message();
      return {};
    }
    return *found;
  };
  for (const DeferredEdge* d : edges) {
    failed.clear();
    auto from = nodes(d->from_id, d->from_search), to = nodes(d->to_id, d->to_search);
    std::string why = !failed.empty()              ? failed
                      : from.empty() || to.empty() ? "a selector found no node"
                      : from.size() * to.size() > kMaxSearchEdges
                          ? "the selectors would make " + std::to_string(from.size() * to.size()) +
                                " edges (at most " + std::to_string(kMaxSearchEdges) + ")"
                          : "";
    if (!why.empty()) {
      ++out.stats.deferred_unresolved;
      out.warnings.push_back("line " + std::to_string(d->line) + ": deferred edge: " + why);
      continue;
    }
    for (uint32_t f : from)
      for (uint32_t t : to)
        if (f != t) add.push_back({{f, t}, d->type});
    ++out.stats.deferred_resolved;
  }
  if (add.empty()) return g;
  GraphBuilder builder(g->model());
  builder.reserve(g->size(),
                  g->edge_count(EdgeType::Default) + g->edge_count(EdgeType::Delete) + add.size());
  for (const auto& a : g->arenas()) builder.keep_arena(a);
  for (uint32_t n = 0; n < g->size(); ++n) builder.add_node(g->node(n));
  for (uint32_t n = 0; n < g->size(); ++n)
    for (int t = 0; t < kEdgeTypes; ++t)
      for (uint32_t c : g->successors(n, EdgeType(t))) builder.add_edge(n, c, EdgeType(t));
  for (const auto& [ends, type] : add) builder.add_edge(ends.first, ends.second, type);
  builder.set_next_rid(g->next_rid());
  builder.set_usage(g->usage_ptr());
  return builder.build();
}

// The usage records the batch brings (one per node with a `usage` section,
// stamped `now`), added to the stored history; deleted nodes and records
// past the retention drop out.
void set_usage(const Graph& old, const GraphBatch& batch, const std::vector<uint32_t>& new_of_batch,
               GraphBuilder& builder, int64_t now, StoreChanges& changes) {
  const Symbols& syms = old.model().symbols();
  std::vector<UsageRecord> added;
  for (size_t i = 0; i < batch.nodes.size(); ++i) {
    auto stats = usage_stats(DocView(batch.nodes[i].doc, batch.nodes[i].size), syms);
    if (stats.empty()) continue;
    added.push_back({builder.node(new_of_batch[i]).rid, now, std::move(stats)});
  }
  changes.usage_keep_after = now - kUsageRetention;
  if (added.empty() && old.usage().size() == 0) return;
  for (const UsageRecord& r : added) changes.put_usage.push_back(usage_row(r));
  builder.set_usage(old.usage().updated(added, changes.deleted_nodes, changes.usage_keep_after));
}

}  // namespace

Result<MergeOutcome> merge(const Graph& old, GraphBatch batch, int64_t now,
                           const SearchResolver* resolver,
                           const std::vector<uint32_t>* written_hashes) {
  const Model& model = old.model();
  Symbols& syms = model.symbols();
  const size_t nb = batch.nodes.size(), no = old.size();
  MergeOutcome out;

  const uint32_t root_b = batch_root(batch);
  if (old.root() != kNoNode && old.id(old.root()) != batch.nodes[root_b].id)
    return Error{"the import's root '" + std::string(batch.nodes[root_b].id) +
                 "' is not the stored root '" + std::string(old.id(old.root())) + "'"};

  // Merge nodes and the batch nodes they own (reachable by default edges).
  std::vector<uint32_t> merge_nodes;
  for (uint32_t i = 0; i < nb; ++i)
    if (batch.nodes[i].replace) merge_nodes.push_back(i);
  if (merge_nodes.empty()) merge_nodes.push_back(root_b);
  auto children = batch_children(batch);
  std::vector<char> owned_b(nb, 0);
  std::vector<uint32_t> stack(merge_nodes);
  for (uint32_t m : merge_nodes) owned_b[m] = 1;
  while (!stack.empty()) {
    uint32_t i = stack.back();
    stack.pop_back();
    for (uint32_t c : children.of(i))
      if (!owned_b[c]) owned_b[c] = 1, stack.push_back(c);
  }

  // Batch nodes that already exist, and the stored sub-graphs being replaced.
  std::vector<uint32_t> old_of(nb, kNoNode);
  std::vector<uint32_t> batch_of(no, kNoNode);
  for (uint32_t i = 0; i < nb; ++i) {
    uint32_t j = old.find(batch.nodes[i].id);
    old_of[i] = j;
    if (j != kNoNode) batch_of[j] = i;
  }
  std::vector<char> old_owned(no, 0);
  for (uint32_t m : merge_nodes) {
    if (old_of[m] == kNoNode) continue;
    stack.assign(1, old_of[m]);
    old_owned[old_of[m]] = 1;
    while (!stack.empty()) {
      uint32_t j = stack.back();
      stack.pop_back();
      for (uint32_t c : old.successors(j, EdgeType::Default))
        if (!old_owned[c]) old_owned[c] = 1, stack.push_back(c);
    }
  }

  // Nodes of the new snapshot: surviving stored nodes in their order, then new ones.
  GraphBuilder builder(model);
  builder.reserve(no + nb, batch.edges.size() + old.edge_count(EdgeType::Default) +
                               old.edge_count(EdgeType::Delete));
  auto patch_arena = std::make_shared<Arena>(size_t(1) << 20);
  builder.keep_arena(patch_arena);
  for (const auto& a : old.arenas()) builder.keep_arena(a);
  uint64_t next_rid = old.next_rid();
  std::vector<uint32_t> new_of_old(no, kNoNode), new_of_batch(nb, kNoNode);
  std::vector<DocWrite> doc_changed;  // by node of the new snapshot
  doc_changed.reserve(no + nb);
  DocPatcher patcher(syms, *patch_arena);
  const HashedSections hashed(syms);

  for (uint32_t j = 0; j < no; ++j) {
    uint32_t i = batch_of[j];
    if (i == kNoNode) {
      if (old_owned[j]) {
        out.changes.deleted_nodes.push_back(old.node(j).rid);
        ++out.stats.nodes_deleted;
        continue;
      }
      new_of_old[j] = builder.add_node(old.node(j));
      doc_changed.push_back(DocWrite::Keep);
      continue;
    }
    const BatchNode& bn = batch.nodes[i];
    const NodeRec& prev = old.node(j);
    NodeRec rec = prev;
    rec.kind = bn.kind->id;
    DocView doc = patcher.carry_over(DocView(bn.doc, bn.size), old.doc(j), bn.ctime_defaulted,
                                     bn.mtime_defaulted, std::nullopt);
    rec.hash = content_hash(doc, hashed);
    bool changed = rec.hash != prev.hash;
    if (!changed) {
      ++out.stats.nodes_unchanged;
    } else {
      if (bn.mtime_defaulted)
        doc =
            patcher.carry_over(DocView(bn.doc, bn.size), old.doc(j), bn.ctime_defaulted, true, now);
      rec.hash = content_hash(doc, hashed);
      rec.doc = doc.data();
      rec.size = static_cast<uint32_t>(doc.encoded_size());
      rec.updated = static_cast<uint32_t>(now);
      ++out.stats.nodes_updated;
    }
    new_of_old[j] = new_of_batch[i] = builder.add_node(rec);
    doc_changed.push_back(changed ? DocWrite::Write : DocWrite::Keep);
  }
  const uint64_t first_new_rid = next_rid;
  for (uint32_t i = 0; i < nb; ++i) {
    if (old_of[i] != kNoNode) continue;
    const BatchNode& bn = batch.nodes[i];
    NodeRec rec{};
    rec.doc = bn.doc;
    rec.size = bn.size;
    rec.kind = bn.kind->id;
    const uint64_t nth = next_rid - first_new_rid;
    rec.rid = next_rid++;
    rec.created = rec.updated = static_cast<uint32_t>(now);
    if (written_hashes && nth >= written_hashes->size())
      return Error{"merge: more new nodes than documents written"};
    rec.hash =
        written_hashes ? (*written_hashes)[nth] : content_hash(DocView(bn.doc, bn.size), hashed);
    new_of_batch[i] = builder.add_node(rec);
    doc_changed.push_back(written_hashes ? DocWrite::Written : DocWrite::Write);
    ++out.stats.nodes_created;
  }
  builder.set_next_rid(next_rid);
  set_usage(old, batch, new_of_batch, builder, now, out.changes);
  // Documents of created or updated nodes live in the batch's arenas.
  if (out.stats.nodes_created + out.stats.nodes_updated > 0)
    for (const auto& a : batch.arenas) builder.keep_arena(a);

  // Edges: stored edges survive unless their source's sub-graph is replaced;
  // the batch's edges are added.
  for (uint32_t j = 0; j < no; ++j) {
    if (new_of_old[j] == kNoNode || old_owned[j]) continue;
    if (batch_of[j] != kNoNode && owned_b[batch_of[j]]) continue;
    for (int t = 0; t < kEdgeTypes; ++t)
      for (uint32_t c : old.successors(j, EdgeType(t)))
        if (new_of_old[c] != kNoNode) builder.add_edge(new_of_old[j], new_of_old[c], EdgeType(t));
  }
  for (const BatchEdge& e : batch.edges)
    builder.add_edge(new_of_batch[e.from], new_of_batch[e.to], e.type);

  // Deferred edges by node id; search selectors need the query engine.
  std::unordered_map<std::string_view, uint32_t> batch_ids;
  if (!batch.deferred.empty())
    for (uint32_t i = 0; i < nb; ++i) batch_ids.emplace(batch.nodes[i].id, new_of_batch[i]);
  auto resolve = [&](const std::string& id) -> uint32_t {
    if (auto it = batch_ids.find(id); it != batch_ids.end()) return it->second;
    uint32_t j = old.find(id);
    return j == kNoNode ? kNoNode : new_of_old[j];
  };
  std::vector<const DeferredEdge*> by_search;
  for (const DeferredEdge& d : batch.deferred) {
    if (!d.from_search.empty() || !d.to_search.empty()) {
      if (resolver) {
        by_search.push_back(&d);
        continue;
      }
      ++out.stats.deferred_unresolved;
      out.warnings.push_back("line " + std::to_string(d.line) +
                             ": deferred edge with search_criteria: no search available here");
      continue;
    }
    uint32_t f = resolve(d.from_id), t = resolve(d.to_id);
    if (f == kNoNode || t == kNoNode) {
      ++out.stats.deferred_unresolved;
      out.warnings.push_back("line " + std::to_string(d.line) + ": deferred edge " + d.from_id +
                             " -> " + d.to_id + ": node not found");
      continue;
    }
    builder.add_edge(f, t, d.type);
    ++out.stats.deferred_resolved;
  }

  out.graph = builder.build();
  if (!by_search.empty()) out.graph = add_search_edges(out.graph, by_search, *resolver, out);
  collect_rows(old, *out.graph, new_of_old, doc_changed, out.changes, out.stats.edges_created,
               out.stats.edges_deleted);
  return out;
}

}  // namespace canopy
