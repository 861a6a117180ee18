#include "command/flows.h"

// libjq's headers have no C++ linkage guards.
extern "C" {
#include <jq.h>
}

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <mutex>
#include <set>

#include "command/graph_formats.h"
#include "command/list_format.h"

namespace canopy {

namespace {

// Elements mapped one by one; `fn` may turn one element into none or many.
template <typename F>
class MapStream : public Stream {
 public:
  MapStream(std::unique_ptr<Stream> in, F fn) : in_(std::move(in)), fn_(std::move(fn)) {}
  Result<bool> next(Element& out) override {
    while (pending_.empty()) {
      if (done_) return false;
      Element e;
      auto more = in_->next(e);
      if (!more) return more.status();
      if (!*more) {
        done_ = true;
        if (Status st = fn_(nullptr, pending_); !st) return st;
        continue;
      }
      if (Status st = fn_(&e, pending_); !st) return st;
    }
    out = std::move(pending_.front());
    pending_.erase(pending_.begin());
    return true;
  }

 private:
  std::unique_ptr<Stream> in_;
  F fn_;
  std::vector<Element> pending_;
  bool done_ = false;
};

template <typename F>
std::unique_ptr<Stream> map_stream(std::unique_ptr<Stream> in, F fn) {
  return std::make_unique<MapStream<F>>(std::move(in), std::move(fn));
}

Value element_value(const Element& e) {
  return e.is_text ? Value::string(e.text) : e.value;
}

// A value in a format template.
std::string template_text(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null:
      return "null";
    case Value::Type::Bool:
      return v.as_bool() ? "true" : "false";
    case Value::Type::Object:
      return v.dumps();
    case Value::Type::Array: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i)
        out += (i ? ", '" : "'") + template_text(v.items()[i]) + "'";
      return out + "]";
    }
    default:
      return python_str(v);
  }
}

Result<query::Path> section_path(const std::string& text, const std::string& section) {
  auto p = parse_path(text);
  if (!p) return p.status();
  if (!p->absolute && !section.empty())
    p->segments.insert(p->segments.begin(), {section, false, {}});
  p->absolute = true;
  return p;
}

// A format template: literal text and paths.
struct Piece {
  std::string text;
  std::optional<query::Path> path;
  bool whole = false;
};

Result<std::vector<Piece>> parse_template(const std::string& t, const std::string& section) {
  std::vector<Piece> out;
  std::string text;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.compare(i, 2, "{{") == 0 || t.compare(i, 2, "}}") == 0) {
      text.push_back(t[i]);
      ++i;
      continue;
    }
    if (t[i] != '{') {
      text.push_back(t[i]);
      continue;
    }
    size_t close = t.find('}', i);
    if (close == std::string::npos) return Error{"unclosed { in the template"};
    std::string p = t.substr(i + 1, close - i - 1);
    if (p.find("__") != std::string::npos) return Error{"paths with __ are not allowed: " + p};
    out.push_back(Piece{text, std::nullopt, false});
    text.clear();
    if (p == "." || p == "/") {
      out.push_back(Piece{"", std::nullopt, true});
    } else {
      auto path = section_path(p, section);
      if (!path) return path.status();
      out.push_back(Piece{"", std::move(path.value()), false});
    }
    i = close;
  }
  out.push_back(Piece{text, std::nullopt, false});
  return out;
}

std::string pretty_json(const Value& v, int indent) {
  std::string pad(size_t(indent + 2), ' '), end_pad(size_t(indent), ' ');
  if (v.is_object() && !v.members().empty()) {
    std::string out = "{\n";
    for (size_t i = 0; i < v.members().size(); ++i) {
      out += pad + Value::string(v.members()[i].first).json() + ": " +
             pretty_json(v.members()[i].second, indent + 2);
      out += i + 1 < v.members().size() ? ",\n" : "\n";
    }
    return out + end_pad + "}";
  }
  if (v.is_array() && !v.items().empty()) {
    std::string out = "[\n";
    for (size_t i = 0; i < v.items().size(); ++i) {
      out += pad + pretty_json(v.items()[i], indent + 2);
      out += i + 1 < v.items().size() ? ",\n" : "\n";
    }
    return out + end_pad + "]";
  }
  return v.json();
}

// Rewrites the paths of a jq program before its first `|` into the section.
std::string rewrite_jq(const std::string& program, const std::string& section) {
  if (section.empty()) return program;
  size_t bar = program.find('|');
  std::string head = program.substr(0, bar), out;
  for (size_t i = 0; i < head.size(); ++i) {
    char c = head[i];
    char prev = i ? head[i - 1] : ' ';
    bool starts_path = c == '.' && i + 1 < head.size() &&
                       (std::isalpha(static_cast<unsigned char>(head[i + 1])) ||
                        head[i + 1] == '_' || head[i + 1] == '/') &&
                       !(std::isalnum(static_cast<unsigned char>(prev)) || prev == '_' ||
                         prev == ']' || prev == ')' || prev == '.' || prev == '"');
    out.push_back(c);
    if (!starts_path) continue;
    if (head[i + 1] == '/')
      ++i;  // absolute: drop the slash
    else
      out += section + ".";
  }
  return bar == std::string::npos ? out : out + program.substr(bar);
}

