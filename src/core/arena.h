// A bump allocator for many small byte strings (node documents, ids) that
// live and die together. Blocks never move, so pointers stay valid for the
// arena's lifetime; arenas are shared between graph snapshots by shared_ptr.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace canopy {

class Arena {
 public:
  explicit Arena(size_t block_size = 1 << 20) : block_size_(block_size) {}

  uint8_t* allocate(size_t n) {
    if (n > left_) {
      size_t size = n > block_size_ ? n : block_size_;
      blocks_.emplace_back(new uint8_t[size]);
      head_ = blocks_.back().get();
      left_ = size;
      reserved_ += size;
    }
    uint8_t* p = head_;
    head_ += n;
    left_ -= n;
    used_ += n;
    return p;
  }
  const uint8_t* copy(const void* data, size_t n) {
    uint8_t* p = allocate(n);
    if (n) std::memcpy(p, data, n);
    return p;
  }
  std::string_view copy(std::string_view s) {
    return {reinterpret_cast<const char*>(copy(s.data(), s.size())), s.size()};
  }
  size_t used() const { return used_; }
  size_t reserved() const { return reserved_; }

 private:
  size_t block_size_;
  std::vector<std::unique_ptr<uint8_t[]>> blocks_;
  uint8_t* head_ = nullptr;
  size_t left_ = 0;
  size_t used_ = 0;
  size_t reserved_ = 0;
};

}  // namespace canopy
