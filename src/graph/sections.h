// Writing one top-level section (e.g. `security`) of some nodes without a
// merge: the rest of each document, the edges and every other node stay as
// they are. Used by the benchmark runs that record issues on nodes.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "graph/graph.h"
#include "graph/merge.h"

namespace canopy {

struct SectionUpdate {
  uint32_t node;     // index in the old snapshot
  std::string json;  // the section's new JSON object; empty: remove the section
};

// Builds the next snapshot and the row changes that persist it.
Result<MergeOutcome> set_section(const Graph& old, std::string_view section,
                                 const std::vector<SectionUpdate>& updates);

}  // namespace canopy
