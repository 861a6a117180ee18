#include "cli/demo.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "core/time.h"
#include "graph/database.h"
#include "query/executor.h"
#include "report/library.h"
#include "report/result_tree.h"
#include "report/runner.h"

namespace canopy {

namespace embedded {
extern const std::string_view demo_inventory;
}

namespace {

std::string text_of(const Graph& g, uint32_t i, Sym reported, Sym property) {
  std::string scratch;
  return std::string(g.section(i, reported).get(property).as_string(g.model().symbols(), scratch));
}

std::string name_of(const Graph& g, uint32_t i, Sym reported, Sym name) {
  std::string n = text_of(g, i, reported, name);
  return n.empty() ? std::string(g.id(i)) : n;
}

void print_locations(const Graph& g, Sym reported, Sym name, Sym id) {
  // account -> region -> kind -> count, over resources below a region
  std::map<uint32_t, std::map<uint32_t, std::map<std::string, int>>> tree;
  for (uint32_t i = 0; i < g.size(); ++i) {
    const NodeRec& n = g.node(i);
    if (n.refs[kAccount] == kNoNode || n.refs[kRegion] == kNoNode || n.refs[kRegion] == i) continue;
    tree[n.refs[kAccount]][n.refs[kRegion]][g.kind(i).fqn]++;
  }
  fmt::print("Inventory by account and region\n");
  for (const auto& [account, regions] : tree) {
    fmt::print("  account {} ({})\n", name_of(g, account, reported, name),
               text_of(g, account, reported, id));
    for (const auto& [region, kinds] : regions) {
      int total = 0;
      std::string detail;
      for (const auto& [k, c] : kinds) {
        total += c;
        detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", c, k);
      }
      fmt::print("    {:<14} {:>4} resources: {}\n", name_of(g, region, reported, name), total,
                 detail);
    }
  }
}

// Runs a few searches of the kind the security benchmarks are made of.
void print_searches(const Graph& g, Sym reported, Sym name) {
  const std::pair<const char*, const char*> searches[] = {
      {"IAM users with two active access keys",
       R"(is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")"},
      {"Active access keys never used, of users with a console password",
       R"(is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true)"},
      {"Security groups open to the world on port 22",
       R"(is(aws_ec2_security_group) and group_ip_permissions[*].{from_port<=22 and to_port>=22 and ip_ranges[*].cidr_ip=="0.0.0.0/0"})"},
  };
  query::ExecOptions opts;
  opts.now = now_seconds();
  for (const auto& [title, text] : searches) {
    fmt::print("\n{}:\n  > search {}\n", title, text);
    auto r = query::run_query(g, text, opts);
    if (!r) {
      fmt::print("  error: {}\n", r.message());
      continue;
    }
    for (const auto& row : r->rows)
      fmt::print("  {} ({}, {})\n", g.id(row.node), name_of(g, row.node, reported, name),
                 g.kind(row.node).fqn);
    if (r->rows.empty()) fmt::print("  (none)\n");
  }
}

// Runs the CIS AWS Foundations 2.0 benchmark and prints its summary.
void print_benchmark(Database& db) {
  auto lib = report::Library::load(db.model(), db.dir());
  if (!lib) {
    fmt::print("\nbenchmark: {}\n", lib.message());
    return;
  }
  const report::Benchmark* b = (*lib)->benchmark("aws_cis_2_0");
  if (!b) return;
  std::vector<const report::Check*> checks = (*lib)->checks_of(*b);
  report::RunOptions opts;
  opts.now = now_seconds();
  auto outcomes = report::run_checks(checks, db, opts);
  std::map<std::string, const report::CheckOutcome*> by_id;
  for (const auto& o : outcomes) by_id[o.check->id] = &o;
  auto result = report::build_result(*b, by_id, false);
  report::Counts n = report::count(result.root);
  fmt::print("\n{} on the demo inventory: {} checks passed, {} failed, {} manual, {} errors\n",
             b->title, n.passed, n.failed, n.manual, n.errors);
  std::vector<const report::CheckOutcome*> failed;
  for (const auto& o : outcomes)
    if (o.outcome == report::Outcome::Failed) failed.push_back(&o);
  std::stable_sort(failed.begin(), failed.end(),
                   [](auto* a, auto* c) { return a->check->severity > c->check->severity; });
  for (const auto* o : failed)
    fmt::print("  {:<8} {:<58} {} failing\n", report::severity_name(o->check->severity),
               o->check->id, o->failing_count());
}

}  // namespace

int run_demo(const std::string& data_dir) {
  std::string dir = data_dir.empty() ? default_data_dir() + "/demo" : data_dir;
  auto db = Database::open(dir);
  if (!db) {
    std::fprintf(stderr, "canopy: %s\n", db.message().c_str());
    return 1;
  }
  int fds[2];
  if (pipe(fds) != 0) return 1;
  // The inventory is small (well below a pipe buffer), so one write suffices.
  std::string_view inv = embedded::demo_inventory;
  if (write(fds[1], inv.data(), inv.size()) != static_cast<ssize_t>(inv.size())) return 1;
  close(fds[1]);
  auto outcome = (*db)->import_fd(fds[0]);
  close(fds[0]);
  if (!outcome) {
    std::fprintf(stderr, "canopy: demo import failed: %s\n", outcome.message().c_str());
    return 1;
  }
  const Graph& g = *outcome->graph;
  Symbols& syms = (*db)->symbols();
  Sym reported = syms.intern("reported"), name = syms.intern("name"), id = syms.intern("id");
  fmt::print("Canopy demo: {} nodes, {} default and {} delete edges in {}\n", g.size(),
             g.edge_count(EdgeType::Default), g.edge_count(EdgeType::Delete), dir);
  fmt::print("(this import: {} created, {} updated, {} unchanged, {} deleted)\n\n",
             outcome->stats.nodes_created, outcome->stats.nodes_updated,
             outcome->stats.nodes_unchanged, outcome->stats.nodes_deleted);
  print_locations(g, reported, name, id);
  print_searches(g, reported, name);
  print_benchmark(**db);
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec || self.empty()) self = "canopy";
  fmt::print(
      "\nExplore it:\n  {0} --data-dir {1} exec 'kinds aws_iam_user'\n"
      "  {0} --data-dir {1} exec 'search is(aws_iam_user) and mfa_active==false'\n"
      "  {0} --data-dir {1} exec 'report benchmark run aws_cis_2_0'\n"
      "  {0} --data-dir {1} shell\n"
      "  {0} --data-dir {1} export | head\n",
      self, dir);
  return 0;
}

}  // namespace canopy
