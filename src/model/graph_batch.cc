#include "model/graph_batch.h"

#include <string>

namespace canopy {

Status check_structure(const GraphBatch& batch, std::string_view unit) {
  const size_t n = batch.nodes.size();
  auto where = [&](uint32_t i) {
    return "'" + std::string(batch.nodes[i].id) + "' (" + std::string(unit) + " " +
           std::to_string(batch.nodes[i].line) + ")";
  };
  std::vector<uint32_t> in_any(n, 0), in_default(n, 0);
  for (const BatchEdge& e : batch.edges) {
    ++in_any[e.to];
    if (e.type == EdgeType::Default) ++in_default[e.to];
  }
  std::vector<uint32_t> roots;
  for (uint32_t i = 0; i < n; ++i)
    if (in_any[i] == 0) roots.push_back(i);
  if (roots.size() > 1)
    return Error{std::to_string(roots.size()) + " roots: " + where(roots[0]) + " and " +
                 where(roots[1]) + " have no incoming edge; a merge needs exactly one root"};

  // Kahn's algorithm over default edges; whatever is left lies on a cycle.
  std::vector<uint32_t> offsets(n + 1, 0), targets(batch.edges.size());
  for (const BatchEdge& e : batch.edges)
    if (e.type == EdgeType::Default) ++offsets[e.from + 1];
  for (size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (const BatchEdge& e : batch.edges)
    if (e.type == EdgeType::Default) targets[fill[e.from]++] = e.to;
  std::vector<uint32_t> queue;
  for (uint32_t i = 0; i < n; ++i)
    if (in_default[i] == 0) queue.push_back(i);
  for (size_t q = 0; q < queue.size(); ++q)
    for (uint32_t j = offsets[queue[q]]; j < offsets[queue[q] + 1]; ++j)
      if (--in_default[targets[j]] == 0) queue.push_back(targets[j]);
  if (queue.size() < n) {
    for (uint32_t i = 0; i < n; ++i)
      if (in_default[i] > 0) return Error{"default edges form a cycle through node " + where(i)};
  }
  if (roots.empty()) return Error{"no root: every node has an incoming edge"};
  return Status::ok();
}

}  // namespace canopy
