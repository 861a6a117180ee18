// Command-line streaming: time to the first and to the last piece of output
// of search pipelines, run in process on a data directory, and the
// resident memory before and after.
//   pipeline_bench --data-dir DIR ['LINE'…]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "command/session.h"
#include "graph/database.h"

using namespace canopy;

namespace {
long rss_kb() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmRSS:", 6) == 0) kb = std::atol(line + 6);
  std::fclose(f);
  return kb;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != "--data-dir") {
    std::fprintf(stderr, "usage: pipeline_bench --data-dir DIR ['LINE'…]\n");
    return 2;
  }
  auto db = Database::open(argv[2]);
  if (!db) {
    std::fprintf(stderr, "pipeline_bench: %s\n", db.message().c_str());
    return 1;
  }
  std::vector<std::string> lines(argv + 3, argv + argc);
  if (lines.empty())
    lines = {"search is(resource) | count", "search is(aws_ec2_instance) | list",
             "search is(resource) | head 5", "search is(resource) | dump"};
  Session session(**db);
  for (const auto& line : lines) {
    for (int run = 0; run < 2; ++run) {  // the second run is reported (warm)
      long before = rss_kb();
      auto t0 = std::chrono::steady_clock::now();
      double first = -1;
      size_t bytes = 0, pieces = 0;
      Status st = session.execute(line, [&](std::string_view piece) {
        if (first < 0)
          first = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                      .count();
        bytes += piece.size();
        ++pieces;
        return true;
      });
      double last =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!st) {
        std::fprintf(stderr, "%s: %s\n", line.c_str(), st.message().c_str());
        return 1;
      }
      if (run == 1)
        std::printf("%-40s first %8.1f ms  last %8.1f ms  %10zu bytes  rss %ld -> %ld kB\n",
                    line.c_str(), first, last, bytes, before, rss_kb());
    }
  }
  return 0;
}
