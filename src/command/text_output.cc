// Text output of command streams: Python-style scalars and YAML blocks, as
// the Resoto shell shows results.
#include <cctype>
#include <cstring>
#include <optional>
#include <span>

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

bool is_number_text(std::string_view s) {
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
bool needs_quotes(std::string_view s) {
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

void yaml_string(std::string& out, std::string_view s) {
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
}

void yaml_double(std::string& out, double v) {
  size_t at = out.size();
  json::append_double(out, v);
  // PyYAML writes exponents with a fraction: 1.0e-05.
  size_t e = out.find('e', at);
  if (e != std::string::npos && out.find('.', at) == std::string::npos) out.insert(e, ".0");
}

// The YAML emitter reads trees through an adapter, so that owned values and
// encoded documents are written by the same code.
struct ValueTree {
  using Node = Value;
  bool is_map(const Value& v) const { return v.is_object() && !v.members().empty(); }
  bool is_seq(const Value& v) const { return v.is_array() && !v.items().empty(); }
  template <typename F>
  void members(const Value& v, F&& f) const {
    for (const auto& [k, x] : v.members()) f(std::string_view(k), x);
  }
  template <typename F>
  void items(const Value& v, F&& f) const {
    for (const auto& x : v.items()) f(x);
  }
  void scalar(std::string& out, const Value& v) const {
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
      case Value::Type::Double:
        yaml_double(out, v.as_double());
        return;
      case Value::Type::String:
        yaml_string(out, v.str());
        return;
      case Value::Type::Array:
        out += "[]";
        return;  // only empty ones reach here
      case Value::Type::Object:
        out += "{}";
        return;  // only empty ones reach here
    }
  }
};

struct DocTree {
  using Node = DocView;
  const Symbols& syms;
  bool is_map(const DocView& v) const { return v.is_object() && !v.iter().done(); }
  bool is_seq(const DocView& v) const { return v.is_array() && !v.iter().done(); }
  template <typename F>
  void members(const DocView& v, F&& f) const {
    for (auto it = v.iter(); !it.done(); it.next()) f(syms.name(it.key()), it.value());
  }
  template <typename F>
  void items(const DocView& v, F&& f) const {
    for (auto it = v.iter(); !it.done(); it.next()) f(it.value());
  }
  void scalar(std::string& out, const DocView& v) const {
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
        yaml_double(out, v.as_double());
        return;
      case Tag::DateTime:
        yaml_string(out, format_datetime(v.as_int()));
        return;
      case Tag::Array:
        out += "[]";
        return;
      case Tag::Object:
        out += "{}";
        return;
      default: {
        std::string scratch;
        yaml_string(out, v.as_string(syms, scratch));
      }
    }
  }
};

template <typename T>
void yaml_sequence(std::string& out, const T& t, const typename T::Node& v, int indent);

// `skip_internal`: the mapping is a node document, whose internal keys are not shown.
template <typename T>
void yaml_mapping(std::string& out, const T& t, const typename T::Node& v, int indent,
                  bool first_inline, bool skip_internal = false) {
  bool first = true;
  t.members(v, [&](std::string_view key, const typename T::Node& item) {
    if (skip_internal && (key == "type" || key == "revision" || key == "kinds")) return;
    if (!(first && first_inline)) out.append(size_t(indent), ' ');
    first = false;
    yaml_string(out, key);
    out.push_back(':');
    if (t.is_map(item)) {
      out.push_back('\n');
      yaml_mapping(out, t, item, indent + 2, false);
    } else if (t.is_seq(item)) {
      out.push_back('\n');
      yaml_sequence(out, t, item, indent);  // sequences in a mapping are not indented
    } else {
      out.push_back(' ');
      t.scalar(out, item);
      out.push_back('\n');
    }
  });
}

template <typename T>
void yaml_sequence(std::string& out, const T& t, const typename T::Node& v, int indent) {
  t.items(v, [&](const typename T::Node& item) {
    out.append(size_t(indent), ' ');
    out += "- ";
    if (t.is_map(item)) {
      yaml_mapping(out, t, item, indent + 2, true);
    } else if (t.is_seq(item)) {
      out.push_back('\n');
      yaml_sequence(out, t, item, indent + 2);
    } else {
      t.scalar(out, item);
      out.push_back('\n');
    }
  });
}

