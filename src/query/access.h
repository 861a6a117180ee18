// Reading values out of nodes during evaluation.
//
// A Val is a cursor into what a query sees: an encoded document value, a
// whole node (whose `ancestors` section is derived from its references), a
// list of merged neighbours, or a value the engine owns (aggregation rows).
// Paths are walked step by step; `[*]` markers inside a path enumerate
// elements (absent values give none, a non-array gives itself).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "query/ast.h"
#include "query/value.h"

namespace canopy::query {

struct MergeSet;

// A neighbour merged into a document, with the merges of its own sub-query.
struct Merged {
  uint32_t node = kNoNode;
  std::shared_ptr<const MergeSet> merges;
};

struct MergeValue {
  enum class Kind : uint8_t { Null, One, List, Rows };
  Kind kind = Kind::Null;
  Merged one;
  std::vector<Merged> list;
  Value rows;  // an array of aggregation rows
};

// The merge results attached to one document, by merge-name path. Names
// are shared with the compiled query, and outlive it with the results.
using MergeName = std::shared_ptr<const std::vector<std::string>>;
struct MergeSet {
  std::vector<std::pair<MergeName, MergeValue>> entries;
};

struct Val {
  enum class K : uint8_t {
    Missing,
    Doc,
    Node,
    Ancestors,
    AncestorLoc,
    AncestorReported,
    List,
    Lit
  };
  K k = K::Missing;
  uint32_t node = kNoNode;
  DocView doc;
  union {  // by kind: Node, List, Lit
    const MergeSet* merges = nullptr;
    const std::vector<Merged>* list;
    const Value* lit;
  };

  static Val of_doc(DocView d) {
    Val v;
    if (d.valid()) v.k = K::Doc, v.doc = d;
    return v;
  }
  static Val of_node(uint32_t n, const MergeSet* m = nullptr) {
    Val v;
    v.k = K::Node, v.node = n, v.merges = m;
    return v;
  }
  static Val of_value(const Value* value) {
    Val v;
    if (value) v.k = K::Lit, v.lit = value;
    return v;
  }
  bool is_null() const {
    return k == K::Missing || (k == K::Doc && doc.tag() == Tag::Null) ||
           (k == K::Lit && lit->is_null());
  }
};

// One step of a compiled path.
struct PathOp {
  enum class Type : uint8_t { Key, Index, Each };
  Type type = Type::Key;
  std::string name;
  Sym sym = Symbols::kNone;
  int64_t index = 0;
  bool ancestors = false;  // the key `ancestors` (derived from references)
  int8_t location = -1;    // cloud, account, region, zone: 0..3
};
using PathOps = std::vector<PathOp>;

// Evaluation-wide state: the graph and the names it needs.
class Reader {
 public:
  explicit Reader(const Graph& g);
  const Graph& graph() const { return g_; }
  const Symbols& syms() const { return syms_; }

  // Compiles a path; `[*]` markers become Each steps. With `drop_last_all`
  // a trailing marker is left out (array comparisons expand it themselves).
  PathOps compile(const Path& p, bool drop_last_all = false) const;

  Val key(const Val& v, const PathOp& op) const;
  Val index(const Val& v, int64_t i) const;
  // Elements of an array value (nothing for anything else).
  template <typename F>
  void elements(const Val& v, F&& fn) const;
  // Array elements, or the value itself when it is neither null nor an array.
  template <typename F>
  bool unfold(const Val& v, F&& fn) const;

  // Walks `ops` from `v`, calling fn(leaf) for every value reached; stops
  // and returns true as soon as fn returns true.
  template <typename F>
  bool walk(const Val& v, const PathOps& ops, size_t i, F&& fn) const;
  // The single value at `ops` (which must have no Each steps).
  Val get(const Val& v, const PathOps& ops) const;

  // An owned copy (JSON semantics: datetimes as strings, nodes as their
  // stored document with merges).
  Value materialize(const Val& v) const;
  // Text a regular expression sees: strings as they are, other values as JSON.
  std::string text(const Val& v) const;

  // Ordering of the language between a value and a literal / another value.
  int compare(const Val& a, const Value& b) const;
  int compare(const Val& a, const Val& b) const;
  bool equals(const Val& a, const Value& b) const { return compare(a, b) == 0; }

 private:
  Val merged(const MergeValue& m) const;
  Val get_from(const Val& v, const PathOps& ops, size_t first) const;
  const Graph& g_;
  const Symbols& syms_;
  Sym reported_, id_, name_;
};

template <typename F>
void Reader::elements(const Val& v, F&& fn) const {
  if (v.k == Val::K::Doc && v.doc.is_array()) {
    for (auto it = v.doc.iter(); !it.done(); it.next()) fn(Val::of_doc(it.value()));
  } else if (v.k == Val::K::List) {
    for (const Merged& m : *v.list) fn(Val::of_node(m.node, m.merges.get()));
  } else if (v.k == Val::K::Lit && v.lit->is_array()) {
    for (const Value& item : v.lit->items()) fn(Val::of_value(&item));
  }
}

template <typename F>
bool Reader::unfold(const Val& v, F&& fn) const {
  bool is_array = (v.k == Val::K::Doc && v.doc.is_array()) || v.k == Val::K::List ||
                  (v.k == Val::K::Lit && v.lit->is_array());
  if (!is_array) return v.is_null() ? false : fn(v);
  bool found = false;
  elements(v, [&](const Val& e) {
    if (!found && fn(e)) found = true;
  });
  return found;
}

template <typename F>
bool Reader::walk(const Val& v, const PathOps& ops, size_t i, F&& fn) const {
  if (i == ops.size()) return fn(v);
  const PathOp& op = ops[i];
  switch (op.type) {
    case PathOp::Type::Key:
      if (v.k == Val::K::Doc) {  // the common case, kept inline
        DocView d = op.sym != Symbols::kNone && v.doc.is_object() ? v.doc.get(op.sym) : DocView();
        return walk(Val::of_doc(d), ops, i + 1, fn);
      }
      if (v.k == Val::K::Node && v.merges) {
        for (const auto& [name, value] : v.merges->entries) {
          size_t n = name->size();
          bool match = i + n <= ops.size();
          for (size_t j = 0; match && j < n; ++j)
            match = ops[i + j].type == PathOp::Type::Key && ops[i + j].name == (*name)[j];
          if (match) return walk(merged(value), ops, i + n, fn);
        }
      }
      return walk(key(v, op), ops, i + 1, fn);
    case PathOp::Type::Index:
      return walk(index(v, op.index), ops, i + 1, fn);
    case PathOp::Type::Each:
      return unfold(v, [&](const Val& e) { return walk(e, ops, i + 1, fn); });
  }
  return false;
}

}  // namespace canopy::query
