// Compiled filter terms and their evaluation on one document.
//
// Array markers inside paths (`a[*].b == 1`) are existential: a document
// matches if some choice of elements makes the whole term true, where each
// predicate occurrence chooses independently and may also choose "no
// element" (then it is false). Evaluating a term therefore yields which
// truth values are reachable (Tri); `not` swaps them. A term without
// markers has exactly one reachable value.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "graph/fulltext.h"
#include "query/access.h"
#include "query/ast.h"
#include "query/types.h"

namespace re2 {
class RE2;
}

namespace canopy::query {

struct Tri {
  bool can_true = false, can_false = true;
  static Tri of(bool b) { return {b, !b}; }
};

struct CompileEnv {
  const Reader& reader;
  const PathTypes& types;
  int64_t now = 0;
  // Merge names of the query being compiled: stripped before typing a path.
  std::vector<std::vector<std::string>> merge_names;
  // Full-text terms match whole tokens (index strategy) instead of substrings.
  bool phrase_fulltext = false;
};

class Filter {
 public:
  ~Filter();
  static Result<std::unique_ptr<Filter>> compile(const Term& t, const CompileEnv& env);

  bool matches(const Val& doc, const Reader& r) const { return eval(doc, r).can_true; }
  Tri eval(const Val& doc, const Reader& r) const;

  // Kinds or ids the term requires of every match (for candidate selection):
  // the node must satisfy one of the is() or id() conjuncts at the top.
  const Filter* required_is() const;
  const Filter* required_id() const;
  // A full-text phrase the term requires (whole-token strategy only).
  const Filter* required_fulltext() const;
  // For a full-text phrase: the nodes of `g` that hold all of its tokens
  // (every match is among them), from the graph's index, computed once per
  // filter. Null when the filter was first used with another graph.
  const std::vector<uint32_t>* phrase_nodes(const Graph& g) const;
  // The full-text phrases (index strategy) not under a `not`: those whose
  // occurrences make a match relevant.
  void ranked_phrases(std::vector<const Filter*>& out) const;
  // For a full-text phrase: how often it occurs in `node`'s text.
  uint32_t occurrences(const Graph& g, uint32_t node) const;
  const std::vector<const Kind*>& kinds() const { return kinds_; }
  const std::vector<uint32_t>& ids() const { return ids_; }
  bool is_all() const { return type_ == Term::Type::All; }
  // Relative evaluation cost, to order conjunctions.
  int cost() const;

 private:
  Filter() = default;
  struct Builder;
  friend struct Builder;

  bool test(const Val& x, const Reader& r) const;
  bool compare_op(const Val& x, const Reader& r) const;
  bool test_array(const Val& list, const Reader& r) const;
  Tri eval_predicate(const Val& doc, const Reader& r) const;
  Tri eval_plain(const Val& doc, const Reader& r) const;
  DocView follow(DocView v, size_t from, size_t to) const;
  template <typename F>
  bool plain_walk(DocView d, F&& fn) const;
  bool check_plain(const DocView& leaf, const Reader& r) const;
  Tri eval_context(const Val& doc, const Reader& r) const;
  bool eval_function(const Val& doc, const Reader& r) const;
  bool eval_fulltext(const Val& doc, const Reader& r) const;

  Term::Type type_ = Term::Type::All;
  // Is: kind ids that match (by node kind id); Id: node indexes (sorted).
  std::vector<uint8_t> kind_match_;
  std::vector<const Kind*> kinds_;
  std::vector<uint32_t> ids_;
  // Predicate / Context / Function.
  PathOps ops_;
  bool array_cmp_ = false;  // trailing marker: compare elements
  bool unfolds_ = false;    // markers inside the path
  ArrayMod mod_ = ArrayMod::None;
  Op op_ = Op::Eq;
  bool guard_ = false;  // null values never match
  // A comparison with a number, or equality with a string, on a path of
  // keys with at most one `[*]` (the shape of most checks): evaluated on the
  // document views directly.
  bool plain_ = false;
  size_t each_at_ = SIZE_MAX;  // position of the `[*]` in ops_, if any
  Value lit_;
  std::unique_ptr<re2::RE2> re_;
  bool bad_re_ = false;
  std::string fn_;
  std::vector<std::string> keys_;       // has_key
  uint32_t net_ = 0, mask_ = 0;         // in_subnet
  PathOps desired_ops_, reported_ops_;  // has_desired_change
  std::vector<std::string> tokens_;     // full text
  std::unique_ptr<PhraseMatcher> phrase_matcher_;
  bool phrase_ = false;
  struct PhraseNodes;
  std::unique_ptr<PhraseNodes> phrase_nodes_;
  std::unique_ptr<Filter> left_, right_;
};

}  // namespace canopy::query
