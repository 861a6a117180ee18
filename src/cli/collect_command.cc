#include "cli/collect_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "collect/http/curl_transport.h"
#include "command/session.h"
#include "core/process_memory.h"
#include "core/time.h"
#include "graph/database.h"
#include "model/batch_reader.h"

namespace canopy {

namespace {

// A status line on a terminal, redrawn while the collect runs.
class ProgressLine {
 public:
  explicit ProgressLine(aws::CollectProgress& p) : progress_(p) {
    if (!isatty(STDERR_FILENO)) return;
    thread_ = std::thread([this] { run(); });
  }
  ~ProgressLine() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    do {
      const aws::CallStats& s = progress_.stats;
      std::fprintf(stderr, "\r\033[Kcollecting: %d/%d accounts done, %llu calls, %llu retries",
                   progress_.accounts_done.load(), progress_.accounts_total.load(),
                   static_cast<unsigned long long>(s.calls.load()),
                   static_cast<unsigned long long>(s.retries.load()));
    } while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stop_; }));
  }
  aws::CollectProgress& progress_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

void print_summary(const aws::CollectReport& r, const http::TransportStats& t, long peak_kb) {
  std::map<std::string, int> kinds;
  for (const auto& a : r.accounts) {
    if (a.ok) {
      std::fprintf(stderr, "account %s (%s, %s): collected\n", a.account_id.c_str(), a.name.c_str(),
                   a.label.c_str());
      for (const auto& [k, n] : a.kinds) kinds[k] += n;
    } else {
      std::fprintf(stderr, "account %s: FAILED, nothing stored for it: %s\n",
                   (a.account_id.empty() ? a.label : a.account_id + " (" + a.label + ")").c_str(),
                   a.error.c_str());
    }
    for (const auto& w : a.warnings) std::fprintf(stderr, "  warning: %s\n", w.c_str());
    if (!a.skipped.empty()) {
      std::string list;
      for (const auto& s : a.skipped) list += (list.empty() ? "" : ", ") + s;
      std::fprintf(stderr, "  not offered: %s\n", list.c_str());
    }
  }
  for (const auto& [k, n] : kinds) std::fprintf(stderr, "  %-32s %d\n", k.c_str(), n);
  std::string per_service;
  for (const auto& [s, n] : r.calls_per_service)
    per_service += fmt::format("{}{} {}", per_service.empty() ? "" : ", ", s, n);
  std::fprintf(stderr,
               "api calls: %llu (%s); retries: %llu; throttled: %llu; errors: %llu; "
               "in flight: %.1f on average, %d at most; duration: %.2f s; peak memory: %ld MB\n",
               static_cast<unsigned long long>(r.calls), per_service.c_str(),
               static_cast<unsigned long long>(r.retries),
               static_cast<unsigned long long>(r.throttles),
               static_cast<unsigned long long>(r.errors), t.average_in_flight(), t.max_in_flight,
               r.seconds, peak_kb / 1024);
}

}  // namespace

int run_collect_aws(const std::string& data_dir, const aws::CollectOptions& options) {
  auto db = Database::open(data_dir.empty() ? default_data_dir() : data_dir);
  if (!db) {
    std::fprintf(stderr, "canopy: %s\n", db.message().c_str());
    return 1;
  }
  enable_search_selectors(**db);
  limit_heap_arenas();
  aws::CollectReport report;
  http::TransportStats transport;
  {
    http::CurlTransport http;
    aws::CollectProgress progress;
    ProgressLine line(progress);
    report = aws::collect_aws(options, http, &progress);
    transport = http.stats();
  }
  // The collect's own peak, before the merge below reads the store.
  long peak_kb = proc_status_kb("VmHWM:");
  release_free_memory();
  print_summary(report, transport, peak_kb);
  std::string text = aws::merge_text(report);
  bool all_ok = true;
  for (const auto& a : report.accounts) all_ok = all_ok && a.ok;
  if (text.empty()) {
    std::fprintf(stderr, "canopy: collect aws: no account was collected; the store is unchanged\n");
    return 1;
  }
  BatchReader reader((*db)->model(), now_seconds());
  auto batch = reader.read_text(text);
  std::string().swap(text);  // the batch holds it now
  if (!batch) {
    std::fprintf(stderr, "canopy: collect aws: the collected graph is invalid: %s\n",
                 batch.message().c_str());
    return 1;
  }
  auto outcome = (*db)->merge(std::move(*batch));
  if (!outcome) {
    std::fprintf(stderr, "canopy: collect aws: merge failed: %s (nothing was written)\n",
                 outcome.message().c_str());
    return 1;
  }
  const MergeStats& s = outcome->stats;
  std::fprintf(stderr, "stored: %llu created, %llu updated, %llu deleted, %llu unchanged\n",
               static_cast<unsigned long long>(s.nodes_created),
               static_cast<unsigned long long>(s.nodes_updated),
               static_cast<unsigned long long>(s.nodes_deleted),
               static_cast<unsigned long long>(s.nodes_unchanged));
  return all_ok ? 0 : 3;
}

}  // namespace canopy
