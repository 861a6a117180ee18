// `with_usage(start[::end], metrics)`: the part's filter is split into the
// conjuncts that do not read `usage…` (applied first) and those that do;
// between the two, each document gets its usage records of the window
// aggregated per metric (minimum of min, average of avg, maximum of max)
// as its `usage` section, with `entries`, `start` and `duration`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "query/ast.h"
#include "query/executor.h"

namespace canopy::query {

struct CUsage {
  int64_t from = 0, to = 0;  // seconds since the epoch, both included
  std::vector<std::string> metrics;
};

// The window of a with_usage clause at time `now`.
Result<CUsage> compile_usage(const WithUsage& u, int64_t now);

// (conjuncts without usage paths, conjuncts with them); either may be null.
std::pair<TermPtr, TermPtr> split_usage(const TermPtr& t);

// Attaches the aggregated usage to `row` when it has records in the window.
void attach_usage(const Graph& g, const CUsage& u, Row& row);

}  // namespace canopy::query
