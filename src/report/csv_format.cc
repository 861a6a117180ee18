// CSV (RFC 4180): UTF-8 without a byte-order mark, CRLF line ends, a field
// is quoted ("…", inner quotes doubled) when it holds a comma, a quote, CR
// or LF, and written verbatim otherwise. The first line is the header:
//
//   benchmark,section,check_id,title,severity,outcome,account_id,account,
//   region,kind,resource_id,resource_name,node_id
//
// Rows, for every benchmark (in the given order), every check in tree
// order (a check listed twice appears twice), and every reported account
// of the benchmark (writer::accounts: requested plus failing, sorted):
//
//   * the check failed for the account: one row per failing resource
//     (sorted by kind, id, node id), outcome `failed`, with the resource's
//     account name, region, kind, id, name and node id;
//   * otherwise: one row with outcome `passed`, `manual` or `error` and the
//     resource columns (account, region, kind, resource_id, resource_name,
//     node_id) empty.
//
// `benchmark` is the benchmark id, `section` the title of the innermost
// section holding the check (empty for checks directly in the benchmark),
// `severity` the check's severity name. When a benchmark has no account to
// report (none requested, none failing), the rows carry an empty account_id.
// Values are written as they are: spreadsheet users who open files with
// untrusted resource names should import them as text.
#include "report/writers.h"

namespace canopy::report {

namespace {

void field(std::string& out, std::string_view v, bool last = false) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
  } else {
    out += '"';
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += last ? "\r\n" : ",";
}

}  // namespace

std::string csv_report(const std::vector<BenchmarkResult>& results, bool) {
  std::string out =
      "benchmark,section,check_id,title,severity,outcome,account_id,account,region,kind,"
      "resource_id,resource_name,node_id\r\n";
  for (const auto& r : results) {
    auto accounts = writer::accounts(r);
    writer::each_check(r.root, [&](const SectionResult& s, const CheckOutcome& c) {
      const Check& k = *c.check;
      std::string section = &s == &r.root ? "" : s.title;
      for (const auto& account : accounts) {
        Outcome o = outcome_for(c, account);
        // Failing for "" (no account known) lists every account's resources.
        std::vector<const ResourceSummary*> list;
        if (o == Outcome::Failed)
          list = account.empty() ? writer::all_failing(c) : writer::failing(c, account);
        auto start = [&](std::string_view outcome, std::string_view account_id) {
          field(out, r.id);
          field(out, section);
          field(out, k.id);
          field(out, k.title);
          field(out, severity_name(k.severity));
          field(out, outcome);
          field(out, account_id);
        };
        if (list.empty()) {
          start(writer::outcome_name(o), account);
          for (int i = 0; i < 5; ++i) field(out, "");
          field(out, "", true);
          continue;
        }
        for (const auto* res : list) {
          start("failed", account.empty() ? res->account_id : account);
          field(out, writer::text(res->account));
          field(out, writer::text(res->region));
          field(out, res->kind);
          field(out, res->id);
          field(out, res->name);
          field(out, res->node_id, true);
        }
      }
    });
  }
  return out;
}

}  // namespace canopy::report
