// Aggregations: `aggregate(group, …: fn(x) as name, …): query`.
//
// Every result document contributes one row per combination of its group
// values (array markers in a group path unfold into one row per element,
// and into none when the array is empty). Rows are grouped by their group
// values; each group yields {"group": {…}, <fn name>: <value>, …}, ordered
// by the group values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "query/access.h"
#include "query/ast.h"

namespace canopy::query {

struct Row;

// A compiled aggregation.
struct CAggregate {
  struct Var {
    std::string name;
    PathOps ops;                                          // plain path
    std::vector<std::pair<std::string, PathOps>> pieces;  // combined name: text or path
    bool combined = false;
    bool each = false;  // the path has array markers
  };
  struct Fn {
    std::string fn, name;
    std::optional<PathOps> ops;
    int64_t constant = 0;
    std::vector<std::pair<char, double>> arith;
    bool each = false;  // the argument has array markers
  };
  std::vector<Var> vars;
  bool plain = true;  // no variable unfolds arrays or combines names
  std::vector<Fn> fns;
};

Result<std::unique_ptr<CAggregate>> compile_aggregate(const Aggregate& a, const Reader& r);
std::vector<Value> aggregate(const CAggregate& a, const Reader& r, const std::vector<Row>& rows);

// Default result name of a function: `sum_of_reported_volume_size`.
std::string function_name(const AggregateFn& f);

}  // namespace canopy::query
