#include "graph/usage.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace canopy {

namespace {

bool before(const UsageRecord& a, const UsageRecord& b) {
  return a.rid != b.rid ? a.rid < b.rid : a.at < b.at;
}

void put_u32(std::string& out, uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put_double(std::string& out, double v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
bool get(const std::string& in, size_t& at, T& v) {
  if (in.size() - at < sizeof v) return false;
  std::memcpy(&v, in.data() + at, sizeof v);
  at += sizeof v;
  return true;
}

}  // namespace

UsageHistory::UsageHistory(std::vector<UsageRecord> records) : records_(std::move(records)) {
  std::stable_sort(records_.begin(), records_.end(), before);
  // Of records with the same node and time the last one counts, as in the
  // store (where it replaces the earlier row).
  size_t out = 0;
  for (size_t i = 0; i < records_.size(); ++i) {
    if (out > 0 && !before(records_[out - 1], records_[i])) --out;
    if (out != i) records_[out] = std::move(records_[i]);
    ++out;
  }
  records_.resize(out);
}

std::span<const UsageRecord> UsageHistory::of(uint64_t rid, int64_t from, int64_t to) const {
  UsageRecord lo, hi;
  lo.rid = hi.rid = rid;
  lo.at = from;
  hi.at = to;
  auto b = std::lower_bound(records_.begin(), records_.end(), lo, before);
  auto e = std::upper_bound(b, records_.end(), hi, before);
  return b < e ? std::span<const UsageRecord>(&*b, size_t(e - b)) : std::span<const UsageRecord>();
}

std::shared_ptr<const UsageHistory> UsageHistory::updated(const std::vector<UsageRecord>& added,
                                                          const std::vector<uint64_t>& dropped,
                                                          int64_t keep_after) const {
  std::unordered_set<uint64_t> gone;
  if (!records_.empty()) gone.insert(dropped.begin(), dropped.end());
  std::vector<UsageRecord> kept;
  kept.reserve(records_.size() + added.size());
  for (const UsageRecord& r : records_)
    if (r.at >= keep_after && !gone.count(r.rid)) kept.push_back(r);
  kept.insert(kept.end(), added.begin(), added.end());
  return std::make_shared<const UsageHistory>(std::move(kept));
}

std::vector<UsageStat> usage_stats(DocView doc, const Symbols& syms) {
  std::vector<UsageStat> out;
  const Sym usage = syms.find("usage");
  DocView u = usage == Symbols::kNone || !doc.is_object() ? DocView() : doc.get(usage);
  if (!u.is_object()) return out;
  const Sym names[3] = {syms.find("min"), syms.find("avg"), syms.find("max")};
  for (auto it = u.iter(); !it.done(); it.next()) {
    DocView m = it.value();
    if (!m.is_object()) continue;
    double v[3];
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
      DocView x = names[i] == Symbols::kNone ? DocView() : m.get(names[i]);
      ok = x.valid() && (x.tag() == Tag::Int || x.tag() == Tag::Double);
      if (ok) v[i] = x.as_double();
    }
    if (ok) out.push_back({std::string(syms.name(it.key())), v[0], v[1], v[2]});
  }
  return out;
}

// Row data: per metric a u32 name length, the name, then min, avg and max.
UsageRow usage_row(const UsageRecord& r) {
  UsageRow row{r.rid, r.at, {}};
  for (const UsageStat& s : r.stats) {
    put_u32(row.data, uint32_t(s.metric.size()));
    row.data += s.metric;
    put_double(row.data, s.min);
    put_double(row.data, s.avg);
    put_double(row.data, s.max);
  }
  return row;
}

std::optional<UsageRecord> usage_record(const UsageRow& row) {
  UsageRecord r;
  r.rid = row.rid;
  r.at = row.at;
  size_t at = 0;
  while (at < row.data.size()) {
    uint32_t len = 0;
    UsageStat s;
    if (!get(row.data, at, len) || row.data.size() - at < len) return std::nullopt;
    s.metric = row.data.substr(at, len);
    at += len;
    if (!get(row.data, at, s.min) || !get(row.data, at, s.avg) || !get(row.data, at, s.max))
      return std::nullopt;
    r.stats.push_back(std::move(s));
  }
  return r;
}

}  // namespace canopy
