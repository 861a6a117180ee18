// Checks over data a collect could not read completely. A collector that
// got AccessDenied (or any other failure) for part of an account records,
// in the account node's metadata, its warnings (`collect_warnings`) and the
// kinds they leave incomplete (`collect_incomplete_kinds`). A check that
// reads one of those kinds and finds nothing wrong did not pass: it could
// not look, so the runner reports it as an error naming the gap.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "query/ast.h"

namespace canopy::report {

struct DataGap {
  std::string account_id;
  std::set<std::string> kinds;
  std::vector<std::string> warnings;
};

// The gaps recorded on the account nodes of `g`.
std::vector<DataGap> data_gaps(const Graph& g);

// Every kind a query names in is(…), in any part, with clause or merge.
std::set<std::string> kinds_read(const query::Query& q);

// Why a check over `kinds` cannot pass in the accounts of `gaps` (those
// `wanted` accepts), or "" when no gap touches them. A gap touches a kind
// when it is that kind or derives from it.
std::string gap_error(const std::set<std::string>& kinds, const std::vector<DataGap>& gaps,
                      const Model& model, const std::function<bool(const std::string&)>& wanted);

}  // namespace canopy::report
