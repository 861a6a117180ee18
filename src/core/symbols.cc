#include "core/symbols.h"

#include <stdexcept>

namespace canopy {

Symbols::Symbols() : chunks_(new std::unique_ptr<std::string[]>[kMaxChunks]) {}
Symbols::~Symbols() = default;

Sym Symbols::intern(std::string_view name) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(name); it != index_.end()) return it->second;
  Sym id = size_.load(std::memory_order_relaxed);
  uint32_t chunk = id >> kChunkBits;
  if (chunk >= kMaxChunks) throw std::length_error("symbol table full");
  if (!chunks_[chunk]) chunks_[chunk].reset(new std::string[kChunkSize]);
  std::string* s = &chunks_[chunk][id & (kChunkSize - 1)];
  s->assign(name);
  index_.emplace(std::string_view(*s), id);
  size_.store(id + 1, std::memory_order_release);
  return id;
}

Sym Symbols::find(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = index_.find(name);
  return it == index_.end() ? kNone : it->second;
}

}  // namespace canopy
