// Checks and benchmarks as Canopy loads them from their JSON files.
//
// A check finds failing resources with a search (`detect.resoto`), a command
// line (`detect.resoto_cmd`, e.g. a search piped into `jq`), or asks a human
// (`detect.manual`). Its id is `<provider>_<service>_<name>`. A benchmark is
// a tree of titled sections listing check ids; its id is its file name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "query/value.h"

namespace canopy::report {

enum class Severity { Info = 0, Low, Medium, High, Critical };
std::string_view severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

enum class Detect { Search, Command, Manual };

struct Check {
  std::string id, provider, service, name;
  std::string title, risk, url;
  std::vector<std::string> result_kinds, categories, related;
  Severity severity = Severity::Medium;
  Detect detect = Detect::Manual;
  std::string detect_text;  // the query, the command line, or the instructions
  std::string remediation_text, remediation_url;
  Value remediation_action;  // object or null
  Value default_values;      // object or null
  std::string source;        // file it came from, for messages
  bool manual() const { return detect == Detect::Manual; }
};

struct Section {
  std::string title, description, documentation;
  std::vector<std::string> checks;
  std::vector<Section> children;
};

struct Benchmark {
  std::string id, title, framework, version, description, documentation;
  std::vector<std::string> clouds;
  Section root;  // the benchmark's own checks and children (title = benchmark title)
  std::string source;
};

// Reads a check collection file ({provider, service, checks: […]}).
Result<std::vector<Check>> parse_check_file(std::string_view json, const std::string& source);
// Reads a benchmark file; `id` is the file name without `.json`.
Result<Benchmark> parse_benchmark_file(std::string_view json, const std::string& id,
                                       const std::string& source);

// Appends the check ids of a section tree to `out`, in tree order, each once.
void collect_check_ids(const Section& s, std::vector<std::string>& out);

// The check as the JSON object the result graph and `report check show` use.
Value check_json(const Check& c);

}  // namespace canopy::report
