#include "report/format.h"

#include <map>

#include "report/outputs.h"
#include "report/writers.h"

namespace canopy::report {

namespace {

std::string as_markdown(const std::vector<BenchmarkResult>& results, bool) {
  std::string out;
  for (const auto& r : results)
    for (const auto& doc : markdown(r)) out += doc;
  return out;
}

std::string as_json(const std::vector<BenchmarkResult>& results, bool only_checks) {
  std::vector<Value> all;
  for (const auto& r : results)
    for (auto& v : result_graph(r, only_checks)) all.push_back(std::move(v));
  return Value::array(std::move(all)).json() + "\n";
}

std::string as_ndjson(const std::vector<BenchmarkResult>& results, bool only_checks) {
  std::string out;
  for (const auto& r : results)
    for (const auto& v : result_graph(r, only_checks)) out += v.json() + "\n";
  return out;
}

using Writer = std::string (*)(const std::vector<BenchmarkResult>&, bool);

const std::map<std::string, Writer>& writers() {
  static const std::map<std::string, Writer> w = {
      {"markdown", as_markdown}, {"json", as_json},     {"ndjson", as_ndjson},
      {"csv", csv_report},       {"html", html_report}, {"sarif", sarif_report},
      {"junit", junit_report},   {"ocsf", ocsf_report}};
  return w;
}

}  // namespace

std::string format_of_file(const std::string& path) {
  static const std::map<std::string, std::string> by_ext = {
      {".md", "markdown"}, {".json", "json"},   {".ndjson", "ndjson"}, {".csv", "csv"},
      {".html", "html"},   {".sarif", "sarif"}, {".xml", "junit"},     {".ocsf", "ocsf"}};
  size_t dot = path.rfind('.');
  if (dot == std::string::npos) return "";
  auto it = by_ext.find(path.substr(dot));
  return it == by_ext.end() ? "" : it->second;
}

Result<std::string> format_results(const std::vector<BenchmarkResult>& results,
                                   const std::string& format, bool only_check_results) {
  auto it = writers().find(format);
  if (it == writers().end()) {
    std::string known;
    for (const auto& [name, w] : writers()) known += (known.empty() ? "" : ", ") + name;
    return Error{"unknown report format '" + format + "' (known: " + known + ")"};
  }
  return it->second(results, only_check_results);
}

}  // namespace canopy::report
