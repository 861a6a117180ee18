// Rewrites between parsing and evaluation, in the language's order:
//
//   1. edge types: navigations without types get the query's default
//      (`(edge_type=…):` preamble, else the caller's, else `default`);
//   2. well-known names: `account` → `/ancestors.account.reported.name`, …;
//   3. sections: relative paths get the active section (`reported`, …);
//   4. ancestors: predicates on `/ancestors.<kind>.…` or `/descendants.<kind>.…`
//      that are not stored become merges with the nearest such node.
//
// After resolve() every path is absolute from the document root.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "query/ast.h"

namespace canopy::query {

// A deep copy (terms are shared between copies otherwise).
Query clone(const Query& q);
TermPtr clone(const TermPtr& t);

// Step 1. `fallback` are the edge types used when the query names none
// (empty: `default`). Removes the preamble.
Status default_edge_types(Query& q, const std::vector<std::string>& fallback = {});

// Steps 2–4. `section` is reported, desired, metadata, security or "" (root).
Status resolve(Query& q, std::string_view section);

// Whether `section` is a valid active section ("" = root).
bool valid_section(std::string_view section);

}  // namespace canopy::query
