// The parsed form of a search query.
//
//   Query = [preamble] [aggregate] Part+
//   Part  = [with_usage] [term] [with clause] [#tag] [sort] [limit] [reversed] [navigation]
//
// The parser produces this tree exactly as written (plus the normalisations
// of the language: `=` is `==`, array modifiers imply a trailing `[*]`, …);
// later passes (query/resolve.h) rewrite it for evaluation. to_string()
// prints the canonical text, which parses back to an equal tree.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/value.h"

namespace canopy::query {

// One path segment: a name with optional indices. kAll stands for `[*]`/`[]`.
struct Segment {
  static constexpr int64_t kAll = -1;
  std::string name;
  bool backticked = false;
  std::vector<int64_t> indices;
  bool operator==(const Segment&) const = default;
};

struct Path {
  bool absolute = false;
  std::vector<Segment> segments;

  bool empty() const { return segments.empty(); }
  bool ends_with_all() const {
    return !segments.empty() && !segments.back().indices.empty() &&
           segments.back().indices.back() == Segment::kAll;
  }
  // Whether any `[*]` appears before the final marker (existential unfolding).
  bool has_inner_all() const;
  bool has_all() const;
  std::string str() const;
  bool operator==(const Path&) const = default;
};

enum class Op : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Match, NotMatch, In, NotIn };
enum class ArrayMod : uint8_t { None, Any, All, NoneOf };
const char* op_text(Op op);

struct Query;

struct Term {
  enum class Type : uint8_t {
    All,
    Is,
    Id,
    Predicate,
    Context,
    Function,
    Not,
    And,
    Or,
    Fulltext,
    Merge
  };
  struct MergeQuery {
    Path name;
    bool list = false;  // written `name[]:` (aggregations are lists too)
    std::shared_ptr<Query> query;
  };

  Type type = Type::All;
  std::vector<std::string> names;  // Is: kinds; Id: node ids
  Path path;                       // Predicate, Context, Function
  Op op = Op::Eq;                  // Predicate
  ArrayMod mod = ArrayMod::None;   // Predicate
  Value value;                     // Predicate
  std::string text;                // Function name, Fulltext text
  std::vector<Value> args;         // Function arguments after the path
  std::shared_ptr<Term> left;      // And/Or; Not; Context (inner); Merge (pre-filter)
  std::shared_ptr<Term> right;     // And/Or; Merge (post-filter, may be null)
  std::vector<MergeQuery> merges;  // Merge

  static std::shared_ptr<Term> all() { return std::make_shared<Term>(); }
  static std::shared_ptr<Term> combine(Type and_or, std::shared_ptr<Term> l,
                                       std::shared_ptr<Term> r);
};
using TermPtr = std::shared_ptr<Term>;

enum class Direction : uint8_t { Out, In, Any };
constexpr int64_t kMaxDepth = 250;

struct Navigation {
  int64_t start = 1, until = 1;
  Direction dir = Direction::Out;
  std::vector<std::string> types;      // empty: the query's default edge type
  std::vector<std::string> out_types;  // `<-…->` only; empty: same as types
  bool operator==(const Navigation&) const = default;
};

struct WithClause {
  Op op = Op::Eq;  // empty = (==, 0), any = (>, 0)
  int64_t num = 0;
  Navigation nav;
  TermPtr term;  // may be null
  std::shared_ptr<WithClause> inner;
};

struct SortKey {
  Path path;
  bool desc = false;
};

struct Limit {
  int64_t offset = 0, length = 0;
};

struct WithUsage {
  std::string start, end;  // durations or datetimes as written; end may be empty
  std::vector<std::string> metrics;
};

struct Part {
  TermPtr term;  // never null after parsing (`all` when absent)
  std::optional<WithUsage> with_usage;
  std::shared_ptr<WithClause> with;
  std::string tag;
  std::vector<SortKey> sort;
  std::optional<Limit> limit;
  bool reversed = false;
  std::optional<Navigation> nav;
};

struct AggregateVar {
  // A path, or a combined name: text pieces and paths ("{name}:{size}").
  struct Piece {
    std::string text;  // literal text, when path is absent
    std::optional<Path> path;
  };
  Path path;
  std::vector<Piece> combined;
  std::string as;
  bool is_combined() const { return !combined.empty(); }
};

struct AggregateFn {
  std::string fn;  // sum, count, min, max, avg, stddev, variance
  std::optional<Path> path;
  int64_t constant = 0;                     // when there is no path
  std::vector<std::pair<char, Value>> ops;  // (+ - * / %, number)
  std::string as;
};

struct Aggregate {
  std::vector<AggregateVar> group;
  std::vector<AggregateFn> functions;
};

struct Query {
  std::vector<std::pair<std::string, Value>> preamble;  // edge_type=…
  std::optional<Aggregate> aggregate;
  std::vector<Part> parts;
};

std::string to_string(const Term& t);
std::string to_string(const Navigation& n);
std::string to_string(const Query& q);
std::string to_string(const Aggregate& a);

}  // namespace canopy::query
