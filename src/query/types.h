// Typing of property paths and coercion of query literals.
//
// A property path has one kind model-wide, so the kind of `a.b[*].c` is
// looked up by path alone: the top-level name among the properties of every
// aggregate-root kind (and the predefined ones every node has), then down
// through complex kinds, arrays and dictionaries. Literals are converted to
// that kind before comparing (`volume_size == "100"` compares with 100).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "query/value.h"

namespace canopy::query {

class PathTypes {
 public:
  explicit PathTypes(const Model& model) : model_(model) {}
  // The kind of the property at `names` (no section, indices dropped), or
  // nullptr when unknown. The last property is returned in `prop` if non-null.
  const Kind* lookup(const std::vector<std::string_view>& names,
                     const Property** prop = nullptr) const;

 private:
  const Model& model_;
};

// Converts `v` to kind `k` following the language's table; returns `v`
// unchanged where no conversion applies or the result would be falsy.
Value coerce_literal(const Kind* k, const Value& v, int64_t now);

}  // namespace canopy::query
