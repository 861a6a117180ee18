#include "graph/fulltext.h"

#include <algorithm>
#include <thread>

#include "core/hash.h"
#include "core/json_out.h"
#include "core/time.h"
#include "graph/graph.h"

namespace canopy {

namespace {

inline char lower(char c) {
  return c >= 'A' && c <= 'Z' ? char(c + 32) : c;
}

bool is_delimiter(char c) {
  return c == ' ' || c == '_' || c == '-' || c == '@' || c == ':' || c == '/' || c == '.';
}

// Appends the text of a number or datetime leaf (datetimes with blanks for
// T and Z, so that their parts are tokens).
void append_number(const DocView& v, std::string& out) {
  if (v.tag() == Tag::DateTime) {
    size_t at = out.size();
    out += format_datetime(v.as_int());
    out[at + 10] = ' ';
    out[at + 19] = ' ';
  } else if (v.tag() == Tag::Int) {
    json::append_int(out, v.as_int());
  } else {
    json::append_double(out, v.as_double());
  }
}

// Appends the text of every leaf of `v` to `out`, separated by blanks.
void append_leaves(const DocView& v, const Symbols& syms, std::string& out, std::string& scratch) {
  switch (v.tag()) {
    case Tag::Null:
    case Tag::False:
    case Tag::True:
      return;
    case Tag::Array:
    case Tag::Object:
      for (auto it = v.iter(); !it.done(); it.next()) append_leaves(it.value(), syms, out, scratch);
      return;
    default:
      break;
  }
  out.push_back(' ');
  if (v.tag() == Tag::DateTime || v.tag() == Tag::Int || v.tag() == Tag::Double)
    append_number(v, out);
  else
    out += v.as_string(syms, scratch);
}

// The node's text, lower-cased, into `out`; token spans into `spans`.
void node_tokens(const Graph& g, uint32_t node, std::string& out,
                 std::vector<std::pair<uint32_t, uint32_t>>& spans) {
  const Symbols& syms = g.model().symbols();
  out.clear();
  spans.clear();
  std::string scratch;
  DocView rep = g.doc(node).get(syms.find("reported"));
  if (rep.valid()) append_leaves(rep, syms, out, scratch);
  size_t start = 0;
  for (size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || is_delimiter(out[i])) {
      if (i > start) spans.emplace_back(uint32_t(start), uint32_t(i - start));
      start = i + 1;
    } else {
      out[i] = lower(out[i]);
    }
  }
}

void add_token(TokenSignature& sig, std::string_view token) {
  uint64_t h = hash64(token.data(), token.size());
  sig[(h >> 6) & 3] |= uint64_t(1) << (h & 63);
  sig[(h >> 14) & 3] |= uint64_t(1) << ((h >> 8) & 63);
}

}  // namespace

std::vector<std::string> fulltext_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (is_delimiter(c)) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur.push_back(lower(c));
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string flat_text(const Graph& g, uint32_t node) {
  const Symbols& syms = g.model().symbols();
  std::string out, scratch;
  DocView rep = g.doc(node).get(syms.find("reported"));
  if (rep.valid()) append_leaves(rep, syms, out, scratch);
  if (!out.empty()) out.erase(0, 1);
  return out;
}

TokenSignature signature_of(const std::vector<std::string>& tokens) {
  TokenSignature sig{};
  for (const auto& t : tokens) add_token(sig, t);
  return sig;
}

struct PhraseMatcher::State {
  size_t matched = 0;   // phrase tokens matched so far
  std::string current;  // the token being read, lower-cased
};

