#include "command/list_format.h"

#include <simdjson.h>

#include <algorithm>

#include "core/time.h"
#include "query/access.h"
#include "query/parser.h"
#include "query/types.h"

namespace canopy {

namespace {

query::Segment seg(std::string name) {
  return query::Segment{std::move(name), false, {}};
}

query::Path path_of(std::initializer_list<const char*> names) {
  query::Path p;
  p.absolute = true;
  for (const char* n : names) p.segments.push_back(seg(n));
  return p;
}

void walk(const Value& v, const std::vector<query::Segment>& segs, size_t i, size_t k, Value& out,
          bool& many) {
  if (i == segs.size()) {
    if (many)
      out.items().push_back(v);
    else
      out = v;
    return;
  }
  const query::Segment& s = segs[i];
  if (k == 0) {
    const Value* next = v.is_object() ? v.get(s.name) : nullptr;
    if (!next) return;
    if (s.indices.empty()) return walk(*next, segs, i + 1, 0, out, many);
    return walk(*next, segs, i, 1, out, many);
  }
  // Index k-1 of segment i applies to v.
  int64_t idx = s.indices[k - 1];
  bool last_index = k == s.indices.size();
  auto step = [&](const Value& e) {
    if (last_index)
      walk(e, segs, i + 1, 0, out, many);
    else
      walk(e, segs, i, k + 1, out, many);
  };
  if (!v.is_array()) return;
  if (idx == query::Segment::kAll) {
    if (!many) {
      many = true;
      out = Value::array();
    }
    for (const Value& e : v.items()) step(e);
  } else if (idx >= 0 && size_t(idx) < v.items().size()) {
    step(v.items()[size_t(idx)]);
  }
}

// A value as `list` shows it after `name=`.
void append_cell(std::string& out, const std::string& name, const Value& v, bool& first) {
  if (v.is_null()) return;
  if (v.is_object()) {  // flattened: key=value pairs, keys sorted
    auto members = v.members();
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [k, item] : members) append_cell(out, k, item, first);
    return;
  }
  if (!first) out += ", ";
  first = false;
  out += name + "=";
  if (v.is_array()) {
    out.push_back('[');
    for (size_t i = 0; i < v.items().size(); ++i) {
      if (i) out += ", ";
      out += python_str(v.items()[i]);
    }
    out.push_back(']');
  } else if (v.type() == Value::Type::Bool) {
    out += v.as_bool() ? "true" : "false";
  } else {
    out += python_str(v);
  }
}

struct Column {
  std::string name;
  query::Path path;
};

// Predicates of the query (outside contexts), in order.
void predicate_paths(const query::Term& t, std::vector<query::Path>& out) {
  if (t.type == query::Term::Type::Predicate) out.push_back(t.path);
  if (t.type == query::Term::Type::Context) return;
  if (t.left) predicate_paths(*t.left, out);
  if (t.right) predicate_paths(*t.right, out);
}

bool is_location(const std::string& n) {
  return n == "cloud" || n == "account" || n == "region" || n == "zone";
}

std::vector<Column> default_columns(const ListContext& ctx) {
  std::vector<Column> cols;
  // Edges name their ends by node id: show it when there are edges.
  if (ctx.with_edges) cols.push_back({"node_id", path_of({"id"})});
  for (const char* p : {"kind", "id", "name"}) cols.push_back({p, path_of({"reported", p})});
  std::vector<query::Path> extra;
  for (const auto& p : ctx.query.parts) predicate_paths(*p.term, extra);
  if (!ctx.query.parts.empty())
    for (const auto& k : ctx.query.parts.back().sort) extra.push_back(k.path);
  for (query::Path p : extra) {
    if (p.segments.empty()) continue;
    if (!p.absolute) {
      if (is_location(p.segments[0].name) || p.segments[0].name == "usage") continue;
      if (!ctx.section.empty()) p.segments.insert(p.segments.begin(), seg(ctx.section));
      p.absolute = true;
    }
    if (p.segments.size() == 4 && p.segments[0].name == "ancestors" && p.segments[3].name == "id")
      continue;
    bool shown =
        std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.path == p; });
    if (!shown) cols.push_back(Column{p.segments.back().name, p});
  }
  for (const char* s : {"age", "last_update"}) cols.push_back(Column{s, path_of({"reported", s})});
  for (const char* l : {"cloud", "account", "region", "zone"})
    cols.push_back(Column{l, path_of({"ancestors", l, "reported", "name"})});
  return cols;
}

