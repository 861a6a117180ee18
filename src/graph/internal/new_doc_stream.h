// Writes the document rows of an import's new nodes into the store's open
// transaction while the rest of the input is still being read, on a thread
// of its own: SQLite's work and the disk's writes then overlap the parsing
// instead of following the merge. Row ids are assigned as merge() assigns
// them to new nodes: from old.next_rid() on, in input order.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "graph/graph.h"
#include "store/store.h"

namespace canopy {

class NewDocStream {
 public:
  // `store` has an open transaction; `old` is the snapshot the batch will be
  // merged into; `now` the merge's time (created and updated of new nodes).
  NewDocStream(Store& store, const Graph& old, int64_t now);
  ~NewDocStream();
  NewDocStream(const NewDocStream&) = delete;
  NewDocStream& operator=(const NewDocStream&) = delete;

  // The next nodes of the batch in input order; those `old` lacks are new.
  // Their documents lie in `arena`, which is kept until the rows are written.
  void add(const BatchNode* nodes, size_t n, const std::shared_ptr<Arena>& arena);
  // Waits until every row is written; the first write error, if any.
  Status finish();
  // The content hashes of the rows written, in row id order (after finish()).
  const std::vector<uint32_t>& hashes() const { return hashes_; }

 private:
  void run();

  Store& store_;
  const Graph& old_;
  int64_t now_;
  uint64_t next_rid_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<NodeRow>> queue_;
  std::vector<std::shared_ptr<Arena>> arenas_;  // hold the documents of queued rows
  bool closing_ = false;
  Status error_;
  std::vector<uint32_t> hashes_;  // written by the thread
  std::thread thread_;
};

}  // namespace canopy
