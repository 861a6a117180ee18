#include "cli/demo.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <map>

#include "graph/database.h"

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

void print_access_keys(const Graph& g, Sym reported, Sym name) {
  const Kind* user = g.model().find("aws_iam_user");
  const Kind* key = g.model().find("access_key");
  Sym status = g.model().symbols().find("access_key_status");
  Sym password = g.model().symbols().find("password_enabled");
  if (!user || !key) return;
  fmt::print("\nIAM users, their access keys (user --> access_key edges) and console password\n");
  for (uint32_t u : g.with_kind(*user)) {
    int active = 0, total = 0;
    for (uint32_t c : g.successors(u, EdgeType::Default)) {
      if (!g.kind(c).is_a(key)) continue;
      ++total;
      active += g.section(c, reported).get(status).string_equals(g.model().symbols(), "Active");
    }
    DocView pw = g.section(u, reported).get(password);
    fmt::print("  {:<12} {} key(s), {} active, console password: {}\n",
               name_of(g, u, reported, name), total, active,
               pw.valid() ? (pw.as_bool() ? "yes" : "no") : "unknown");
  }
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
  print_access_keys(g, reported, name);
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec || self.empty()) self = "canopy";
  fmt::print(
      "\nExplore it:\n  {0} --data-dir {1} exec 'kinds aws_iam_user'\n  {0} --data-dir {1} export "
      "| head\n",
      self, dir);
  return 0;
}

}  // namespace canopy
