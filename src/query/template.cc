#include "query/template.h"

#include <cctype>

#include "core/time.h"

namespace canopy::query {

namespace {

const Value* lookup(const Environment& env, std::string_view path) {
  size_t dot = path.find('.');
  auto it = env.find(std::string(path.substr(0, dot)));
  if (it == env.end()) return nullptr;
  const Value* v = &it->second;
  while (dot != std::string_view::npos && v) {
    size_t next = path.find('.', dot + 1);
    std::string key(path.substr(dot + 1, next == std::string_view::npos ? next : next - dot - 1));
    v = v->is_object() ? v->get(key) : nullptr;
    dot = next;
  }
  return v;
}

bool truthy(const Value* v) {
  if (!v || v->is_null()) return false;
  if (v->type() == Value::Type::Bool) return v->as_bool();
  if (v->is_array()) return !v->items().empty();
  if (v->is_string()) return !v->str().empty();
  return true;
}

Result<std::string> variable(std::string_view name, const Environment& env, int64_t now) {
  for (std::string_view suffix : {".ago", ".from_now"}) {
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    const Value* v = lookup(env, name.substr(0, name.size() - suffix.size()));
    if (!v) return std::string();
    std::string text = v->is_string() ? v->str() : v->json();
    auto d = parse_duration(text);
    if (!d) return Error{"{{" + std::string(name) + "}}: '" + text + "' is not a duration"};
    return format_datetime(suffix == ".ago" ? now - *d : now + *d);
  }
  const Value* v = lookup(env, name);
  if (!v || v->is_null()) return std::string();
  return v->is_string() ? v->str() : v->json();
}

}  // namespace

Result<std::string> render_template(std::string_view text, const Environment& env, int64_t now) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return Error{"unclosed {{ in: " + std::string(text)};
    std::string_view tag = text.substr(open + 2, close - open - 2);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    pos = close + 2;
    if (!tag.empty() && (tag[0] == '#' || tag[0] == '^')) {
      // A section: rendered when the value is truthy (# ) or falsy (^).
      std::string name(tag.substr(1));
      std::string end = "{{/" + name + "}}";
      size_t stop = text.find(end, pos);
      if (stop == std::string_view::npos)
        return Error{"unclosed section {{" + std::string(tag) + "}}"};
      bool show = truthy(lookup(env, name)) == (tag[0] == '#');
      if (show) {
        auto inner = render_template(text.substr(pos, stop - pos), env, now);
        if (!inner) return inner.status();
        out += inner.value();
      }
      pos = stop + end.size();
      continue;
    }
    auto v = variable(tag, env, now);
    if (!v) return v.status();
    out += v.value();
  }
  return out;
}

std::string replace_placeholders(std::string_view text, int64_t now) {
  std::string out;
  size_t pos = 0;
  const std::string dt = format_datetime(now);  // YYYY-MM-DDTHH:MM:SSZ
  int64_t day = (now >= 0 ? now : now - 86399) / 86400;
  int weekday = int(((day % 7) + 10) % 7);  // 0 = Monday (1970-01-01 was a Thursday)
  static const char* const kDays[] = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                      "FRIDAY", "SATURDAY", "SUNDAY"};
  while (pos < text.size()) {
    size_t at = text.find('@', pos);
    size_t end = at == std::string_view::npos ? at : text.find('@', at + 1);
    if (at == std::string_view::npos || end == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    std::string name(text.substr(at + 1, end - at - 1));
    bool upper = !name.empty(), lower = !name.empty();
    for (char c : name) {
      upper = upper && (std::isupper(static_cast<unsigned char>(c)) || c == '_');
      lower = lower && (std::islower(static_cast<unsigned char>(c)) || c == '_');
    }
    std::string key = name;
    for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string value;
    if (!upper && !lower)
      value.clear();
    else if (key == "UTC")
      value = dt;
    else if (key == "NOW")
      value = dt.substr(0, 19) + "+0000";
    else if (key == "TODAY")
      value = format_date(now);
    else if (key == "TOMORROW")
      value = format_date(now + 86400);
    else if (key == "YESTERDAY")
      value = format_date(now - 86400);
    else if (key == "YEAR")
      value = dt.substr(0, 4);
    else if (key == "MONTH")
      value = dt.substr(5, 2);
    else if (key == "DAY")
      value = dt.substr(8, 2);
    else if (key == "TIME")
      value = dt.substr(11, 8);
    else if (key == "HOUR")
      value = dt.substr(11, 2);
    else if (key == "MINUTE")
      value = dt.substr(14, 2);
    else if (key == "SECOND")
      value = dt.substr(17, 2);
    else if (key == "TZ_OFFSET")
      value = "+0000";
    else if (key == "TZ")
      value = "UTC";
    for (int d = 0; d < 7 && value.empty() && (upper || lower); ++d)
      if (key == kDays[d]) value = format_date(now + int64_t((d - weekday + 7) % 7) * 86400);
    if (value.empty()) {  // not a placeholder: keep the text, continue after the first @
      out.append(text.substr(pos, at + 1 - pos));
      pos = at + 1;
      continue;
    }
    out.append(text.substr(pos, at - pos));
    out += value;
    pos = end + 1;
  }
  return out;
}

}  // namespace canopy::query
