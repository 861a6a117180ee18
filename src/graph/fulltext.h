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
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canopy {

class Graph;

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

// Signatures of all nodes of a graph, by node index.
std::vector<TokenSignature> build_signatures(const Graph& g);

}  // namespace canopy
