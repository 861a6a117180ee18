// Helpers for query tests: what a query returns from a loaded graph.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/executor.h"

namespace canopy::testing {

// The ids of the nodes `query` returns, in the order it returns them; a
// query that fails fails the test and returns none.
inline std::vector<std::string> result_ids(const Graph& g, const std::string& query) {
  auto r = query::run_query(g, query, query::ExecOptions{});
  EXPECT_TRUE(r.is_ok()) << query << ": " << r.message();
  std::vector<std::string> out;
  if (r.is_ok())
    for (const query::Row& row : r.value().rows) out.emplace_back(g.id(row.node));
  return out;
}

}  // namespace canopy::testing
