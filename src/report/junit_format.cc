// JUnit XML, the test report CI systems (Jenkins, GitLab, GitHub actions)
// display. A check is a test case, run once per account:
//
//   <testsuites name="Canopy" tests failures errors skipped>
//     <testsuite name="<benchmark id> <account id>" tests failures errors skipped>
//       <properties> benchmark, title, framework, version, account </properties>
//       <testcase classname="<section title>" name="<check id>: <title>">
//         failed for the account:  <failure message="N failing resources"
//                                    type="<severity>">one line per resource:
//                                    kind id "name" account/region node id</failure>
//         could not be evaluated:  <error message="<error>" type="error">…</error>
//         manual:                  <skipped message="manual check"/>
//         passed:                  (empty)
//
// One suite per benchmark × reported account (writer::accounts; a benchmark
// without any gets one suite named by its id alone), test cases in tree
// order, `classname` the innermost section's title (the benchmark's title
// for checks directly in it). Counts are those of result_tree count(). No
// timestamps or durations: the report must not change between identical
// runs. Everything is XML-escaped; characters XML cannot carry become U+FFFD.
#include "report/writers.h"

namespace canopy::report {

namespace {

std::string attr(std::string_view s) {
  return writer::markup_escape(s, true);
}
std::string body(std::string_view s) {
  return writer::markup_escape(s, false);
}

std::string tally(const Counts& n) {
  return " tests=\"" + std::to_string(n.total()) + "\" failures=\"" + std::to_string(n.failed) +
         "\" errors=\"" + std::to_string(n.errors) + "\" skipped=\"" + std::to_string(n.manual) +
         "\"";
}

std::string property(const char* name, const std::string& value) {
  return "      <property name=\"" + std::string(name) + "\" value=\"" + attr(value) + "\"/>\n";
}

void testcase(const BenchmarkResult& r, const SectionResult& s, const CheckOutcome& c,
              const std::string& account, std::string& out) {
  const Check& k = *c.check;
  out += "    <testcase classname=\"" + attr(&s == &r.root ? r.title : s.title) + "\" name=\"" +
         attr(k.id + ": " + k.title) + "\"";
  switch (outcome_for(c, account)) {
    case Outcome::Passed:
      out += "/>\n";
      return;
    case Outcome::Manual:
      out += ">\n      <skipped message=\"manual check\"/>\n    </testcase>\n";
      return;
    case Outcome::Error:
      out += ">\n      <error message=\"" + attr(c.error) + "\" type=\"error\">" + body(c.error) +
             "</error>\n    </testcase>\n";
      return;
    case Outcome::Failed:
      break;
  }
  auto list = account.empty() ? writer::all_failing(c) : writer::failing(c, account);
  std::string lines;
  for (const auto* res : list) {
    lines += res->kind + " " + res->id;
    if (!res->name.empty() && res->name != res->id) lines += " \"" + res->name + "\"";
    lines += " " + res->account_id;
    std::string region = writer::text(res->region);
    if (!region.empty()) lines += "/" + region;
    lines += " node " + res->node_id + "\n";
  }
  out += ">\n      <failure message=\"" + std::to_string(list.size()) + " failing " +
         (list.size() == 1 ? "resource" : "resources") + "\" type=\"" +
         std::string(severity_name(k.severity)) + "\">" + body(lines) +
         "</failure>\n    </testcase>\n";
}

}  // namespace

std::string junit_report(const std::vector<BenchmarkResult>& results, bool) {
  std::string suites;
  Counts all;
  for (const auto& r : results) {
    for (const auto& account : writer::accounts(r)) {
      Counts n = count(r.root, account);
      all.passed += n.passed;
      all.failed += n.failed;
      all.manual += n.manual;
      all.errors += n.errors;
      suites += "  <testsuite name=\"" + attr(account.empty() ? r.id : r.id + " " + account) +
                "\"" + tally(n) + ">\n    <properties>\n";
      suites += property("benchmark", r.id) + property("title", r.title) +
                property("framework", r.framework) + property("version", r.version) +
                property("account", account);
      suites += "    </properties>\n";
      writer::each_check(r.root, [&](const SectionResult& s, const CheckOutcome& c) {
        testcase(r, s, c, account, suites);
      });
      suites += "  </testsuite>\n";
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"Canopy\"" + tally(all) +
         ">\n" + suites + "</testsuites>\n";
}

}  // namespace canopy::report