Result<std::vector<Column>> user_columns(const std::string& args, const ListContext& ctx) {
  std::vector<Column> cols;
  size_t start = 0;
  while (start <= args.size()) {
    size_t comma = args.find(',', start);
    if (comma == std::string::npos) comma = args.size();
    std::string item = args.substr(start, comma - start);
    start = comma + 1;
    size_t as = item.find(" as ");
    std::string name;
    if (as != std::string::npos) {
      name = item.substr(as + 4);
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      item = item.substr(0, as);
    }
    auto p = parse_path(item);
    if (!p) return p.status();
    query::Path path = std::move(p.value());
    if (!path.absolute && ctx.from_search && !ctx.section.empty())
      path.segments.insert(path.segments.begin(), seg(ctx.section));
    path.absolute = true;
    if (name.empty()) name = path.segments.back().name;
    std::string unique = name;
    for (int n = 1;
         std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.name == unique; });
         ++n)
      unique = name + "_" + std::to_string(n);
    cols.push_back(Column{unique, std::move(path)});
  }
  return cols;
}

bool is_edge(const Value& v) {
  return v.is_object() && v.get("from") && v.get("to") && !v.get("reported");
}

// An edge as `list` shows it: `FROM -> TO: EDGE_TYPE`.
std::string edge_line(const Value& v) {
  const Value* type = v.get("edge_type");
  return python_str(*v.get("from")) + " -> " + python_str(*v.get("to")) + ": " +
         (type ? python_str(*type) : "default");
}

class ListStream : public Stream {
 public:
  ListStream(std::unique_ptr<Stream> in, std::vector<Column> cols)
      : in_(std::move(in)), cols_(std::move(cols)) {}
  Result<bool> next(Element& out) override {
    Element e;
    auto more = in_->next(e);
    if (!more || !*more) return more;
    if (e.is_text) {
      out = std::move(e);
      return true;
    }
    const Value& v = e.value;
    if (is_edge(v)) {
      out = Element::of_text(edge_line(v));
      return true;
    }
    if (!v.is_object() || !v.get("id") || !v.get("reported")) {
      out = v.is_object() ? std::move(e) : Element::of_text(python_str(v));
      return true;
    }
    std::string line;
    bool first = true;
    for (const Column& c : cols_) append_cell(line, c.name, value_of(v, c.path), first);
    out = Element::of_text(std::move(line));
    return true;
  }

 private:
  std::unique_ptr<Stream> in_;
  std::vector<Column> cols_;
};

// CSV cell: strings quoted, numbers bare, booleans True/False, absent "".
std::string csv_cell(const Value& v) {
  auto quoted = [](const std::string& t) {
    std::string out = "\"";
    for (char c : t) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    return out + "\"";
  };
  switch (v.type()) {
    case Value::Type::Null:
      return "\"\"";
    case Value::Type::Bool:
    case Value::Type::Int:
    case Value::Type::Double:
      return python_str(v);
    default:
      return quoted(python_str(v));
  }
}

// Markdown cell: null, true/false, [a, b], ('k', v) pairs.
std::string markdown_cell(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null:
      return "null";
    case Value::Type::Bool:
      return v.as_bool() ? "true" : "false";
    case Value::Type::Array: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i)
        out += (i ? ", " : "") + python_str(v.items()[i]);
      return out + "]";
    }
    case Value::Type::Object: {
      std::string out;
      for (size_t i = 0; i < v.members().size(); ++i) {
        const auto& [k, item] = v.members()[i];
        out += (i ? ", ('" : "('") + k + "', " + markdown_cell(item) + ")";
      }
      return out;
    }
    default:
      return python_str(v);
  }
}

