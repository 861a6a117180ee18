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

size_t DocView::count() const {
  size_t n = 0;
  for (auto it = iter(); !it.done(); it.next()) ++n;
  return n;
}

}  // namespace canopy
