// What a benchmark or check run shows (spec: checks-and-benchmarks §7):
//
//   result_graph  the node/edge stream (§7.1): benchmark, section and
//                 check-result nodes with `default` edges, pre-order
//   markdown      one document per account (§7.3), manual and errored
//                 checks marked as such
//   check_lines   one line per check result (severity, id, failing count)
#pragma once

#include <string>
#include <vector>

#include "query/value.h"
#include "report/result_tree.h"

namespace canopy::report {

// The node/edge stream; with `only_check_results` just the check results.
std::vector<Value> result_graph(const BenchmarkResult& r, bool only_check_results);

// The check-result node of one check (the shape scripts rely on).
Value check_result_json(const CheckOutcome& c);

// One Markdown document per account: the requested accounts, else those
// with a failing check (sorted); when none failed and none was requested,
// nothing — unless a check could not be evaluated, which one document for
// "(all accounts)" then shows.
std::vector<std::string> markdown(const BenchmarkResult& r);

// `severity check-id failing-count` per check result, in tree order.
std::vector<std::string> check_lines(const BenchmarkResult& r);

}  // namespace canopy::report
