// In-process query timings for bench/query_bench.sh: opens a data
// directory, runs the six benchmark queries (parse, resolve, evaluate; no
// output rendering), prints the median of --runs warm runs per query and
// writes each answer to OUT/Qn.txt (sorted node ids; Q3: type<TAB>count).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "graph/database.h"
#include "query/executor.h"

using namespace canopy;

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: query_bench --data-dir DIR --account ID --text VALUE [--runs N] [--out DIR] "
               "[--only Qn]\n");
  return 2;
}

std::vector<std::string> answer(const Graph& g, const query::QueryResult& r) {
  std::vector<std::string> lines;
  if (r.aggregated) {
    for (const Value& row : r.aggregate_rows) {
      const Value* group = row.get("group");
      const Value* type = group ? group->get("instance_type") : nullptr;
      const Value* count = row.get("count");
      lines.push_back((type && type->is_string() ? type->str() : std::string("null")) + "\t" +
                      (count ? count->json() : "0"));
    }
  } else {
    for (const auto& row : r.rows) lines.emplace_back(g.id(row.node));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, account, text, out, only;
  int runs = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--data-dir")
      dir = v;
    else if (a == "--account")
      account = v;
    else if (a == "--text")
      text = v;
    else if (a == "--runs")
      runs = std::max(1, std::atoi(v.c_str()));
    else if (a == "--out")
      out = v;
    else if (a == "--only")
      only = v;
    else
      return usage();
  }
  if (dir.empty() || account.empty() || text.empty()) return usage();
  auto db = Database::open(dir);
  if (!db) {
    std::fprintf(stderr, "query_bench: %s\n", db.message().c_str());
    return 1;
  }
  auto graph = (*db)->snapshot();
  std::string quoted_text;
  for (char c : text) {
    if (c == '"' || c == '\\') quoted_text.push_back('\\');
    quoted_text.push_back(c);
  }
  const std::pair<const char*, std::string> queries[] = {
      {"Q1",
       R"(is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")"},
      {"Q2",
       R"(is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true)"},
      {"Q3", "aggregate(instance_type: sum(1) as count): is(aws_ec2_instance)"},
      {"Q4",
       R"(is(aws_ec2_security_group) and group_ip_permissions[*].{ip_ranges[*].cidr_ip=="0.0.0.0/0" and from_port<=22 and to_port>=22})"},
      {"Q5", "id(\"" + account + "\") -[0:]-> is(resource)"},
      {"Q6", "\"" + quoted_text + "\""},
  };
  query::ExecOptions opts;
  opts.now = now_seconds();
  int rc = 0;
  for (const auto& [name, q] : queries) {
    if (!only.empty() && only != name) continue;
    auto first = query::run_query(*graph, q, opts);
    if (!first) {
      std::fprintf(stderr, "%s failed: %s\n", name, first.message().c_str());
      rc = 1;
      continue;
    }
    auto lines = answer(*graph, first.value());
    if (!out.empty()) {
      std::ofstream f(out + "/" + name + ".txt");
      for (const auto& l : lines) f << l << "\n";
    }
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = query::run_query(*graph, q, opts);
      auto t1 = std::chrono::steady_clock::now();
      if (!r) return 1;
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    double median =
        ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    std::printf("%s median_ms=%.3f results=%zu\n", name, median, lines.size());
    std::fflush(stdout);
  }
  return rc;
}
