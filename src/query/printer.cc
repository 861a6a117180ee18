// Canonical text of a parsed query. The form follows Resoto's printing
// (strings quoted, `=` as `==`, default edge types spelled out, sorts with
// their direction) so that printed queries read the same in both tools.
#include <cstdio>

#include "query/ast.h"

namespace canopy::query {

bool Path::has_all() const {
  for (const auto& s : segments)
    for (int64_t i : s.indices)
      if (i == Segment::kAll) return true;
  return false;
}

bool Path::has_inner_all() const {
  for (size_t n = 0; n < segments.size(); ++n) {
    const auto& idx = segments[n].indices;
    for (size_t k = 0; k < idx.size(); ++k) {
      bool last = n + 1 == segments.size() && k + 1 == idx.size();
      if (idx[k] == Segment::kAll && !last) return true;
    }
  }
  return false;
}

std::string Path::str() const {
  std::string out = absolute ? "/" : "";
  for (size_t n = 0; n < segments.size(); ++n) {
    if (n) out.push_back('.');
    const Segment& s = segments[n];
    if (s.backticked)
      out += "`" + s.name + "`";
    else
      out += s.name;
    for (int64_t i : s.indices) out += i == Segment::kAll ? "[*]" : "[" + std::to_string(i) + "]";
  }
  return out;
}

const char* op_text(Op op) {
  switch (op) {
    case Op::Eq:
      return "==";
    case Op::Ne:
      return "!=";
    case Op::Lt:
      return "<";
    case Op::Le:
      return "<=";
    case Op::Gt:
      return ">";
    case Op::Ge:
      return ">=";
    case Op::Match:
      return "=~";
    case Op::NotMatch:
      return "!~";
    case Op::In:
      return "in";
    case Op::NotIn:
      return "not in";
  }
  return "?";
}

TermPtr Term::combine(Type and_or, TermPtr l, TermPtr r) {
  auto t = std::make_shared<Term>();
  t->type = and_or;
  t->left = std::move(l);
  t->right = std::move(r);
  return t;
}

namespace {

// A string literal as the parser reads it back: only `"` and `\` escaped.
void append_quoted(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// A literal value in query syntax (JSON with Python's separators).
void append_literal(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::String:
      append_quoted(out, v.str());
      return;
    case Value::Type::Double: {
      std::string d;
      v.append_json(d, true);
      if (d.find('e') != std::string::npos) {  // keep it parseable: no exponents
        char buf[400];
        int n = std::snprintf(buf, sizeof buf, "%.1f", v.as_double());
        d.assign(buf, n > 0 ? size_t(n) : 0);
      }
      out += d;
      return;
    }
    case Value::Type::Array:
      out.push_back('[');
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ", ";
        append_literal(out, v.items()[i]);
      }
      out.push_back(']');
      return;
    case Value::Type::Object:
      out.push_back('{');
      for (size_t i = 0; i < v.members().size(); ++i) {
        if (i) out += ", ";
        append_quoted(out, v.members()[i].first);
        out += ": ";
        append_literal(out, v.members()[i].second);
      }
      out.push_back('}');
      return;
    default:
      v.append_json(out, true);
  }
}

std::string literal(const Value& v) {
  std::string out;
  append_literal(out, v);
  return out;
}

std::string quoted(const std::string& s) {
  std::string out;
  append_quoted(out, s);
  return out;
}

std::string names_text(const std::vector<std::string>& names) {
  if (names.size() == 1) return quoted(names[0]);
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + quoted(names[i]);
  return out + "]";
}

std::string merge_name(const Term::MergeQuery& m) {
  return m.name.str() + (m.list ? "[]" : "");
}

std::string types_text(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) out += (i ? "," : "") + types[i];
  return out;
}

const char* mod_text(ArrayMod m) {
  switch (m) {
    case ArrayMod::All:
      return "all ";
    case ArrayMod::NoneOf:
      return "none ";
    default:
      return "";
  }
}

std::string with_text(const WithClause& w) {
  std::string out = "with(";
  if (w.op == Op::Eq && w.num == 0)
    out += "empty";
  else if (w.op == Op::Gt && w.num == 0)
    out += "any";
  else
    out += std::string("count") + op_text(w.op) + std::to_string(w.num);
  out += ", " + to_string(w.nav);
  if (w.term) out += " " + to_string(*w.term);
  if (w.inner) out += " " + with_text(*w.inner);
  return out + ")";
}

