#include "collect/aws/services/listing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::fast_retry;
using testing::ServiceRun;

// A page as the listing readers hand it over: entries that live in it.
struct Page {
  std::vector<std::string> entries;
};

Page page_of(int k, int n) {
  Page p;
  for (int i = 0; i < n; ++i)
    p.entries.push_back("p" + std::to_string(k) + "-" + std::to_string(i));
  return p;
}

TEST(EachListedTest, APageIsDoneBeforeTheNextIsRead) {
  ServiceRun run(fast_retry(1));  // its pool: per-item calls run on shared threads
  std::mutex mu;
  std::set<std::string> seen;
  std::atomic<int> done{0};
  // Entries point into their page, which must outlive the calls.
  auto on_page = each_listed<const std::string*>(
      run.ctx,
      [](const Page& page, std::vector<const std::string*>& out) {
        for (const std::string& e : page.entries) out.push_back(&e);
      },
      [&](const std::string* e) {
        std::this_thread::sleep_for(std::chrono::microseconds(300));
        std::lock_guard lock(mu);
        seen.insert(*e);
        ++done;
      });
  for (int k = 0; k < 5; ++k) {
    Page p = page_of(k, 20);
    on_page(p);
    // Every entry of this page is done when the reader gets control back.
    EXPECT_EQ(done.load(), (k + 1) * 20) << "page " << k;
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_TRUE(seen.contains("p4-19"));
}

TEST(EachListedTest, TheEntriesOfAPageRunInParallel) {
  ServiceRun run(fast_retry(1));  // 4 at once: the caller and the pool's three
  std::atomic<int> started{0};
  std::atomic<bool> met{true};
  auto on_page = each_listed<std::string>(
      run.ctx, [](const Page& page, std::vector<std::string>& out) { out = page.entries; },
      [&](const std::string&) {
        // Waits until four entries run at once: the caller and the pool's three.
        ++started;
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (started.load() < 4 && std::chrono::steady_clock::now() < until)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (started.load() < 4) met = false;
      });
  on_page(page_of(0, 4));
  EXPECT_TRUE(met.load());
}

TEST(EachListedTest, AnEmptyPageCallsNothing) {
  ServiceRun run(fast_retry(1));
  auto on_page = each_listed<std::string>(
      run.ctx, [](const Page& page, std::vector<std::string>& out) { out = page.entries; },
      [&](const std::string& e) { ADD_FAILURE() << "called for " << e; });
  on_page(Page{});
}

}  // namespace
}  // namespace canopy::aws
