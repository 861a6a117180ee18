#include "model/internal/chunk_workers.h"

namespace canopy {

Workers::Workers(const Model& model, int64_t now, InternBudget& budget, size_t max_line, unsigned n)
    : max_line_(max_line) {
  for (unsigned i = 0; i < n; ++i)
    threads_.emplace_back(
        [this, &model, now, &budget] { run(ElementReader(model, now, budget, "line")); });
}

void Workers::push(Chunk c) {
  std::unique_lock lock(mu_);
  space_.wait(lock, [&] { return queue_.size() < 2 * threads_.size(); });
  queue_.push_back(std::move(c));
  work_.notify_one();
}

std::unique_ptr<char[]> Workers::recycled(size_t size) {
  std::lock_guard lock(mu_);
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    if (it->second < size) continue;
    auto b = std::move(it->first);
    free_.erase(it);
    return b;
  }
  return nullptr;
}

bool Workers::done(const ChunkResult& r, bool wait) {
  std::unique_lock lock(mu_);
  if (wait) done_cv_.wait(lock, [&] { return r.done; });
  return r.done;
}

void Workers::finish() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  work_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void Workers::run(ElementReader reader) {
  for (;;) {
    Chunk c;
    {
      std::unique_lock lock(mu_);
      work_.wait(lock, [&] { return done_ || !queue_.empty(); });
      if (queue_.empty()) return;
      c = std::move(queue_.front());
      queue_.pop_front();
      space_.notify_one();
    }
    if (c.index <= first_error_.load())
      reader.read_lines(c.text.get(), c.size, c.first_line, max_line_, *c.result);
    if (!c.result->error.empty()) {
      size_t expected = first_error_.load();
      while (c.index < expected && !first_error_.compare_exchange_weak(expected, c.index)) {
      }
    }
    {
      std::lock_guard lock(mu_);
      if (free_.size() < 2 * threads_.size() + 2) free_.emplace_back(std::move(c.text), c.capacity);
      c.result->done = true;
    }
    done_cv_.notify_all();
  }
}

}  // namespace canopy
