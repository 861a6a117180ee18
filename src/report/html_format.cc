// HTML: one self-contained UTF-8 page for people. Inline CSS only, no
// scripts, no external resources, so it reads the same offline, in a mail
// attachment or printed. Per benchmark, in order:
//
//   * title, id, framework, version and description;
//   * a summary table: per reported account (writer::accounts) the number
//     of passed, failed, manual and errored checks (result_tree count());
//   * the section tree (<details open>, no script needed to fold it) with
//     every check's status, severity, title and id; failed checks name the
//     accounts they failed in and link to their finding below, errored
//     checks show the error, manual checks the instructions;
//   * one finding per failed check (each check once, in tree order): risk,
//     remediation text and link, and a table of the failing resources
//     (kind, id, name, account, region), accounts and resources sorted.
//
// Every value is HTML-escaped (resource names and tags are user data); a
// link is only emitted for http(s) URLs, anything else is shown as text.
#include <map>

#include "report/writers.h"

namespace canopy::report {

namespace {

constexpr const char* kStyle = R"css(
:root{color-scheme:light;--pass:#1a7f37;--fail:#cf222e;--manual:#9a6700;--error:#8250df;
--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1f2328;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .6rem;
border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1.05rem;margin:.2rem 0}
.benchmark{margin-bottom:3rem}.meta{color:var(--muted);margin:.2rem 0}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);
padding:0 .25rem;border-radius:4px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}th{background:var(--bg)}td.n{text-align:right;width:7rem}
td.n.failed{color:var(--fail);font-weight:600}td.n.passed{color:var(--pass)}
details{margin:.3rem 0 .3rem .2rem;padding-left:.8rem;border-left:2px solid var(--line)}
summary{cursor:pointer;font-weight:600}summary .counts{font-weight:400;color:var(--muted)}
ul.checks{list-style:none;margin:.3rem 0;padding:0}
ul.checks li{margin:.25rem 0;padding:.15rem 0}
.status{display:inline-block;min-width:4.6rem;text-align:center;border-radius:1rem;
font-size:12px;font-weight:600;padding:0 .4rem;color:#fff;text-transform:uppercase}
.status.passed{background:var(--pass)}.status.failed{background:var(--fail)}
.status.manual{background:var(--manual)}.status.error{background:var(--error)}
.sev{display:inline-block;font-size:12px;border:1px solid var(--line);border-radius:4px;
padding:0 .3rem;color:var(--muted)}.sev.critical,.sev.high{color:var(--fail);
border-color:var(--fail)}.sev.medium{color:var(--manual);border-color:var(--manual)}
.note{color:var(--muted);margin:.1rem 0 0 5.2rem;white-space:pre-wrap}
.finding{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;
padding:.6rem .9rem;margin:.9rem 0}.finding p{margin:.35rem 0}
footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:.5rem}
@media print{details{border:0}a{color:inherit}}
)css";

std::string esc(std::string_view s) {
  return writer::markup_escape(s, false);
}
std::string attr(std::string_view s) {
  return writer::markup_escape(s, true);
}

std::string link(const std::string& url) {
  if (!writer::is_web_url(url)) return esc(url);
  return "<a href=\"" + attr(url) + "\" rel=\"noopener noreferrer\">" + esc(url) + "</a>";
}

std::string status(Outcome o) {
  std::string name(writer::outcome_name(o));
  return "<span class=\"status " + name + "\">" + name + "</span>";
}

std::string severity(Severity s) {
  std::string name(severity_name(s));
  return "<span class=\"sev " + name + "\">" + name + "</span>";
}

std::string counts_text(const Counts& n) {
  std::string out;
  auto add = [&](int v, const char* what) {
    if (v == 0) return;
    out += (out.empty() ? "" : " · ") + std::to_string(v) + " " + what;
  };
  add(n.passed, "passed");
  add(n.failed, "failed");
  add(n.manual, "manual");
  add(n.errors, n.errors == 1 ? "error" : "errors");
  return out.empty() ? "no checks" : out;
}

class Page {
 public:
  explicit Page(std::string& out) : out_(out) {}

