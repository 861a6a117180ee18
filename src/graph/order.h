// The default order of results: by kind name, then reported.name, then
// reported.id, compared as the search language compares values (null <
// booleans < numbers < strings). Every result that is not sorted otherwise
// is shown in this order, so each snapshot ranks all its nodes once.
#pragma once

#include <cstdint>
#include <vector>

namespace canopy {

class Graph;

// rank[node] = the node's position in the default order, or an empty vector
// when some name or id is an array or object (then results are compared
// value by value).
std::vector<uint32_t> build_default_rank(const Graph& g);

}  // namespace canopy
