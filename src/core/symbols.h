// Interned names. Property names, dictionary keys and kind names are stored
// once and referred to by a 32-bit symbol id everywhere else (node documents,
// the kind model, the store). Ids are dense and assigned in order of first
// use, so a table can be persisted and reloaded with identical ids.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace canopy {

using Sym = uint32_t;

class Symbols {
 public:
  Symbols();
  ~Symbols();
  Symbols(const Symbols&) = delete;
  Symbols& operator=(const Symbols&) = delete;

  // Returns the id of `name`, adding it when new. Thread-safe.
  Sym intern(std::string_view name);
  // Returns the id of `name` or kNone when it was never interned. Thread-safe.
  Sym find(std::string_view name) const;
  // The name of a valid id. Lock-free: storage never moves once written.
  std::string_view name(Sym id) const { return *slot(id); }
  uint32_t size() const { return size_.load(std::memory_order_acquire); }

  static constexpr Sym kNone = UINT32_MAX;

 private:
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  static constexpr uint32_t kMaxChunks = 1u << 14;  // 64M symbols

  const std::string* slot(Sym id) const {
    return &chunks_[id >> kChunkBits][id & (kChunkSize - 1)];
  }

  std::unique_ptr<std::unique_ptr<std::string[]>[]> chunks_;
  std::unordered_map<std::string_view, Sym> index_;
  std::atomic<uint32_t> size_{0};
  mutable std::mutex mu_;
};

}  // namespace canopy
