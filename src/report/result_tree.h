// Benchmark results: the benchmark's tree of sections with the outcome of
// every check in place of its id (spec §5.4), and the pass/fail arithmetic
// per account. Canopy counts four states: passed, failed, manual (a human
// has to look; never counted as passed) and error (the check could not be
// evaluated; never counted as passed).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report/check.h"
#include "report/runner.h"

namespace canopy::report {

struct SectionResult {
  std::string title, description, documentation;
  std::vector<const CheckOutcome*> checks;
  std::vector<SectionResult> children;
};

struct BenchmarkResult {
  std::string id, title, framework, version, description, documentation;
  SectionResult root;
  std::vector<std::string> accounts;  // requested (or listed) accounts; empty: none given
  bool only_failed = false;
  std::optional<Severity> severity;
};

struct Counts {
  int passed = 0, failed = 0, manual = 0, errors = 0;
  int total() const { return passed + failed + manual + errors; }
};

// Counts over a subtree: for one account (a check failed for A when A has
// failing resources), or overall when `account` is empty.
Counts count(const SectionResult& s, const std::string& account = "");
// Accounts with at least one failing resource below `s`, sorted.
std::set<std::string> failing_accounts(const SectionResult& s);
// Whether some check below `s` failed (for `account`, or anywhere).
bool has_failure(const SectionResult& s, const std::string& account = "");

// Builds the result of `b` from the outcomes of the checks that ran (by id;
// checks that did not run are left out, sections left without any check are
// removed). With `only_failing`, only failed checks and the sections above
// them stay.
BenchmarkResult build_result(const Benchmark& b,
                             const std::map<std::string, const CheckOutcome*>& outcomes,
                             bool only_failing);

// The outcome of a check for one account.
Outcome outcome_for(const CheckOutcome& c, const std::string& account);

}  // namespace canopy::report
