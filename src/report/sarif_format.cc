// SARIF 2.1.0 (OASIS), for code-scanning dashboards. One log with one run
// for all benchmarks of the call:
//
//   $schema, version "2.1.0"
//   runs[0].tool.driver   name "Canopy", rules: one reportingDescriptor per
//                         distinct check id (first appearance in tree order):
//                         id, name (the check's short name), shortDescription
//                         (title), fullDescription (risk), help (remediation
//                         text), helpUri (remediation URL, when http(s)),
//                         defaultConfiguration.level (critical/high → error,
//                         medium → warning, low/info → note), properties.tags
//                         (categories, deduplicated), properties.severity and
//                         properties["security-severity"] (a CVSS-like score
//                         GitHub uses to rank security alerts).
//   runs[0].invocations[0] executionSuccessful (false when a check could not
//                         be evaluated) and one error notification per errored
//                         check, naming its rule.
//   runs[0].results       one per failing resource and check (a resource that
//                         fails a check in several benchmarks is reported once;
//                         properties.benchmarks lists them): ruleId, ruleIndex,
//                         level, message.text, one location whose logical
//                         location is the resource ({name, fullyQualifiedName
//                         "<account id>/<region>/<kind>/<id>", kind "resource"}
//                         — cloud resources have no files), partialFingerprints
//                         {"canopy/v1": hash of check id + node id}, properties
//                         (node_id, account_id, account, region, kind, benchmarks).
//   runs[0].properties    the benchmarks: id, title, framework, version.
//
// Passed and manual checks appear only as rules. The required properties of
// the 2.1.0 schema are all present: sarifLog.version and runs, run.tool,
// tool.driver, toolComponent.name, reportingDescriptor.id, message.text
// (result.message), multiformatMessageString.text, invocation
// .executionSuccessful, notification.message.
#include <map>

#include "report/writers.h"

namespace canopy::report {

namespace {

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
// Where to read about the tool (toolComponent.informationUri); emitted only
// when set. Canopy has no public home page yet.
constexpr const char* kInformationUri = "";

const char* level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High:
      return "error";
    case Severity::Medium:
      return "warning";
    case Severity::Low:
    case Severity::Info:
      return "note";
  }
  return "warning";
}

const char* security_severity(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "9.5";
    case Severity::High:
      return "8.0";
    case Severity::Medium:
      return "5.5";
    case Severity::Low:
      return "3.0";
    case Severity::Info:
      return "1.0";
  }
  return "5.5";
}

Value str(const std::string& s) {
  return Value::string(s);
}
Value text(const std::string& s) {
  return Value::object({{"text", str(s)}});
}

Value rule(const Check& k) {
  Value r = Value::object({{"id", str(k.id)},
                           {"name", str(k.name.empty() ? k.id : k.name)},
                           {"shortDescription", text(k.title)}});
  if (!k.risk.empty()) r.set("fullDescription", text(k.risk));
  if (!k.remediation_text.empty()) r.set("help", text(k.remediation_text));
  if (writer::is_web_url(k.remediation_url)) r.set("helpUri", str(k.remediation_url));
  r.set("defaultConfiguration", Value::object({{"level", Value::string(level(k.severity))}}));
  std::vector<Value> tags;
  std::set<std::string> seen;
  for (const auto& c : k.categories)
    if (seen.insert(c).second) tags.push_back(str(c));
  r.set("properties",
        Value::object({{"tags", Value::array(std::move(tags))},
                       {"severity", str(std::string(severity_name(k.severity)))},
                       {"security-severity", Value::string(security_severity(k.severity))}}));
  return r;
}

}  // namespace

std::string sarif_report(const std::vector<BenchmarkResult>& results, bool) {
  std::vector<Value> rules, notifications, items, benchmarks;
  std::map<std::string, int64_t> rule_index;        // check id → index in rules
  std::map<std::string, size_t> result_index;       // check, account, node → index in items
  std::map<std::string, std::set<std::string>> in;  // same key → benchmark ids
  std::set<std::string> errored;                    // check ids already notified

  for (const auto& r : results) {
    benchmarks.push_back(Value::object({{"id", str(r.id)},
                                        {"title", str(r.title)},
                                        {"framework", str(r.framework)},
                                        {"version", str(r.version)}}));
    writer::each_check(r.root, [&](const SectionResult&, const CheckOutcome& c) {
      const Check& k = *c.check;
      auto [it, added] = rule_index.emplace(k.id, int64_t(rules.size()));
      if (added) rules.push_back(rule(k));
      int64_t index = it->second;
      Value ref = Value::object({{"id", str(k.id)}, {"index", Value::integer(index)}});
      if (c.outcome == Outcome::Error && errored.insert(k.id).second) {
        notifications.push_back(
            Value::object({{"level", Value::string("error")},
                           {"message", text(k.id + " could not be evaluated: " + c.error)},
                           {"associatedRule", ref}}));
      }
      if (c.outcome != Outcome::Failed) return;
      for (const auto* res : writer::all_failing(c)) {
        std::string key = k.id + '\0' + res->account_id + '\0' + res->node_id;
        if (!result_index.count(key)) {
          result_index[key] = items.size();
          std::string region = writer::text(res->region);
          Value where = Value::object({{"name", str(res->name.empty() ? res->id : res->name)},
                                       {"fullyQualifiedName", str(res->account_id + "/" + region +
                                                                  "/" + res->kind + "/" + res->id)},
                                       {"kind", Value::string("resource")}});
          items.push_back(Value::object(
              {{"ruleId", str(k.id)},
               {"ruleIndex", Value::integer(index)},
               {"level", Value::string(level(k.severity))},
               {"message", text(writer::describe(k, *res))},
               {"locations", Value::array({Value::object(
                                 {{"logicalLocations", Value::array({std::move(where)})}})})},
               {"partialFingerprints",
                Value::object({{"canopy/v1", str(writer::fingerprint(k.id, res->node_id))}})},
               {"properties", Value::object({{"node_id", str(res->node_id)},
                                             {"account_id", str(res->account_id)},
                                             {"account", res->account},
                                             {"region", res->region},
                                             {"kind", str(res->kind)}})}}));
        }
        in[key].insert(r.id);
      }
    });
  }
  // The benchmarks each result failed in (sorted ids).
  for (const auto& [key, index] : result_index) {
    std::vector<Value> ids;
    for (const auto& id : in[key]) ids.push_back(str(id));
    items[index].get("properties")->set("benchmarks", Value::array(std::move(ids)));
  }

  Value driver = Value::object({{"name", Value::string("Canopy")}});
  if (*kInformationUri) driver.set("informationUri", Value::string(kInformationUri));
  driver.set("rules", Value::array(std::move(rules)));
  Value invocation = Value::object({{"executionSuccessful", Value::boolean(errored.empty())}});
  if (!notifications.empty())
    invocation.set("toolExecutionNotifications", Value::array(std::move(notifications)));
  Value run = Value::object(
      {{"tool", Value::object({{"driver", std::move(driver)}})},
       {"invocations", Value::array({std::move(invocation)})},
       {"results", Value::array(std::move(items))},
       {"properties", Value::object({{"benchmarks", Value::array(std::move(benchmarks))}})}});
  Value log = Value::object({{"$schema", Value::string(kSchema)},
                             {"version", Value::string("2.1.0")},
                             {"runs", Value::array({std::move(run)})}});
  std::string out;
  writer::pretty_json(log, out);
  return out + "\n";
}

}  // namespace canopy::report
