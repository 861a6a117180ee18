// Validation of a check's detection against the model, at load: the text
// (rendered with the check's default values) must parse, and every kind in
// `is(…)` and every property path it reads must exist.
#pragma once

#include <string>

#include "core/result.h"
#include "model/model.h"
#include "query/ast.h"
#include "report/check.h"

namespace canopy::report {

// Checks kinds and property paths of a parsed query (relative paths are
// read in `reported`).
Status check_query_names(const query::Query& q, const Model& model);

// The whole validation of one check; errors name the check.
Status validate_check(const Check& c, const Model& model, int64_t now);

}  // namespace canopy::report
