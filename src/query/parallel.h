// Splitting large per-node loops over the machine's cores. Work below
// kMinParallel items runs on the calling thread: starting threads costs
// more than it saves there.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace canopy::query {

constexpr size_t kMinParallel = 4096;

inline unsigned worker_count(size_t items) {
  if (items < kMinParallel) return 1;
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(hw, items / (kMinParallel / 2)));
}

// Calls fn(worker, begin, end) for consecutive slices of [0, n), one per
// worker; returns the number of workers used. fn must not throw.
template <typename F>
unsigned parallel_slices(size_t n, F&& fn) {
  unsigned workers = worker_count(n);
  if (workers <= 1) {
    fn(0u, size_t(0), n);
    return 1;
  }
  std::vector<std::thread> threads;
  size_t per = (n + workers - 1) / workers;
  for (unsigned w = 1; w < workers; ++w) {
    size_t b = std::min(n, w * per), e = std::min(n, b + per);
    threads.emplace_back([&fn, w, b, e] { fn(w, b, e); });
  }
  fn(0u, size_t(0), std::min(n, per));
  for (auto& t : threads) t.join();
  return workers;
}

}  // namespace canopy::query
