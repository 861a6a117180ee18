#include "query/types.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/time.h"

namespace canopy::query {

const Kind* PathTypes::lookup(const std::vector<std::string_view>& names,
                              const Property** prop) const {
  if (names.empty()) return nullptr;
  const Property* p = model_.top_property(names[0]);
  if (!p) return nullptr;
  const Kind* k = p->kind;
  for (size_t i = 1; i < names.size() && k; ++i) {
    while (k && k->cls == KindClass::Array) k = k->element;
    if (!k) return nullptr;
    if (k->cls == KindClass::Dictionary) {
      k = k->element;
      p = nullptr;
    } else if (k->is_complex()) {
      p = k->property(names[i]);
      k = p ? p->kind : nullptr;
    } else {
      return nullptr;
    }
  }
  if (prop) *prop = p;
  return k;
}

namespace {

bool falsy(const Value& v) {
  switch (v.type()) {
    case Value::Type::Bool:
      return !v.as_bool();
    case Value::Type::Int:
      return v.as_int() == 0;
    case Value::Type::Double:
      return v.as_double() == 0;
    case Value::Type::String:
      return v.str().empty();
    default:
      return false;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Value simple(Runtime rt, const Value& v, int64_t now) {
  switch (rt) {
    case Runtime::Any:
      return v;
    case Runtime::String:
      if (v.is_string() || v.is_null()) return v;
      return Value::string(v.dumps());
    case Runtime::Int32:
    case Runtime::Int64: {
      if (!v.is_string()) return v;
      std::string digits;
      for (char c : trim(v.str()))
        if (c != '_') digits.push_back(c);
      int64_t i = 0;
      const char* b = digits.data() + (!digits.empty() && digits[0] == '+' ? 1 : 0);
      auto r = std::from_chars(b, digits.data() + digits.size(), i);
      if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return v;
      return Value::integer(i);
    }
    case Runtime::Float:
    case Runtime::Double: {
      if (!v.is_string()) return v;
      std::string_view t = trim(v.str());
      std::string text(t);
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) return v;
      return Value::number(d);
    }
    case Runtime::Boolean: {
      if (!v.is_string()) return v;
      std::string l = lower(trim(v.str()));
      if (l == "true" || l == "yes" || l == "on") return Value::boolean(true);
      if (l == "false" || l == "no" || l == "off") return Value::boolean(false);
      return v;
    }
    case Runtime::Datetime: {
      if (!v.is_string()) return v;
      if (auto d = parse_duration(v.str())) return Value::string(format_datetime(now + *d));
      if (auto t = parse_datetime(v.str())) return Value::string(format_datetime(*t));
      return v;
    }
    case Runtime::Date: {
      if (!v.is_string()) return v;
      if (auto d = parse_duration(v.str())) return Value::string(format_date(now + *d));
      if (auto t = parse_datetime(v.str())) return Value::string(format_date(*t));
      return v;
    }
    case Runtime::Duration: {
      if (!v.is_string()) return v;
      if (auto d = parse_duration(v.str())) return Value::string(std::to_string(*d) + "s");
      return v;
    }
  }
  return v;
}

Value convert(const Kind* k, const Value& v, int64_t now) {
  if (!k) return v;
  switch (k->cls) {
    case KindClass::Simple:
      return simple(k->runtime, v, now);
    case KindClass::Array: {
      if (!v.is_array()) return convert(k->element, v, now);
      std::vector<Value> items;
      for (const Value& item : v.items()) items.push_back(coerce_literal(k->element, item, now));
      return Value::array(std::move(items));
    }
    case KindClass::Dictionary: {
      if (!v.is_object()) return v;
      Value out = Value::object();
      for (const auto& [key, item] : v.members())
        out.members().emplace_back(key, coerce_literal(k->element, item, now));
      return out;
    }
    case KindClass::Complex: {
      if (!v.is_object()) return v;
      Value out = Value::object();
      for (const auto& [key, item] : v.members()) {
        const Property* p = k->property(key);
        out.members().emplace_back(key, p ? coerce_literal(p->kind, item, now) : item);
      }
      return out;
    }
    case KindClass::Transform:
      return v;
  }
  return v;
}

}  // namespace

Value coerce_literal(const Kind* k, const Value& v, int64_t now) {
  Value out = convert(k, v, now);
  // A conversion to a falsy value keeps the literal as written.
  if (falsy(out) && !(out == v)) return v;
  return out;
}

}  // namespace canopy::query