bool is_node(const Value& v) {
  return v.is_object() && v.get("id") && v.get("reported");
}

// `list --csv`: a header, then one line per node; other elements are skipped.
class CsvStream : public Stream {
 public:
  CsvStream(std::unique_ptr<Stream> in, std::vector<Column> cols)
      : in_(std::move(in)), cols_(std::move(cols)) {}
  Result<bool> next(Element& out) override {
    if (!header_done_) {
      header_done_ = true;
      std::string line;
      for (size_t i = 0; i < cols_.size(); ++i)
        line += (i ? "," : "") + csv_cell(Value::string(cols_[i].name));
      out = Element::of_text(std::move(line));
      return true;
    }
    Element e;
    while (true) {
      auto more = in_->next(e);
      if (!more || !*more) return more;
      if (!e.is_text && is_node(e.value)) break;
    }
    std::string line;
    for (size_t i = 0; i < cols_.size(); ++i)
      line += (i ? "," : "") + csv_cell(value_of(e.value, cols_[i].path));
    out = Element::of_text(std::move(line));
    return true;
  }

 private:
  std::unique_ptr<Stream> in_;
  std::vector<Column> cols_;
  bool header_done_ = false;
};

// `list --markdown`: a table per block of 500 nodes, cells padded to the
// widest value of the block.
class MarkdownStream : public Stream {
 public:
  MarkdownStream(std::unique_ptr<Stream> in, std::vector<Column> cols)
      : in_(std::move(in)), cols_(std::move(cols)) {}
  Result<bool> next(Element& out) override {
    if (lines_.empty() && !done_) {
      std::vector<std::vector<std::string>> rows;
      Element e;
      while (rows.size() < 500) {
        auto more = in_->next(e);
        if (!more) return more.status();
        if (!*more) {
          done_ = true;
          break;
        }
        if (e.is_text || !is_node(e.value)) continue;
        std::vector<std::string> row;
        for (const Column& c : cols_) row.push_back(markdown_cell(value_of(e.value, c.path)));
        rows.push_back(std::move(row));
      }
      if (!rows.empty() || first_) emit(rows);
      first_ = false;
    }
    if (lines_.empty()) return false;
    out = Element::of_text(std::move(lines_.front()));
    lines_.erase(lines_.begin());
    return true;
  }

 private:
  void emit(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const Column& c : cols_) width.push_back(c.name.size());
    for (const auto& r : rows)
      for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    auto line = [&](auto cell) {
      std::string out = "|";
      for (size_t i = 0; i < cols_.size(); ++i) {
        std::string t = cell(i);
        out += t + std::string(width[i] - std::min(width[i], t.size()), ' ') + "|";
      }
      return out;
    };
    lines_.push_back(line([&](size_t i) { return cols_[i].name; }));
    lines_.push_back(line([&](size_t i) { return std::string(width[i], '-'); }));
    for (const auto& r : rows) lines_.push_back(line([&](size_t i) { return r[i]; }));
  }

  std::unique_ptr<Stream> in_;
  std::vector<Column> cols_;
  std::vector<std::string> lines_;
  bool done_ = false, first_ = true;
};

// `list` over search results: columns read from the graph, nothing rendered.
class NodeListStream : public Stream {
 public:
  NodeListStream(std::unique_ptr<Stream> in, NodeRows& rows, const std::vector<Column>& cols)
      : in_(std::move(in)), rows_(rows) {
    const query::Reader& r = rows_.reader();
    for (const Column& c : cols) {
      Compiled cc;
      cc.name = c.name;
      const auto& s = c.path.segments;
      // Synthetic ages are computed from their source datetime.
      static const std::pair<const char*, const char*> kAges[] = {
          {"age", "ctime"}, {"last_update", "mtime"}, {"last_access", "atime"}};
      query::Path p = c.path;
      if (s.size() == 2 && s[0].name == "reported" && s[1].indices.empty())
        for (auto [age, source] : kAges)
          if (s[1].name == age) cc.age = true, p.segments[1].name = source;
      cc.ops = r.compile(p);
      cols_.push_back(std::move(cc));
    }
  }
  Result<bool> next(Element& out) override {
    const query::Row* row = rows_.next_row();
    if (!row) return after_rows(out);
    const query::Reader& r = rows_.reader();
    query::Val node = query::Val::of_node(row->node, row->merges.get());
    std::string line;
    bool first = true;
    for (const Compiled& c : cols_) {
      query::Val v = r.get(node, c.ops);
      if (v.is_null()) continue;
      if (c.age) {
        if (v.k != query::Val::K::Doc || v.doc.tag() != Tag::DateTime) continue;
        append_cell(line, c.name,
                    Value::string(format_short_duration(rows_.now() - v.doc.as_int())), first);
      } else {
        append_cell(line, c.name, r.materialize(v), first);
      }
    }
    out = Element::of_text(std::move(line));
    return true;
  }

