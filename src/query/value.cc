#include "query/value.h"

#include <algorithm>

#include "core/json_out.h"

namespace canopy {

const Value* Value::get(std::string_view key) const {
  for (const auto& [k, v] : members_)
    if (k == key) return &v;
  return nullptr;
}

Value* Value::get(std::string_view key) {
  for (auto& [k, v] : members_)
    if (k == key) return &v;
  return nullptr;
}

void Value::set(std::string_view key, Value v) {
  if (Value* old = get(key)) {
    *old = std::move(v);
    return;
  }
  members_.emplace_back(std::string(key), std::move(v));
}

void Value::append_json(std::string& out, bool spaced) const {
  switch (type_) {
    case Type::Null:
      out += "null";
      return;
    case Type::Bool:
      out += i_ ? "true" : "false";
      return;
    case Type::Int:
      json::append_int(out, i_);
      return;
    case Type::Double:
      json::append_double(out, d_);
      return;
    case Type::String:
      json::append_string(out, s_);
      return;
    case Type::Array:
      out.push_back('[');
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i) out += spaced ? ", " : ",";
        items_[i].append_json(out, spaced);
      }
      out.push_back(']');
      return;
    case Type::Object:
      out.push_back('{');
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i) out += spaced ? ", " : ",";
        json::append_string(out, members_[i].first);
        out += spaced ? ": " : ":";
        members_[i].second.append_json(out, spaced);
      }
      out.push_back('}');
      return;
  }
}

std::string Value::dumps() const {
  std::string out;
  append_json(out, true);
  return out;
}

std::string Value::json() const {
  std::string out;
  append_json(out, false);
  return out;
}

int compare_numbers(double a, double b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

namespace {
int compare_objects(const Value::Members& a, const Value::Members& b) {
  auto sorted = [](const Value::Members& m) {
    std::vector<const std::pair<std::string, Value>*> v;
    for (const auto& p : m) v.push_back(&p);
    std::sort(v.begin(), v.end(), [](auto* x, auto* y) { return x->first < y->first; });
    return v;
  };
  auto sa = sorted(a), sb = sorted(b);
  for (size_t i = 0; i < sa.size() && i < sb.size(); ++i) {
    if (int c = sa[i]->first.compare(sb[i]->first)) return c < 0 ? -1 : 1;
    if (int c = compare(sa[i]->second, sb[i]->second)) return c;
  }
  return sa.size() < sb.size() ? -1 : (sa.size() > sb.size() ? 1 : 0);
}
}  // namespace

int compare(const Value& a, const Value& b) {
  int ra = type_rank(a.type_), rb = type_rank(b.type_);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type_) {
    case Value::Type::Null:
      return 0;
    case Value::Type::Bool:
      return int(a.i_) - int(b.i_);
    case Value::Type::Int:
    case Value::Type::Double:
      if (a.type_ == Value::Type::Int && b.type_ == Value::Type::Int)
        return a.i_ < b.i_ ? -1 : (a.i_ > b.i_ ? 1 : 0);
      return compare_numbers(a.as_double(), b.as_double());
    case Value::Type::String: {
      int c = a.s_.compare(b.s_);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Value::Type::Array:
      for (size_t i = 0; i < a.items_.size() && i < b.items_.size(); ++i)
        if (int c = compare(a.items_[i], b.items_[i])) return c;
      return a.items_.size() < b.items_.size() ? -1 : (a.items_.size() > b.items_.size() ? 1 : 0);
    case Value::Type::Object:
      return compare_objects(a.members_, b.members_);
  }
  return 0;
}

}  // namespace canopy
