// A growable byte buffer that, unlike std::vector, appends without first
// zero-filling: the scratch space documents are encoded into.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

namespace canopy {

class Bytes {
 public:
  const uint8_t* data() const { return buf_.get(); }
  uint8_t* data() { return buf_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  uint8_t& operator[](size_t i) { return buf_[i]; }

  void push_back(uint8_t b) {
    if (size_ == cap_) grow(size_ + 1);
    buf_[size_++] = b;
  }
  void append(const void* p, size_t n) {
    if (size_ + n > cap_) grow(size_ + n);
    std::memcpy(buf_.get() + size_, p, n);
    size_ += n;
  }
  // Inserts n bytes at `pos`, moving what follows.
  void insert(size_t pos, const uint8_t* p, size_t n) {
    if (size_ + n > cap_) grow(size_ + n);
    std::memmove(buf_.get() + pos + n, buf_.get() + pos, size_ - pos);
    std::memcpy(buf_.get() + pos, p, n);
    size_ += n;
  }

 private:
  void grow(size_t need) {
    size_t cap = cap_ ? cap_ * 2 : 256;
    while (cap < need) cap *= 2;
    std::unique_ptr<uint8_t[]> bigger(new uint8_t[cap]);
    if (size_) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  std::unique_ptr<uint8_t[]> buf_;
  size_t size_ = 0, cap_ = 0;
};

}  // namespace canopy
