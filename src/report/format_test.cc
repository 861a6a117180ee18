// The report formats (csv, html, sarif, junit, ocsf) over one hand-built
// benchmark result: two accounts, two top-level sections (one nested), and
// checks that passed, failed (in one or both accounts), are manual or could
// not be evaluated; resource names carry markup characters and non-ASCII
// text. Each output is compared byte for byte with its golden file in
// tests/report/golden (CANOPY_UPDATE_GOLDEN=1 rewrites them), and read back
// by a consumer: SARIF and OCSF by simdjson against the properties their
// schemas require, JUnit and CSV by Python's xml.etree and csv modules.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/test_scratch.h"
#include "report/format.h"
#include "report/writers.h"

namespace canopy::report {
namespace {

namespace fs = std::filesystem;
const std::string kGolden = std::string(CANOPY_SOURCE_DIR) + "/tests/report/golden/";

const char* kEvilName = "<script>alert(\"x&y\")</script> 'q'";
const char* kUnicodeName = "bücket ☁️ 日本語, \"quoted\"";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

ResourceSummary resource(std::string node, std::string id, std::string name, std::string kind,
                         std::string account_id, std::string account, std::string region) {
  ResourceSummary r;
  r.node_id = std::move(node);
  r.id = std::move(id);
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.tags = Value::object({{"owner", Value::string("team <a>")}});
  r.cloud = Value::string("aws");
  r.account = Value::string(std::move(account));
  r.region = region.empty() ? Value() : Value::string(std::move(region));
  r.account_id = std::move(account_id);
  return r;
}

Check check(std::string id, std::string title, Severity severity, Detect detect) {
  Check c;
  c.id = id;
  c.provider = "aws";
  c.service = id.substr(4, id.find('_', 4) - 4);
  c.name = id.substr(id.find('_', 4) + 1);
  c.title = std::move(title);
  c.severity = severity;
  c.detect = detect;
  c.risk = "Risk of " + id + " <b>bold</b> & more.";
  c.remediation_text = "Fix " + id + " now.";
  c.remediation_url = "https://docs.example.com/fix?check=" + id + "&lang=en";
  c.url = "https://docs.example.com/" + id;
  c.categories = {"security", "compliance", "security"};
  c.result_kinds = {"aws_resource"};
  return c;
}

// The fixture: checks, their outcomes and the benchmark result tree.
struct Fixture {
  std::vector<Check> checks;
  std::vector<CheckOutcome> outcomes;
  BenchmarkResult result;

