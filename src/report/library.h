// The checks and benchmarks Canopy knows: the ones shipped inside the
// binary (checks/, benchmarks/ of the source tree) and the user's own in
// <data dir>/checks/*.json and <data dir>/benchmarks/*.json. A user check
// with the id of a shipped one replaces it; benchmarks may only be added.
// Everything is validated at load: a broken file is an error naming the
// file and the check.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/model.h"
#include "report/check.h"

namespace canopy::report {

// <data dir>/report.json: checks never run, accounts never looked at, and
// parameter values for every check (a run's --param still wins).
struct ReportConfig {
  std::vector<std::string> ignore_checks, ignore_accounts;
  std::map<std::string, Value> override_values;
};

struct DefinitionFile {
  std::string name;  // file name, e.g. aws_iam.json
  std::string_view text;
};

class Library {
 public:
  // Loads the shipped definitions and those under `data_dir` (may be "").
  static Result<std::unique_ptr<Library>> load(const Model& model, const std::string& data_dir);
  // Loads from explicit file lists (tests).
  static Result<std::unique_ptr<Library>> load(const Model& model,
                                               const std::vector<DefinitionFile>& checks,
                                               const std::vector<DefinitionFile>& benchmarks);

  const Check* check(std::string_view id) const;
  const Benchmark* benchmark(std::string_view id) const;
  // The checks a benchmark names, in tree order, each once.
  std::vector<const Check*> checks_of(const Benchmark& b) const;
  const std::map<std::string, Check, std::less<>>& checks() const { return checks_; }
  const std::map<std::string, Benchmark, std::less<>>& benchmarks() const { return benchmarks_; }
  const ReportConfig& config() const { return config_; }

 private:
  Status add_checks(const Model& model, const DefinitionFile& f, bool user);
  Status add_benchmark(const DefinitionFile& f, bool user);
  Status check_references() const;
  Status read_config(const std::string& path);

  std::map<std::string, Check, std::less<>> checks_;
  std::map<std::string, Benchmark, std::less<>> benchmarks_;
  ReportConfig config_;
  std::vector<std::string> user_texts_;  // keeps user file contents alive while loading
};

// The definitions compiled into the binary.
const std::vector<DefinitionFile>& shipped_checks();
const std::vector<DefinitionFile>& shipped_benchmarks();

}  // namespace canopy::report
