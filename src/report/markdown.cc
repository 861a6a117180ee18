// The Markdown report (spec §7.3), one document per account. Canopy
// differences: manual checks are listed as manual (✋), checks that could not
// be evaluated as errors (⚠️); neither counts as passed. A remediation text
// that ends with a period gets no second one.
#include <algorithm>

#include "report/outputs.h"

namespace canopy::report {

namespace {

constexpr const char* kPass = "\u2705";
constexpr const char* kFail = "\u274C";
constexpr const char* kManual = "\u270B";
constexpr const char* kError = "\u26A0\uFE0F";

const char* mark(Outcome o) {
  switch (o) {
    case Outcome::Passed:
      return kPass;
    case Outcome::Failed:
      return kFail;
    case Outcome::Manual:
      return kManual;
    case Outcome::Error:
      return kError;
  }
  return kPass;
}

std::string tally(const Counts& n) {
  std::string out;
  if (n.passed == 0 && n.failed > 0) {
    out = "all " + std::to_string(n.failed) + " checks failed";
  } else if (n.failed == 0 && n.passed > 0) {
    out = "all " + std::to_string(n.passed) + " checks passed";
  } else {
    out = std::to_string(n.passed) + " checks " + kPass + " and " + std::to_string(n.failed) +
          " checks " + kFail;
  }
  if (n.manual) out += ", " + std::to_string(n.manual) + " to check by hand " + kManual;
  if (n.errors) out += ", " + std::to_string(n.errors) + " could not be evaluated " + kError;
  return out;
}

std::string section_status(const Counts& n) {
  if (n.passed == 0 && n.failed == 0)
    return n.manual ? "manual checks " + std::string(kManual) : "no checks";
  if (n.passed == 0) return std::string("all checks ") + kFail;
  if (n.failed == 0) return std::string("all checks ") + kPass;
  return std::to_string(n.passed) + " checks " + kPass + ", " + std::to_string(n.failed) +
         " checks " + kFail;
}

// Keeps only checks that failed for `account` and the sections above them.
SectionResult failing_only(const SectionResult& s, const std::string& account) {
  SectionResult out{s.title, s.description, s.documentation, {}, {}};
  for (const auto* c : s.checks)
    if (outcome_for(*c, account) == Outcome::Failed) out.checks.push_back(c);
  for (const auto& child : s.children)
    if (has_failure(child, account)) out.children.push_back(failing_only(child, account));
  return out;
}

void all_checks(const SectionResult& s, std::vector<const CheckOutcome*>& out) {
  out.insert(out.end(), s.checks.begin(), s.checks.end());
  for (const auto& c : s.children) all_checks(c, out);
}

void check_block(const CheckOutcome& c, const std::string& account, std::string& out) {
  Outcome o = outcome_for(c, account);
  const Check& k = *c.check;
  out += std::string("- ") + mark(o) + " **" + std::string(severity_name(k.severity)) +
         "**: " + k.title + "\n\n";
  if (o == Outcome::Manual) {
    out += "  - To check by hand: " + k.detect_text + "\n\n";
  } else if (o == Outcome::Error) {
    out += "  - The check could not be evaluated: " + c.error + "\n\n";
  } else if (o == Outcome::Failed) {
    std::string kinds;
    for (const auto& kind : k.result_kinds) kinds += (kinds.empty() ? "`" : ", `") + kind + "`";
    size_t n = c.failing_in(account);
    std::string text = k.remediation_text;
    if (!text.empty() && text.back() != '.') text += '.';
    out += "  - Risk: " + k.risk + "\n\n";
    out +=
        "  - There are " + std::to_string(n) + " " + kinds + " resources failing this check.\n\n";
    out +=
        "  - Remediation: " + text + " See [Link](" + k.remediation_url + ") for more details.\n\n";
  }
}

void section_block(const SectionResult& s, const std::string& account, int level,
                   std::string& out) {
  out += std::string(size_t(level), '#') + " " + s.title + " (" +
         section_status(count(s, account)) + ")\n\n" + s.description + "\n\n";
  for (const auto* c : s.checks) check_block(*c, account, out);
  for (const auto& child : s.children) section_block(child, account, level + 1, out);
}

std::string document(const BenchmarkResult& r, const std::string& account) {
  std::string out = "# Report for account " + account + "\n\nTitle: " + r.title +
                    "\n\nVersion: " + r.version + "\n\nSummary: " + tally(count(r.root, account)) +
                    "\n\n";
  SectionResult shown = r.only_failed ? failing_only(r.root, account) : r.root;
  if (!shown.children.empty()) {
    std::vector<const CheckOutcome*> checks;
    all_checks(shown, checks);
    std::stable_sort(checks.begin(), checks.end(), [](const auto* a, const auto* b) {
      return a->check->severity > b->check->severity;
    });
    for (Outcome want : {Outcome::Passed, Outcome::Failed, Outcome::Manual, Outcome::Error}) {
      std::string list;
      for (const auto* c : checks)
        if (outcome_for(*c, account) == want)
          list += std::string("- ") + mark(want) + " " +
                  std::string(severity_name(c->check->severity)) + ": " + c->check->title + "\n";
      if (list.empty()) continue;
      const char* heading = want == Outcome::Passed   ? "Passed Checks"
                            : want == Outcome::Failed ? "Failed Checks"
                            : want == Outcome::Manual ? "Manual Checks"
                                                      : "Checks With Errors";
      out += std::string("## ") + heading + " \n\n" + list;
    }
    out += "\n\n";
  }
  for (const auto* c : shown.checks) check_block(*c, account, out);
  for (const auto& child : shown.children) section_block(child, account, 2, out);
  return out;
}

}  // namespace

std::vector<std::string> markdown(const BenchmarkResult& r) {
  std::vector<std::string> accounts = r.accounts;
  if (accounts.empty()) {
    auto failing = failing_accounts(r.root);
    accounts.assign(failing.begin(), failing.end());
  }
  // Checks that could not be evaluated are never silently left out.
  if (accounts.empty() && count(r.root).errors > 0) accounts.push_back("(all accounts)");
  std::sort(accounts.begin(), accounts.end());
  std::vector<std::string> out;
  for (const auto& a : accounts) out.push_back(document(r, a));
  return out;
}

}  // namespace canopy::report
