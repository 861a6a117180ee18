#include "collect/aws/services/json_fields.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/doc_json.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws::fields {

using simdjson::SUCCESS;

bool member(element e, std::string_view key, element& out) {
  return e[key].get(out) == SUCCESS && !out.is_null();
}

std::string_view as_string(element e) {
  std::string_view s;
  return e.get(s) == SUCCESS ? s : std::string_view();
}

std::vector<element> list(element e, std::string_view key) {
  std::vector<element> out;
  simdjson::dom::array a;
  if (e[key].get(a) == SUCCESS) out.assign(a.begin(), a.end());
  return out;
}

std::vector<std::string_view> string_list(element e, std::string_view key) {
  std::vector<std::string_view> out;
  for (element x : list(e, key)) out.push_back(as_string(x));
  return out;
}

void text(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  element v;
  if (member(e, key, v)) b.str_if(name, as_string(v));
}

void flag(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  bool v;
  if (e[key].get(v) == SUCCESS) b.boolean(name, v);
}

void integer(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  int64_t v;
  if (e[key].get(v) == SUCCESS) b.num(name, v);
}

void real(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  element v;
  double d;
  if (!member(e, key, v) || v.get(d) != SUCCESS) return;
  b.raw(name, simdjson::minify(v));
}

void strings(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  b.begin_array(name);
  for (element x : list(e, key))
    if (x.is_string()) b.str_element(as_string(x));
  b.end_array();
}

void string_map(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  simdjson::dom::object o;
  if (e[key].get(o) != SUCCESS) return;
  b.begin_object(name);
  for (auto [k, v] : o)
    if (v.is_string()) b.str(k, as_string(v));
  b.end_object();
}

void any(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  element v;
  if (member(e, key, v)) b.raw(name, simdjson::minify(v));
}

void epoch_time(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  element v;
  double seconds;
  if (!member(e, key, v)) return;
  if (v.get(seconds) == SUCCESS)
    b.str(name, format_datetime(static_cast<int64_t>(std::floor(seconds))));
  else
    b.time(name, as_string(v));
}

void tag_map(JsonBuilder& b, element e, std::string_view key) {
  b.begin_object("tags");
  simdjson::dom::object o;
  if (e[key].get(o) == SUCCESS)
    for (auto [k, v] : o) b.str(k, as_string(v));
  b.end_object();
}

void tag_list(JsonBuilder& b, element e, std::string_view key, std::string_view key_name,
              std::string_view value_name) {
  b.begin_object("tags");
  for (element t : list(e, key)) {
    element k, v;
    if (member(t, key_name, k)) b.str(as_string(k), member(t, value_name, v) ? as_string(v) : "");
  }
  b.end_object();
}

std::string sorted_json(element e, bool sort_arrays) {
  simdjson::dom::array a;
  simdjson::dom::object o;
  if (e.get(a) == SUCCESS) {
    std::vector<std::string> items;
    for (element x : a) items.push_back(sorted_json(x, sort_arrays));
    if (sort_arrays) std::sort(items.begin(), items.end());
    std::string out = "[";
    for (const std::string& x : items) out += (out.size() > 1 ? "," : "") + x;
    return out + "]";
  }
  if (e.get(o) == SUCCESS) {
    std::vector<std::pair<std::string_view, std::string>> members;
    for (auto [k, v] : o) members.emplace_back(k, sorted_json(v, sort_arrays));
    std::sort(members.begin(), members.end());
    std::string out = "{";
    for (const auto& [k, v] : members) {
      if (out.size() > 1) out += ',';
      json::append_string(out, k);
      out += ':';
      out += v;
    }
    return out + "}";
  }
  return simdjson::minify(e);
}

// Written from the document model, as the collectors stored policies before
// this reader was shared (numbers print as there).
std::optional<std::string> policy_json(std::string_view text) {
  Symbols syms;
  auto doc = encode_json_text(text, syms);
  if (!doc) return std::nullopt;
  DocView v(doc->data(), doc->size());
  if (!v.is_object()) return std::nullopt;
  return to_json(v, syms, true);
}

}  // namespace canopy::aws::fields