std::string part_text(const Part& p) {
  std::string out;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  };
  if (p.with_usage) {
    std::string u = "with_usage(" + p.with_usage->start;
    if (!p.with_usage->end.empty()) u += "::" + p.with_usage->end;
    u += ", [";
    for (size_t i = 0; i < p.with_usage->metrics.size(); ++i)
      u += (i ? ", " : "") + p.with_usage->metrics[i];
    add(u + "])");
  }
  add(p.term ? to_string(*p.term) : "all");
  if (p.with) add(with_text(*p.with));
  if (!p.tag.empty()) add("#" + p.tag);
  if (!p.sort.empty()) {
    std::string s = "sort ";
    for (size_t i = 0; i < p.sort.size(); ++i)
      s += (i ? ", " : "") + p.sort[i].path.str() + (p.sort[i].desc ? " desc" : " asc");
    add(s);
  }
  if (p.limit) {
    add("limit " + (p.limit->offset ? std::to_string(p.limit->offset) + ", " : std::string()) +
        std::to_string(p.limit->length));
  }
  if (p.reversed) add("reversed");
  if (p.nav) add(to_string(*p.nav));
  return out;
}

}  // namespace

std::string to_string(const Navigation& n) {
  std::string range;
  // Between inbound and outbound types the range is always written, to
  // separate them.
  bool both = n.dir == Direction::Any && !n.out_types.empty();
  if (both) {
    range = "[" + std::to_string(n.start) + ":" +
            (n.until == kMaxDepth ? std::string() : std::to_string(n.until)) + "]";
  } else if (n.start != 1 || n.until != 1) {
    if (n.start == n.until)
      range = "[" + std::to_string(n.start) + "]";
    else
      range = "[" + std::to_string(n.start) + ":" +
              (n.until == kMaxDepth ? std::string() : std::to_string(n.until)) + "]";
  }
  switch (n.dir) {
    case Direction::Out:
      return "-" + types_text(n.types) + range + "->";
    case Direction::In:
      return "<-" + types_text(n.types) + range + "-";
    case Direction::Any:
      return "<-" + types_text(n.types) + range + types_text(n.out_types) + "->";
  }
  return "";
}

std::string to_string(const Term& t) {
  switch (t.type) {
    case Term::Type::All:
      return "all";
    case Term::Type::Is:
      return "is(" + names_text(t.names) + ")";
    case Term::Type::Id:
      return "id(" + names_text(t.names) + ")";
    case Term::Type::Predicate:
      return t.path.str() + " " + mod_text(t.mod) + op_text(t.op) + " " + literal(t.value);
    case Term::Type::Context:
      return t.path.str() + ".{" + to_string(*t.left) + "}";
    case Term::Type::Function: {
      std::string out = t.text + "(" + t.path.str();
      for (const Value& a : t.args) out += ", " + literal(a);
      return out + ")";
    }
    case Term::Type::Not:
      return "not(" + to_string(*t.left) + ")";
    case Term::Type::And:
    case Term::Type::Or:
      return "(" + to_string(*t.left) + (t.type == Term::Type::And ? " and " : " or ") +
             to_string(*t.right) + ")";
    case Term::Type::Fulltext:
      return quoted(t.text);
    case Term::Type::Merge: {
      std::string out = to_string(*t.left) + " {";
      for (size_t i = 0; i < t.merges.size(); ++i)
        out += (i ? ", " : "") + merge_name(t.merges[i]) + ": " + to_string(*t.merges[i].query);
      out += "}";
      if (t.right) out += " " + to_string(*t.right);
      return out;
    }
  }
  return "";
}

std::string to_string(const Aggregate& a) {
  std::string out = "aggregate(";
  for (size_t i = 0; i < a.group.size(); ++i) {
    const AggregateVar& v = a.group[i];
    if (i) out += ", ";
    if (v.is_combined()) {
      out.push_back('"');
      for (const auto& piece : v.combined)
        out += piece.path ? "{" + piece.path->str() + "}" : piece.text;
      out.push_back('"');
    } else {
      out += v.path.str();
    }
    if (!v.as.empty()) out += " as " + v.as;
  }
  if (!a.group.empty()) out += ": ";
  for (size_t i = 0; i < a.functions.size(); ++i) {
    const AggregateFn& f = a.functions[i];
    if (i) out += ", ";
    out += f.fn + "(" + (f.path ? f.path->str() : std::to_string(f.constant));
    for (const auto& [op, v] : f.ops) out += std::string(" ") + op + " " + literal(v);
    out += ")";
    if (!f.as.empty()) out += " as " + f.as;
  }
  return out + ")";
}

std::string to_string(const Query& q) {
  std::string out;
  if (q.aggregate) out += to_string(*q.aggregate);
  if (!q.preamble.empty()) {
    out += "(";
    for (size_t i = 0; i < q.preamble.size(); ++i)
      out += (i ? ", " : "") + q.preamble[i].first + "=" + literal(q.preamble[i].second);
    out += ")";
  }
  if (!out.empty()) out += ":";
  for (size_t i = 0; i < q.parts.size(); ++i) {
    if (i) out.push_back(' ');
    out += part_text(q.parts[i]);
  }
  return out;
}

}  // namespace canopy::query
