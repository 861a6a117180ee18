// Recording a benchmark run on the nodes (spec §6): every failing resource
// gets a `security` section with its open issues (check, severity, when it
// was opened, the benchmarks), the highest severity, when the vulnerable
// period began and how often it reopened; nodes whose issues are all gone
// keep only {reopen_counter, closed_at}. As in Resoto, the sections reflect
// the benchmarks of the latest synced run: a node that had issues and is not
// failing in this run (within the run's accounts) is compliant again.
#pragma once

#include <string>
#include <vector>

#include "graph/database.h"
#include "report/result_tree.h"

namespace canopy::report {

struct SyncCounts {
  size_t newly_vulnerable = 0, changed = 0, compliant = 0;
};

// Issues of checks that could not be evaluated in this run stay as they
// were, and nodes of `ignored` accounts are left alone.
Result<SyncCounts> sync_security(Database& db, const std::vector<BenchmarkResult>& results,
                                 const std::string& run_id, int64_t now,
                                 const std::vector<std::string>& accounts,
                                 const std::vector<std::string>& ignored = {});

// A fresh run id (UUID text).
std::string new_run_id();

}  // namespace canopy::report
