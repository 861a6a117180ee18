#include <cstdio>
#include <functional>
#include <random>

#include "report/outputs.h"
#include "report/writers.h"

namespace canopy::report {

namespace {

// Random node ids of one run (UUID version 4 text).
std::string uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & ~0xf000ULL) | 0x4000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(a >> 32),
                unsigned((a >> 16) & 0xffff), unsigned(a & 0xffff), unsigned(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

Value str_or_null(const std::string& s) {
  return s.empty() ? Value() : Value::string(s);
}

Value node(const std::string& id, Value reported, bool with_kind = false) {
  Value n = Value::object({{"id", Value::string(id)}});
  if (with_kind) n.set("kind", *reported.get("kind"));
  n.set("type", Value::string("node"));
  n.set("reported", std::move(reported));
  return n;
}

Value edge(const std::string& from, const std::string& to) {
  return Value::object({{"from", Value::string(from)},
                        {"to", Value::string(to)},
                        {"type", Value::string("edge")},
                        {"edge_type", Value::string("default")}});
}

Value section_node(const SectionResult& s) {
  return Value::object({{"kind", Value::string("report_check_collection")},
                        {"name", Value::string(s.title)},
                        {"title", Value::string(s.title)},
                        {"description", Value::string(s.description)},
                        {"documentation", str_or_null(s.documentation)}});
}

void walk(const SectionResult& s, const std::string& id, bool only_checks,
          std::vector<Value>& out) {
  for (const auto* c : s.checks) {
    std::string cid = uuid();
    out.push_back(node(cid, check_result_json(*c), true));
    if (!only_checks) out.push_back(edge(id, cid));
  }
  for (const auto& child : s.children) {
    std::string sid = uuid();
    if (!only_checks) out.push_back(node(sid, section_node(child)));
    walk(child, sid, only_checks, out);
    if (!only_checks) out.push_back(edge(id, sid));
  }
}

}  // namespace

Value check_result_json(const CheckOutcome& c) {
  Value r = check_json(*c.check);
  Value out = Value::object(
      {{"kind", Value::string("report_check_result")}, {"name", Value::string(c.check->title)}});
  for (auto& [k, v] : r.members()) out.set(k, std::move(v));
  out.set("number_of_resources_failing", Value::integer(int64_t(c.failing_count())));
  out.set("outcome", Value::string(std::string(writer::outcome_name(c.outcome))));
  if (c.outcome == Outcome::Error) out.set("error", Value::string(c.error));
  if (!c.failing.empty()) {
    Value counts = Value::object(), lists = Value::object();
    for (const auto& [account, list] : c.failing) {
      counts.set(account, Value::integer(int64_t(list.size())));
      std::vector<Value> items;
      for (const auto& s : list) items.push_back(s.json());
      lists.set(account, Value::array(std::move(items)));
    }
    out.set("number_of_resources_failing_by_account", std::move(counts));
    out.set("resources_failing_by_account", std::move(lists));
  }
  return out;
}

std::vector<Value> result_graph(const BenchmarkResult& r, bool only_check_results) {
  std::vector<Value> out;
  std::string root = uuid();
  if (!only_check_results) {
    std::vector<Value> accounts;
    for (const auto& a : r.accounts) accounts.push_back(Value::string(a));
    out.push_back(node(
        root, Value::object(
                  {{"kind", Value::string("report_benchmark")},
                   {"id", Value::string(r.id)},
                   {"name", Value::string(r.title)},
                   {"title", Value::string(r.title)},
                   {"description", Value::string(r.description)},
                   {"documentation", str_or_null(r.documentation)},
                   {"framework", Value::string(r.framework)},
                   {"version", Value::string(r.version)},
                   {"accounts", accounts.empty() ? Value() : Value::array(accounts)},
                   {"only_failed", Value::boolean(r.only_failed)},
                   {"severity", r.severity ? Value::string(std::string(severity_name(*r.severity)))
                                           : Value()}})));
  }
  walk(r.root, root, only_check_results, out);
  return out;
}

std::vector<std::string> check_lines(const BenchmarkResult& r) {
  std::vector<std::string> out;
  std::function<void(const SectionResult&)> visit = [&](const SectionResult& s) {
    for (const auto* c : s.checks) {
      std::string line = std::string(severity_name(c->check->severity)) + " " + c->check->id + " ";
      if (c->outcome == Outcome::Manual)
        line += "manual";
      else if (c->outcome == Outcome::Error)
        line += "error: " + c->error;
      else
        line += std::to_string(c->failing_count());
      out.push_back(std::move(line));
    }
    for (const auto& child : s.children) visit(child);
  };
  visit(r.root);
  return out;
}

}  // namespace canopy::report
