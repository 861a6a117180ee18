#include "collect/json_builder.h"

#include "core/json_out.h"
#include "core/time.h"

namespace canopy::collect {

void JsonBuilder::comma() {
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonBuilder::key(std::string_view k) {
  comma();
  json::append_string(out_, k);
  out_ += ':';
}

JsonBuilder& JsonBuilder::str(std::string_view k, std::string_view value) {
  key(k);
  json::append_string(out_, value);
  return *this;
}

JsonBuilder& JsonBuilder::str_if(std::string_view k, std::string_view value) {
  return value.empty() ? *this : str(k, value);
}

JsonBuilder& JsonBuilder::num(std::string_view k, int64_t value) {
  key(k);
  json::append_int(out_, value);
  return *this;
}

JsonBuilder& JsonBuilder::num(std::string_view k, std::optional<int64_t> value) {
  return value ? num(k, *value) : *this;
}

JsonBuilder& JsonBuilder::boolean(std::string_view k, bool value) {
  key(k);
  out_ += value ? "true" : "false";
  return *this;
}

JsonBuilder& JsonBuilder::boolean(std::string_view k, std::optional<bool> value) {
  return value ? boolean(k, *value) : *this;
}

JsonBuilder& JsonBuilder::time(std::string_view k, std::string_view aws_time) {
  auto t = parse_datetime(aws_time);
  return t ? str(k, format_datetime(*t)) : *this;
}

JsonBuilder& JsonBuilder::raw(std::string_view k, std::string_view json) {
  key(k);
  out_ += json;
  return *this;
}

JsonBuilder& JsonBuilder::begin_object(std::string_view k) {
  key(k);
  out_ += '{';
  first_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::begin_array(std::string_view k) {
  key(k);
  out_ += '[';
  first_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::begin_object() {
  comma();
  out_ += '{';
  first_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::end_object() {
  out_ += '}';
  first_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::end_array() {
  out_ += ']';
  first_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::str_element(std::string_view value) {
  comma();
  json::append_string(out_, value);
  return *this;
}

std::string JsonBuilder::take() {
  out_ += '}';
  std::string s = std::move(out_);
  out_.clear();
  out_.push_back('{');
  first_ = true;
  return s;
}

std::string url_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace canopy::collect
