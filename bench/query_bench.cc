// In-process query timings for bench/query_bench.sh: opens a data
// directory, runs the benchmark queries Q1 … Q6 and Q6r (parse, resolve,
// evaluate; no output rendering), prints the median of --runs warm runs per
// query and writes each answer to OUT/Qn.txt (sorted node ids; Q3:
// type<TAB>count). Q6 (the shell's default sort) and Q6r (relevance order)
// also write their node ids in result order to OUT/Qn.order.txt.
// Also prints the median CPU time of the process per run (all threads), and
// the time and size of the full-text index that the first search builds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "graph/database.h"
#include "query/executor.h"
#include "query/parser.h"

using namespace canopy;

namespace {

// Queries shaped like the benchmark checks: long conjunctions, contexts,
// with clauses, merges, ancestor paths.
const char* const kCheckQueries[] = {
    R"(is(aws_iam_access_key) and age>90d and (last_used==null or last_used<2024-03-03T00:00:00Z))",
    R"(is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")",
    R"(is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true)",
    R"(is(aws_ec2_security_group) and group_ip_permissions[*].{(ip_protocol == "-1" or (from_port <= 22 and to_port >= 22)) and (ip_ranges[*].cidr_ip == "0.0.0.0/0" or ipv6_ranges[*].cidr_ipv6 == "::/0")})",
    R"(is(aws_s3_bucket) and (bucket_public_access_block_configuration.block_public_acls==false or bucket_public_access_block_configuration.ignore_public_acls==false or bucket_public_access_block_configuration.block_public_policy==false or bucket_public_access_block_configuration.restrict_public_buckets==false) and bucket_acl.grants[*].{grantee.uri=="http://acs.amazonaws.com/groups/global/AllUsers" and permission in [READ, WRITE, FULL_CONTROL]})",
    R"(is(aws_region) with(empty, -[0:1]-> is(aws_cloudtrail_trail) and trail_is_multi_region==true and trail_status.is_logging==true))",
    R"(is(aws_account) with(empty, -[1:2]-> is(aws_iam_role) and role_assume_role_policy_document.Statement[*].Principal.Service=="support.amazonaws.com" with(any, --> is(aws_iam_policy) and name=="AWSSupportAccess")))",
    R"(is(aws_iam_role) {attached[]: --> is(aws_iam_policy)} attached[*].reported.name=="AWSSupportAccess" and /ancestors.aws_account.reported.id!=null)",
    R"(is(aws_cloudwatch_log_group) and group_retention_in_days<365 and /ancestors.aws_account.reported.name!=null sort name asc limit 100)",
};

// Median parse time of each check-shaped query, in microseconds.
void parse_bench() {
  double worst = 0;
  for (const char* q : kCheckQueries) {
    std::vector<double> us;
    for (int i = 0; i < 2001; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = query::parse_query(q);
      auto t1 = std::chrono::steady_clock::now();
      if (!r) {
        std::fprintf(stderr, "parse failed: %s\n", r.message().c_str());
        return;
      }
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    worst = std::max(worst, us[us.size() / 2]);
  }
  std::printf("parse median_us_of_slowest=%.2f queries=%zu\n", worst,
              sizeof kCheckQueries / sizeof kCheckQueries[0]);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// CPU time of the whole process (all threads), in milliseconds: on a busy
// machine it varies less than the elapsed time.
double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

int usage() {
  std::fprintf(stderr,
               "usage: query_bench --data-dir DIR --account ID --text VALUE [--runs N] [--out DIR] "
               "[--only Qn]\n");
  return 2;
}

// The answer's lines in result order.
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
  return lines;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream f(path);
  for (const auto& l : lines) f << l << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, account, text, out, only;
  int runs = 10;
  for (int i = 1; i + 1 < argc; i += 2) {  // --flag value pairs
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
  if (only == "parse") {
    parse_bench();
    return 0;
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
  struct Bench {
    const char* name;
    std::string text;
    bool ordered;  // the order of the answer is part of it
  };
  // Q6 is the search as the shell runs it (the default sort added to the
  // part, cli-and-api.md "Default sort"); Q6r as the HTTP API runs it (no
  // sort: matches in relevance order).
  const std::string phrase = "\"" + quoted_text + "\"";
  const Bench queries[] = {
      {"Q1",
       R"(is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")",
       false},
      {"Q2",
       R"(is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true)",
       false},
      {"Q3", "aggregate(instance_type: sum(1) as count): is(aws_ec2_instance)", false},
      {"Q4",
       R"(is(aws_ec2_security_group) and group_ip_permissions[*].{ip_ranges[*].cidr_ip=="0.0.0.0/0" and from_port<=22 and to_port>=22})",
       false},
      {"Q5", "id(\"" + account + "\") -[0:]-> is(resource)", false},
      {"Q6", phrase + " sort /reported.kind asc, /reported.name asc, /reported.id asc", true},
      {"Q6r", phrase, true},
  };
  if (only.empty() || only.starts_with("Q6")) {
    // The first full-text search of a snapshot builds its token index.
    auto t0 = std::chrono::steady_clock::now();
    const TokenIndex& index = graph->token_index();
    auto t1 = std::chrono::steady_clock::now();
    std::printf("fulltext_index build_ms=%.0f bytes=%zu tokens=%zu nodes=%zu\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count(), index.bytes(),
                index.token_count(), graph->size());
  }
  query::ExecOptions opts;
  opts.now = now_seconds();
  int rc = 0;
  for (const auto& [name, q, ordered] : queries) {
    if (!only.empty() && only != name) continue;
    auto first = query::run_query(*graph, q, opts);
    if (!first) {
      std::fprintf(stderr, "%s failed: %s\n", name, first.message().c_str());
      rc = 1;
      continue;
    }
    auto lines = answer(*graph, first.value());
    if (!out.empty() && ordered) write_lines(out + "/" + name + ".order.txt", lines);
    std::sort(lines.begin(), lines.end());
    if (!out.empty()) write_lines(out + "/" + name + ".txt", lines);
    std::vector<double> ms, cpu;
    for (int i = 0; i < runs; ++i) {
      double c0 = cpu_ms();
      auto t0 = std::chrono::steady_clock::now();
      auto r = query::run_query(*graph, q, opts);
      auto t1 = std::chrono::steady_clock::now();
      if (!r) return 1;
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      cpu.push_back(cpu_ms() - c0);
    }
    std::printf("%s median_ms=%.3f results=%zu cpu_ms=%.3f\n", name, median(ms), lines.size(),
                median(cpu));
    std::fflush(stdout);
  }
  return rc;
}
