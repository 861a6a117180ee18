#include "collect/aws/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace canopy::aws {
namespace {

// Counts the calls running at once and the most seen.
struct Concurrency {
  std::atomic<int> now{0}, most{0};
  void enter() {
    int n = ++now;
    for (int m = most.load(); n > m && !most.compare_exchange_weak(m, n);) {
    }
  }
  void leave() { --now; }
};

TEST(WorkerPoolTest, EveryIndexRunsOnce) {
  WorkerPool pool(4);
  std::vector<std::atomic<int>> runs(1000);
  pool.run(runs.size(), 8, [&](size_t i) { ++runs[i]; });
  for (size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
}

TEST(WorkerPoolTest, PoolThreadsJoinTheCaller) {
  WorkerPool pool(3);
  // Each call waits until all four have started: only four threads at once
  // (the caller and the three of the pool) get past it.
  std::atomic<int> started{0};
  std::atomic<bool> all_met{true};
  pool.run(4, 4, [&](size_t) {
    ++started;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (started.load() < 4 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (started.load() < 4) all_met = false;
  });
  EXPECT_TRUE(all_met.load());
}

TEST(WorkerPoolTest, WidthBoundsTheWorkersOfAJob) {
  WorkerPool pool(8);
  Concurrency c;
  pool.run(64, 3, [&](size_t) {
    c.enter();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    c.leave();
  });
  EXPECT_LE(c.most.load(), 3);
}

TEST(WorkerPoolTest, NestedJobsFinishOnASmallPool) {
  // Jobs inside jobs, more of them than the pool has threads: callers work
  // on their own jobs, so nothing waits for a thread that waits for it.
  WorkerPool pool(2);
  Concurrency c;
  std::atomic<int> leaves{0};
  pool.run(6, 6, [&](size_t) {
    pool.run(5, 4, [&](size_t) {
      pool.run(4, 4, [&](size_t) {
        c.enter();
        ++leaves;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        c.leave();
      });
    });
  });
  EXPECT_EQ(leaves.load(), 6 * 5 * 4);
  EXPECT_LE(c.most.load(), 3);  // the two pool threads and the caller
}

TEST(WorkerPoolTest, WithoutThreadsTheCallerDoesEverything) {
  WorkerPool pool(0);
  std::set<std::thread::id> ids;
  pool.run(10, 8, [&](size_t) { ids.insert(std::this_thread::get_id()); });
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(*ids.begin(), std::this_thread::get_id());
  pool.run(0, 8, [&](size_t) { ADD_FAILURE() << "no items, no calls"; });
}

}  // namespace
}  // namespace canopy::aws
