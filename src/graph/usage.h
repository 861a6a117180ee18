// Usage metrics of nodes over time. A node document may carry a `usage`
// section ({metric: {min, avg, max}}, e.g. CloudWatch figures a collector
// read); every merge that brings one adds a record {at, metrics} for that
// node, stamped with the merge time. Records live in the store next to the
// nodes, are dropped with their node and after kUsageRetention, and are
// shared by the snapshots of a database (each snapshot holds the history
// as of its merge). `with_usage` queries aggregate them over a time window.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/doc.h"
#include "core/symbols.h"
#include "store/store.h"

namespace canopy {

// How long usage records are kept: 90 days.
constexpr int64_t kUsageRetention = 90 * 86400;

struct UsageStat {
  std::string metric;
  double min = 0, avg = 0, max = 0;
};

struct UsageRecord {
  uint64_t rid = 0;  // the node's store row id
  int64_t at = 0;    // seconds since the epoch
  std::vector<UsageStat> stats;
};

class UsageHistory {
 public:
  UsageHistory() = default;
  // `records` in any order; of two with the same node and time, the later
  // in `records` is kept.
  explicit UsageHistory(std::vector<UsageRecord> records);

  // The records of node row `rid` with from ≤ at ≤ to, oldest first.
  std::span<const UsageRecord> of(uint64_t rid, int64_t from, int64_t to) const;
  size_t size() const { return records_.size(); }

  // This history without the records of `dropped` row ids and those older
  // than `keep_after`, with `added`.
  std::shared_ptr<const UsageHistory> updated(const std::vector<UsageRecord>& added,
                                              const std::vector<uint64_t>& dropped,
                                              int64_t keep_after) const;

 private:
  std::vector<UsageRecord> records_;  // by rid, then at
};

// The metrics of a document's `usage` section (numbers only; a metric
// without min, avg and max numbers is skipped); empty when there is none.
std::vector<UsageStat> usage_stats(DocView doc, const Symbols& syms);

// The store's form of a record, and back (nullopt for a damaged row).
UsageRow usage_row(const UsageRecord& r);
std::optional<UsageRecord> usage_record(const UsageRow& row);

}  // namespace canopy