struct JqProgram {
  jq_state* jq = nullptr;
  std::string errors;
  ~JqProgram() {
    if (jq) jq_teardown(&jq);
  }
};

void collect_error(void* data, jv msg) {
  auto* p = static_cast<JqProgram*>(data);
  jv text = jv_get_kind(msg) == JV_KIND_STRING ? jv_copy(msg) : jv_dump_string(jv_copy(msg), 0);
  if (!p->errors.empty()) p->errors += "; ";
  p->errors += jv_string_value(text);
  jv_free(text);
  jv_free(msg);
}

}  // namespace

Result<std::unique_ptr<Stream>> make_format(std::unique_ptr<Stream> in, const std::string& args,
                                            const std::string& section) {
  if (args.empty()) return in;
  if (args == "--ndjson")
    return map_stream(std::move(in), [](Element* e, std::vector<Element>& out) -> Status {
      if (e) out.push_back(Element::of_text(element_value(*e).json()));
      return Status::ok();
    });
  if (args == "--text" || args == "--yaml") {
    bool yaml = args == "--yaml";
    auto first = std::make_shared<bool>(true);
    return map_stream(std::move(in),
                      [yaml, first](Element* e, std::vector<Element>& out) -> Status {
                        if (!e) return Status::ok();
                        std::string text;
                        if (yaml) {
                          if (!*first) text += "---\n";
                          text += yaml_block(element_value(*e));
                        } else {
                          append_text(text, *e, *first);
                        }
                        *first = false;
                        while (!text.empty() && text.back() == '\n') text.pop_back();
                        out.push_back(Element::of_text(std::move(text)));
                        return Status::ok();
                      });
  }
  if (args == "--json") {
    auto count = std::make_shared<size_t>(0);
    return map_stream(std::move(in), [count](Element* e, std::vector<Element>& out) -> Status {
      if (!e) {
        if (*count == 0) out.push_back(Element::of_text("["));
        out.push_back(Element::of_text("]"));
        return Status::ok();
      }
      out.push_back(Element::of_text(*count == 0 ? "[" : ","));
      out.push_back(Element::of_text(pretty_json(element_value(*e), 0)));
      ++*count;
      return Status::ok();
    });
  }
  if (is_graph_format(args)) return make_graph_format(std::move(in), args);
  if (args.rfind("--", 0) == 0) {
    std::string opt = args.substr(0, args.find(' '));
    if (opt != args && (is_graph_format(opt) || opt == "--json" || opt == "--ndjson" ||
                        opt == "--text" || opt == "--yaml"))
      return Error{"an option cannot be combined with anything else: " + args};
    return Error{"option " + args + " is not supported"};
  }
  auto pieces = parse_template(args, section);
  if (!pieces) return pieces.status();
  return map_stream(
      std::move(in),
      [p = std::move(pieces.value())](Element* e, std::vector<Element>& out) -> Status {
        if (!e) return Status::ok();
        Value v = element_value(*e);
        std::string line;
        for (const Piece& piece : p) {
          line += piece.text;
          if (piece.whole)
            line += template_text(v);
          else if (piece.path)
            line += template_text(value_of(v, *piece.path));
        }
        out.push_back(Element::of_text(std::move(line)));
        return Status::ok();
      });
}

// Values cross into jq and back directly, without JSON text in between.
jv to_jv(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null:
      return jv_null();
    case Value::Type::Bool:
      return v.as_bool() ? jv_true() : jv_false();
    case Value::Type::Int:
    case Value::Type::Double:
      return jv_number(v.as_double());
    case Value::Type::String:
      return jv_string_sized(v.str().data(), int(v.str().size()));
    case Value::Type::Array: {
      jv a = jv_array_sized(int(v.items().size()));
      for (const Value& item : v.items()) a = jv_array_append(a, to_jv(item));
      return a;
    }
    case Value::Type::Object: {
      jv o = jv_object();
      for (const auto& [k, m] : v.members())
        o = jv_object_set(o, jv_string_sized(k.data(), int(k.size())), to_jv(m));
      return o;
    }
  }
  return jv_null();
}

// Takes ownership of `j`.
Value from_jv(jv j) {
  Value out;
  switch (jv_get_kind(j)) {
    case JV_KIND_TRUE:
      out = Value::boolean(true);
      break;
    case JV_KIND_FALSE:
      out = Value::boolean(false);
      break;
    case JV_KIND_NUMBER: {
      double d = jv_number_value(j);
      bool whole = d == double(int64_t(d)) && d > -9.2e18 && d < 9.2e18;
      out = whole ? Value::integer(int64_t(d)) : Value::number(d);
      break;
    }
    case JV_KIND_STRING:
      out = Value::string(
          std::string(jv_string_value(j), size_t(jv_string_length_bytes(jv_copy(j)))));
      break;
    case JV_KIND_ARRAY: {
      std::vector<Value> items;
      int n = jv_array_length(jv_copy(j));
      for (int i = 0; i < n; ++i) items.push_back(from_jv(jv_array_get(jv_copy(j), i)));
      out = Value::array(std::move(items));
      break;
    }
    case JV_KIND_OBJECT: {
      Value::Members members;
      for (int it = jv_object_iter(j); jv_object_iter_valid(j, it);
           it = jv_object_iter_next(j, it)) {
        jv key = jv_object_iter_key(j, it);
        members.emplace_back(jv_string_value(key), from_jv(jv_object_iter_value(j, it)));
        jv_free(key);
      }
      out = Value::object(std::move(members));
      break;
    }
    default:
      break;
  }
  jv_free(j);
  return out;
}

