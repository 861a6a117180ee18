#include "report/security_sync.h"

#include <map>
#include <random>
#include <set>

#include "command/list_format.h"
#include "core/doc_json.h"
#include "core/time.h"

namespace canopy::report {

namespace {

struct Issue {
  Severity severity;
  std::set<std::string> benchmarks;
};
using Issues = std::map<std::string, Issue>;  // by check id

void collect(const SectionResult& s, const std::string& bench,
             std::map<std::string, Issues>& by_node, std::set<std::string>& errored) {
  for (const auto* c : s.checks) {
    if (c->outcome == Outcome::Error) errored.insert(c->check->id);
    for (const auto& [account, list] : c->nodes)
      for (uint32_t n : list) {
        Issue& i = by_node[std::string(c->graph->id(n))][c->check->id];
        i.severity = c->check->severity;
        i.benchmarks.insert(bench);
      }
  }
  for (const auto& child : s.children) collect(child, bench, by_node, errored);
}

std::string account_of(const Graph& g, uint32_t n, Sym reported, Sym id) {
  uint32_t acc = g.node(n).refs[kAccount];
  if (acc == kNoNode) return "";
  std::string scratch;
  return std::string(g.section(acc, reported).get(id).as_string(g.model().symbols(), scratch));
}

std::string text(const Value* v) {
  return v && v->is_string() ? v->str() : "";
}

Severity severity_of(const Value* v) {
  auto s = parse_severity(text(v));
  return s ? *s : Severity::Info;
}

std::set<std::string> benchmarks_of(const Value& issue) {
  std::set<std::string> out;
  if (const Value* b = issue.get("benchmarks"); b && b->is_array())
    for (const Value& x : b->items()) out.insert(x.str());
  return out;
}

// The node's current security section, as a value (null when none).
Value current(const Graph& g, uint32_t node, Sym security) {
  DocView d = g.doc(node).get(security);
  if (!d.valid()) return Value();
  auto v = parse_json(to_json(d, g.model().symbols()));
  return v ? *v : Value();
}

Value strings(const std::set<std::string>& s) {
  std::vector<Value> out;
  for (const auto& x : s) out.push_back(Value::string(x));
  return Value::array(std::move(out));
}

}  // namespace

std::string new_run_id() {
  std::random_device rd;
  std::mt19937_64 rng(rd());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += hex[rng() % 16];
  }
  return out;
}

Result<SyncCounts> sync_security(Database& db, const std::vector<BenchmarkResult>& results,
                                 const std::string& run_id, int64_t now,
                                 const std::vector<std::string>& accounts,
                                 const std::vector<std::string>& ignored) {
  std::map<std::string, Issues> failing;
  std::set<std::string> errored;
  for (const auto& r : results) collect(r.root, r.id, failing, errored);
  std::set<std::string> skip(ignored.begin(), ignored.end());
  auto g = db.snapshot();
  const Symbols& syms = g->model().symbols();
  Sym security = syms.find("security"), reported = syms.find("reported"), id = syms.find("id");
  std::string when = format_datetime(now);
  SyncCounts counts;
  std::vector<std::pair<std::string, std::string>> updates;

  for (const auto& [node_id, issues] : failing) {
    uint32_t n = g->find(node_id);
    if (n == kNoNode) continue;
    Value old = security == Symbols::kNone ? Value() : current(*g, n, security);
    bool had = old.is_object() && old.get("has_issues") && old.get("has_issues")->as_bool();
    std::map<std::string, Value> existing;
    if (had)
      if (const Value* list = old.get("issues"); list && list->is_array())
        for (const Value& i : list->items()) existing[text(i.get("check"))] = i;
    std::vector<Value> list;
    Severity top = Severity::Info;
    std::map<std::string, Value> carried = existing;  // issues this run did not find
    bool differs = existing.size() != issues.size();
    for (const auto& [check, issue] : issues) {
      auto it = existing.find(check);
      carried.erase(check);
      std::string opened = it != existing.end() ? text(it->second.get("opened_at")) : when;
      if (it == existing.end() || severity_of(it->second.get("severity")) != issue.severity ||
          benchmarks_of(it->second) != issue.benchmarks)
        differs = true;
      list.push_back(
          Value::object({{"check", Value::string(check)},
                         {"severity", Value::string(std::string(severity_name(issue.severity)))},
                         {"opened_at", Value::string(opened)},
                         {"benchmarks", strings(issue.benchmarks)}}));
      top = std::max(top, issue.severity);
    }
    // Issues of checks this run could not evaluate are kept as they were.
    for (const auto& [check, old_issue] : carried)
      if (errored.count(check)) {
        list.push_back(old_issue);
        top = std::max(top, severity_of(old_issue.get("severity")));
        differs = differs || existing.size() == issues.size();
      }
    int64_t reopen =
        old.is_object() && old.get("reopen_counter") ? old.get("reopen_counter")->as_int() : -1;
    std::string opened_at = had ? text(old.get("opened_at")) : when;
    if (!had)
      ++reopen, ++counts.newly_vulnerable;
    else if (differs)
      ++counts.changed;
    Value sec = Value::object({{"has_issues", Value::boolean(true)},
                               {"issues", Value::array(std::move(list))},
                               {"severity", Value::string(std::string(severity_name(top)))},
                               {"opened_at", Value::string(opened_at)},
                               {"reopen_counter", Value::integer(reopen)},
                               {"run_id", Value::string(run_id)}});
    updates.emplace_back(node_id, sec.json());
  }

  // Nodes with issues that this run did not confirm are compliant again.
  std::set<std::string> only(accounts.begin(), accounts.end());
  if (security != Symbols::kNone)
    for (uint32_t n = 0; n < g->size(); ++n) {
      DocView d = g->doc(n).get(security);
      if (!d.valid()) continue;
      std::string node_id(g->id(n));
      if (failing.count(node_id)) continue;
      Value old = current(*g, n, security);
      if (!old.get("has_issues") || !old.get("has_issues")->as_bool()) continue;
      std::string account = account_of(*g, n, reported, id);
      if ((!only.empty() && !only.count(account)) || skip.count(account)) continue;
      // Issues of checks that errored stay open; the node is compliant only without them.
      std::vector<Value> kept;
      size_t had = 0;
      if (const Value* list = old.get("issues"); list && list->is_array()) {
        had = list->items().size();
        for (const Value& i : list->items())
          if (errored.count(text(i.get("check")))) kept.push_back(i);
      }
      if (!kept.empty()) {
        if (kept.size() != had) {
          Severity top = Severity::Info;
          for (const Value& i : kept) top = std::max(top, severity_of(i.get("severity")));
          Value sec = old;
          sec.set("issues", Value::array(std::move(kept)));
          sec.set("severity", Value::string(std::string(severity_name(top))));
          sec.set("run_id", Value::string(run_id));
          updates.emplace_back(node_id, sec.json());
          ++counts.changed;
        }
        continue;
      }
      int64_t reopen = old.get("reopen_counter") ? old.get("reopen_counter")->as_int() : 0;
      Value sec = Value::object(
          {{"reopen_counter", Value::integer(reopen)}, {"closed_at", Value::string(when)}});
      updates.emplace_back(node_id, sec.json());
      ++counts.compliant;
    }
  if (updates.empty()) return counts;
  auto outcome = db.set_section("security", updates);
  if (!outcome) return outcome.status();
  return counts;
}

}  // namespace canopy::report
