// Folding the query-building commands of a command line into one query:
//
//   search is(volume) | sort volume_size desc | limit 1 | predecessors
//   ≡ is(volume) sort volume_size desc limit 1 <-default- all sort kind, name, id
//
// Every part without a sort gets the default order (kind, name, id), a
// query ending in a navigation gets a last part that sorts the nodes
// reached, and head/tail become limits (tail reverses the order, limits,
// and reverses back). Paths given to the commands (not inside `search`)
// are taken relative to the active section without well-known names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "query/ast.h"

namespace canopy::query {

class QueryBuilder {
 public:
  explicit QueryBuilder(std::string section);

  Status search(Query q);
  Status sort(std::vector<SortKey> keys);
  Status limit(Limit l);
  Status head(int64_t n);
  Status tail(int64_t n);
  // predecessors/successors (one step), ancestors/descendants (all levels).
  Status traverse(Direction dir, bool all_levels, bool with_origin, const std::string& edge_type);
  Status aggregate(Aggregate a);
  // `count [path]`: an aggregation whose rows the count command prints.
  Status count(std::optional<Path> path);

  bool counting() const { return counting_; }
  // `search --explain`: the caller shows the cost estimate instead of results.
  void set_explain() { explain_ = true; }
  bool explaining() const { return explain_; }
  // The query with default sorts and the closing part.
  Query finish() const;

 private:
  Part& current();  // the part sort/limit apply to (a new one after a navigation)
  Path command_path(Path p) const;
  std::vector<SortKey> default_sort() const;

  std::string section_;
  Query q_;
  bool counting_ = false;
  bool explain_ = false;
  // Whether the last part's limit is a head/tail window that later heads and
  // tails refine (a tail also marks the part `reversed`).
  bool windowed_ = false;
};

}  // namespace canopy::query
