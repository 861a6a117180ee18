#include "graph/internal/new_doc_stream.h"

#include <algorithm>
#include <optional>

#include "graph/merge.h"

namespace canopy {

NewDocStream::NewDocStream(Store& store, const Graph& old, int64_t now)
    : store_(store), old_(old), now_(now), next_rid_(old.next_rid()), thread_([this] { run(); }) {}

NewDocStream::~NewDocStream() {
  finish();
}

void NewDocStream::add(const BatchNode* nodes, size_t n, const std::shared_ptr<Arena>& arena) {
  std::vector<NodeRow> rows;
  rows.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const BatchNode& b = nodes[i];
    if (old_.find(b.id) != kNoNode) continue;  // existing nodes are decided by the merge
    rows.push_back({next_rid_++, b.doc, b.size, now_, now_, 0});
  }
  if (rows.empty()) return;
  std::lock_guard lock(mu_);
  if (std::find(arenas_.begin(), arenas_.end(), arena) == arenas_.end()) arenas_.push_back(arena);
  queue_.push_back(std::move(rows));
  cv_.notify_one();
}

Status NewDocStream::finish() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  return error_;
}

void NewDocStream::run() {
  // Looked up here, once the readers have interned the section names.
  std::optional<HashedSections> sections;
  for (;;) {
    std::vector<NodeRow> rows;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      rows = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!error_) continue;  // after a failed write, the transaction is rolled back
    if (!sections) sections.emplace(old_.model().symbols());
    for (NodeRow& r : rows) {
      r.hash = content_hash(DocView(r.doc, r.size), *sections);
      hashes_.push_back(r.hash);
    }
    error_ = store_.put_documents(rows.data(), rows.size());
  }
}

}  // namespace canopy
