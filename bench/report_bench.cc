// A whole benchmark run over a stored inventory, in process: all checks in
// parallel (as `report benchmark run` does) against the same checks one
// after the other on one thread, and the slowest checks.
//   report_bench --data-dir DIR [BENCHMARK_ID]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/time.h"
#include "graph/database.h"
#include "report/library.h"
#include "report/runner.h"

using namespace canopy;

namespace {
double since_ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != "--data-dir") {
    std::fprintf(stderr, "usage: report_bench --data-dir DIR [BENCHMARK_ID]\n");
    return 2;
  }
  std::string bench_id = argc > 3 ? argv[3] : "aws_cis_1_5";
  auto t0 = std::chrono::steady_clock::now();
  auto db = Database::open(argv[2]);
  if (!db) {
    std::fprintf(stderr, "report_bench: %s\n", db.message().c_str());
    return 1;
  }
  std::printf("store loaded: %zu nodes in %.0f ms\n", (*db)->snapshot()->size(), since_ms(t0));
  auto lib = report::Library::load((*db)->model(), "");
  if (!lib) {
    std::fprintf(stderr, "report_bench: %s\n", lib.message().c_str());
    return 1;
  }
  const report::Benchmark* b = (*lib)->benchmark(bench_id);
  if (!b) {
    std::fprintf(stderr, "report_bench: unknown benchmark %s\n", bench_id.c_str());
    return 1;
  }
  std::vector<const report::Check*> checks = (*lib)->checks_of(*b);
  report::RunOptions opts;
  opts.now = now_seconds();

  double best = 1e18;
  size_t failing = 0, errors = 0;
  for (int run = 0; run < 3; ++run) {
    auto t = std::chrono::steady_clock::now();
    auto out = report::run_checks(checks, **db, opts);
    best = std::min(best, since_ms(t));
    failing = errors = 0;
    for (const auto& o : out) {
      failing += o.failing_count();
      errors += o.outcome == report::Outcome::Error;
    }
  }
  std::printf("%s: %zu checks, %zu failing resources, %zu errors\n", bench_id.c_str(),
              checks.size(), failing, errors);
  std::printf("canopy, checks in parallel: %.0f ms (best of 3)\n", best);

  // The peer: the same checks evaluated one after the other.
  std::vector<std::pair<double, std::string>> per_check;
  auto t = std::chrono::steady_clock::now();
  for (const auto* c : checks) {
    auto tc = std::chrono::steady_clock::now();
    report::run_checks({c}, **db, opts);
    per_check.emplace_back(since_ms(tc), c->id);
  }
  std::printf("one check after the other: %.0f ms\n", since_ms(t));
  std::sort(per_check.rbegin(), per_check.rend());
  for (size_t i = 0; i < std::min<size_t>(8, per_check.size()); ++i)
    std::printf("  %7.1f ms  %s\n", per_check[i].first, per_check[i].second.c_str());
  return 0;
}
