// An open-addressing hash map from string_view to a small value, for the hot
// lookups of an import (property names, node ids, cached strings). Keys are
// not copied: they must outlive the index.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/hash.h"

namespace canopy {

template <typename T>
class StringIndex {
 public:
  explicit StringIndex(size_t expected = 8) { rehash(capacity_for(expected)); }

  // Returns the value for `key`, or nullptr.
  const T* find(std::string_view key) const {
    const uint64_t h = hash64(key.data(), key.size());
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (!slot.used) return nullptr;
      if (slot.hash == h && slot.key == key) return &slot.value;
    }
  }
  // Inserts `key` unless present; returns the stored value and whether it was inserted.
  std::pair<T*, bool> insert(std::string_view key, const T& value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.size() * 2);
    const uint64_t h = hash64(key.data(), key.size());
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      Slot& slot = slots_[s];
      if (!slot.used) {
        slot = Slot{key, h, value, true};
        ++size_;
        return {&slot.value, true};
      }
      if (slot.hash == h && slot.key == key) return {&slot.value, false};
    }
  }
  size_t size() const { return size_; }
  size_t memory() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::string_view key;
    uint64_t hash = 0;
    T value{};
    bool used = false;
  };
  static size_t capacity_for(size_t n) {
    size_t cap = 8;
    while (cap * 3 < n * 4) cap <<= 1;
    return cap;
  }
  void rehash(size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) insert(s.key, s.value);
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace canopy