template <typename T>
void yaml_value(std::string& out, const T& t, const typename T::Node& v, int indent) {
  if (t.is_map(v)) {
    yaml_mapping(out, t, v, indent, false);
  } else if (t.is_seq(v)) {
    yaml_sequence(out, t, v, indent);
  } else {
    t.scalar(out, v);
    out.push_back('\n');
  }
}

bool is_block(const Value& v) {
  return ValueTree().is_map(v) || ValueTree().is_seq(v);
}

bool is_node(const Value& v) {
  return v.is_object() && v.get("id") && v.get("reported");
}

// A node straight from its document, as render() + the Value emitter would
// write it (for nodes without merges or tags).
void node_yaml(std::string& out, const query::Reader& r, uint32_t node, int64_t now) {
  const Graph& g = r.graph();
  const Symbols& syms = r.syms();
  DocTree t{syms};
  out += "id: ";
  yaml_string(out, g.id(node));
  out.push_back('\n');
  DocView doc = g.doc(node);
  static const std::pair<const char*, const char*> kReportedAges[] = {
      {"ctime", "age"}, {"mtime", "last_update"}, {"atime", "last_access"}};
  static const std::pair<const char*, const char*> kMetadataAges[] = {
      {"exported_at", "exported_age"}};
  for (const char* section : {"reported", "security", "desired", "metadata"}) {
    DocView s = doc.get(syms.find(section));
    if (!t.is_map(s)) continue;
    out += section;
    out += ":\n";
    yaml_mapping(out, t, s, 2, false);
    bool reported = std::strcmp(section, "reported") == 0;
    bool metadata = std::strcmp(section, "metadata") == 0;
    if (!reported && !metadata) continue;
    std::span<const std::pair<const char*, const char*>> ages =
        reported ? std::span<const std::pair<const char*, const char*>>(kReportedAges)
                 : std::span<const std::pair<const char*, const char*>>(kMetadataAges);
    for (auto [source, name] : ages) {
      DocView v = s.get(syms.find(source));
      std::optional<int64_t> at;
      if (v.valid() && v.tag() == Tag::DateTime)
        at = v.as_int();
      else if (v.is_string()) {
        std::string scratch;
        at = parse_datetime(v.as_string(syms, scratch));
      }
      if (!at) continue;
      out += "  ";
      out += name;
      out += ": ";
      yaml_string(out, format_short_duration(now - *at));
      out.push_back('\n');
    }
  }
  const NodeRec& rec = g.node(node);
  bool any = false;
  for (int i = 0; i < kLocations; ++i) {
    if (rec.refs[i] == kNoNode) continue;
    if (!any) out += "ancestors:\n";
    any = true;
    out += "  ";
    out += kLocationNames[i];
    out += ":\n    reported:\n";
    DocView rep = g.doc(rec.refs[i]).get(syms.find("reported"));
    for (const char* key : {"id", "name"}) {
      out += "      ";
      out += key;
      out += ": ";
      DocView v = rep.get(syms.find(key));
      if (v.valid())
        t.scalar(out, v);
      else
        out += "null";
      out.push_back('\n');
    }
  }
  DocView usage = doc.get(syms.find("usage"));
  if (usage.valid()) {
    out += "usage:";
    if (t.is_map(usage)) {
      out.push_back('\n');
      yaml_mapping(out, t, usage, 2, false);
    } else {
      out.push_back(' ');
      t.scalar(out, usage);
      out.push_back('\n');
    }
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
  yaml_value(out, ValueTree(), v, 0);
  return out;
}

void append_text(std::string& out, const Element& e, bool first) {
  if (e.is_text) {
    out += e.text;
    out.push_back('\n');
    return;
  }
  if (e.node) {  // a search result not rendered yet
    if (!first) out += "---\n";
    node_yaml(out, e.node->reader(), e.node_index, e.node->now());
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
    yaml_mapping(out, ValueTree(), e.value, 0, false, true);
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