Result<std::unique_ptr<Stream>> make_jq(std::unique_ptr<Stream> in, const std::string& args,
                                        const std::string& section) {
  std::string program = args;
  bool rewrite = true;
  if (program.rfind("--no-rewrite", 0) == 0) {
    rewrite = false;
    program = program.substr(12);
    program.erase(0, program.find_first_not_of(' '));
  }
  if (program.size() >= 2 && (program.front() == '\'' || program.front() == '"') &&
      program.back() == program.front())
    program = program.substr(1, program.size() - 2);
  if (program.empty()) return Error{"jq needs a program, e.g. jq .reported.name"};
  if (rewrite) program = rewrite_jq(program, section);
  auto jq = std::make_shared<JqProgram>();
  jq->jq = jq_init();
  if (!jq->jq) return Error{"jq: cannot initialise"};
  jq_set_error_cb(jq->jq, collect_error, jq.get());
  if (!jq_compile(jq->jq, program.c_str()))
    return Error{"jq program does not compile: " + (jq->errors.empty() ? program : jq->errors)};
  return map_stream(std::move(in), [jq](Element* e, std::vector<Element>& out) -> Status {
    if (!e) return Status::ok();
    jv input = to_jv(element_value(*e));
    std::vector<jv> produced;
    std::string error;
    {
      // libjq 1.6 keeps per-thread state that is not safe across threads
      // (report checks run in parallel): one program runs at a time.
      static std::mutex jq_mu;
      std::lock_guard lock(jq_mu);
      jq_start(jq->jq, input, 0);
      while (true) {
        jv r = jq_next(jq->jq);
        if (jv_is_valid(r)) {
          produced.push_back(r);
          continue;
        }
        if (jv_invalid_has_msg(jv_copy(r))) {
          jv msg = jv_invalid_get_msg(r);
          error = jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "error";
          jv_free(msg);
        } else {
          jv_free(r);
        }
        break;
      }
    }
    std::vector<Value> results;
    for (jv r : produced) results.push_back(from_jv(r));
    if (!error.empty()) return Error{"jq: " + error};
    out.push_back(Element::of_value(results.size() == 1 ? std::move(results[0])
                                                        : Value::array(std::move(results))));
    return Status::ok();
  });
}

Result<std::unique_ptr<Stream>> make_chunk(std::unique_ptr<Stream> in, const std::string& args) {
  int64_t n = 100;
  if (!args.empty()) {
    auto r = std::from_chars(args.data(), args.data() + args.size(), n);
    if (r.ec != std::errc() || r.ptr != args.data() + args.size() || n <= 0)
      return Error{"chunk expects a positive number, got '" + args + "'"};
  }
  auto batch = std::make_shared<Value>(Value::array());
  return map_stream(std::move(in), [n, batch](Element* e, std::vector<Element>& out) -> Status {
    if (e) batch->items().push_back(element_value(*e));
    if ((!e && !batch->items().empty()) || int64_t(batch->items().size()) == n) {
      out.push_back(Element::of_value(std::move(*batch)));
      *batch = Value::array();
    }
    return Status::ok();
  });
}

std::unique_ptr<Stream> make_flatten(std::unique_ptr<Stream> in) {
  return map_stream(std::move(in), [](Element* e, std::vector<Element>& out) -> Status {
    if (!e) return Status::ok();
    if (!e->is_text && e->value.is_array()) {
      for (Value& item : e->value.items()) out.push_back(Element::of_value(std::move(item)));
    } else {
      out.push_back(std::move(*e));
    }
    return Status::ok();
  });
}

std::unique_ptr<Stream> make_uniq(std::unique_ptr<Stream> in) {
  auto seen = std::make_shared<std::set<std::string>>();
  return map_stream(std::move(in), [seen](Element* e, std::vector<Element>& out) -> Status {
    if (!e) return Status::ok();
    Value v = element_value(*e);
    if (v.is_array()) return Error{"uniq can not make arrays uniq: " + v.json()};
    // Objects compare by their JSON with sorted keys, numbers by value.
    std::function<Value(const Value&)> canonical = [&](const Value& x) {
      if (!x.is_object()) return x.is_number() ? Value::number(x.as_double()) : x;
      auto members = x.members();
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& m : members) m.second = canonical(m.second);
      return Value::object(std::move(members));
    };
    if (seen->insert(canonical(v).json()).second) out.push_back(std::move(*e));
    return Status::ok();
  });
}

}  // namespace canopy
