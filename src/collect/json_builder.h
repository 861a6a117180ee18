// Building the JSON text of node documents while reading AWS answers:
// members are added in order, absent values are simply not added (the
// collector never writes null), nesting by begin/end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace canopy::collect {

class JsonBuilder {
 public:
  JsonBuilder() { out_.push_back('{'); }

  JsonBuilder& str(std::string_view key, std::string_view value);
  // Only when `value` is not empty.
  JsonBuilder& str_if(std::string_view key, std::string_view value);
  JsonBuilder& num(std::string_view key, int64_t value);
  JsonBuilder& num(std::string_view key, std::optional<int64_t> value);
  JsonBuilder& boolean(std::string_view key, bool value);
  JsonBuilder& boolean(std::string_view key, std::optional<bool> value);
  // An AWS timestamp (ISO-8601 with fractions or offsets) as a UTC datetime;
  // not added when it does not parse.
  JsonBuilder& time(std::string_view key, std::string_view aws_time);
  JsonBuilder& raw(std::string_view key, std::string_view json);  // `json` must be valid

  JsonBuilder& begin_object(std::string_view key);
  JsonBuilder& begin_array(std::string_view key);
  JsonBuilder& begin_object();  // an element of the current array
  JsonBuilder& end_object();
  JsonBuilder& end_array();
  JsonBuilder& str_element(std::string_view value);

  // The finished text (closes the outermost object).
  std::string take();
  bool empty() const { return out_.size() == 1; }

 private:
  void key(std::string_view k);
  void comma();
  std::string out_;
  bool first_ = true;
};

// Decodes %XX escapes (IAM policy documents arrive URL-encoded).
std::string url_decode(std::string_view s);

}  // namespace canopy::collect
