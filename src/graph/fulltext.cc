#include "graph/fulltext.h"

#include <algorithm>
#include <cmath>
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

struct DelimiterTable {
  bool is[256] = {};
  DelimiterTable() {
    for (char c : std::string_view(" _-@:/.")) is[static_cast<unsigned char>(c)] = true;
  }
};
const DelimiterTable kDelimiters;

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
// For the index (`symbols` set): leaves out numbers whose text has no digit
// (non-finite doubles print as null), which no phrase match can use since
// the phrase matcher feeds numbers only to phrases with a digit; and
// appends the id of every leaf stored as a symbol to `symbols`.
void append_leaves(const DocView& v, const Symbols& syms, std::string& out, std::string& scratch,
                   std::vector<Sym>* symbols = nullptr) {
  switch (v.tag()) {
    case Tag::Null:
    case Tag::False:
    case Tag::True:
      return;
    case Tag::Array:
    case Tag::Object:
      for (auto it = v.iter(); !it.done(); it.next())
        append_leaves(it.value(), syms, out, scratch, symbols);
      return;
    case Tag::Double:
      if (symbols && !std::isfinite(v.as_double())) return;
      break;
    case Tag::Symbol:
      if (symbols) {
        const uint8_t* p = v.data() + 1;
        symbols->push_back(Sym(varint::get(p)));
      }
      break;
    default:
      break;
  }
  out.push_back(' ');
  if (v.tag() == Tag::DateTime || v.tag() == Tag::Int || v.tag() == Tag::Double)
    append_number(v, out);
  else
    out += v.as_string(syms, scratch);
}

// The node's text, lower-cased, into `out`; token spans into `spans`; the
// symbols among its leaves into `symbols`.
void node_tokens(const Graph& g, uint32_t node, Sym reported, std::string& out,
                 std::vector<std::pair<uint32_t, uint32_t>>& spans, std::vector<Sym>& symbols) {
  const Symbols& syms = g.model().symbols();
  out.clear();
  spans.clear();
  symbols.clear();
  std::string scratch;
  DocView rep = g.doc(node).get(reported);
  if (rep.valid()) append_leaves(rep, syms, out, scratch, &symbols);
  // Local pointers: stores through a char pointer could otherwise alias
  // the string's own size and data.
  char* text = out.data();
  const size_t n = out.size();
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (kDelimiters.is[c]) {
      if (i > start) spans.emplace_back(uint32_t(start), uint32_t(i - start));
      start = i + 1;
    } else if (c >= 'A' && c <= 'Z') {
      text[i] = char(c + 32);
    }
  }
  if (n > start) spans.emplace_back(uint32_t(start), uint32_t(n - start));
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

struct PhraseMatcher::State {
  size_t matched = 0;   // phrase tokens matched so far
  std::string current;  // the token being read, lower-cased
  bool count = false;   // count every occurrence instead of stopping at the first
  uint32_t hits = 0;
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
  if (!st.count) return true;
  ++st.hits;
  return false;
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

bool PhraseMatcher::matches_text(std::string_view text) const {
  State st;
  return feed(text, true, st);
}

bool PhraseMatcher::run(const Graph& g, uint32_t node, bool count, uint32_t& hits) const {
  const Symbols& syms = g.model().symbols();
  thread_local State st;
  st.matched = 0;
  st.current.clear();
  st.count = count;
  st.hits = 0;
  DocView rep = g.doc(node).get(syms.find("reported"));
  bool found = rep.valid() && leaf(rep, syms, st);
  hits = st.hits;
  return found;
}

bool PhraseMatcher::matches(const Graph& g, uint32_t node) const {
  uint32_t hits;
  return run(g, node, false, hits);
}

uint32_t PhraseMatcher::occurrences(const Graph& g, uint32_t node) const {
  uint32_t hits;
  run(g, node, true, hits);
  return hits;
}

uint64_t TokenIndex::token_hash(std::string_view token) {
  uint64_t h = hash64(token.data(), token.size(), 0x7e);
  return h == 0 ? 1 : h;  // the index marks empty slots with 0
}

uint64_t TokenIndex::symbol_hash(Sym s) {
  uint64_t h = hash64(&s, sizeof s, 0x5e);
  return h == 0 ? 1 : h;
}

namespace {

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  uint8_t buf[10];
  out.insert(out.end(), buf, buf + varint::put(buf, v));
}

constexpr uint32_t kSingle = 0x80000000u;

}  // namespace

