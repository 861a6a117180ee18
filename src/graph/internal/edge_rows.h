// The persisted form of edges: one row per node with outgoing edges, holding
// varint (edge type, target row id) pairs.
#pragma once

#include <vector>

#include "graph/graph.h"
#include "store/store.h"

namespace canopy {

std::vector<uint8_t> edge_blob(const Graph& g, uint32_t node);

// Adds to `changes` the edge rows that differ between `old` and `now`
// (`new_of_old` maps old node indices to new ones) and counts the edges
// created and deleted.
void diff_edge_rows(const Graph& old, const Graph& now, const std::vector<uint32_t>& new_of_old,
                    StoreChanges& changes, uint64_t& created, uint64_t& deleted);

// Decodes an edge row into (type, target rid) pairs.
std::vector<std::pair<EdgeType, uint64_t>> decode_edge_blob(const uint8_t* p, size_t n);

}  // namespace canopy
