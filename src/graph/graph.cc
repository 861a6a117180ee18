#include "graph/graph.h"

#include <algorithm>
#include <deque>
#include <thread>

#include "core/hash.h"

namespace canopy {

namespace {

// A node document starts with its id: Object tag, size, key, String tag, length, bytes.
std::string_view doc_id(const uint8_t* p) {
  ++p;
  varint::get(p);  // object payload size
  varint::get(p);  // key symbol (always "id")
  ++p;             // String tag
  uint64_t n = varint::get(p);
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(n)};
}

uint64_t id_hash(std::string_view id) {
  return hash64(id.data(), id.size(), 0x1d);
}

}  // namespace

std::string_view Graph::id(uint32_t i) const {
  return doc_id(nodes_[i].doc);
}

uint32_t Graph::find(std::string_view id) const {
  if (id_slots_.empty()) return kNoNode;
  const size_t mask = id_slots_.size() - 1;
  for (size_t s = id_hash(id) & mask;; s = (s + 1) & mask) {
    uint32_t v = id_slots_[s];
    if (v == 0) return kNoNode;
    if (doc_id(nodes_[v - 1].doc) == id) return v - 1;
  }
}

size_t Graph::index_bytes() const {
  size_t b = nodes_.capacity() * sizeof(NodeRec) + id_slots_.capacity() * 4;
  for (const auto& k : kind_index_) b += k.capacity() * 4 + sizeof(k);
  for (int t = 0; t < kEdgeTypes; ++t)
    b += (out_[t].offsets.capacity() + out_[t].targets.capacity() + in_[t].offsets.capacity() +
          in_[t].targets.capacity()) *
         4;
  return b;
}

size_t Graph::arena_bytes() const {
  size_t b = 0;
  for (const auto& a : arenas_) b += a->reserved();
  return b;
}

std::shared_ptr<const Graph> Graph::compacted() const {
  auto copy = std::make_shared<Graph>(*this);
  auto arena = std::make_shared<Arena>(size_t(16) << 20);
  for (NodeRec& n : copy->nodes_) n.doc = arena->copy(n.doc, n.size);
  copy->arenas_.assign(1, arena);
  return copy;
}

const UsageHistory& Graph::usage() const {
  static const UsageHistory none;
  return usage_ ? *usage_ : none;
}

const TokenIndex& Graph::token_index() const {
  std::call_once(token_index_.once, [this] { token_index_.value = TokenIndex::build(*this); });
  return token_index_.value;
}

const std::vector<uint32_t>& Graph::default_rank() const {
  std::call_once(default_rank_.once, [this] { default_rank_.value = build_default_rank(*this); });
  return default_rank_.value;
}

size_t Graph::doc_bytes() const {
  size_t b = 0;
  for (const NodeRec& n : nodes_) b += n.size;
  return b;
}

void GraphBuilder::keep_arena(std::shared_ptr<Arena> a) {
  for (const auto& have : graph_->arenas_)
    if (have == a) return;
  graph_->arenas_.push_back(std::move(a));
}

uint32_t GraphBuilder::add_node(const NodeRec& rec) {
  graph_->nodes_.push_back(rec);
  return static_cast<uint32_t>(graph_->nodes_.size() - 1);
}

void GraphBuilder::reserve(size_t nodes, size_t edges) {
  graph_->nodes_.reserve(nodes);
  edges_.reserve(edges);
}

std::shared_ptr<const Graph> GraphBuilder::build() {
  // The indexes are independent of each other: build them on two threads.
  std::thread side([this] {
    build_ids();
    build_kinds();
    build_csr(EdgeType::Delete, true);
    build_csr(EdgeType::Delete, false);
  });
  build_csr(EdgeType::Default, true);
  build_csr(EdgeType::Default, false);
  side.join();
  edges_.clear();
  edges_.shrink_to_fit();
  find_root();
  derive_refs();
  return std::move(graph_);
}

void GraphBuilder::build_ids() {
  Graph& g = *graph_;
  size_t cap = 16;
  while (cap < g.nodes_.size() * 2) cap <<= 1;
  g.id_slots_.assign(cap, 0);
  const size_t mask = cap - 1;
  for (uint32_t i = 0; i < g.nodes_.size(); ++i) {
    size_t s = id_hash(g.id(i)) & mask;
    while (g.id_slots_[s] != 0) s = (s + 1) & mask;
    g.id_slots_[s] = i + 1;
  }
}

