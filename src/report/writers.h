// The report formats for the tools users feed run results into (see each
// writer's file for the exact shape):
//
//   csv_report    csv_format.cc    one row per failing resource / non-failing check
//   html_report   html_format.cc   one self-contained page for people
//   sarif_report  sarif_format.cc  SARIF 2.1.0 for code-scanning dashboards
//   junit_report  junit_format.cc  JUnit XML for CI systems
//   ocsf_report   ocsf_format.cc   OCSF 1.1.0 Detection Findings for SIEMs
//
// Every writer is deterministic: benchmarks and sections in tree order,
// accounts sorted, failing resources sorted (kind, id, node id). None of
// them uses `only_check_results` (that flag shapes the result graph only).
//
// Shared helpers live below so the writers agree on which accounts a
// benchmark reports and in which order resources appear.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/json_out.h"
#include "core/markup_escape.h"
#include "report/result_tree.h"

namespace canopy::report {

std::string csv_report(const std::vector<BenchmarkResult>& results, bool only_check_results);
std::string html_report(const std::vector<BenchmarkResult>& results, bool only_check_results);
std::string sarif_report(const std::vector<BenchmarkResult>& results, bool only_check_results);
std::string junit_report(const std::vector<BenchmarkResult>& results, bool only_check_results);
std::string ocsf_report(const std::vector<BenchmarkResult>& results, bool only_check_results);

namespace writer {

using canopy::markup_escape;  // the report formats name it writer::markup_escape

// The accounts a benchmark reports on: the requested ones plus every
// account with a failing resource, sorted. When there are none, one entry
// "" that stands for "all accounts" (outcome_for then gives the overall
// outcome), so that manual and errored checks are never lost.
inline std::vector<std::string> accounts(const BenchmarkResult& r) {
  std::set<std::string> all(r.accounts.begin(), r.accounts.end());
  for (const auto& a : failing_accounts(r.root)) all.insert(a);
  all.erase("");
  if (all.empty()) return {""};
  return {all.begin(), all.end()};
}

// The failing resources of `c` in `account`, sorted by kind, id, node id.
inline std::vector<const ResourceSummary*> failing(const CheckOutcome& c,
                                                   const std::string& account) {
  std::vector<const ResourceSummary*> out;
  auto it = c.failing.find(account);
  if (it == c.failing.end()) return out;
  for (const auto& r : it->second) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    if (a->kind != b->kind) return a->kind < b->kind;
    if (a->id != b->id) return a->id < b->id;
    return a->node_id < b->node_id;
  });
  return out;
}

// Every failing resource of `c` over all accounts (accounts sorted).
inline std::vector<const ResourceSummary*> all_failing(const CheckOutcome& c) {
  std::vector<const ResourceSummary*> out;
  for (const auto& [account, list] : c.failing) {
    auto part = failing(c, account);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// A summary field (string or null) as text.
inline std::string text(const Value& v) {
  return v.is_string() ? v.str() : std::string();
}

// Calls visit(section, check) for every check in tree order (pre-order:
// a section's own checks, then its children). `section` is the innermost
// section holding the check; the root for checks directly in the benchmark.
template <typename Visit>
void each_check(const SectionResult& s, Visit&& visit) {
  for (const auto* c : s.checks) visit(s, *c);
  for (const auto& child : s.children) each_check(child, visit);
}

inline std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Passed:
      return "passed";
    case Outcome::Failed:
      return "failed";
    case Outcome::Manual:
      return "manual";
    case Outcome::Error:
      return "error";
  }
  return "passed";
}

// JSON text with two-space indentation, one member or element per line
// (empty arrays and objects stay on one line), for files people diff.
inline void pretty_json(const Value& v, std::string& out, int indent = 0) {
  auto newline = [&](int n) {
    out += '\n';
    out.append(size_t(n) * 2, ' ');
  };
  if (v.is_array() && !v.items().empty()) {
    out += '[';
    for (size_t i = 0; i < v.items().size(); ++i) {
      if (i) out += ',';
      newline(indent + 1);
      pretty_json(v.items()[i], out, indent + 1);
    }
    newline(indent);
    out += ']';
  } else if (v.is_object() && !v.members().empty()) {
    out += '{';
    for (size_t i = 0; i < v.members().size(); ++i) {
      if (i) out += ',';
      newline(indent + 1);
      json::append_string(out, v.members()[i].first);
      out += ": ";
      pretty_json(v.members()[i].second, out, indent + 1);
    }
    newline(indent);
    out += '}';
  } else {
    v.append_json(out, false);
  }
}

// One sentence naming the check and the failing resource, for messages.
inline std::string describe(const Check& k, const ResourceSummary& res) {
  std::string name = res.name.empty() || res.name == res.id ? "" : " \"" + res.name + "\"";
  std::string account = text(res.account);
  std::string out =
      k.title + ": " + res.kind + " " + res.id + name + " in account " +
      (account.empty() || account == res.account_id ? res.account_id
                                                    : account + " (" + res.account_id + ")");
  std::string region = text(res.region);
  if (!region.empty()) out += ", region " + region;
  return out + ".";
}

// Whether `url` is an absolute http(s) URL (the only links writers emit).
inline bool is_web_url(std::string_view url) {
  auto starts = [&](std::string_view p) {
    if (url.size() <= p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    return true;
  };
  return starts("https://") || starts("http://");
}

// A stable 16-hex-digit fingerprint of a check failing on a node.
inline std::string fingerprint(std::string_view check_id, std::string_view node_id) {
  std::string key(check_id);
  key += '\0';
  key += node_id;
  uint64_t h = hash64(key.data(), key.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[size_t(i)] = kHex[h & 15];
  return out;
}

}  // namespace writer
}  // namespace canopy::report
