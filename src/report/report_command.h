// The `report` command of the command line (spec: checks-and-benchmarks §8):
//
//   report benchmark list | show ID | run ID… [options]
//   report check list | show ID | run ID… [options] | failing-resources ID
//
// Run options: --accounts ID…, --severity LEVEL, --only-failing,
// --only-check-results, --param NAME=VALUE (repeatable), --format F,
// --output FILE. Alone on its line a run prints Markdown; piped, it emits the
// result graph (nodes and edges) for the next command.
#pragma once

#include <mutex>
#include <optional>

#include "report/check.h"
#include "report/library.h"

namespace canopy::report {

// What runs of one process have found, for `canopy exec --fail-on`.
class RunRecord {
 public:
  void failed_with(Severity s);
  std::optional<Severity> worst() const;

 private:
  mutable std::mutex mu_;
  std::optional<Severity> worst_;
};

// Makes `report` available to every Session, with the definitions of
// `library`; `library` and `record` must outlive the sessions.
void register_report_command(const Library& library, RunRecord* record);
// The same, loading the shipped definitions and those of `data_dir` on first
// use (a broken file is then the error of that `report` command).
void register_report_command(const std::string& data_dir, RunRecord* record);

}  // namespace canopy::report
