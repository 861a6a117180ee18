#include "collect/aws/worker_pool.h"

#include <algorithm>
#include <atomic>

namespace canopy::aws {

struct WorkerPool::Job {
  const std::function<void(size_t)>& fn;
  size_t n;
  int width;
  std::atomic<size_t> next{0};
  int workers = 1;  // the caller and the pool threads on it (mu_)

  void drain() {
    for (size_t i = next++; i < n; i = next++) fn(i);
  }
  bool has_room() const { return next.load() < n && workers < width; }
};

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

WorkerPool::Job* WorkerPool::open_job() {
  for (Job* job : jobs_)
    if (job->has_room()) return job;
  return nullptr;
}

void WorkerPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    Job* job = open_job();
    if (!job) {
      if (stop_) return;
      wake_.wait(lock);
      continue;
    }
    ++job->workers;
    lock.unlock();
    job->drain();
    lock.lock();
    if (--job->workers == 0) done_.notify_all();
  }
}

void WorkerPool::run(size_t n, int width, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  if (width <= 1 || n == 1 || threads_.empty()) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  Job job{fn, n, width};
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(&job);
  }
  wake_.notify_all();
  job.drain();
  std::unique_lock lock(mu_);
  jobs_.erase(std::find(jobs_.begin(), jobs_.end(), &job));
  --job.workers;
  done_.wait(lock, [&] { return job.workers == 0; });
}

}  // namespace canopy::aws
