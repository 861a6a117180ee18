#include "query/access.h"

#include "core/doc_json.h"
#include "core/time.h"

namespace canopy::query {

namespace {

int rank(const DocView& d) {
  switch (d.tag()) {
    case Tag::Null:
      return 0;
    case Tag::False:
    case Tag::True:
      return 1;
    case Tag::Int:
    case Tag::Double:
      return 2;
    case Tag::String:
    case Tag::Symbol:
    case Tag::Prefixed:
    case Tag::DateTime:
      return 3;
    case Tag::Array:
      return 4;
    case Tag::Object:
      return 5;
  }
  return 0;
}

int sign(int c) {
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Compares the concatenation a + b with s, bytewise.
int compare_parts(std::string_view a, std::string_view b, std::string_view s) {
  size_t n = std::min(a.size(), s.size());
  if (int c = a.compare(0, n, s.substr(0, n))) return sign(c);
  if (a.size() > s.size()) return 1;
  return sign(b.compare(s.substr(a.size())));
}
}  // namespace

Reader::Reader(const Graph& g)
    : g_(g),
      syms_(g.model().symbols()),
      reported_(syms_.find("reported")),
      id_(syms_.find("id")),
      name_(syms_.find("name")) {}

PathOps Reader::compile(const Path& p, bool drop_last_all) const {
  PathOps ops;
  for (size_t n = 0; n < p.segments.size(); ++n) {
    const Segment& s = p.segments[n];
    PathOp key;
    key.name = s.name;
    key.sym = syms_.find(s.name);
    key.ancestors = s.name == "ancestors";
    for (int i = 0; i < kLocations; ++i)
      if (s.name == kLocationNames[i]) key.location = int8_t(i);
    ops.push_back(std::move(key));
    for (size_t k = 0; k < s.indices.size(); ++k) {
      bool last = n + 1 == p.segments.size() && k + 1 == s.indices.size();
      if (s.indices[k] == Segment::kAll) {
        if (last && drop_last_all) continue;
        PathOp each;
        each.type = PathOp::Type::Each;
        ops.push_back(std::move(each));
      } else {
        PathOp idx;
        idx.type = PathOp::Type::Index;
        idx.index = s.indices[k];
        ops.push_back(std::move(idx));
      }
    }
  }
  return ops;
}

Val Reader::get(const Val& v, const PathOps& ops) const {
  // The most common case: plain keys into a document, or into a node
  // without merges. The document view is kept apart from a Val until the
  // end (a Val copied right after a part of it was written stalls the CPU).
  if ((v.k == Val::K::Doc || (v.k == Val::K::Node && !v.merges)) && !ops.empty() &&
      ops.front().type == PathOp::Type::Key && !(v.k == Val::K::Node && ops.front().ancestors)) {
    DocView d = v.k == Val::K::Doc ? v.doc : g_.doc(v.node);
    size_t i = 0;
    for (; i < ops.size() && ops[i].type == PathOp::Type::Key; ++i) {
      if (ops[i].sym == Symbols::kNone || !d.is_object()) return Val();
      d = d.get(ops[i].sym);
      if (!d.valid()) return Val();
    }
    if (i == ops.size()) return Val::of_doc(d);
    return get_from(Val::of_doc(d), ops, i);
  }
  return get_from(v, ops, 0);
}

Val Reader::get_from(const Val& v, const PathOps& ops, size_t first) const {
  // A loop for the common case; merges and markers go through walk().
  Val cur = v;
  for (size_t i = first; i < ops.size(); ++i) {
    const PathOp& op = ops[i];
    if (op.type == PathOp::Type::Each || (cur.k == Val::K::Node && cur.merges)) {
      Val out;
      walk(cur, ops, i, [&](const Val& leaf) {
        out = leaf;
        return true;
      });
      return out;
    }
    if (op.type == PathOp::Type::Index) {
      cur = index(cur, op.index);
    } else if (cur.k == Val::K::Doc) {
      cur.doc = op.sym != Symbols::kNone && cur.doc.is_object() ? cur.doc.get(op.sym) : DocView();
      if (!cur.doc.valid()) return Val();
    } else {
      cur = key(cur, op);
    }
    if (cur.k == Val::K::Missing) return cur;
  }
  return cur;
}

Val Reader::merged(const MergeValue& m) const {
  switch (m.kind) {
    case MergeValue::Kind::Null:
      return Val();
    case MergeValue::Kind::One:
      return Val::of_node(m.one.node, m.one.merges.get());
    case MergeValue::Kind::List: {
      Val v;
      v.k = Val::K::List;
      v.list = &m.list;
      return v;
    }
    case MergeValue::Kind::Rows:
      return Val::of_value(&m.rows);
  }
  return Val();
}

Val Reader::key(const Val& v, const PathOp& op) const {
  switch (v.k) {
    case Val::K::Doc:
      return op.sym == Symbols::kNone || !v.doc.is_object() ? Val()
                                                            : Val::of_doc(v.doc.get(op.sym));
    case Val::K::Node:
      if (op.ancestors) {
        Val a = v;
        a.k = Val::K::Ancestors;
        return a;
      }
      return op.sym == Symbols::kNone ? Val() : Val::of_doc(g_.doc(v.node).get(op.sym));
    case Val::K::Ancestors: {
      if (op.location < 0) return Val();
      uint32_t ref = g_.node(v.node).refs[op.location];
      if (ref == kNoNode) return Val();
      Val a;
      a.k = Val::K::AncestorLoc;
      a.node = ref;
      return a;
    }
    case Val::K::AncestorLoc:
      if (op.sym != reported_) return Val();
      {
        Val a = v;
        a.k = Val::K::AncestorReported;
        return a;
      }
    case Val::K::AncestorReported:
      if (op.sym != id_ && op.sym != name_) return Val();
      return Val::of_doc(g_.doc(v.node).get(reported_).get(op.sym));
    case Val::K::Lit:
      return v.lit->is_object() ? Val::of_value(v.lit->get(op.name)) : Val();
    default:
      return Val();
  }
}

Val Reader::index(const Val& v, int64_t i) const {
  if (i < 0) return Val();
  Val out;
  int64_t n = 0;
  elements(v, [&](const Val& e) {
    if (n++ == i) out = e;
  });
  return out;
}

Value Reader::materialize(const Val& v) const {
  switch (v.k) {
    case Val::K::Missing:
      return Value();
    case Val::K::Lit:
      return *v.lit;
    case Val::K::Doc: {
      std::string scratch;
      switch (v.doc.tag()) {
        case Tag::Null:
          return Value();
        case Tag::False:
          return Value::boolean(false);
        case Tag::True:
          return Value::boolean(true);
        case Tag::Int:
          return Value::integer(v.doc.as_int());
        case Tag::Double:
          return Value::number(v.doc.as_double());
        case Tag::DateTime:
          return Value::string(format_datetime(v.doc.as_int()));
        case Tag::String:
        case Tag::Symbol:
        case Tag::Prefixed:
          return Value::string(std::string(v.doc.as_string(syms_, scratch)));
        case Tag::Array: {
          std::vector<Value> items;
          items.reserve(v.doc.count());
          for (auto it = v.doc.iter(); !it.done(); it.next())
            items.push_back(materialize(Val::of_doc(it.value())));
          return Value::array(std::move(items));
        }
        case Tag::Object: {
          Value out = Value::object();
          out.members().reserve(v.doc.count() + 3);  // room for synthetic properties
          for (auto it = v.doc.iter(); !it.done(); it.next())
            out.members().emplace_back(std::string(syms_.name(it.key())),
                                       materialize(Val::of_doc(it.value())));
          return out;
        }
      }
      return Value();
    }
    case Val::K::List: {
      std::vector<Value> items;
      elements(v, [&](const Val& e) { items.push_back(materialize(e)); });
      return Value::array(std::move(items));
    }
    case Val::K::Node: {
      Value out = materialize(Val::of_doc(g_.doc(v.node)));
      if (v.merges) {
        for (const auto& [name, value] : v.merges->entries) {
          Value* at = &out;
          for (size_t i = 0; i + 1 < name->size(); ++i) {
            Value* next = at->get((*name)[i]);
            if (!next || !next->is_object()) {
              at->set((*name)[i], Value::object());
              next = at->get((*name)[i]);
            }
            at = next;
          }
          at->set(name->back(), materialize(merged(value)));
        }
      }
      return out;
    }
    case Val::K::Ancestors:
    case Val::K::AncestorLoc:
    case Val::K::AncestorReported: {
      Value out = Value::object();
      for (const char* key : {"id", "name"}) {
        PathOp op;
        op.name = key;
        op.sym = syms_.find(key);
        Val r = v;
        r.k = Val::K::AncestorReported;
        out.set(key, materialize(this->key(r, op)));
      }
      return out;
    }
  }
  return Value();
}

std::string Reader::text(const Val& v) const {
  if (v.k == Val::K::Doc && v.doc.is_string()) {
    std::string scratch;
    return std::string(v.doc.as_string(syms_, scratch));
  }
  if (v.k == Val::K::Doc && v.doc.tag() == Tag::DateTime) return format_datetime(v.doc.as_int());
  if (v.is_null()) return "";
  Value m = materialize(v);
  if (m.is_string()) return m.str();
  return m.json();
}

int Reader::compare(const Val& a, const Value& b) const {
  if (a.k == Val::K::Lit) return canopy::compare(*a.lit, b);
  if (a.k != Val::K::Doc) {
    if (a.k == Val::K::Missing) return b.is_null() ? 0 : -1;
    return canopy::compare(materialize(a), b);
  }
  const DocView& d = a.doc;
  int ra = rank(d), rb = type_rank(b.type());
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (d.tag()) {
    case Tag::Null:
      return 0;
    case Tag::False:
    case Tag::True:
      return int(d.tag() == Tag::True) - int(b.as_bool());
    case Tag::Int:
      if (b.type() == Value::Type::Int) {
        int64_t x = d.as_int(), y = b.as_int();
        return x < y ? -1 : (x > y ? 1 : 0);
      }
      return compare_numbers(d.as_double(), b.as_double());
    case Tag::Double:
      return compare_numbers(d.as_double(), b.as_double());
    case Tag::DateTime: {
      const std::string& s = b.str();
      // Canonical datetime literals compare as instants; anything else as text.
      if (s.size() == 20 && s[10] == 'T' && s[19] == 'Z') {
        if (auto t = parse_datetime(s)) {
          int64_t x = d.as_int();
          return x < *t ? -1 : (x > *t ? 1 : 0);
        }
      }
      return sign(format_datetime(d.as_int()).compare(s));
    }
    case Tag::String:
    case Tag::Symbol:
    case Tag::Prefixed: {
      auto [p1, p2] = d.string_parts(syms_);
      return compare_parts(p1, p2, b.str());
    }
    default:
      return canopy::compare(materialize(a), b);
  }
}

int Reader::compare(const Val& a, const Val& b) const {
  if (b.k == Val::K::Lit) return compare(a, *b.lit);
  if (b.k == Val::K::Missing) return a.is_null() ? 0 : 1;
  if (a.k == Val::K::Doc && b.k == Val::K::Doc) {
    Tag ta = a.doc.tag(), tb = b.doc.tag();
    if ((ta == Tag::Int || ta == Tag::Double) && (tb == Tag::Int || tb == Tag::Double)) {
      if (ta == Tag::Int && tb == Tag::Int) {
        int64_t x = a.doc.as_int(), y = b.doc.as_int();
        return x < y ? -1 : (x > y ? 1 : 0);
      }
      return compare_numbers(a.doc.as_double(), b.doc.as_double());
    }
    if (ta == Tag::DateTime && tb == Tag::DateTime) {
      int64_t x = a.doc.as_int(), y = b.doc.as_int();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.doc.is_string() && b.doc.is_string()) {
      auto [a1, a2] = a.doc.string_parts(syms_);
      auto [b1, b2] = b.doc.string_parts(syms_);
      if (b1.empty()) return compare_parts(a1, a2, b2);
      if (a1.empty()) return -compare_parts(b1, b2, a2);
      std::string bs = std::string(b1) + std::string(b2);
      return compare_parts(a1, a2, bs);
    }
  }
  return compare(a, materialize(b));
}

}  // namespace canopy::query