// Builds one node range: the distinct tokens of each node are added in
// node order to a hash table of tokens, whose node lists grow as varint
// gaps; tokens seen once keep their node inline.
struct TokenIndex::Builder {
  struct Token {
    uint64_t hash = 0;  // 0 marks an empty slot (a zero hash is stored as 1)
    uint32_t count = 0;
    uint32_t last = 0;  // the latest node holding the token
    uint32_t list = 0;  // index into `lists` once count > 1
  };

  Range range;
  std::vector<Token> table;  // open addressing on the hash
  size_t used = 0;
  std::vector<std::vector<uint8_t>> lists;
  // By symbol id: 0 not seen yet, 1 a leaf of fewer than two tokens, 2 of more.
  std::vector<uint8_t> symbol_kind;
  std::vector<Sym> phrase_symbols;  // the symbols of kind 2
  std::vector<uint16_t> lengths;    // tokens per node of the range

  Token& slot_of(uint64_t h) {
    if ((used + 1) * 2 > table.size()) grow();
    const size_t mask = table.size() - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
      Token& t = table[s];
      if (t.hash == h) return t;
      if (t.hash == 0) {
        t.hash = h;
        ++used;
        return t;
      }
    }
  }

  void grow() {
    std::vector<Token> old(std::max<size_t>(4096, table.size() * 2));
    old.swap(table);
    const size_t mask = table.size() - 1;
    for (const Token& t : old) {
      if (t.hash == 0) continue;
      size_t s = t.hash & mask;
      while (table[s].hash != 0) s = (s + 1) & mask;
      table[s] = t;
    }
  }

  static void push_varint(std::vector<uint8_t>& out, uint32_t v) {
    if (v < 0x80 && out.size() < out.capacity()) {  // the common case, kept inline
      out.push_back(uint8_t(v));
      return;
    }
    uint8_t buf[5];
    out.insert(out.end(), buf, buf + varint::put(buf, v));
  }

  void add(uint64_t h, uint32_t node) {
    Token& t = slot_of(h);
    if (t.count > 0 && t.last == node) return;  // again in the same node
    if (t.count == 1) {                         // second node: start the list with the first
      t.list = uint32_t(lists.size());
      lists.emplace_back();
      lists.back().reserve(16);
      push_varint(lists.back(), t.last - range.begin);
    }
    if (t.count >= 1) push_varint(lists[t.list], node - t.last);
    t.last = node;
    ++t.count;
  }

  void add_node(const Graph& g, uint32_t node, Sym reported, std::string& text,
                std::vector<std::pair<uint32_t, uint32_t>>& spans, std::vector<Sym>& symbols,
                std::vector<uint64_t>& hashes) {
    node_tokens(g, node, reported, text, spans, symbols);
    lengths.push_back(uint16_t(std::min<size_t>(spans.size(), UINT16_MAX)));
    hashes.clear();
    for (auto [off, len] : spans)
      hashes.push_back(token_hash(std::string_view(text).substr(off, len)));
    for (Sym s : symbols) {
      if (s >= symbol_kind.size()) symbol_kind.resize(s + 1, 0);
      if (symbol_kind[s] == 0) {
        symbol_kind[s] = fulltext_tokens(g.model().symbols().name(s)).size() >= 2 ? 2 : 1;
        if (symbol_kind[s] == 2) phrase_symbols.push_back(s);
      }
      if (symbol_kind[s] == 2) hashes.push_back(symbol_hash(s));
    }
    // The table is far larger than the caches: ask for all slots first.
    if ((used + hashes.size()) * 2 > table.size()) grow();
    const size_t mask = table.size() - 1;
    for (uint64_t h : hashes) __builtin_prefetch(&table[h & mask]);
    for (uint64_t h : hashes) add(h, node);
  }

  // Moves the lists into the range in hash order; a list longer than a
  // bitmap of the range becomes one.
  void finish() {
    table.erase(
        std::remove_if(table.begin(), table.end(), [](const Token& t) { return t.hash == 0; }),
        table.end());
    std::sort(table.begin(), table.end(),
              [](const Token& a, const Token& b) { return a.hash < b.hash; });
    const size_t words = (range.end - range.begin + 63) / 64;
    range.hashes.reserve(table.size());
    range.where.reserve(table.size());
    for (const Token& t : table) {
      range.hashes.push_back(t.hash);
      if (t.count == 1) {
        range.where.push_back(kSingle | t.last);
        continue;
      }
      range.where.push_back(uint32_t(range.lists.size()));
      std::vector<uint8_t>& gaps = lists[t.list];
      bool bitmap = gaps.size() > words * 8;
      put_varint(range.lists, uint64_t(t.count) * 2 + bitmap);
      if (!bitmap) {
        range.lists.insert(range.lists.end(), gaps.begin(), gaps.end());
      } else {
        put_varint(range.lists, range.bitmaps.size());
        size_t base = range.bitmaps.size();
        range.bitmaps.resize(base + words, 0);
        const uint8_t* p = gaps.data();
        uint32_t at = 0;
        for (uint32_t k = 0; k < t.count; ++k) {
          at += uint32_t(varint::get(p));
          range.bitmaps[base + at / 64] |= uint64_t(1) << (at % 64);
        }
      }
      gaps = {};
    }
    table = {};
    lists = {};
    range.lists.shrink_to_fit();
  }
};