void GraphBuilder::build_kinds() {
  Graph& g = *graph_;
  const auto& kinds = g.model_->kinds();
  std::vector<uint32_t> counts(kinds.size(), 0);
  for (const NodeRec& n : g.nodes_)
    for (const Kind* k : kinds[n.kind]->closure) ++counts[k->id];
  g.kind_index_.assign(kinds.size(), {});
  for (size_t k = 0; k < kinds.size(); ++k) g.kind_index_[k].reserve(counts[k]);
  for (uint32_t i = 0; i < g.nodes_.size(); ++i)
    for (const Kind* k : kinds[g.nodes_[i].kind]->closure) g.kind_index_[k->id].push_back(i);
}

void GraphBuilder::build_csr(EdgeType type, bool outgoing) {
  Graph& g = *graph_;
  const size_t n = g.nodes_.size();
  Graph::Csr& csr = outgoing ? g.out_[int(type)] : g.in_[int(type)];
  csr.offsets.assign(n + 1, 0);
  for (const Edge& e : edges_)
    if (e.type == type) ++csr.offsets[(outgoing ? e.from : e.to) + 1];
  for (size_t i = 0; i < n; ++i) csr.offsets[i + 1] += csr.offsets[i];
  std::vector<uint32_t> fill(csr.offsets.begin(), csr.offsets.end() - 1);
  csr.targets.assign(csr.offsets[n], 0);
  for (const Edge& e : edges_)
    if (e.type == type) csr.targets[fill[outgoing ? e.from : e.to]++] = outgoing ? e.to : e.from;
  // Sort each list and drop duplicate edges.
  uint32_t write = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t begin = csr.offsets[i], end = csr.offsets[i + 1];
    std::sort(csr.targets.begin() + begin, csr.targets.begin() + end);
    csr.offsets[i] = write;
    for (uint32_t j = begin; j < end; ++j)
      if (j == begin || csr.targets[j] != csr.targets[j - 1]) csr.targets[write++] = csr.targets[j];
  }
  csr.offsets[n] = write;
  csr.targets.resize(write);
  csr.targets.shrink_to_fit();
}

void GraphBuilder::find_root() {
  Graph& g = *graph_;
  g.root_ = kNoNode;
  for (uint32_t i = 0; i < g.nodes_.size() && g.root_ == kNoNode; ++i)
    if (g.in_[0].of(i).empty() && g.in_[1].of(i).empty()) g.root_ = i;
}

// Nearest ancestor of each location kind along inbound default edges,
// computed in topological order: a node's reference is itself when it is of
// that kind, else the parent's reference with the shortest distance.
void GraphBuilder::derive_refs() {
  Graph& g = *graph_;
  const size_t n = g.nodes_.size();
  const Graph::Csr& in = g.in_[0];
  const Graph::Csr& out = g.out_[0];
  std::vector<uint32_t> pending(n);
  std::vector<uint32_t> order;
  order.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    pending[i] = static_cast<uint32_t>(in.of(i).size());
    if (pending[i] == 0) order.push_back(i);
  }
  for (size_t q = 0; q < order.size(); ++q)
    for (uint32_t c : out.of(order[q]))
      if (--pending[c] == 0) order.push_back(c);

  std::vector<uint16_t> dist(n * kLocations, UINT16_MAX);
  const Kind* loc[kLocations];
  for (int l = 0; l < kLocations; ++l) loc[l] = g.model_->location(l);
  for (NodeRec& r : g.nodes_) std::fill(std::begin(r.refs), std::end(r.refs), kNoNode);
  for (uint32_t i : order) {
    NodeRec& r = g.nodes_[i];
    const Kind& k = *g.model_->kinds()[r.kind];
    for (int l = 0; l < kLocations; ++l) {
      if (k.is_a(loc[l])) {
        r.refs[l] = i;
        dist[i * kLocations + l] = 0;
        continue;
      }
      for (uint32_t p : in.of(i)) {
        uint16_t d = dist[p * kLocations + l];
        if (d != UINT16_MAX && d + 1 < dist[i * kLocations + l]) {
          dist[i * kLocations + l] = static_cast<uint16_t>(d + 1);
          r.refs[l] = g.nodes_[p].refs[l];
        }
      }
    }
  }
}

}  // namespace canopy
