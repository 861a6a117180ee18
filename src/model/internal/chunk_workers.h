// The worker threads of an import: each takes chunks of whole lines from a
// bounded queue and turns them into a ChunkResult with its own
// ElementReader. Results stay in input order (by chunk index); after a
// chunk fails, later chunks are skipped.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "model/internal/element_reader.h"

namespace canopy {

// Every chunk buffer is followed by this many readable bytes (simdjson parses in place).
constexpr size_t kChunkPadding = 64;

// A run of whole lines, followed by kChunkPadding readable bytes.
struct Chunk {
  std::unique_ptr<char[]> text;
  size_t capacity = 0;  // of text, padding excluded
  size_t size = 0;
  uint64_t first_line = 1;
  ChunkResult* result = nullptr;
  size_t index = 0;
};

// Reads chunks on worker threads, one ElementReader each.
class Workers {
 public:
  Workers(const Model& model, int64_t now, InternBudget& budget, size_t max_line, unsigned n);
  ~Workers() { finish(); }

  // Queues a chunk; blocks while the queue is full.
  void push(Chunk c);
  // Whether the chunk of `r` has been read; with `wait`, waits until it is.
  bool done(const ChunkResult& r, bool wait);
  // Whether some chunk has failed (no need to read further).
  bool failed() const { return first_error_.load() != SIZE_MAX; }
  // A buffer of a processed chunk with at least `size` bytes, if one is free
  // (reusing them spares the page faults of fresh memory).
  std::unique_ptr<char[]> recycled(size_t size);
  // Processes what is queued and stops the threads.
  void finish();

 private:
  void run(ElementReader reader);

  size_t max_line_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable work_, space_, done_cv_;
  std::deque<Chunk> queue_;
  std::vector<std::pair<std::unique_ptr<char[]>, size_t>> free_;  // buffers and their capacity
  bool done_ = false;
  std::atomic<size_t> first_error_{SIZE_MAX};
};

}  // namespace canopy
