#include "model/coerce.h"

#include <simdjson.h>
#include <strings.h>
#include <charconv>
#include <cmath>

#include "core/doc_json.h"
#include "core/string_encoder.h"
#include "core/time.h"

namespace canopy {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string preview(const element& e) {
  std::string s = simdjson::minify(e);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

Error mismatch(const ValuePath& path, std::string_view expected, const element& e) {
  return Error{"property " + path.str() + ": expected " + std::string(expected) + ", got " +
               preview(e)};
}

bool parse_int(std::string_view s, int64_t& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

bool parse_double(std::string_view s, double& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty() && std::isfinite(out);
}

bool parse_bool(std::string_view s, bool& out) {
  static const char* kTrue[] = {"true", "yes", "on"};
  static const char* kFalse[] = {"false", "no", "off"};
  for (const char* t : kTrue)
    if (s.size() == std::strlen(t) && strncasecmp(s.data(), t, s.size()) == 0) return out = true;
  for (const char* f : kFalse)
    if (s.size() == std::strlen(f) && strncasecmp(s.data(), f, s.size()) == 0)
      return !(out = false);
  return false;
}

// A JSON number as double, if it is one.
bool number_of(const element& e, double& out) {
  switch (e.type()) {
    case element_type::INT64:
      out = double(e.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      out = double(e.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE:
      out = e.get_double().value_unsafe();
      return true;
    default:
      return false;
  }
}

}  // namespace

void Coercer::string(DocWriter& w, Sym key, std::string_view s) {
  if (strings_)
    strings_->write(w, key, s);
  else
    w.string(s);
}

std::string ValuePath::str() const {
  std::string out = parent ? parent->str() : std::string();
  if (index >= 0) return out + "[" + std::to_string(index) + "]";
  if (!out.empty()) out += '.';
  out.append(name);
  return out;
}

Status Coercer::simple(const Kind& k, const element& e, DocWriter& w, const ValuePath& path,
                       Sym key) {
  const element_type t = e.type();
  switch (k.runtime) {
    case Runtime::Any:
      encode_json(w, e, syms_, strings_, key);
      return Status::ok();
    case Runtime::String: {
      std::string_view s;
      std::string text;
      if (t == element_type::STRING) {
        s = e.get_string().value_unsafe();
      } else {
        text = simdjson::minify(e);
        s = text;
      }
      if (!k.enum_values.empty()) {
        bool found = false;
        for (const std::string& v : k.enum_values) found = found || v == s;
        if (!found) return mismatch(path, "one of the values of " + k.fqn, e);
      }
      string(w, key, s);
      return Status::ok();
    }
    case Runtime::Int32:
    case Runtime::Int64: {
      int64_t v = 0;
      double d;
      if (t == element_type::INT64) {
        v = e.get_int64().value_unsafe();
      } else if (t == element_type::STRING) {
        std::string_view s = e.get_string().value_unsafe();
        if (!parse_int(s, v)) {
          if (!parse_double(s, d) || std::fabs(d) > 9.2e18) return mismatch(path, k.fqn, e);
          v = static_cast<int64_t>(d);
        }
      } else if (t == element_type::DOUBLE && std::fabs(e.get_double().value_unsafe()) < 9.2e18) {
        v = static_cast<int64_t>(e.get_double().value_unsafe());
      } else {
        return mismatch(path, k.fqn, e);
      }
      if (k.runtime == Runtime::Int32 && (v < INT32_MIN || v > INT32_MAX))
        return mismatch(path, "int32", e);
      w.integer(v);
      return Status::ok();
    }
    case Runtime::Float:
    case Runtime::Double: {
      double d;
      if (number_of(e, d) ||
          (t == element_type::STRING && parse_double(e.get_string().value_unsafe(), d))) {
        w.number(d);
        return Status::ok();
      }
      return mismatch(path, k.fqn, e);
    }
    case Runtime::Boolean: {
      bool b;
      if (t == element_type::BOOL) {
        w.boolean(e.get_bool().value_unsafe());
        return Status::ok();
      }
      if (t == element_type::STRING && parse_bool(e.get_string().value_unsafe(), b)) {
        w.boolean(b);
        return Status::ok();
      }
      return mismatch(path, "boolean", e);
    }
    case Runtime::Datetime: {
      double d;
      if (t == element_type::STRING) {
        if (auto ts = parse_datetime(e.get_string().value_unsafe())) {
          w.datetime(*ts);
          return Status::ok();
        }
      } else if (number_of(e, d) && std::fabs(d) < 1e13) {
        w.datetime(static_cast<int64_t>(d));
        return Status::ok();
      }
      return mismatch(path, "datetime (YYYY-MM-DDTHH:MM:SSZ)", e);
    }
    case Runtime::Date: {
      if (t == element_type::STRING) {
        std::string_view s = e.get_string().value_unsafe();
        auto ts = parse_date(s);
        if (!ts) ts = parse_datetime(s);
        if (ts) {
          w.string(format_date(*ts));
          return Status::ok();
        }
      }
      return mismatch(path, "date (YYYY-MM-DD)", e);
    }
    case Runtime::Duration: {
      double d;
      std::optional<int64_t> secs;
      if (t == element_type::STRING)
        secs = parse_duration(e.get_string().value_unsafe());
      else if (number_of(e, d) && std::fabs(d) < 1e15)
        secs = static_cast<int64_t>(d);
      if (!secs) return mismatch(path, "duration (e.g. 3d4h)", e);
      w.string(std::to_string(*secs) + "s");
      return Status::ok();
    }
  }
  return mismatch(path, k.fqn, e);
}

Status Coercer::value(const Kind& k, const element& e, DocWriter& w, const ValuePath& path,
                      Sym key) {
  switch (k.cls) {
    case KindClass::Simple:
      return simple(k, e, w, path, key);
    case KindClass::Transform:
      return Error{"property " + path.str() + ": synthetic properties cannot be stored"};
    case KindClass::Array: {
      size_t mark = w.open_array();
      simdjson::dom::array arr;
      if (e.get(arr)) {  // a single value for an array property becomes a one-element array
        CANOPY_RETURN_IF_ERROR(value(*k.element, e, w, path, key));
      } else {
        size_t i = 0;
        for (auto item : arr) {
          if (item.is_null()) {
            w.null();
          } else {
            CANOPY_RETURN_IF_ERROR(
                value(*k.element, item, w, ValuePath{&path, {}, static_cast<int64_t>(i)}, key));
          }
          ++i;
        }
      }
      w.close(mark);
      return Status::ok();
    }
    case KindClass::Dictionary: {
      simdjson::dom::object o;
      if (e.get(o)) return mismatch(path, k.fqn, e);
      size_t mark = w.open_object();
      for (auto field : o) {
        Sym dict_key = strings_ ? strings_->key(field.key) : syms_.intern(field.key);
        w.key(dict_key);
        if (field.value.is_null()) {
          w.null();
        } else {
          CANOPY_RETURN_IF_ERROR(
              value(*k.element, field.value, w, ValuePath{&path, field.key}, dict_key));
        }
      }
      w.close(mark);
      return Status::ok();
    }
    case KindClass::Complex: {
      simdjson::dom::object o;
      if (e.get(o)) return mismatch(path, "an object of kind " + k.fqn, e);
      return object(k, o, w, path);
    }
  }
  return Status::ok();
}

Status Coercer::object(const Kind& k, const simdjson::dom::object& o, DocWriter& w,
                       const ValuePath& path) {
  size_t mark = w.open_object();
  CANOPY_RETURN_IF_ERROR(fields(k, o, w, path));
  w.close(mark);
  return Status::ok();
}

Status Coercer::fields(const Kind& k, const simdjson::dom::object& o, DocWriter& w,
                       const ValuePath& path) {
  for (auto field : o) {
    if (field.value.is_null()) continue;
    const Property* p = k.property(field.key);
    if (!p) {
      if (!k.allow_unknown)
        return Error{"property " + ValuePath{&path, field.key}.str() + " is not defined in kind " +
                     k.fqn};
      Sym unknown = strings_ ? strings_->key(field.key) : syms_.intern(field.key);
      w.key(unknown);
      encode_json(w, field.value, syms_, strings_, unknown);
      continue;
    }
    if (p->is_synthetic()) continue;  // computed on output, never stored
    w.key(p->sym);
    if (p->kind->cls == KindClass::Simple && p->kind->runtime == Runtime::String &&
        p->kind->enum_values.empty() && field.value.type() == element_type::STRING) {
      string(w, p->sym, field.value.get_string().value_unsafe());  // the common case, fast
      continue;
    }
    CANOPY_RETURN_IF_ERROR(value(*p->kind, field.value, w, ValuePath{&path, field.key}, p->sym));
  }
  return Status::ok();
}

}  // namespace canopy
