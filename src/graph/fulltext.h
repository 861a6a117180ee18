// Full-text search over nodes, with the token rules of the search
// language: a node's text is every leaf value of its `reported` section in
// document order (nulls and booleans skipped, numbers as decimal text,
// datetimes with blanks for T and Z); tokens are its lower-cased runs
// between the delimiters blank _ - @ : / .  Keys are not part of the text.
//
// A phrase matches when the node's tokens contain the phrase's tokens
// consecutively. Searches go through an inverted index (TokenIndex: token →
// nodes that hold it), built on the first search of a snapshot. A one-token
// phrase is answered by the index alone. A longer phrase takes the nodes
// holding all of its tokens; those with a leaf value stored as a symbol
// whose text holds the whole phrase (tag values, types, descriptions shared
// by many nodes) match without further reading, the others are checked on
// their documents (PhraseMatcher).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/symbols.h"

namespace canopy {

class DocView;
class Graph;

// Lower-cased tokens of `text`.
std::vector<std::string> fulltext_tokens(std::string_view text);
// The full-text string of a node.
std::string flat_text(const Graph& g, uint32_t node);
// Whether a node's tokens contain a phrase, read straight from the node's
// document: a streaming tokenizer over its leaves feeds a Knuth–Morris–Pratt
// automaton over tokens, and stops at the first match.
class PhraseMatcher {
 public:
  // `tokens`: the phrase as fulltext_tokens() returns it (non-empty).
  explicit PhraseMatcher(std::vector<std::string> tokens);
  bool matches(const Graph& g, uint32_t node) const;
  // How often the phrase occurs in a node's tokens (overlaps counted), for
  // relevance ranking: the same automaton, run to the end of the document.
  uint32_t occurrences(const Graph& g, uint32_t node) const;
  // Whether `text`, taken as one leaf, holds the phrase.
  bool matches_text(std::string_view text) const;
  const std::vector<std::string>& tokens() const { return tokens_; }

 private:
  struct State;
  // Feeds the node's text; with `count` to the end, counting into `hits`,
  // else until the first match.
  bool run(const Graph& g, uint32_t node, bool count, uint32_t& hits) const;
  bool leaf(const DocView& v, const Symbols& syms, State& st) const;
  bool feed(std::string_view text, bool ends_leaf, State& st) const;
  bool token(std::string_view t, State& st) const;

  std::vector<std::string> tokens_;
  std::vector<size_t> fail_;  // KMP failure function over the tokens
  bool digits_ = false;       // a token contains a digit (numbers can match)
};

// Token → nodes, for all nodes of one snapshot (about 64 bytes per node on
// the generated inventory). Tokens are identified by a 64-bit hash of their
// text, which is not kept: with two million distinct tokens, two share a
// hash with a chance of about 1 in 10^7, and would then share their node
// lists. Nodes are split into contiguous ranges, one per build thread; in
// a range a token held by one node stores that node, others store their
// nodes as varint gaps, or as a bitmap when that is smaller (a token in
// more than about 1 node of 8).
class TokenIndex {
 public:
  static TokenIndex build(const Graph& g);

  // Nodes whose text holds every one of `tokens` (lower-cased, as
  // fulltext_tokens() returns them), ascending. For a single token these
  // are exactly the nodes that match it as a phrase.
  std::vector<uint32_t> nodes_with_all(const std::vector<std::string>& tokens) const;

  // The nodes holding all tokens of a phrase (ascending), and among them
  // those known to match it without reading their documents (ascending).
  struct Phrase {
    std::vector<uint32_t> nodes, sure;
  };
  Phrase find_phrase(const PhraseMatcher& m) const;

  // The number of tokens of a node's text (at most 65 535), and their
  // average over all nodes: the document lengths of relevance ranking.
  uint32_t length(uint32_t node) const { return lengths_[node]; }
  double average_length() const { return average_length_; }
  size_t node_count() const { return lengths_.size(); }

  size_t bytes() const;        // memory held by the index
  size_t token_count() const;  // distinct tokens, counted once per node range

  static uint64_t token_hash(std::string_view token);
  // The entry of the nodes that have the symbol as a leaf value.
  static uint64_t symbol_hash(Sym s);

 private:
  struct Range {
    uint32_t begin = 0, end = 0;   // node range
    std::vector<uint64_t> hashes;  // sorted token hashes
    // Per token: the node (top bit set) when only one node holds it, else
    // an offset into `lists`.
    std::vector<uint32_t> where;
    // Per list: varint (count * 2 + is_bitmap), then either the nodes as
    // varint gaps (the first from `begin`) or the varint word offset of a
    // bitmap over [begin, end) in `bitmaps`.
    std::vector<uint8_t> lists;
    std::vector<uint64_t> bitmaps;
  };
  struct Builder;
  void intersect(const Range& r, const std::vector<uint64_t>& hashes,
                 std::vector<uint32_t>& out) const;

  std::vector<Range> ranges_;
  const Symbols* syms_ = nullptr;
  // Leaf values stored as symbols (shared by many nodes) that have two or
  // more tokens, by token: (token hash, symbol), sorted. A phrase inside
  // one of them matches every node listed under symbol_hash(symbol).
  std::vector<std::pair<uint64_t, Sym>> symbol_tokens_;
  std::vector<uint16_t> lengths_;  // by node
  double average_length_ = 0;
};

}  // namespace canopy
