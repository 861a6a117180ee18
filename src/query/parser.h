// The search-language parser: text → query/ast.h.
//
// Hand-written recursive descent that follows the ordered-choice grammar of
// the language (the first alternative that matches wins). Errors name the
// position as line:column, quote the text around it and list what was
// expected there, e.g.
//
//   syntax error at 1:12: expected a value
//     is(a) and x ==
//                   ^
#pragma once

#include <string_view>

#include "core/result.h"
#include "query/ast.h"

namespace canopy::query {

// Combinations form a tree as deep as the chain is long; longer chains than
// this are rejected rather than risking the stack.
constexpr int kMaxConditions = 1000;
// Nesting deeper than this (parentheses, `not`, contexts, merges, with
// clauses) is rejected for the same reason. The canonical form writes every
// combination in parentheses, so it must allow a little more than
// kMaxConditions for printed queries to parse again.
constexpr int kMaxNesting = kMaxConditions + 200;

Result<Query> parse_query(std::string_view text);

// Parses the parameters of an aggregation without the surrounding
// `aggregate(…)`, as the `aggregate` command takes them.
Result<Aggregate> parse_aggregate(std::string_view text);

}  // namespace canopy::query