 private:
  // What the search emits after its rows (the edges of --with-edges).
  Result<bool> after_rows(Element& out) {
    auto more = in_->next(out);
    if (!more || !*more) return more;
    if (!out.is_text && is_edge(out.value)) out = Element::of_text(edge_line(out.value));
    return true;
  }

  struct Compiled {
    std::string name;
    query::PathOps ops;
    bool age = false;
  };
  std::unique_ptr<Stream> in_;  // owns the rows
  NodeRows& rows_;
  std::vector<Compiled> cols_;
};

// A cell of --json-table: objects as `k=v, k2=v2`, arrays as `a, b`.
Value table_cell(const Value& v) {
  if (v.is_object()) {
    std::string out;
    for (const auto& [k, item] : v.members())
      out += (out.empty() ? "" : ", ") + k + "=" + python_str(item);
    return Value::string(out);
  }
  if (v.is_array()) {
    std::string out;
    for (const Value& item : v.items()) out += (out.empty() ? "" : ", ") + python_str(item);
    return Value::string(out);
  }
  return v;
}

// `list --json-table`: a column description, then {"id", "row"} per node.
class JsonTableStream : public Stream {
 public:
  JsonTableStream(std::unique_ptr<Stream> in, std::vector<Column> cols, const Model* model)
      : in_(std::move(in)), cols_(std::move(cols)), model_(model) {}
  Result<bool> next(Element& out) override {
    if (!header_done_) {
      header_done_ = true;
      Value columns = Value::array();
      for (const Column& c : cols_) {
        Value col = Value::object();
        col.set("name", Value::string(c.name));
        col.set("path", Value::string(c.path.str()));
        col.set("kind", Value::string(kind_of(c.path)));
        std::string display;
        for (size_t i = 0, word = 0; i < c.name.size(); ++i) {
          if (c.name[i] == '_') {
            display.push_back(' ');
            word = 0;
            continue;
          }
          display.push_back(word++ == 0 ? char(std::toupper(static_cast<unsigned char>(c.name[i])))
                                        : c.name[i]);
        }
        col.set("display", Value::string(display));
        columns.items().push_back(std::move(col));
      }
      out = Element::of_value(Value::object({{"columns", std::move(columns)}}));
      return true;
    }
    Element e;
    while (true) {
      auto more = in_->next(e);
      if (!more || !*more) return more;
      if (e.is_text || !is_node(e.value)) continue;
      Value row = Value::object();
      for (const Column& c : cols_) {
        Value v = value_of(e.value, c.path);
        if (!v.is_null()) row.set(c.name, table_cell(v));
      }
      out = Element::of_value(Value::object({{"id", *e.value.get("id")}, {"row", std::move(row)}}));
      return true;
    }
  }

