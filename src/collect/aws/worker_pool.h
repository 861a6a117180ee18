// A fixed set of threads shared by all the parallel work of a collect: the
// (service, region) parts of the accounts and the per-item calls inside them.
// Starting threads per call instead gave up to 16 parts × 8 item threads per
// account, most of them waiting for one of the account's 32 request slots,
// each with its stack and its share of the heap.
//
//   WorkerPool pool(48);
//   pool.run(parts.size(), 16, [&](size_t i) { parts[i](); });  // may nest run()
//
// The calling thread always works on its own job, and pool threads join it
// while they are free, up to `width` workers in all; so a nested run() (a
// part's per-item calls) never waits for a thread that waits for it, and the
// job is done even when every pool thread is busy.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace canopy::aws {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs fn(0..n-1) on this thread and on up to width - 1 pool threads, and
  // returns when every call has returned.
  void run(size_t n, int width, const std::function<void(size_t)>& fn);
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  struct Job;
  void work();
  Job* open_job();  // mu_ held: the oldest job with items left and room for a worker

  std::mutex mu_;
  std::condition_variable wake_;  // pool threads: a job was posted, or stop
  std::condition_variable done_;  // callers: a pool thread left a job
  std::vector<Job*> jobs_;        // posted and not yet finished by their caller
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

}  // namespace canopy::aws
