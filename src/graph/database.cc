#include "graph/database.h"

#include <chrono>

#include "core/time.h"
#include "graph/internal/new_doc_stream.h"
#include "model/batch_reader.h"

namespace canopy {

Result<std::unique_ptr<Database>> Database::open(const std::string& dir) {
  std::unique_ptr<Database> db(new Database());
  db->dir_ = dir;
  auto store = Store::open(dir);
  if (!store) return store.status();
  db->store_ = std::move(store.value());
  // Persisted symbols first, so that ids inside stored documents keep their meaning.
  CANOPY_RETURN_IF_ERROR(db->store_->load_symbols(db->syms_));
  CANOPY_RETURN_IF_ERROR(db->budget_.load(db->store_->meta("intern_budget")));
  auto model = Model::load_builtin(db->syms_);
  if (!model) return model.status();
  db->model_ = std::move(model.value());
  auto graph = load_graph(*db->store_, *db->model_);
  if (!graph) return graph.status();
  db->graph_ = std::move(graph.value());
  db->store_->release_memory();
  return db;
}

std::shared_ptr<const Graph> Database::snapshot() const {
  std::lock_guard lock(mu_);
  return graph_;
}

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

Result<MergeOutcome> Database::merge(GraphBatch batch) {
  std::lock_guard writer(write_mu_);
  return merge_locked(std::move(batch), now_seconds(), nullptr);
}

Result<MergeOutcome> Database::merge_locked(GraphBatch batch, int64_t now,
                                            const std::vector<uint32_t>* written_hashes) {
  auto t0 = std::chrono::steady_clock::now();
  auto outcome = canopy::merge(*snapshot(), std::move(batch), now, resolver_ ? &resolver_ : nullptr,
                               written_hashes);
  if (outcome && written_hashes && outcome->stats.nodes_created != written_hashes->size())
    outcome =
        Error{"import: " + std::to_string(written_hashes->size()) + " new documents written for " +
              std::to_string(outcome->stats.nodes_created) + " new nodes"};
  if (!outcome) {
    store_->abort();
    return outcome;
  }
  outcome->merge_s = seconds_since(t0);
  outcome->changes.meta.emplace_back("intern_budget", budget_.serialize());
  t0 = std::chrono::steady_clock::now();
  CANOPY_RETURN_IF_ERROR(store_->commit(outcome->changes, syms_));
  outcome->commit_s = seconds_since(t0);
  // Replaced documents stay in the arenas they were read into; once they
  // make up a third of the memory, copy the live ones out.
  outcome->changes = {};  // it points into arenas that compaction may release
  std::shared_ptr<const Graph> next = outcome->graph;
  if (next->arena_bytes() > next->doc_bytes() * 3 / 2 + (size_t(64) << 20))
    next = next->compacted();
  std::lock_guard lock(mu_);
  graph_ = next;
  outcome->graph = next;
  return outcome;
}

Result<MergeOutcome> Database::set_section(
    std::string_view section, const std::vector<std::pair<std::string, std::string>>& by_id) {
  std::lock_guard writer(write_mu_);
  auto old = snapshot();
  std::vector<SectionUpdate> updates;
  for (const auto& [id, json] : by_id)
    if (uint32_t n = old->find(id); n != kNoNode) updates.push_back({n, json});
  auto outcome = canopy::set_section(*old, section, updates);
  if (!outcome) return outcome;
  outcome->changes.meta.emplace_back("intern_budget", budget_.serialize());
  CANOPY_RETURN_IF_ERROR(store_->commit(outcome->changes, syms_));
  outcome->changes = {};
  std::lock_guard lock(mu_);
  graph_ = outcome->graph;
  return outcome;
}

// The documents of new nodes are written to the store while the input is
// still being read (NewDocStream), in the transaction the merge commits; any
// failure rolls it back.
Result<MergeOutcome> Database::import_fd(int fd) {
  std::lock_guard writer(write_mu_);  // the snapshot stays the merge's base
  auto t0 = std::chrono::steady_clock::now();
  const int64_t now = now_seconds();
  auto old = snapshot();
  CANOPY_RETURN_IF_ERROR(store_->begin());
  NewDocStream stream(*store_, *old, now);
  BatchReader reader(*model_, now, &budget_);
  reader.set_node_sink(
      [&stream](const BatchNode* nodes, size_t n, const std::shared_ptr<Arena>& arena) {
        stream.add(nodes, n, arena);
      });
  auto batch = reader.read_fd(fd);
  Status written = stream.finish();
  if (!batch || !written) {
    store_->abort();
    return batch ? written : batch.status();
  }
  double read_s = seconds_since(t0);
  auto outcome = merge_locked(std::move(batch.value()), now, &stream.hashes());
  if (outcome) outcome->read_s = read_s;
  return outcome;
}

}  // namespace canopy
