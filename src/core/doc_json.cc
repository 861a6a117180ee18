#include "core/doc_json.h"

#include <simdjson.h>
#include <algorithm>

#include "core/json_out.h"
#include "core/string_encoder.h"
#include "core/time.h"

namespace canopy {

void append_json(std::string& out, DocView v, const Symbols& syms, bool sorted) {
  if (!v.valid()) {
    out += "null";
    return;
  }
  switch (v.tag()) {
    case Tag::Null:
      out += "null";
      return;
    case Tag::False:
      out += "false";
      return;
    case Tag::True:
      out += "true";
      return;
    case Tag::Int:
      json::append_int(out, v.as_int());
      return;
    case Tag::Double:
      json::append_double(out, v.as_double());
      return;
    case Tag::DateTime:
      json::append_string(out, format_datetime(v.as_int()));
      return;
    case Tag::String:
    case Tag::Symbol:
    case Tag::Prefixed: {
      std::string scratch;
      json::append_string(out, v.as_string(syms, scratch));
      return;
    }
    case Tag::Array: {
      out.push_back('[');
      bool first = true;
      for (auto it = v.iter(); !it.done(); it.next()) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, it.value(), syms, sorted);
      }
      out.push_back(']');
      return;
    }
    case Tag::Object: {
      out.push_back('{');
      if (sorted) {
        std::vector<std::pair<std::string_view, DocView>> members;
        for (auto it = v.iter(); !it.done(); it.next())
          members.emplace_back(syms.name(it.key()), it.value());
        std::sort(members.begin(), members.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t i = 0; i < members.size(); ++i) {
          if (i) out.push_back(',');
          json::append_string(out, members[i].first);
          out.push_back(':');
          append_json(out, members[i].second, syms, sorted);
        }
      } else {
        bool first = true;
        for (auto it = v.iter(); !it.done(); it.next()) {
          if (!first) out.push_back(',');
          first = false;
          json::append_string(out, syms.name(it.key()));
          out.push_back(':');
          append_json(out, it.value(), syms, sorted);
        }
      }
      out.push_back('}');
      return;
    }
  }
}

std::string to_json(DocView v, const Symbols& syms, bool sorted) {
  std::string out;
  append_json(out, v, syms, sorted);
  return out;
}

void encode_json(DocWriter& w, const simdjson::dom::element& e, Symbols& syms,
                 StringEncoder* strings, Sym key) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::NULL_VALUE:
      w.null();
      return;
    case element_type::BOOL:
      w.boolean(bool(e.get_bool().value_unsafe()));
      return;
    case element_type::INT64:
      w.integer(e.get_int64().value_unsafe());
      return;
    case element_type::UINT64:
      w.number(double(e.get_uint64().value_unsafe()));
      return;
    case element_type::DOUBLE:
      w.number(e.get_double().value_unsafe());
      return;
    case element_type::STRING:
      w.string(e.get_string().value_unsafe());
      return;
    case element_type::ARRAY: {
      simdjson::dom::array arr;
      if (e.get(arr)) return;
      size_t mark = w.open_array();
      for (auto child : arr) encode_json(w, child, syms, strings, key);
      w.close(mark);
      return;
    }
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      if (e.get(obj)) return;
      size_t mark = w.open_object();
      for (auto field : obj) {
        Sym k = strings ? strings->key(field.key) : syms.intern(field.key);
        w.key(k);
        encode_json(w, field.value, syms, strings, k);
      }
      w.close(mark);
      return;
    }
  }
}

Result<std::vector<uint8_t>> encode_json_text(std::string_view text, Symbols& syms) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  auto doc = parser.parse(padded);
  if (doc.error())
    return Error{std::string("invalid JSON: ") + simdjson::error_message(doc.error())};
  Bytes out;
  DocWriter w(out);
  encode_json(w, doc.value_unsafe(), syms);
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

}  // namespace canopy