  void benchmark(const BenchmarkResult& r, size_t index) {
    prefix_ = "b" + std::to_string(index + 1);
    anchors_.clear();
    std::vector<const CheckOutcome*> failed;
    writer::each_check(r.root, [&](const SectionResult&, const CheckOutcome& c) {
      if (c.outcome != Outcome::Failed || anchors_.count(&c)) return;
      anchors_[&c] = prefix_ + "-f" + std::to_string(failed.size() + 1);
      failed.push_back(&c);
    });
    names_.clear();
    for (const auto* c : failed)
      for (const auto* res : writer::all_failing(*c))
        if (res->account.is_string() && !names_.count(res->account_id))
          names_[res->account_id] = res->account.str();

    out_ += "<section class=\"benchmark\" id=\"" + prefix_ + "\">\n<h1>" + esc(r.title) +
            "</h1>\n<p class=\"meta\"><code>" + esc(r.id) + "</code>";
    if (!r.framework.empty() || !r.version.empty())
      out_ += " · " + esc(r.framework) + (r.version.empty() ? "" : " " + esc(r.version));
    out_ += "</p>\n";
    if (!r.description.empty()) out_ += "<p>" + esc(r.description) + "</p>\n";

    out_ +=
        "<h2>Summary</h2>\n<table class=\"summary\">\n<thead><tr><th>Account</th><th>Passed</th>"
        "<th>Failed</th><th>Manual</th><th>Error</th></tr></thead>\n<tbody>\n";
    for (const auto& account : writer::accounts(r)) {
      Counts n = count(r.root, account);
      out_ += "<tr><td>" + account_label(account) + "</td>" + cell(n.passed, "passed") +
              cell(n.failed, "failed") + cell(n.manual, "manual") + cell(n.errors, "error") +
              "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n<h2>Checks</h2>\n";
    if (r.root.checks.empty() && r.root.children.empty()) out_ += "<p>No checks.</p>\n";
    checks(r.root);
    for (const auto& child : r.root.children) section(child);

    out_ += "<h2>Failing checks</h2>\n";
    if (failed.empty()) out_ += "<p>No check failed.</p>\n";
    for (const auto* c : failed) finding(*c);
    out_ += "</section>\n";
  }

 private:
  std::string account_label(const std::string& id) const {
    if (id.empty()) return "all accounts";
    auto it = names_.find(id);
    if (it == names_.end() || it->second.empty() || it->second == id) return esc(id);
    return esc(it->second) + " <code>" + esc(id) + "</code>";
  }

  static std::string cell(int n, const char* cls) {
    return std::string("<td class=\"n") + (n ? std::string(" ") + cls : "") + "\">" +
           std::to_string(n) + "</td>";
  }

  void checks(const SectionResult& s) {
    if (s.checks.empty()) return;
    out_ += "<ul class=\"checks\">\n";
    for (const auto* c : s.checks) check(*c);
    out_ += "</ul>\n";
  }

  void check(const CheckOutcome& c) {
    const Check& k = *c.check;
    out_ += "<li class=\"check " + std::string(writer::outcome_name(c.outcome)) + "\">" +
            status(c.outcome) + " " + severity(k.severity) + " ";
    auto it = anchors_.find(&c);
    if (it != anchors_.end())
      out_ += "<a href=\"#" + it->second + "\">" + esc(k.title) + "</a>";
    else
      out_ += esc(k.title);
    out_ += " <code>" + esc(k.id) + "</code>";
    if (c.outcome == Outcome::Failed) {
      std::string where;
      for (const auto& account : c.failing_accounts())
        where += (where.empty() ? "" : ", ") + account_label(account);
      if (!where.empty()) out_ += "\n<div class=\"note\">Failing in " + where + "</div>";
    } else if (c.outcome == Outcome::Error) {
      out_ += "\n<div class=\"note\">Could not be evaluated: " + esc(c.error) + "</div>";
    } else if (c.outcome == Outcome::Manual && !k.detect_text.empty()) {
      out_ += "\n<div class=\"note\">To check by hand: " + esc(k.detect_text) + "</div>";
    }
    out_ += "</li>\n";
  }

  void section(const SectionResult& s) {
    out_ += "<details open>\n<summary>" + esc(s.title) + " <span class=\"counts\">(" +
            counts_text(count(s)) + ")</span></summary>\n";
    if (!s.description.empty()) out_ += "<p class=\"meta\">" + esc(s.description) + "</p>\n";
    checks(s);
    for (const auto& child : s.children) section(child);
    out_ += "</details>\n";
  }

  void finding(const CheckOutcome& c) {
    const Check& k = *c.check;
    auto resources = writer::all_failing(c);
    out_ += "<article class=\"finding\" id=\"" + anchors_.at(&c) + "\">\n<h3>" +
            severity(k.severity) + " " + esc(k.title) + "</h3>\n<p class=\"meta\"><code>" +
            esc(k.id) + "</code> · " + std::to_string(resources.size()) + " failing " +
            (resources.size() == 1 ? "resource" : "resources") + "</p>\n";
    if (!k.risk.empty()) out_ += "<p><strong>Risk:</strong> " + esc(k.risk) + "</p>\n";
    if (!k.remediation_text.empty() || !k.remediation_url.empty()) {
      out_ += "<p><strong>Remediation:</strong> " + esc(k.remediation_text);
      if (!k.remediation_url.empty()) out_ += " " + link(k.remediation_url);
      out_ += "</p>\n";
    }
    out_ +=
        "<table class=\"resources\">\n<thead><tr><th>Kind</th><th>ID</th><th>Name</th>"
        "<th>Account</th><th>Region</th></tr></thead>\n<tbody>\n";
    for (const auto* res : resources) {
      std::string account = writer::text(res->account);
      out_ += "<tr><td>" + esc(res->kind) + "</td><td><code>" + esc(res->id) + "</code></td><td>" +
              esc(res->name) + "</td><td>" + esc(account);
      if (account != res->account_id)
        out_ +=
            (account.empty() ? "" : " ") + std::string("<code>") + esc(res->account_id) + "</code>";
      out_ += "</td><td>" + esc(writer::text(res->region)) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</article>\n";
  }

  std::string& out_;
  std::string prefix_;
  std::map<const CheckOutcome*, std::string> anchors_;
  std::map<std::string, std::string> names_;  // account id → name
};

}  // namespace

std::string html_report(const std::vector<BenchmarkResult>& results, bool) {
  std::string titles;
  for (const auto& r : results) titles += (titles.empty() ? "" : ", ") + r.title;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"Canopy\">\n<title>Canopy report";
  if (!titles.empty()) out += ": " + esc(titles);
  out += "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
  if (results.empty()) out += "<p>No benchmark results.</p>\n";
  Page page(out);
  for (size_t i = 0; i < results.size(); ++i) page.benchmark(results[i], i);
  out += "</main>\n<footer>Generated by Canopy.</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace canopy::report
