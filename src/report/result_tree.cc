#include "report/result_tree.h"

namespace canopy::report {

namespace {

// Builds one section; returns nothing when it ends up with neither checks
// nor children (spec §5.4: such sections are removed).
std::optional<SectionResult> build(const Section& s,
                                   const std::map<std::string, const CheckOutcome*>& outcomes,
                                   bool only_failing) {
  SectionResult out{s.title, s.description, s.documentation, {}, {}};
  bool had_any = false;
  for (const auto& id : s.checks) {
    auto it = outcomes.find(id);
    if (it == outcomes.end()) continue;
    had_any = true;
    if (!only_failing || it->second->outcome == Outcome::Failed) out.checks.push_back(it->second);
  }
  for (const auto& c : s.children) {
    auto child = build(c, outcomes, only_failing);
    if (!child) continue;
    had_any = true;
    if (!only_failing || has_failure(*child)) out.children.push_back(std::move(*child));
  }
  if (!had_any) return std::nullopt;
  return out;
}

void collect_failing(const SectionResult& s, std::set<std::string>& out) {
  for (const auto* c : s.checks)
    for (const auto& account : c->failing_accounts()) out.insert(account);
  for (const auto& child : s.children) collect_failing(child, out);
}

}  // namespace

Outcome outcome_for(const CheckOutcome& c, const std::string& account) {
  if (c.outcome != Outcome::Failed) return c.outcome;
  if (account.empty()) return Outcome::Failed;
  return c.failing_in(account) ? Outcome::Failed : Outcome::Passed;
}

Counts count(const SectionResult& s, const std::string& account) {
  Counts n;
  for (const auto* c : s.checks) {
    switch (outcome_for(*c, account)) {
      case Outcome::Passed:
        ++n.passed;
        break;
      case Outcome::Failed:
        ++n.failed;
        break;
      case Outcome::Manual:
        ++n.manual;
        break;
      case Outcome::Error:
        ++n.errors;
        break;
    }
  }
  for (const auto& child : s.children) {
    Counts m = count(child, account);
    n.passed += m.passed, n.failed += m.failed, n.manual += m.manual, n.errors += m.errors;
  }
  return n;
}

std::set<std::string> failing_accounts(const SectionResult& s) {
  std::set<std::string> out;
  collect_failing(s, out);
  return out;
}

bool has_failure(const SectionResult& s, const std::string& account) {
  for (const auto* c : s.checks)
    if (outcome_for(*c, account) == Outcome::Failed) return true;
  for (const auto& child : s.children)
    if (has_failure(child, account)) return true;
  return false;
}

BenchmarkResult build_result(const Benchmark& b,
                             const std::map<std::string, const CheckOutcome*>& outcomes,
                             bool only_failing) {
  BenchmarkResult r;
  r.id = b.id;
  r.title = b.title;
  r.framework = b.framework;
  r.version = b.version;
  r.description = b.description;
  r.documentation = b.documentation;
  r.only_failed = only_failing;
  auto root = build(b.root, outcomes, only_failing);
  if (root) r.root = std::move(*root);
  r.root.title = b.title;
  r.root.description = b.description;
  return r;
}

}  // namespace canopy::report
