// Compact binary documents: the in-memory and on-disk form of node sections.
//
// A document is a tree of tagged values. Object keys are symbol ids (see
// symbols.h), so a property name costs one or two bytes instead of its text.
// Containers carry their payload size, which lets a reader skip a whole
// sub-tree without decoding it.
//
//   value     := tag payload
//   Null/False/True : no payload
//   Int       : zigzag varint          Double : 8 bytes little-endian
//   DateTime  : zigzag varint (seconds since the Unix epoch, UTC)
//   String    : varint length, bytes
//   Symbol    : varint symbol id (a string value kept once in the symbol table)
//   Prefixed  : varint symbol id of a prefix, varint length, suffix bytes
//               (e.g. an ARN: the shared "arn:aws:ec2:…:volume/" and the id)
//   Array     : varint payload size, values...
//   Object    : varint payload size, (varint key symbol, value)...
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/symbols.h"

namespace canopy {

enum class Tag : uint8_t {
  Null = 0,
  False,
  True,
  Int,
  Double,
  DateTime,
  String,
  Array,
  Object,
  Symbol,
  Prefixed
};

namespace varint {
inline size_t put(uint8_t* p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = static_cast<uint8_t>(v) | 0x80;
    v >>= 7;
  }
  p[n++] = static_cast<uint8_t>(v);
  return n;
}
inline uint64_t get(const uint8_t*& p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t b = *p++;
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80) || shift >= 63) return v;
  }
}
inline size_t size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}
inline uint64_t zigzag(int64_t v) {
  return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}
inline int64_t unzigzag(uint64_t v) {
  return int64_t(v >> 1) ^ -int64_t(v & 1);
}
}  // namespace varint

// Appends encoded values to a byte buffer. Containers are opened and closed
// explicitly; close() back-patches the payload size.
class DocWriter {
 public:
  explicit DocWriter(Bytes& out) : out_(out) {}

  void null() { out_.push_back(uint8_t(Tag::Null)); }
  void boolean(bool b) { out_.push_back(uint8_t(b ? Tag::True : Tag::False)); }
  void integer(int64_t v) { tagged_varint(Tag::Int, varint::zigzag(v)); }
  void datetime(int64_t secs) { tagged_varint(Tag::DateTime, varint::zigzag(secs)); }
  void number(double d);
  void string(std::string_view s);
  void symbol_string(Sym s) { tagged_varint(Tag::Symbol, s); }
  void prefixed_string(Sym prefix, std::string_view suffix);
  void key(Sym k) { put_varint(k); }

  // Returns a mark to pass to close().
  size_t open_array() { return open(Tag::Array); }
  size_t open_object() { return open(Tag::Object); }
  void close(size_t mark);

  // Copies an already encoded value verbatim.
  void raw(const uint8_t* p, size_t n) { append(p, n); }
  size_t size() const { return out_.size(); }

 private:
  size_t open(Tag t) {
    out_.push_back(uint8_t(t));
    out_.push_back(0);  // one-byte size placeholder; widened by close() if needed
    return out_.size();
  }
  void append(const void* p, size_t n) { out_.append(p, n); }
  void put_varint(uint64_t v) {
    uint8_t buf[10];
    append(buf, varint::put(buf, v));
  }
  void tagged_varint(Tag t, uint64_t v) {
    out_.push_back(uint8_t(t));
    put_varint(v);
  }
  Bytes& out_;
};

// A read-only view of one encoded value. Cheap to copy.
class DocView {
 public:
  DocView() = default;
  DocView(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}

  bool valid() const { return p_ != nullptr && p_ < end_; }
  Tag tag() const { return Tag(*p_); }
  bool is_null() const { return !valid() || tag() == Tag::Null; }
  bool is_object() const { return valid() && tag() == Tag::Object; }
  bool is_array() const { return valid() && tag() == Tag::Array; }