  Fixture() {
    checks.push_back(check("aws_iam_root_mfa_enabled", "Root account has MFA & <hardware> keys",
                           Severity::Critical, Detect::Search));
    checks.push_back(check("aws_s3_bucket_encrypted", "S3 buckets are encrypted", Severity::Medium,
                           Detect::Search));
    checks.push_back(
        check("aws_iam_support_role", "A support role exists", Severity::High, Detect::Manual));
    checks.push_back(check("aws_ec2_volume_encrypted", "EBS volumes are encrypted", Severity::Low,
                           Detect::Command));
    checks.push_back(
        check("aws_iam_old_keys", "Access keys are rotated", Severity::Info, Detect::Search));
    checks[2].detect_text = "Look at IAM → Roles in the console.";

    outcomes.resize(checks.size());
    for (size_t i = 0; i < checks.size(); ++i) outcomes[i].check = &checks[i];
    // Failed in both accounts; resources deliberately unsorted.
    outcomes[0].outcome = Outcome::Failed;
    outcomes[0].failing["222222222222"] = {
        resource("n-3", "root-b", "root", "aws_root_user", "222222222222", "dev", "global")};
    outcomes[0].failing["111111111111"] = {
        resource("n-2", "user-z", kUnicodeName, "aws_iam_user", "111111111111", "prod",
                 "us-east-1"),
        resource("n-1", "user-a", kEvilName, "aws_iam_user", "111111111111", "prod", "")};
    outcomes[1].outcome = Outcome::Passed;
    outcomes[2].outcome = Outcome::Manual;
    outcomes[3].outcome = Outcome::Error;
    outcomes[3].error = "jq failed: <stdin>:1 \"unexpected\" & more";
    // Failed only in the first account: passed for the second.
    outcomes[4].outcome = Outcome::Failed;
    outcomes[4].failing["111111111111"] = {resource(
        "n-4", "AKIA1", "key, \"one\"", "aws_iam_access_key", "111111111111", "prod", "us-east-1")};

    result.id = "canopy_test_1_0";
    result.title = "Canopy Test Benchmark <1.0> & Co";
    result.framework = "CIS";
    result.version = "1.0";
    result.description = "A benchmark for the report formats.";
    result.accounts = {"222222222222", "111111111111"};
    result.root.title = result.title;
    result.root.description = result.description;
    SectionResult identity{"1 Identity & Access", "Who may do what.", "", {}, {}};
    identity.checks = {&outcomes[0], &outcomes[2]};
    SectionResult keys{"1.1 Keys", "Credentials.", "", {&outcomes[4]}, {}};
    identity.children.push_back(keys);
    SectionResult storage{"2 Storage", "Where data rests.", "", {&outcomes[1], &outcomes[3]}, {}};
    result.root.children = {identity, storage};
  }
};

// Compares `actual` with the golden file, or rewrites the file when
// CANOPY_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = kGolden + name;
  const char* update = std::getenv("CANOPY_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(kGolden);
    write(path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " missing; run with CANOPY_UPDATE_GOLDEN=1";
  std::string expected = read(path);
  if (expected == actual) return;
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  size_t from = i < 80 ? 0 : i - 80;
  ADD_FAILURE() << name << " differs from the golden file at byte " << i << "\nexpected: …"
                << expected.substr(from, 160) << "\nactual:   …" << actual.substr(from, 160)
                << "\n(CANOPY_UPDATE_GOLDEN=1 rewrites the golden files)";
}

// The OCSF `time` is the run's instant: golden files hold 0 instead.
std::string without_time(std::string ocsf) {
  const std::string key = "\"time\":";
  for (size_t at = ocsf.find(key); at != std::string::npos; at = ocsf.find(key, at + 1)) {
    size_t from = at + key.size(), to = from;
    while (to < ocsf.size() && std::isdigit(static_cast<unsigned char>(ocsf[to]))) ++to;
    ocsf.replace(from, to - from, "0");
  }
  return ocsf;
}

std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = testing::scratch_path(name);
  write(path, content);
  return path;
}

// Runs a Python script on `input` with the system's Python 3; returns its
// standard output (the test fails when Python fails).
std::string run_python(const std::string& script, const std::string& input) {
  std::string py = temp_file("check.py", script);
  std::string cmd = "PYTHONIOENCODING=utf-8 /usr/bin/python3 " + py + " " + input + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  if (!p) return "";
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  EXPECT_EQ(status, 0) << "python failed:\n" << out;
  fs::remove(py);
  return out;
}

class FormatTest : public ::testing::Test {
 protected:
  Fixture f;
  std::vector<BenchmarkResult> results() const { return {f.result}; }
};

TEST_F(FormatTest, FormatsAreRegisteredByNameAndExtension) {
  for (const char* name : {"csv", "html", "sarif", "junit", "ocsf"}) {
    auto out = format_results(results(), name, false);
    ASSERT_TRUE(out) << name << ": " << out.message();
    EXPECT_FALSE(out->empty()) << name;
  }
  EXPECT_EQ(*format_results(results(), "csv", false), csv_report(results(), false));
  EXPECT_EQ(*format_results(results(), "sarif", true), sarif_report(results(), false));
  EXPECT_EQ(format_of_file("out/report.csv"), "csv");
  EXPECT_EQ(format_of_file("report.html"), "html");
  EXPECT_EQ(format_of_file("report.sarif"), "sarif");
  EXPECT_EQ(format_of_file("junit.xml"), "junit");
  EXPECT_EQ(format_of_file("findings.ocsf"), "ocsf");
  auto unknown = format_results(results(), "yaml", false);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.message().find("sarif"), std::string::npos) << unknown.message();
}

TEST_F(FormatTest, CsvMatchesGoldenAndParses) {
  std::string csv = csv_report(results(), false);
  expect_golden("report.csv", csv);
  std::string path = temp_file("report.csv", csv);
  std::string out = run_python(R"py(
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
print(len(rows), set(len(r) for r in rows))
print(rows[0][0], rows[0][12])
for r in rows[1:]:
    print('|'.join([r[2], r[5], r[6], r[10], r[11]]))
)py",
                               path);
  fs::remove(path);
  // 3 failing resources of check 0, 2 manual, 1 failing + 1 passed of
  // check 4, 2 passed, 2 errored; plus the header.
  EXPECT_NE(out.find("12 {13}\n"), std::string::npos) << out;
  EXPECT_NE(out.find("benchmark node_id\n"), std::string::npos) << out;
  EXPECT_NE(out.find(std::string("aws_iam_root_mfa_enabled|failed|111111111111|user-a|") +
                     kEvilName + "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(std::string("aws_iam_root_mfa_enabled|failed|111111111111|user-z|") +
                     kUnicodeName + "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("aws_iam_old_keys|passed|222222222222||\n"), std::string::npos) << out;
  EXPECT_NE(out.find("aws_ec2_volume_encrypted|error|111111111111||\n"), std::string::npos) << out;
  EXPECT_NE(out.find("aws_iam_support_role|manual|222222222222||\n"), std::string::npos) << out;
  // Accounts sorted, resources sorted by kind then id: user-a before user-z.
  EXPECT_LT(out.find("|user-a|"), out.find("|user-z|"));
  EXPECT_LT(out.find("|user-z|"), out.find("|root-b|"));
}

TEST_F(FormatTest, HtmlMatchesGoldenAndEscapes) {
  std::string html = html_report(results(), false);
  expect_golden("report.html", html);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;q&#39;"),
            std::string::npos);
  EXPECT_NE(html.find("bücket ☁️ 日本語"), std::string::npos);
  EXPECT_NE(html.find("Canopy Test Benchmark &lt;1.0&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://docs.example.com/fix?check=aws_iam_root_mfa_enabled&amp;"
                      "lang=en\""),
            std::string::npos);
  // No network: nothing is loaded from anywhere (links are not loads).
  for (const char* load : {"src=", "<link", "@import", "url("})
    EXPECT_EQ(html.find(load), std::string::npos) << load;
}

TEST_F(FormatTest, HtmlLinksOnlyWebUrls) {
  f.checks[0].remediation_url = "javascript:alert(1)";
  std::string html = html_report(results(), false);
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_NE(html.find("javascript:alert(1)"), std::string::npos);
}

// The properties SARIF 2.1.0 requires (OASIS schema "required" and anyOf)
// on every object the writer emits, and the shape the writer documents.
TEST_F(FormatTest, SarifMatchesGoldenAndHasEveryRequiredProperty) {
  std::string sarif = sarif_report(results(), false);
  expect_golden("report.sarif", sarif);

  simdjson::dom::parser parser;
  simdjson::dom::element log;
  ASSERT_EQ(parser.parse(sarif).get(log), simdjson::SUCCESS);
  std::string_view s;
  // sarifLog: version, runs (required); $schema.
  ASSERT_EQ(log["version"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "2.1.0");
  ASSERT_EQ(log["$schema"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "https://json.schemastore.org/sarif-2.1.0.json");
  simdjson::dom::array runs;
  ASSERT_EQ(log["runs"].get(runs), simdjson::SUCCESS);
  ASSERT_EQ(runs.size(), 1u);
  simdjson::dom::element run;
  ASSERT_EQ(runs.at(0).get(run), simdjson::SUCCESS);
  // run: tool (required); tool: driver (required); toolComponent: name.
  ASSERT_EQ(run["tool"]["driver"]["name"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "Canopy");
  // reportingDescriptor: id (required); multiformatMessageString: text.
  simdjson::dom::array rules;
  ASSERT_EQ(run["tool"]["driver"]["rules"].get(rules), simdjson::SUCCESS);
  ASSERT_EQ(rules.size(), 5u);
  std::vector<std::string> rule_ids;
  std::set<std::string_view> levels = {"none", "note", "warning", "error"};
  for (auto rule : rules) {
    ASSERT_EQ(rule["id"].get(s), simdjson::SUCCESS);
    rule_ids.emplace_back(s);
    ASSERT_EQ(rule["name"].get(s), simdjson::SUCCESS);
    for (const char* m : {"shortDescription", "fullDescription", "help"})
      ASSERT_EQ(rule[m]["text"].get(s), simdjson::SUCCESS) << m;
    ASSERT_EQ(rule["helpUri"].get(s), simdjson::SUCCESS);
    ASSERT_EQ(rule["defaultConfiguration"]["level"].get(s), simdjson::SUCCESS);
    EXPECT_TRUE(levels.count(s)) << s;
    simdjson::dom::array tags;
    ASSERT_EQ(rule["properties"]["tags"].get(tags), simdjson::SUCCESS);
    EXPECT_EQ(tags.size(), 2u);  // categories deduplicated (uniqueItems)
  }
  EXPECT_EQ(rule_ids[0], "aws_iam_root_mfa_enabled");
  std::string_view level0;
  ASSERT_EQ(rules.at(0)["defaultConfiguration"]["level"].get(level0), simdjson::SUCCESS);
  EXPECT_EQ(level0, "error");  // critical

  // invocation: executionSuccessful (required); notification: message.
  simdjson::dom::array invocations;
  ASSERT_EQ(run["invocations"].get(invocations), simdjson::SUCCESS);
  ASSERT_EQ(invocations.size(), 1u);
  bool ok = true;
  ASSERT_EQ(invocations.at(0)["executionSuccessful"].get(ok), simdjson::SUCCESS);
  EXPECT_FALSE(ok);  // one check could not be evaluated
  simdjson::dom::array notes;
  ASSERT_EQ(invocations.at(0)["toolExecutionNotifications"].get(notes), simdjson::SUCCESS);
  ASSERT_EQ(notes.size(), 1u);
  ASSERT_EQ(notes.at(0)["message"]["text"].get(s), simdjson::SUCCESS);
  ASSERT_EQ(notes.at(0)["associatedRule"]["id"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "aws_ec2_volume_encrypted");

  // result: message (required, text); ruleId/ruleIndex agree with rules;
  // one logical location per resource; partial fingerprints are strings.
  simdjson::dom::array items;
  ASSERT_EQ(run["results"].get(items), simdjson::SUCCESS);
  ASSERT_EQ(items.size(), 4u);  // 3 + 1 failing resources
  std::set<std::string> fingerprints, names;
  for (auto item : items) {
    ASSERT_EQ(item["message"]["text"].get(s), simdjson::SUCCESS);
    EXPECT_FALSE(s.empty());
    std::string_view rule_id;
    ASSERT_EQ(item["ruleId"].get(rule_id), simdjson::SUCCESS);
    int64_t index = -1;
    ASSERT_EQ(item["ruleIndex"].get(index), simdjson::SUCCESS);
    ASSERT_GE(index, 0);
    ASSERT_LT(size_t(index), rule_ids.size());
    EXPECT_EQ(rule_ids[size_t(index)], rule_id);
    ASSERT_EQ(item["level"].get(s), simdjson::SUCCESS);
    EXPECT_TRUE(levels.count(s)) << s;
    simdjson::dom::element where;
    ASSERT_EQ(item["locations"].at(0)["logicalLocations"].at(0).get(where), simdjson::SUCCESS);
    ASSERT_EQ(where["kind"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "resource");
    ASSERT_EQ(where["name"].get(s), simdjson::SUCCESS);
    names.emplace(s);
    ASSERT_EQ(where["fullyQualifiedName"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(std::count(s.begin(), s.end(), '/'), 3) << s;
    simdjson::dom::object prints;
    ASSERT_EQ(item["partialFingerprints"].get(prints), simdjson::SUCCESS);
    for (auto [key, value] : prints) {
      ASSERT_EQ(value.get(s), simdjson::SUCCESS) << key;
      fingerprints.emplace(s);
    }
    ASSERT_EQ(item["properties"]["node_id"].get(s), simdjson::SUCCESS);
  }
  EXPECT_EQ(fingerprints.size(), 4u);
  EXPECT_TRUE(names.count(kEvilName));
  EXPECT_TRUE(names.count(kUnicodeName));
}

TEST_F(FormatTest, SarifAndOcsfReportAResourceOnceAcrossBenchmarks) {
  BenchmarkResult second = f.result;
  second.id = "canopy_test_2_0";
  std::string sarif = sarif_report({f.result, second}, false);
  simdjson::dom::parser parser;
  simdjson::dom::element log;
  ASSERT_EQ(parser.parse(sarif).get(log), simdjson::SUCCESS);
  simdjson::dom::array rules, items, benchmarks;
  ASSERT_EQ(log["runs"].at(0)["tool"]["driver"]["rules"].get(rules), simdjson::SUCCESS);
  ASSERT_EQ(log["runs"].at(0)["results"].get(items), simdjson::SUCCESS);
  EXPECT_EQ(rules.size(), 5u);
  EXPECT_EQ(items.size(), 4u);
  ASSERT_EQ(items.at(0)["properties"]["benchmarks"].get(benchmarks), simdjson::SUCCESS);
  EXPECT_EQ(benchmarks.size(), 2u);
  simdjson::dom::array notes;
  ASSERT_EQ(log["runs"].at(0)["invocations"].at(0)["toolExecutionNotifications"].get(notes),
            simdjson::SUCCESS);
  EXPECT_EQ(notes.size(), 1u);
  // OCSF likewise: one finding per check and resource.
  ASSERT_EQ(parser.parse(ocsf_report({f.result, second}, false)).get(items), simdjson::SUCCESS);
  EXPECT_EQ(items.size(), 4u);
}

// The attributes OCSF 1.1.0 requires of a Detection Finding (class 2004,
// with the cloud profile) and of the objects in it.
TEST_F(FormatTest, OcsfMatchesGoldenAndHasEveryRequiredAttribute) {
  std::string ocsf = ocsf_report(results(), false);
  expect_golden("report.ocsf.json", without_time(ocsf));

  simdjson::dom::parser parser;
  simdjson::dom::array findings;
  ASSERT_EQ(parser.parse(ocsf).get(findings), simdjson::SUCCESS);
  ASSERT_EQ(findings.size(), 4u);
  const std::vector<const char*> required = {"activity_id", "category_uid", "class_uid",
                                             "type_uid",    "severity_id",  "time",
                                             "metadata",    "finding_info", "cloud"};
  std::set<std::string> uids;
  std::string_view s;
  for (auto finding : findings) {
    for (const char* key : required)
      EXPECT_EQ(finding[key].error(), simdjson::SUCCESS) << "missing " << key;
    int64_t class_uid = 0, category_uid = 0, activity_id = 0, type_uid = 0, severity_id = 0;
    int64_t time = 0;
    ASSERT_EQ(finding["class_uid"].get(class_uid), simdjson::SUCCESS);
    ASSERT_EQ(finding["category_uid"].get(category_uid), simdjson::SUCCESS);
    ASSERT_EQ(finding["activity_id"].get(activity_id), simdjson::SUCCESS);
    ASSERT_EQ(finding["type_uid"].get(type_uid), simdjson::SUCCESS);
    ASSERT_EQ(finding["severity_id"].get(severity_id), simdjson::SUCCESS);
    ASSERT_EQ(finding["time"].get(time), simdjson::SUCCESS);
    EXPECT_EQ(class_uid, 2004);
    EXPECT_EQ(category_uid, 2);
    EXPECT_EQ(activity_id, 1);
    EXPECT_EQ(type_uid, class_uid * 100 + activity_id);
    EXPECT_GE(severity_id, 1);
    EXPECT_LE(severity_id, 5);
    EXPECT_GT(time, int64_t(1000000000000));  // milliseconds since the epoch
    // metadata: version, product (required); product: name, vendor_name.
    ASSERT_EQ(finding["metadata"]["version"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "1.1.0");
    ASSERT_EQ(finding["metadata"]["product"]["name"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "Canopy");
    ASSERT_EQ(finding["metadata"]["product"]["vendor_name"].get(s), simdjson::SUCCESS);
    // finding_info: uid, title (required).
    ASSERT_EQ(finding["finding_info"]["uid"].get(s), simdjson::SUCCESS);
    uids.emplace(s);
    ASSERT_EQ(finding["finding_info"]["title"].get(s), simdjson::SUCCESS);
    // cloud (profile): provider (required).
    ASSERT_EQ(finding["cloud"]["provider"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "AWS");
    ASSERT_EQ(finding["cloud"]["account"]["uid"].get(s), simdjson::SUCCESS);
    // remediation: desc; resources: uid.
    ASSERT_EQ(finding["remediation"]["desc"].get(s), simdjson::SUCCESS);
    ASSERT_EQ(finding["resources"].at(0)["uid"].get(s), simdjson::SUCCESS);
  }
  EXPECT_EQ(uids.size(), 4u);
  // Stable across runs: the uid does not depend on the time.
  EXPECT_EQ(without_time(ocsf_report(results(), false)), without_time(ocsf));
}

TEST_F(FormatTest, JunitMatchesGoldenAndParses) {
  std::string xml = junit_report(results(), false);
  expect_golden("report.xml", xml);
  std::string path = temp_file("report.xml", xml);
  std::string out = run_python(R"py(
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = root.findall('testsuite')
def same(s):
    return (int(s.get('tests')) == len(s.findall('testcase')) and
            int(s.get('failures')) == len(s.findall('testcase/failure')) and
            int(s.get('errors')) == len(s.findall('testcase/error')) and
            int(s.get('skipped')) == len(s.findall('testcase/skipped')))
print(json.dumps({
    'root': root.tag, 'tests': int(root.get('tests')), 'suites': len(suites),
    'cases': len(root.findall('.//testcase')), 'failures': len(root.findall('.//failure')),
    'errors': len(root.findall('.//error')), 'skipped': len(root.findall('.//skipped')),
    'consistent': all(same(s) for s in suites), 'names': [s.get('name') for s in suites],
    'classes': sorted(set(c.get('classname') for c in root.iter('testcase'))),
    'failure_text': ''.join(f.text or '' for f in root.iter('failure')),
    'error_message': [e.get('message') for e in root.iter('error')][0],
}))
)py",
                               path);
  fs::remove(path);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  int64_t n = 0;
  std::string_view s;
  ASSERT_EQ(doc["root"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "testsuites");
  ASSERT_EQ(doc["suites"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2);  // one per account
  ASSERT_EQ(doc["cases"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 10);  // 5 checks × 2 accounts
  ASSERT_EQ(doc["tests"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 10);
  ASSERT_EQ(doc["failures"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 3);  // check 0 in both accounts, check 4 in one
  ASSERT_EQ(doc["errors"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2);
  ASSERT_EQ(doc["skipped"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2);
  bool consistent = false;
  ASSERT_EQ(doc["consistent"].get(consistent), simdjson::SUCCESS);
  EXPECT_TRUE(consistent);
  simdjson::dom::array names, classes;
  ASSERT_EQ(doc["names"].get(names), simdjson::SUCCESS);
  ASSERT_EQ(names.at(0).get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, "canopy_test_1_0 111111111111");
  ASSERT_EQ(doc["classes"].get(classes), simdjson::SUCCESS);
  EXPECT_EQ(classes.size(), 3u);  // 1 Identity & Access, 1.1 Keys, 2 Storage
  ASSERT_EQ(doc["failure_text"].get(s), simdjson::SUCCESS);
  EXPECT_NE(s.find(kEvilName), std::string_view::npos) << s;
  EXPECT_NE(s.find(kUnicodeName), std::string_view::npos) << s;
  ASSERT_EQ(doc["error_message"].get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, f.outcomes[3].error);
}

// Without accounts (none requested, none failing) nothing is lost: every
// check still appears under "all accounts".
TEST_F(FormatTest, WithoutAccounts) {
  f.result.accounts.clear();
  f.outcomes[0].outcome = Outcome::Passed;
  f.outcomes[0].failing.clear();
  f.outcomes[4].outcome = Outcome::Passed;
  f.outcomes[4].failing.clear();
  std::string csv = csv_report(results(), false);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6) << csv;
  EXPECT_NE(csv.find(",error,,,,,,,\r\n"), std::string::npos) << csv;
  std::string xml = junit_report(results(), false);
  EXPECT_NE(xml.find("<testsuite name=\"canopy_test_1_0\" tests=\"5\" failures=\"0\" "
                     "errors=\"1\" skipped=\"1\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(html_report(results(), false).find("all accounts"), std::string::npos);
  EXPECT_EQ(ocsf_report(results(), false), "[]\n");
}

TEST(FormatEmpty, EveryFormatWritesAValidEmptyReport) {
  std::vector<BenchmarkResult> none;
  EXPECT_EQ(csv_report(none, false),
            "benchmark,section,check_id,title,severity,outcome,account_id,account,region,kind,"
            "resource_id,resource_name,node_id\r\n");
  EXPECT_EQ(ocsf_report(none, false), "[]\n");
  simdjson::dom::parser parser;
  simdjson::dom::element log;
  ASSERT_EQ(parser.parse(sarif_report(none, false)).get(log), simdjson::SUCCESS);
  simdjson::dom::array items;
  ASSERT_EQ(log["runs"].at(0)["results"].get(items), simdjson::SUCCESS);
  EXPECT_EQ(items.size(), 0u);
  EXPECT_EQ(junit_report(none, false),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"Canopy\" tests=\"0\" "
            "failures=\"0\" errors=\"0\" skipped=\"0\">\n</testsuites>\n");
  EXPECT_NE(html_report(none, false).find("No benchmark results."), std::string::npos);
}

TEST(MarkupEscape, EscapesSpecialCharactersAndInvalidText) {
  using writer::markup_escape;
  EXPECT_EQ(markup_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(markup_escape("a\nb\tc"), "a&#10;b&#9;c");
  EXPECT_EQ(markup_escape("a\nb\tc", false), "a\nb\tc");
  EXPECT_EQ(markup_escape("日本 ☁️"), "日本 ☁️");
  // Control characters and bytes that are not UTF-8 become U+FFFD.
  EXPECT_EQ(markup_escape(std::string("a\x01z")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(markup_escape("\xC3"), "\xEF\xBF\xBD");                                  // truncated
  EXPECT_EQ(markup_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  EXPECT_EQ(markup_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(markup_escape("\xEF\xBF\xBF"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFF
  EXPECT_EQ(markup_escape("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");                  // U+1F600
}

}  // namespace
}  // namespace canopy::report
