#include "core/doc.h"

namespace canopy {

void DocWriter::number(double d) {
  out_.push_back(uint8_t(Tag::Double));
  append(&d, 8);
}

void DocWriter::string(std::string_view s) {
  tagged_varint(Tag::String, s.size());
  append(s.data(), s.size());
}

void DocWriter::close(size_t mark) {
  size_t payload = out_.size() - mark;
  if (payload < 0x80) {
    out_[mark - 1] = static_cast<uint8_t>(payload);
    return;
  }
  // The one-byte placeholder is too small: shift the payload right.
  uint8_t buf[10];
  size_t n = varint::put(buf, payload);
  out_.insert(mark, buf + 1, n - 1);
  out_[mark - 1] = buf[0];
  for (size_t i = 1; i < n; ++i) out_[mark - 1 + i] = buf[i];
}

int64_t DocView::as_int() const {
  const uint8_t* p = p_ + 1;
  switch (tag()) {
    case Tag::Int:
    case Tag::DateTime:
      return varint::unzigzag(varint::get(p));
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

void DocWriter::prefixed_string(Sym prefix, std::string_view suffix) {
  tagged_varint(Tag::Prefixed, prefix);
  put_varint(suffix.size());
  append(suffix.data(), suffix.size());
}

std::pair<std::string_view, std::string_view> DocView::string_parts(const Symbols& syms) const {
  if (!valid()) return {};
  const uint8_t* p = p_ + 1;
  switch (tag()) {
    case Tag::String: {
      uint64_t n = varint::get(p);
      return {{}, {reinterpret_cast<const char*>(p), static_cast<size_t>(n)}};
    }
    case Tag::Symbol:
      return {{}, syms.name(static_cast<Sym>(varint::get(p)))};
    case Tag::Prefixed: {
      std::string_view prefix = syms.name(static_cast<Sym>(varint::get(p)));
      uint64_t n = varint::get(p);
      return {prefix, {reinterpret_cast<const char*>(p), static_cast<size_t>(n)}};
    }
    default:
      return {};
  }
}

std::string_view DocView::as_string(const Symbols& syms, std::string& scratch) const {
  auto [prefix, rest] = string_parts(syms);
  if (prefix.empty()) return rest;
  scratch.assign(prefix);
  scratch.append(rest);
  return scratch;
}

bool DocView::string_equals(const Symbols& syms, std::string_view s) const {
  if (!is_string()) return false;
  auto [prefix, rest] = string_parts(syms);
  return s.size() == prefix.size() + rest.size() && s.substr(0, prefix.size()) == prefix &&
         s.substr(prefix.size()) == rest;
}

size_t DocView::encoded_size() const {
  const uint8_t* p = p_ + 1;
  switch (tag()) {
    case Tag::Null:
    case Tag::False:
    case Tag::True:
      return 1;
    case Tag::Double:
      return 9;
    case Tag::Int:
    case Tag::DateTime:
    case Tag::Symbol:
      varint::get(p);
      return static_cast<size_t>(p - p_);
    case Tag::Prefixed: {
      varint::get(p);
      uint64_t n = varint::get(p);
      return static_cast<size_t>(p - p_) + n;
    }
    case Tag::String:
    case Tag::Array:
    case Tag::Object: {
      uint64_t n = varint::get(p);
      return static_cast<size_t>(p - p_) + n;
    }
  }
  return 1;
}

DocView::Iter DocView::iter() const {
  if (!is_object() && !is_array()) return Iter(p_, p_, false);
  const uint8_t* p = p_ + 1;
  uint64_t n = varint::get(p);
  return Iter(p, p + n, tag() == Tag::Object);
}

void DocView::Iter::load() {
  if (p_ >= end_) return;
  const uint8_t* p = p_;
  if (object_) key_ = static_cast<Sym>(varint::get(p));
  value_ = p;
}

void DocView::Iter::next() {
  p_ = value_ + value().encoded_size();
  load();
}

namespace {
inline uint64_t fast_varint(const uint8_t*& p) {
  if (*p < 0x80) return *p++;
  return varint::get(p);
}

// The value after the one at `v` (the hot loop of member lookup).
inline const uint8_t* skip_value(const uint8_t* v) {
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
      fast_varint(p);
      return p;
    case Tag::Prefixed: {
      fast_varint(p);
      uint64_t n = fast_varint(p);
      return p + n;
    }
    case Tag::String:
    case Tag::Array:
    case Tag::Object: {
      uint64_t n = fast_varint(p);
      return p + n;
    }
  }
  return p;
}
}  // namespace

DocView DocView::get(Sym key) const {
  if (!is_object()) return {};
  const uint8_t* p = p_ + 1;
  uint64_t n = fast_varint(p);
  const uint8_t* end = p + n;
  while (p < end) {
    Sym k = static_cast<Sym>(fast_varint(p));
    if (k == key) return DocView(p, static_cast<size_t>(end - p));
    p = skip_value(p);
  }
  return {};
}

size_t DocView::count() const {
  size_t n = 0;
  for (auto it = iter(); !it.done(); it.next()) ++n;
  return n;
}

}  // namespace canopy
