// Reading the JSON answers of the JSON and REST-JSON services into node
// documents: one small function per shape of field, so that a service file
// reads as the list of what it maps. Absent or null members add nothing,
// except where a list is documented to default to [].
//
//   fields::text(b, "function_runtime", f, "Runtime");
//   fields::strings(b, "layers", f, "Layers");            // [] when absent
//   fields::object(b, "function_url_config", u, "Cors", [&](element c) { … });
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/json_builder.h"

namespace canopy::aws::fields {

using collect::JsonBuilder;
using simdjson::dom::element;

// Member `key` of `e` when present and not null.
bool member(element e, std::string_view key, element& out);
std::string_view as_string(element e);  // "" for non-strings
// The elements of array member `key` (none when absent).
std::vector<element> list(element e, std::string_view key);
// The strings of array member `key` ("" for other elements; none when absent).
std::vector<std::string_view> string_list(element e, std::string_view key);

void text(JsonBuilder& b, std::string_view name, element e, std::string_view key);
void flag(JsonBuilder& b, std::string_view name, element e, std::string_view key);
void integer(JsonBuilder& b, std::string_view name, element e, std::string_view key);
void real(JsonBuilder& b, std::string_view name, element e, std::string_view key);
// A list of strings; [] when absent.
void strings(JsonBuilder& b, std::string_view name, element e, std::string_view key);
// A string → string map as an object; nothing when absent.
void string_map(JsonBuilder& b, std::string_view name, element e, std::string_view key);
// Any value as it is (minified).
void any(JsonBuilder& b, std::string_view name, element e, std::string_view key);
// A timestamp sent as epoch seconds (with fractions) or as an ISO string.
void epoch_time(JsonBuilder& b, std::string_view name, element e, std::string_view key);
// `tags` from a {key: value} map member, or from a [{Key, Value}] list
// member (names of the key and value members given); {} when absent.
void tag_map(JsonBuilder& b, element e, std::string_view key);
void tag_list(JsonBuilder& b, element e, std::string_view key, std::string_view key_name = "Key",
              std::string_view value_name = "Value");

// Calls fn(member) inside object `name` when object member `key` exists.
template <typename Fn>
void object(JsonBuilder& b, std::string_view name, element e, std::string_view key, Fn fn) {
  element o;
  if (!member(e, key, o) || !o.is_object()) return;
  b.begin_object(name);
  fn(o);
  b.end_object();
}

// Calls fn(element) inside one object per element of array member `key`; [] when absent.
template <typename Fn>
void objects(JsonBuilder& b, std::string_view name, element e, std::string_view key, Fn fn) {
  b.begin_array(name);
  for (element x : list(e, key)) {
    b.begin_object();
    fn(x);
    b.end_object();
  }
  b.end_array();
}

// JSON text of `e` with object keys sorted (array order kept unless
// `sort_arrays`), so that an unchanged document always reads the same.
std::string sorted_json(element e, bool sort_arrays = false);
// A resource policy sent as JSON text: compact, object keys sorted, array
// order kept; nullopt when the text is no JSON object.
std::optional<std::string> policy_json(std::string_view text);

}  // namespace canopy::aws::fields
