// Text output of command streams: Python-style scalars and YAML blocks, as
// the Resoto shell shows results.
#include <cctype>
#include <cstring>

#include "command/stream.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy {

namespace {

void python_repr(std::string& out, const Value& v) {
  if (v.is_string()) {
    out.push_back('\'');
    for (char c : v.str()) {
      if (c == '\'' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('\'');
    return;
  }
  out += python_str(v);
}

bool is_number_text(const std::string& s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])))
      digits = true;
    else if (s[i] == '.' && !dot)
      dot = true;
    else if ((s[i] == 'e' || s[i] == 'E') && digits)
      return true;
    else if (s[i] == '_')
      continue;
    else
      return false;
  }
  return digits;
}

// Whether a string must be quoted to read back as the same string. Called
// for every string of every dumped node, so the cheap tests come first.
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  const unsigned char first = static_cast<unsigned char>(s[0]);
  if (s.size() <= 5) {  // yes, no, on, off, true, false, null, ~, .inf, .nan, …
    char l[6] = {};
    for (size_t i = 0; i < s.size(); ++i)
      l[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    static const char* const kWords[] = {"yes",  "no", "on",   "off",   "true", "false",
                                         "null", "~",  ".inf", "-.inf", ".nan"};
    for (const char* w : kWords)
      if (std::strcmp(l, w) == 0) return true;
  }
  if ((std::isdigit(first) || first == '-' || first == '+' || first == '.') && is_number_text(s))
    return true;
  if (std::isdigit(first) && s.size() >= 8 && parse_datetime(s)) return true;
  if (std::string_view("-*&!%@`{['\"#|>?:,]}").find(s[0]) != std::string_view::npos) {
    // "-", ":" and "?" only start an indicator when followed by a blank (or alone).
    bool indicator_only_with_blank = s[0] == '-' || s[0] == ':' || s[0] == '?';
    if (!indicator_only_with_blank || s.size() == 1 || s[1] == ' ') return true;
  }
  if (s.back() == ':' || s.front() == ' ' || s.back() == ' ') return true;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20) return true;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') return true;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
  }
  return false;
}

void yaml_scalar(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::Null:
      out += "null";
      return;
    case Value::Type::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Type::Int:
      json::append_int(out, v.as_int());
      return;
    case Value::Type::Double: {
      std::string d;
      json::append_double(d, v.as_double());
      // PyYAML writes exponents with a fraction: 1.0e-05.
      size_t e = d.find('e');
      if (e != std::string::npos && d.find('.') == std::string::npos) d.insert(e, ".0");
      out += d;
      return;
    }
    case Value::Type::String: {
      const std::string& s = v.str();
      if (!needs_quotes(s)) {
        out += s;
        return;
      }
      out.push_back('\'');
      for (char c : s) {
        if (c == '\'') out.push_back('\'');
        if (c == '\n') {
          out += "\n\n";
          continue;
        }
        out.push_back(c);
      }
      out.push_back('\'');
      return;
    }
    case Value::Type::Array:
      out += "[]";
      return;  // only empty ones reach here
    case Value::Type::Object:
      out += "{}";
      return;  // only empty ones reach here
  }
}

bool is_block(const Value& v) {
  return (v.is_object() && !v.members().empty()) || (v.is_array() && !v.items().empty());
}

void yaml_value(std::string& out, const Value& v, int indent);

void yaml_key(std::string& out, const std::string& key) {
  yaml_scalar(out, Value::string(key));
  out.push_back(':');
}

bool is_node(const Value& v) {
  return v.is_object() && v.get("id") && v.get("reported");
}

// `skip_internal`: the mapping is a node document, whose internal keys are not shown.
void yaml_mapping(std::string& out, const Value& v, int indent, bool first_inline,
                  bool skip_internal = false) {
  bool first = true;
  for (const auto& [key, item] : v.members()) {
    if (skip_internal && (key == "type" || key == "revision" || key == "kinds")) continue;
    if (!(first && first_inline)) out.append(size_t(indent), ' ');
    first = false;
    yaml_key(out, key);
    if (item.is_object() && !item.members().empty()) {
      out.push_back('\n');
      yaml_mapping(out, item, indent + 2, false);
    } else if (item.is_array() && !item.items().empty()) {
      out.push_back('\n');
      yaml_value(out, item, indent);  // sequences in a mapping are not indented
    } else {
      out.push_back(' ');
      yaml_scalar(out, item);
      out.push_back('\n');
    }
  }
}

void yaml_sequence(std::string& out, const Value& v, int indent) {
  for (const Value& item : v.items()) {
    out.append(size_t(indent), ' ');
    out += "- ";
    if (item.is_object() && !item.members().empty()) {
      yaml_mapping(out, item, indent + 2, true);
    } else if (item.is_array() && !item.items().empty()) {
      out.push_back('\n');
      yaml_sequence(out, item, indent + 2);
    } else {
      yaml_scalar(out, item);
      out.push_back('\n');
    }
  }
}

void yaml_value(std::string& out, const Value& v, int indent) {
  if (v.is_object() && !v.members().empty())
    yaml_mapping(out, v, indent, false);
  else if (v.is_array() && !v.items().empty())
    yaml_sequence(out, v, indent);
  else {
    yaml_scalar(out, v);
    out.push_back('\n');
  }
}

}  // namespace

std::string python_str(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null:
      return "None";
    case Value::Type::Bool:
      return v.as_bool() ? "True" : "False";
    case Value::Type::String:
      return v.str();
    case Value::Type::Int:
    case Value::Type::Double:
      return v.json();
    case Value::Type::Array: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ", ";
        python_repr(out, v.items()[i]);
      }
      return out + "]";
    }
    case Value::Type::Object: {
      std::string out = "{";
      for (size_t i = 0; i < v.members().size(); ++i) {
        if (i) out += ", ";
        python_repr(out, Value::string(v.members()[i].first));
        out += ": ";
        python_repr(out, v.members()[i].second);
      }
      return out + "}";
    }
  }
  return "";
}

std::string yaml_block(const Value& v) {
  std::string out;
  yaml_value(out, v, 0);
  return out;
}

void append_text(std::string& out, const Element& e, bool first) {
  if (e.is_text) {
    out += e.text;
    out.push_back('\n');
    return;
  }
  if (!is_block(e.value)) {
    out += python_str(e.value);
    out.push_back('\n');
    return;
  }
  if (!first) out += "---\n";
  if (is_node(e.value))
    yaml_mapping(out, e.value, 0, false, true);
  else
    out += yaml_block(e.value);
  out.push_back('\n');
}

std::unique_ptr<Stream> text_lines(const std::string& text) {
  std::vector<Element> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(Element::of_text(text.substr(start, end - start)));
    start = end + 1;
  }
  return std::make_unique<VectorStream>(std::move(lines));
}

}  // namespace canopy
