#include "collect/aws/services/query_fields.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/json_out.h"

namespace canopy::aws::qfields {

std::optional<int64_t> integer(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> int_of(pugi::xml_node n, const char* name) {
  return integer(n.child_value(name));
}

std::optional<bool> bool_of(pugi::xml_node n, const char* name) {
  std::string_view s = n.child_value(name);
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

void real(JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* name) {
  const char* s = n.child_value(name);
  char* end = nullptr;
  double d = std::strtod(s, &end);
  if (!*s || *end || !std::isfinite(d)) return;
  std::string num;
  json::append_double(num, d);
  b.raw(key, num);
}

void strings(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto m : list.children())
    if (m.type() == pugi::node_element) b.str_element(m.child_value());
  b.end_array();
}

void object(JsonBuilder& b, std::string_view key, pugi::xml_node n,
            std::initializer_list<Field> fields) {
  if (!n) return;
  b.begin_object(key);
  for (const Field& f : fields) b.str_if(f.key, n.child_value(f.name));
  b.end_object();
}

void objects(JsonBuilder& b, std::string_view key, pugi::xml_node list,
             std::initializer_list<Field> fields) {
  b.begin_array(key);
  for (auto m : list.children()) {
    if (m.type() != pugi::node_element) continue;
    b.begin_object();
    for (const Field& f : fields) b.str_if(f.key, m.child_value(f.name));
    b.end_object();
  }
  b.end_array();
}

void tags(JsonBuilder& b, pugi::xml_node list) {
  b.begin_object("tags");
  for (auto t : list.children())
    if (t.child("Key")) b.str(t.child_value("Key"), t.child_value("Value"));
  b.end_object();
}

Listed list_all(Client& client, const Service& service, const std::string& region,
                const std::string& action, const Params& params, const char* list) {
  Listed out;
  out.status = query_pages(client, service, region, action, params, [&](const XmlReply& page) {
    out.pages.push_back(page.doc);
    for (auto m : page.result.child(list).children())
      if (m.type() == pugi::node_element) out.items.push_back(m);
  });
  return out;
}

}  // namespace canopy::aws::qfields
