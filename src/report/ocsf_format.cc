// OCSF 1.1.0 Detection Findings (class 2004), for SIEMs and security lakes.
// The file is one JSON array (what OCSF tooling and other cloud scanners
// write for a batch of findings, and what a `.ocsf` / `.json` reader
// expects), one finding per line so that it also diffs and greps well.
//
// One finding per failing resource and check: a resource that fails the
// same check in several benchmarks is reported once, unmapped.benchmarks
// lists them. Passed, manual and errored checks are not findings. Fields:
//
//   activity_id 1 / activity_name "Create", category_uid 2 / "Findings",
//   class_uid 2004 / "Detection Finding", type_uid 200401 / "Detection
//   Finding: Create", severity_id (info 1, low 2, medium 3, high 4,
//   critical 5) / severity, status_id 1 / status "New", time (the run's
//   instant, now_seconds(), in milliseconds as OCSF timestamps are),
//   message, metadata {version "1.1.0", product {name, vendor_name
//   "Canopy"}, profiles ["cloud"]}, finding_info {uid (stable: check id and
//   a hash of check id + node id), title, desc (risk), types (categories,
//   deduplicated),
//   src_url (check URL)}, resources [{uid, name, type (kind), region, data
//   {node_id, tags}}], cloud {provider, account {uid, name}, region},
//   remediation {desc, references [URL]}, unmapped {check_id, severity,
//   node_id, benchmarks}.
//
// Required by the schema and present in every finding: activity_id,
// category_uid, class_uid, type_uid, severity_id, time, metadata (version,
// product with name and vendor_name), finding_info (uid, title) and, for
// the cloud profile, cloud (provider). Empty values are left out, except
// remediation.desc.
#include <map>

#include "core/time.h"
#include "report/writers.h"

namespace canopy::report {

namespace {

const char* severity_caption(Severity s) {
  switch (s) {
    case Severity::Info:
      return "Informational";
    case Severity::Low:
      return "Low";
    case Severity::Medium:
      return "Medium";
    case Severity::High:
      return "High";
    case Severity::Critical:
      return "Critical";
  }
  return "Medium";
}

// Severity ids of OCSF: 1 informational … 5 critical.
int64_t severity_id(Severity s) {
  return int64_t(s) + 1;
}

std::string provider(const Check& k, const ResourceSummary& res) {
  std::string p = res.cloud.is_string() && !res.cloud.str().empty() ? res.cloud.str() : k.provider;
  if (p == "aws") return "AWS";
  if (p == "gcp") return "GCP";
  if (p == "azure") return "Azure";
  return p.empty() ? "Unknown" : p;
}

Value str(const std::string& s) {
  return Value::string(s);
}

void set_if(Value& obj, const char* key, const std::string& v) {
  if (!v.empty()) obj.set(key, str(v));
}

Value finding(const Check& k, const ResourceSummary& res, int64_t time_ms) {
  std::string account = writer::text(res.account), region = writer::text(res.region);
  std::string message = writer::describe(k, res);

  Value info = Value::object(
      {{"uid", str(k.id + "-" + writer::fingerprint(k.id, res.node_id))}, {"title", str(k.title)}});
  set_if(info, "desc", k.risk);
  if (!k.categories.empty()) {
    std::vector<Value> types;
    std::set<std::string> seen;
    for (const auto& c : k.categories)
      if (seen.insert(c).second) types.push_back(str(c));
    info.set("types", Value::array(std::move(types)));
  }
  if (writer::is_web_url(k.url)) info.set("src_url", str(k.url));

  Value resource = Value::object({{"uid", str(res.id)}});
  set_if(resource, "name", res.name);
  set_if(resource, "type", res.kind);
  set_if(resource, "region", region);
  Value data = Value::object({{"node_id", str(res.node_id)}});
  if (res.tags.is_object() && !res.tags.members().empty()) data.set("tags", res.tags);
  resource.set("data", std::move(data));

  Value cloud_account = Value::object({{"uid", str(res.account_id)}});
  set_if(cloud_account, "name", account);
  Value cloud =
      Value::object({{"provider", str(provider(k, res))}, {"account", std::move(cloud_account)}});
  set_if(cloud, "region", region);

  Value remediation = Value::object({{"desc", str(k.remediation_text)}});
  if (writer::is_web_url(k.remediation_url))
    remediation.set("references", Value::array({str(k.remediation_url)}));

  return Value::object(
      {{"activity_id", Value::integer(1)},
       {"activity_name", Value::string("Create")},
       {"category_uid", Value::integer(2)},
       {"category_name", Value::string("Findings")},
       {"class_uid", Value::integer(2004)},
       {"class_name", Value::string("Detection Finding")},
       {"type_uid", Value::integer(200401)},
       {"type_name", Value::string("Detection Finding: Create")},
       {"severity_id", Value::integer(severity_id(k.severity))},
       {"severity", Value::string(severity_caption(k.severity))},
       {"status_id", Value::integer(1)},
       {"status", Value::string("New")},
       {"time", Value::integer(time_ms)},
       {"message", str(message)},
       {"metadata",
        Value::object({{"version", Value::string("1.1.0")},
                       {"product", Value::object({{"name", Value::string("Canopy")},
                                                  {"vendor_name", Value::string("Canopy")}})},
                       {"profiles", Value::array({Value::string("cloud")})}})},
       {"finding_info", std::move(info)},
       {"resources", Value::array({std::move(resource)})},
       {"cloud", std::move(cloud)},
       {"remediation", std::move(remediation)},
       {"unmapped", Value::object({{"check_id", str(k.id)},
                                   {"severity", str(std::string(severity_name(k.severity)))},
                                   {"node_id", str(res.node_id)}})}});
}

}  // namespace

std::string ocsf_report(const std::vector<BenchmarkResult>& results, bool) {
  int64_t time_ms = now_seconds() * 1000;
  std::vector<Value> items;
  std::map<std::string, size_t> index;              // check, account, node → item
  std::map<std::string, std::set<std::string>> in;  // same key → benchmark ids
  for (const auto& r : results) {
    writer::each_check(r.root, [&](const SectionResult&, const CheckOutcome& c) {
      if (c.outcome != Outcome::Failed) return;
      for (const auto* res : writer::all_failing(c)) {
        std::string key = c.check->id + '\0' + res->account_id + '\0' + res->node_id;
        if (!index.count(key)) {
          index[key] = items.size();
          items.push_back(finding(*c.check, *res, time_ms));
        }
        in[key].insert(r.id);
      }
    });
  }
  for (const auto& [key, i] : index) {
    std::vector<Value> ids;
    for (const auto& id : in[key]) ids.push_back(str(id));
    items[i].get("unmapped")->set("benchmarks", Value::array(std::move(ids)));
  }
  if (items.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",\n";
    items[i].append_json(out, false);
  }
  return out + "\n]\n";
}

}  // namespace canopy::report