TokenIndex TokenIndex::build(const Graph& g) {
  const Sym reported = g.model().symbols().find("reported");
  unsigned workers = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  const size_t n = g.size();
  size_t per = (n + workers - 1) / workers;
  std::vector<Builder> builders(workers);
  auto work = [&](unsigned w) {
    Builder& b = builders[w];
    b.range.begin = uint32_t(std::min(n, w * per));
    b.range.end = uint32_t(std::min(n, (w + 1) * per));
    std::string text;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    std::vector<Sym> symbols;
    std::vector<uint64_t> hashes;
    // About two new tokens per node (ids, names); the table grows if not.
    size_t slots = 4096;
    while (slots < (b.range.end - b.range.begin) * 4) slots *= 2;
    b.table.resize(slots);
    for (uint32_t node = b.range.begin; node < b.range.end; ++node)
      b.add_node(g, node, reported, text, spans, symbols, hashes);
    b.finish();
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
  TokenIndex index;
  index.syms_ = &g.model().symbols();
  std::vector<Sym> phrase_symbols;
  index.lengths_.reserve(n);
  uint64_t total_length = 0;
  for (auto& b : builders) {
    for (uint16_t len : b.lengths) total_length += len;
    index.lengths_.insert(index.lengths_.end(), b.lengths.begin(), b.lengths.end());
    if (b.range.end > b.range.begin) index.ranges_.push_back(std::move(b.range));
    phrase_symbols.insert(phrase_symbols.end(), b.phrase_symbols.begin(), b.phrase_symbols.end());
  }
  std::sort(phrase_symbols.begin(), phrase_symbols.end());
  phrase_symbols.erase(std::unique(phrase_symbols.begin(), phrase_symbols.end()),
                       phrase_symbols.end());
  for (Sym s : phrase_symbols)
    for (const auto& t : fulltext_tokens(index.syms_->name(s)))
      index.symbol_tokens_.emplace_back(token_hash(t), s);
  std::sort(index.symbol_tokens_.begin(), index.symbol_tokens_.end());
  index.symbol_tokens_.erase(std::unique(index.symbol_tokens_.begin(), index.symbol_tokens_.end()),
                             index.symbol_tokens_.end());
  index.symbol_tokens_.shrink_to_fit();
  index.average_length_ = n ? double(total_length) / double(n) : 0;
  return index;
}

namespace {

// One token's nodes in a range, as found in the index.
struct Postings {
  uint32_t count = 0;
  uint32_t single = 0;               // the node when count == 1
  const uint8_t* gaps = nullptr;     // varint gaps, or
  const uint64_t* bitmap = nullptr;  // a bitmap over the range
};

// Keeps the nodes of `nodes` that `p` holds.
void keep_held(std::vector<uint32_t>& nodes, const Postings& p, uint32_t begin) {
  size_t out = 0;
  if (p.count == 1) {
    for (uint32_t n : nodes)
      if (n == p.single) nodes[out++] = n;
  } else if (p.bitmap) {
    for (uint32_t n : nodes) {
      uint32_t at = n - begin;
      if (p.bitmap[at / 64] >> (at % 64) & 1) nodes[out++] = n;
    }
  } else {
    const uint8_t* q = p.gaps;
    uint32_t left = p.count, cur = begin + uint32_t(varint::get(q));
    --left;
    for (uint32_t n : nodes) {
      while (cur < n && left > 0) cur += uint32_t(varint::get(q)), --left;
      if (cur == n) nodes[out++] = n;
      if (cur < n) break;  // the list is exhausted
    }
  }
  nodes.resize(out);
}

// All nodes of `p`, ascending.
void append_all(std::vector<uint32_t>& out, const Postings& p, uint32_t begin, uint32_t end) {
  if (p.count == 1) {
    out.push_back(p.single);
  } else if (p.bitmap) {
    for (uint32_t w = 0; w < (end - begin + 63) / 64; ++w)
      for (uint64_t bits = p.bitmap[w]; bits; bits &= bits - 1)
        out.push_back(begin + w * 64 + uint32_t(__builtin_ctzll(bits)));
  } else {
    const uint8_t* q = p.gaps;
    uint32_t cur = begin;
    for (uint32_t k = 0; k < p.count; ++k) {
      cur += uint32_t(varint::get(q));
      out.push_back(cur);
    }
  }
}

}  // namespace

void TokenIndex::intersect(const Range& r, const std::vector<uint64_t>& hashes,
                           std::vector<uint32_t>& out) const {
  std::vector<Postings> found;
  for (uint64_t h : hashes) {
    auto it = std::lower_bound(r.hashes.begin(), r.hashes.end(), h);
    if (it == r.hashes.end() || *it != h) return;  // a token no node in the range holds
    uint32_t where = r.where[size_t(it - r.hashes.begin())];
    Postings p;
    if (where & kSingle) {
      p.count = 1;
      p.single = where & ~kSingle;
    } else {
      const uint8_t* q = r.lists.data() + where;
      uint64_t head = varint::get(q);
      p.count = uint32_t(head / 2);
      if (head & 1)
        p.bitmap = r.bitmaps.data() + varint::get(q);
      else
        p.gaps = q;
    }
    found.push_back(p);
  }
  // Start from the rarest token; bitmaps are cheapest to test last.
  std::sort(found.begin(), found.end(),
            [](const Postings& a, const Postings& b) { return a.count < b.count; });
  std::vector<uint32_t> nodes;
  append_all(nodes, found[0], r.begin, r.end);
  for (size_t i = 1; i < found.size() && !nodes.empty(); ++i) keep_held(nodes, found[i], r.begin);
  out.insert(out.end(), nodes.begin(), nodes.end());
}

TokenIndex::Phrase TokenIndex::find_phrase(const PhraseMatcher& m) const {
  Phrase out;
  out.nodes = nodes_with_all(m.tokens());
  if (m.tokens().size() == 1) {
    out.sure = out.nodes;
    return out;
  }
  // Symbols whose text holds the whole phrase: nodes with such a leaf match.
  std::vector<Sym> held;
  for (size_t i = 0; i < m.tokens().size(); ++i) {
    uint64_t h = token_hash(m.tokens()[i]);
    auto lo =
        std::lower_bound(symbol_tokens_.begin(), symbol_tokens_.end(), std::make_pair(h, Sym(0)));
    std::vector<Sym> with;
    for (auto it = lo; it != symbol_tokens_.end() && it->first == h; ++it)
      with.push_back(it->second);
    if (i > 0) {
      std::vector<Sym> both;
      std::set_intersection(held.begin(), held.end(), with.begin(), with.end(),
                            std::back_inserter(both));
      with.swap(both);
    }
    held.swap(with);
  }
  for (Sym s : held) {
    if (!m.matches_text(syms_->name(s))) continue;
    std::vector<uint64_t> one{symbol_hash(s)};
    for (const Range& r : ranges_) intersect(r, one, out.sure);
  }
  std::sort(out.sure.begin(), out.sure.end());
  out.sure.erase(std::unique(out.sure.begin(), out.sure.end()), out.sure.end());
  return out;
}

std::vector<uint32_t> TokenIndex::nodes_with_all(const std::vector<std::string>& tokens) const {
  std::vector<uint32_t> out;
  if (tokens.empty()) return out;
  std::vector<uint64_t> hashes;
  for (const auto& t : tokens) hashes.push_back(token_hash(t));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  for (const Range& r : ranges_) intersect(r, hashes, out);
  return out;
}

size_t TokenIndex::bytes() const {
  size_t b = sizeof(*this) + symbol_tokens_.capacity() * sizeof(symbol_tokens_[0]) +
             lengths_.capacity() * sizeof(lengths_[0]);
  for (const Range& r : ranges_)
    b += sizeof(r) + r.hashes.capacity() * 8 + r.where.capacity() * 4 + r.lists.capacity() +
         r.bitmaps.capacity() * 8;
  return b;
}

size_t TokenIndex::token_count() const {
  size_t n = 0;
  for (const Range& r : ranges_) n += r.hashes.size();
  return n;
}

}  // namespace canopy
