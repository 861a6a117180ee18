// The persisted form of a node's outgoing edges, kept in its store row:
// (edge type byte, varint target row id) pairs.
#pragma once

#include <vector>

#include "graph/graph.h"
#include "store/store.h"

namespace canopy {

void append_edge_blob(const Graph& g, uint32_t node, std::vector<uint8_t>& out);

// What the store must do with a node's document row.
enum class DocWrite : uint8_t {
  Keep,     // unchanged
  Write,    // created or changed
  Written,  // created, and already written while the import was read
};

// Adds to `changes` the rows of `now` that must be written: the document
// rows `docs` (by node of `now`) asks for, and the edge rows of nodes whose
// outgoing edges differ from `old` (`new_of_old` maps old node indices to
// new ones). Counts the edges created and deleted.
void collect_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                  const std::vector<DocWrite>& docs, StoreChanges& changes, uint64_t& created,
                  uint64_t& deleted);
// The same, with `doc_changed` (by node of `now`) non-zero for Write.
void collect_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                  const std::vector<char>& doc_changed, StoreChanges& changes, uint64_t& created,
                  uint64_t& deleted);

// Decodes edge pairs, calling fn(type, target rid) for each.
template <typename Fn>
void for_each_edge(const uint8_t* p, size_t n, Fn fn) {
  const uint8_t* end = p + n;
  while (p < end) {
    auto t = EdgeType(*p++ & 1);
    fn(t, varint::get(p));
  }
}

}  // namespace canopy
