// Full-text search over nodes, with the token rules of the search
// language: a node's text is every leaf value of its `reported` section in
// document order (nulls and booleans skipped, numbers as decimal text,
// datetimes with blanks for T and Z); tokens are its lower-cased runs
// between the delimiters blank _ - @ : / .
//
// A phrase matches when the node's tokens contain the phrase's tokens
// consecutively (the query engine checks that on the node's text). To avoid
// reading most documents, every node has a token
// signature — a 256-bit Bloom filter of its tokens, 32 bytes per node, built
// on first use — that rules out nodes lacking one of the phrase's tokens.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canopy {

class DocView;
class Graph;
class Symbols;

using TokenSignature = std::array<uint64_t, 4>;

// Lower-cased tokens of `text`.
std::vector<std::string> fulltext_tokens(std::string_view text);
// The full-text string of a node.
std::string flat_text(const Graph& g, uint32_t node);
// The signature a node must cover to possibly contain all of `tokens`.
TokenSignature signature_of(const std::vector<std::string>& tokens);

inline bool covers(const TokenSignature& node, const TokenSignature& query) {
  uint64_t missing = 0;
  for (int i = 0; i < 4; ++i) missing |= query[i] & ~node[i];
  return missing == 0;
}

// Whether a node's tokens contain a phrase, read straight from the node's
// document: a streaming tokenizer over its leaves feeds a Knuth–Morris–Pratt
// automaton over tokens, and stops at the first match.
class PhraseMatcher {
 public:
  // `tokens`: the phrase as fulltext_tokens() returns it (non-empty).
  explicit PhraseMatcher(std::vector<std::string> tokens);
  bool matches(const Graph& g, uint32_t node) const;

 private:
  struct State;
  bool leaf(const DocView& v, const Symbols& syms, State& st) const;
  bool feed(std::string_view text, bool ends_leaf, State& st) const;
  bool token(std::string_view t, State& st) const;

  std::vector<std::string> tokens_;
  std::vector<size_t> fail_;  // KMP failure function over the tokens
  bool digits_ = false;       // a token contains a digit (numbers can match)
};

// Signatures of all nodes of a graph, by node index.
std::vector<TokenSignature> build_signatures(const Graph& g);

}  // namespace canopy
