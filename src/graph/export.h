// Writing a graph in the ndjson merge format: every node, then every edge,
// in a stable order (nodes by id, edges by source id, type, target id), so
// that export → import → export reproduces the same bytes.
#pragma once

#include <cstdio>

#include "core/result.h"
#include "graph/graph.h"

namespace canopy {

Status export_ndjson(const Graph& g, std::FILE* out);

}  // namespace canopy