PhraseMatcher::PhraseMatcher(std::vector<std::string> tokens)
    : tokens_(std::move(tokens)), fail_(tokens_.size(), 0) {
  for (size_t i = 1, k = 0; i < tokens_.size(); ++i) {
    while (k > 0 && tokens_[i] != tokens_[k]) k = fail_[k - 1];
    if (tokens_[i] == tokens_[k]) ++k;
    fail_[i] = k;
  }
  for (const auto& t : tokens_)
    digits_ =
        digits_ || std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {
struct DelimiterTable {
  bool is[256] = {};
  DelimiterTable() {
    for (char c : std::string_view(" _-@:/.")) is[static_cast<unsigned char>(c)] = true;
  }
};
const DelimiterTable kDelimiters;

// `raw` equals the lower-cased token `lowered`, ignoring ASCII case.
bool same_token(std::string_view raw, const std::string& lowered) {
  if (raw.size() != lowered.size()) return false;
  for (size_t i = 0; i < raw.size(); ++i)
    if (lower(raw[i]) != lowered[i]) return false;
  return true;
}
}  // namespace

bool PhraseMatcher::token(std::string_view t, State& st) const {
  size_t& q = st.matched;
  while (q > 0 && !same_token(t, tokens_[q])) q = fail_[q - 1];
  if (same_token(t, tokens_[q])) ++q;
  if (q < tokens_.size()) return false;
  q = fail_[q - 1];
  return true;
}

// Tokenizes `text` into the automaton. A token that reaches the end of the
// text continues in the next call unless `ends_leaf`.
bool PhraseMatcher::feed(std::string_view text, bool ends_leaf, State& st) const {
  size_t i = 0, n = text.size();
  while (i < n) {
    if (kDelimiters.is[static_cast<unsigned char>(text[i])]) {
      if (!st.current.empty()) {
        if (token(st.current, st)) return true;
        st.current.clear();
      }
      ++i;
      continue;
    }
    size_t start = i;
    while (i < n && !kDelimiters.is[static_cast<unsigned char>(text[i])]) ++i;
    std::string_view raw = text.substr(start, i - start);
    if (i < n || ends_leaf) {
      if (st.current.empty()) {
        if (token(raw, st)) return true;
        continue;
      }
      st.current.append(raw);
      bool hit = token(st.current, st);
      st.current.clear();
      if (hit) return true;
      continue;
    }
    st.current.append(raw);
  }
  if (ends_leaf && !st.current.empty()) {
    bool hit = token(st.current, st);
    st.current.clear();
    return hit;
  }
  return false;
}

bool PhraseMatcher::leaf(const DocView& v, const Symbols& syms, State& st) const {
  std::string number;
  switch (v.tag()) {
    case Tag::Null:
    case Tag::False:
    case Tag::True:
      return false;
    case Tag::Array:
    case Tag::Object:
      for (auto it = v.iter(); !it.done(); it.next())
        if (leaf(it.value(), syms, st)) return true;
      return false;
    case Tag::Int:
    case Tag::Double:
    case Tag::DateTime:
      // Number tokens always hold a digit: without digits in the phrase
      // they only break the sequence.
      if (!digits_) {
        st.matched = 0;
        return false;
      }
      append_number(v, number);
      return feed(number, true, st);
    default: {
      auto [prefix, rest] = v.string_parts(syms);
      return feed(prefix, false, st) || feed(rest, true, st);
    }
  }
}

bool PhraseMatcher::matches(const Graph& g, uint32_t node) const {
  const Symbols& syms = g.model().symbols();
  thread_local State st;
  st.matched = 0;
  st.current.clear();
  DocView rep = g.doc(node).get(syms.find("reported"));
  return rep.valid() && leaf(rep, syms, st);
}

std::vector<TokenSignature> build_signatures(const Graph& g) {
  std::vector<TokenSignature> sigs(g.size());
  unsigned workers = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  size_t per = (g.size() + workers - 1) / workers;
  auto work = [&](size_t begin, size_t end) {
    std::string text;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    for (size_t n = begin; n < end; ++n) {
      node_tokens(g, uint32_t(n), text, spans);
      TokenSignature sig{};
      for (auto [off, len] : spans) add_token(sig, std::string_view(text).substr(off, len));
      sigs[n] = sig;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w)
    threads.emplace_back(work, std::min(g.size(), w * per), std::min(g.size(), (w + 1) * per));
  work(0, std::min(g.size(), per));
  for (auto& t : threads) t.join();
  return sigs;
}

}  // namespace canopy
