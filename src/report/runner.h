// Running checks over a graph snapshot (spec: checks-and-benchmarks §5).
//
// Each check's detection is rendered with its parameters (defaults, then
// the run's overrides), restricted to the requested accounts (the account
// filter is AND-ed into the first part of the search, so it restricts where
// a traversal starts), and evaluated. Every returned node with an account
// becomes a resource summary under that account's id. Checks run in
// parallel; a check whose search fails is reported as errored, never as
// passed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/database.h"
#include "query/template.h"
#include "report/check.h"

namespace canopy::report {

struct RunOptions {
  std::vector<std::string> accounts;         // only these account ids (empty: all)
  std::vector<std::string> ignore_accounts;  // never these
  query::Environment overrides;              // over every check's default values
  int64_t now = 0;                           // the run's instant
};

struct ResourceSummary {
  std::string node_id, id, name, kind;
  Value tags;                          // object or null
  Value ctime, atime, mtime;           // datetime strings or null
  Value cloud, account, region, zone;  // ancestor names or null
  std::string account_id;
  Value json() const;  // the summary object of the result graph
};

enum class Outcome { Passed, Failed, Manual, Error };

// The failing resources of a check come as node indices of the snapshot the
// run used, grouped by account id; their summaries are made only when an
// output lists them (materialize()), since a whole benchmark may fail on
// hundreds of thousands of resources and most outputs only count them.
struct CheckOutcome {
  const Check* check = nullptr;
  Outcome outcome = Outcome::Passed;
  std::string error;                                            // when Error
  std::map<std::string, std::vector<uint32_t>> nodes;           // by account id
  std::shared_ptr<const Graph> graph;                           // what `nodes` index
  std::map<std::string, std::vector<ResourceSummary>> failing;  // by account id, materialized

  size_t failing_count() const;
  size_t failing_in(const std::string& account) const;
  std::vector<std::string> failing_accounts() const;  // sorted
};

// Makes the summaries of the failing resources (once).
void materialize(CheckOutcome& c);
void materialize(std::vector<CheckOutcome>& outcomes);

// Runs `checks` (each once) over the current snapshot of `db`.
std::vector<CheckOutcome> run_checks(const std::vector<const Check*>& checks, Database& db,
                                     const RunOptions& options);

// The check's rendered detection text (parameters filled in), for messages.
Result<std::string> rendered_detect(const Check& check, const RunOptions& options);

}  // namespace canopy::report
