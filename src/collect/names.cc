#include "collect/names.h"

#include <cstring>
#include <functional>

namespace canopy::collect {

namespace {
constexpr size_t kChunk = 64 * 1024;
}

std::string_view Names::store(std::string_view s) {
  if (s.size() > kChunk / 4) {  // a long string gets a block of its own, so chunks stay full
    auto& block = long_.emplace_back(std::make_unique<char[]>(s.size()));
    std::memcpy(block.get(), s.data(), s.size());
    return {block.get(), s.size()};
  }
  if (chunks_.empty() || chunk_used_ + s.size() > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    chunk_used_ = 0;
  }
  char* at = chunks_.back().get() + chunk_used_;
  if (!s.empty()) std::memcpy(at, s.data(), s.size());
  chunk_used_ += s.size();
  return {at, s.size()};
}

size_t Names::slot_of(std::string_view s) const {
  size_t mask = slots_.size() - 1;
  for (size_t i = std::hash<std::string_view>()(s) & mask;; i = (i + 1) & mask)
    if (slots_[i] == 0 || views_[slots_[i] - 1] == s) return i;
}

void Names::grow() {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  for (uint32_t v : old)
    if (v != 0) slots_[slot_of(views_[v - 1])] = v;
}

uint32_t Names::add(std::string_view s) {
  // At most half full, so that probes stay short.
  if ((views_.size() + 1) * 2 > slots_.size()) grow();
  size_t i = slot_of(s);
  if (slots_[i] != 0) return slots_[i] - 1;
  views_.push_back(store(s));
  slots_[i] = static_cast<uint32_t>(views_.size());
  return slots_[i] - 1;
}

std::optional<uint32_t> Names::find(std::string_view s) const {
  if (slots_.empty()) return std::nullopt;
  size_t i = slot_of(s);
  if (slots_[i] == 0) return std::nullopt;
  return slots_[i] - 1;
}

}  // namespace canopy::collect