 private:
  // The model kind of a column: synthetic properties show their source's.
  std::string kind_of(const query::Path& p) const {
    if (!model_) return "any";
    std::vector<std::string_view> names;
    for (size_t i = 0; i < p.segments.size(); ++i) {
      const std::string& n = p.segments[i].name;
      bool section =
          i == 0 && (n == "reported" || n == "desired" || n == "metadata" || n == "security");
      if (!section) names.push_back(n);
    }
    if (names.size() >= 4 && names[0] == "ancestors") names.erase(names.begin(), names.begin() + 3);
    const Property* prop = nullptr;
    const Kind* k = query::PathTypes(*model_).lookup(names, &prop);
    if (prop && prop->is_synthetic()) {
      const Property* source = model_->top_property(prop->synthetic_from);
      if (source && source->kind) return source->kind->fqn;
    }
    return k ? k->fqn : "any";
  }

  std::unique_ptr<Stream> in_;
  std::vector<Column> cols_;
  const Model* model_;
  bool header_done_ = false;
};

Value from_json(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: {
      Value out = Value::array();
      simdjson::dom::array items = e.get_array().value_unsafe();
      for (auto item : items) out.items().push_back(from_json(item));
      return out;
    }
    case simdjson::dom::element_type::OBJECT: {
      Value out = Value::object();
      simdjson::dom::object fields = e.get_object().value_unsafe();
      for (auto field : fields)
        out.members().emplace_back(std::string(field.key), from_json(field.value));
      return out;
    }
    case simdjson::dom::element_type::INT64:
      return Value::integer(e.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return Value::number(double(e.get_uint64().value_unsafe()));
    case simdjson::dom::element_type::DOUBLE:
      return Value::number(e.get_double().value_unsafe());
    case simdjson::dom::element_type::STRING:
      return Value::string(std::string(e.get_string().value_unsafe()));
    case simdjson::dom::element_type::BOOL:
      return Value::boolean(e.get_bool().value_unsafe());
    case simdjson::dom::element_type::NULL_VALUE:
      return Value();
  }
  return Value();
}

}  // namespace

Result<query::Path> parse_path(std::string_view text) {
  auto q = query::parse_query("all sort " + std::string(text));
  if (!q || q->parts.size() != 1 || q->parts[0].sort.size() != 1 || q->parts[0].sort[0].desc)
    return Error{"'" + std::string(text) + "' is not a property path"};
  return q->parts[0].sort[0].path;
}

Value value_of(const Value& v, const query::Path& p) {
  Value out;
  bool many = false;
  walk(v, p.segments, 0, 0, out, many);
  return out;
}

Result<Value> parse_json(std::string_view text) {
  if (text.empty()) return Error{"expected a JSON value"};
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element e;
  if (auto err = parser.parse(padded).get(e); err)
    return Error{std::string("invalid JSON: ") + simdjson::error_message(err)};
  return from_json(e);
}

Result<std::unique_ptr<Stream>> make_list(std::unique_ptr<Stream> in, const std::string& args,
                                          const ListContext& ctx) {
  std::string rest = args, mode;
  while (rest.rfind("--", 0) == 0) {
    std::string opt = rest.substr(0, rest.find(' '));
    if (opt != "--csv" && opt != "--markdown" && opt != "--json-table")
      return Error{"unknown option " + opt};
    if (!mode.empty()) return Error{"only one of --csv, --markdown and --json-table can be given"};
    mode = opt;
    rest = rest.size() > opt.size() ? rest.substr(opt.size() + 1) : std::string();
    rest.erase(0, rest.find_first_not_of(' '));
  }
  std::vector<Column> cols;
  if (rest.empty()) {
    cols = default_columns(ctx);
  } else {
    auto c = user_columns(rest, ctx);
    if (!c) return c.status();
    cols = std::move(c.value());
  }
  if (mode == "--csv")
    return std::unique_ptr<Stream>(new CsvStream(std::move(in), std::move(cols)));
  if (mode == "--markdown")
    return std::unique_ptr<Stream>(new MarkdownStream(std::move(in), std::move(cols)));
  if (mode == "--json-table")
    return std::unique_ptr<Stream>(new JsonTableStream(std::move(in), std::move(cols), ctx.model));
  if (NodeRows* rows = in->node_rows())
    return std::unique_ptr<Stream>(new NodeListStream(std::move(in), *rows, cols));
  return std::unique_ptr<Stream>(new ListStream(std::move(in), std::move(cols)));
}

}  // namespace canopy