  bool as_bool() const { return tag() == Tag::True; }
  inline int64_t as_int() const;    // Int or DateTime
  inline double as_double() const;  // Double, or Int converted
  bool is_string() const {
    return valid() && (tag() == Tag::String || tag() == Tag::Symbol || tag() == Tag::Prefixed);
  }
  // A string value in two parts (the first is empty unless the value is
  // stored with a shared prefix). Empty parts for non-strings.
  std::pair<std::string_view, std::string_view> string_parts(const Symbols& syms) const;
  // The whole string; `scratch` holds it when it must be assembled.
  std::string_view as_string(const Symbols& syms, std::string& scratch) const;
  bool string_equals(const Symbols& syms, std::string_view s) const;

  // Total encoded size of this value, tag included.
  size_t encoded_size() const { return size_t(skip(p_) - p_); }
  const uint8_t* data() const { return p_; }

  // Iteration over containers. For arrays key() is kNone.
  class Iter {
   public:
    Iter(const uint8_t* p, const uint8_t* end, bool object) : p_(p), end_(end), object_(object) {
      load();
    }
    bool done() const { return p_ >= end_; }
    void next() {
      p_ = skip(value_);
      load();
    }
    Sym key() const { return key_; }
    DocView value() const { return DocView(value_, static_cast<size_t>(end_ - value_)); }

   private:
    void load() {
      if (p_ >= end_) return;
      const uint8_t* p = p_;
      if (object_) key_ = static_cast<Sym>(small_varint(p));
      value_ = p;
    }
    const uint8_t* p_;
    const uint8_t* end_;
    const uint8_t* value_ = nullptr;
    Sym key_ = Symbols::kNone;
    bool object_;
  };
  Iter iter() const {
    if (!is_object() && !is_array()) return Iter(p_, p_, false);
    const uint8_t* p = p_ + 1;
    uint64_t n = small_varint(p);
    return Iter(p, p + n, tag() == Tag::Object);
  }
  // Object member lookup; an invalid view when absent. Always inlined: the
  // result then stays in registers in the hot loops of the query engine.
  [[gnu::always_inline]] DocView get(Sym key) const {
    if (!is_object()) return {};
    const uint8_t* p = p_ + 1;
    uint64_t n = small_varint(p);
    const uint8_t* end = p + n;
    while (p < end) {
      Sym k = static_cast<Sym>(small_varint(p));
      if (k == key) return DocView(p, static_cast<size_t>(end - p));
      p = skip(p);
    }
    return {};
  }
  size_t count() const;

  // A varint, with the one-byte case inline.
  static uint64_t small_varint(const uint8_t*& p) {
    if (*p < 0x80) return *p++;
    return varint::get(p);
  }
  // The value after the one at `v` (the hot loop of member lookup).
  static const uint8_t* skip(const uint8_t* v) {
    const uint8_t* p = v + 1;
    switch (Tag(*v)) {
      case Tag::Null:
      case Tag::False:
      case Tag::True:
        return p;
      case Tag::Double:
        return p + 8;
      case Tag::Int:
      case Tag::DateTime:
      case Tag::Symbol:
        small_varint(p);
        return p;
      case Tag::Prefixed: {
        small_varint(p);
        uint64_t n = small_varint(p);
        return p + n;
      }
      case Tag::String:
      case Tag::Array:
      case Tag::Object: {
        uint64_t n = small_varint(p);
        return p + n;
      }
    }
    return p;
  }

 private:
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
};

int64_t DocView::as_int() const {
  const uint8_t* p = p_ + 1;
  switch (tag()) {
    case Tag::Int:
    case Tag::DateTime:
      return varint::unzigzag(small_varint(p));
    case Tag::Double:
      return static_cast<int64_t>(as_double());
    default:
      return 0;
  }
}

double DocView::as_double() const {
  if (tag() == Tag::Double) {
    double d;
    std::memcpy(&d, p_ + 1, 8);
    return d;
  }
  return static_cast<double>(as_int());
}

}  // namespace canopy
