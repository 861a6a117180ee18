#include "query/parser.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_set>

#include "core/time.h"

namespace canopy::query {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_ident_char(char c) {
  return is_alnum(c) || c == '_' || c == '-';
}
bool is_unquoted_char(char c) {
  return is_alnum(c) || c == '_' || c == '-' || c == ':' || c == '/' || c == '.';
}
bool ends_unquoted(char c) {
  return is_space(c) || c == ',' || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' ||
         c == '}';
}

// A hard error stops parsing at once (no backtracking past it).
struct HardError {
  size_t pos;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<Query> whole_query() {
    Query q;
    ws();
    bool ok = query(q);
    if (hard_) return error_at(hard_->pos, hard_->message);
    ws();
    if (ok && pos_ == s_.size()) return q;
    if (ok && !q.parts.back().nav) {
      // A second part that parses means the navigation between them is missing.
      size_t at = pos_;
      Part extra;
      if (part(extra) && !hard_)
        return error_at(at, "parts must be connected by a navigation (-->, <--, -[1:2]->, …)");
      pos_ = at;
    }
    if (pos_ > far_ || far_expected_.empty()) expect(pos_, "end of query");
    return error_at(far_, "expected " + expected_text());
  }

  Result<Aggregate> whole_aggregate() {
    Aggregate a;
    ws();
    bool ok = agg_params(a);
    if (hard_) return error_at(hard_->pos, hard_->message);
    ws();
    if (ok && pos_ == s_.size()) return a;
    if (pos_ > far_ || far_expected_.empty()) expect(pos_, "end of input");
    return error_at(far_, "expected " + expected_text());
  }

 private:
  // ---- error reporting -------------------------------------------------
  void expect(size_t at, std::string what) {
    if (at > far_) {
      far_ = at;
      far_expected_.clear();
    }
    if (at == far_) far_expected_.insert(std::move(what));
  }
  bool fail(std::string what) {
    expect(pos_, std::move(what));
    return false;
  }
  void hard(size_t at, std::string message) {
    if (!hard_) hard_ = HardError{at, std::move(message)};
  }
  std::string expected_text() const {
    std::string out;
    size_t i = 0;
    for (const auto& e : far_expected_) {
      if (i) out += (i + 1 == far_expected_.size()) ? " or " : ", ";
      out += e;
      ++i;
    }
    return out;
  }
  Error error_at(size_t at, const std::string& message) const {
    at = std::min(at, s_.size());
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < at; ++i)
      if (s_[i] == '\n') ++line, line_start = i + 1;
    size_t line_end = s_.find('\n', at);
    if (line_end == std::string_view::npos) line_end = s_.size();
    // Show at most 60 characters on each side of the position.
    size_t from = at - line_start > 60 ? at - 60 : line_start;
    size_t to = std::min(line_end, at + 60);
    std::string snippet(s_.substr(from, to - from));
    for (char& c : snippet)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    std::string out = "syntax error at " + std::to_string(line) + ":" +
                      std::to_string(at - line_start + 1) + ": " + message + "\n  " +
                      (from > line_start ? "…" : "") + snippet + (to < line_end ? "…" : "") +
                      "\n  " + std::string(at - from + (from > line_start ? 1 : 0), ' ') + "^";
    return Error{out};
  }

  // ---- lexical helpers ---------------------------------------------------
  bool at_end() const { return pos_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void ws() {
    while (!at_end() && is_space(s_[pos_])) ++pos_;
  }
  bool ws1() {
    size_t at = pos_;
    ws();
    return pos_ > at || fail("whitespace");
  }
  bool lit(std::string_view t) {
    if (s_.substr(pos_, t.size()) == t) {
      pos_ += t.size();
      return true;
    }
    return fail("\"" + std::string(t) + "\"");
  }
  // Whether the text at the position starts with `t` (no expectation recorded).
  bool looking_at(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }

  // item { "," item }, blanks allowed around the commas. Blanks after the
  // last item are left unread. False when an item does not match.
  template <typename F>
  bool comma_separated(F&& item) {
    if (!item()) return false;
    while (true) {
      size_t before = pos_;
      ws();
      if (peek() != ',') {
        pos_ = before;
        return true;
      }
      ++pos_;
      ws();
      if (!item()) return false;
    }
  }

  struct Depth {
    Parser& p;
    bool ok;
    explicit Depth(Parser& parser) : p(parser), ok(++parser.depth_ <= kMaxNesting) {
      if (!ok)
        p.hard(p.pos_,
               "query nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
    }
    ~Depth() { --p.depth_; }
  };

  // LITERAL = [A-Za-z0-9][A-Za-z0-9_-]*
  bool literal(std::string& out) {
    if (!is_alnum(peek())) return fail("a name");
    size_t start = pos_;
    while (is_ident_char(peek())) ++pos_;
    out.assign(s_.substr(start, pos_ - start));
    return true;
  }

  bool integer(int64_t& out) {
    size_t start = pos_;
    if (peek() == '+' || peek() == '-') ++pos_;
    if (!is_digit(peek())) {
      pos_ = start;
      return fail("an integer");
    }
    while (is_digit(peek())) ++pos_;
    std::string_view text = s_.substr(start, pos_ - start);
    if (text[0] == '+') text.remove_prefix(1);
    auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    if (r.ec != std::errc()) {
      hard(start, "integer out of range");
      return false;
    }
    return true;
  }

  bool quoted(std::string& out) {
    if (peek() != '"') return fail("a quoted string");
    size_t start = pos_++;
    out.clear();
    while (!at_end()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && !at_end()) {
        char n = s_[pos_];
        if (n == '\\' || n == '"' || n == '\'' || n == '/') {
          out.push_back(n);
          ++pos_;
          continue;
        }
      }
      out.push_back(c);
    }
    pos_ = start;
    expect(s_.size(), "a closing '\"'");
    return false;
  }

  // ---- paths -------------------------------------------------------------
  bool name(Segment& seg) {
    if (peek() == '`') {
      size_t end = s_.find('`', pos_ + 1);
      if (end == std::string_view::npos || end == pos_ + 1) return fail("a property name");
      seg.name.assign(s_.substr(pos_ + 1, end - pos_ - 1));
      seg.backticked = true;
      pos_ = end + 1;
      return true;
    }
    if (!is_alpha(peek()) && peek() != '_') return fail("a property name");
    size_t start = pos_;
    while (is_ident_char(peek())) ++pos_;
    seg.name.assign(s_.substr(start, pos_ - start));
    return true;
  }

  bool indices(Segment& seg) {
    while (peek() == '[') {
      size_t start = pos_ + 1, end = start;
      while (end < s_.size() && (is_digit(s_[end]) || s_[end] == '*')) ++end;
      if (end >= s_.size() || s_[end] != ']') break;
      std::string_view inner = s_.substr(start, end - start);
      int64_t index = Segment::kAll;
      if (!inner.empty() && inner.find('*') == std::string_view::npos) {
        auto r = std::from_chars(inner.data(), inner.data() + inner.size(), index);
        if (r.ec != std::errc()) {
          hard(start, "array index out of range");
          return false;
        }
      }
      seg.indices.push_back(index);
      pos_ = end + 1;
    }
    return true;
  }

  bool path(Path& p) {
    size_t start = pos_;
    p = Path{};
    if (peek() == '/') {
      p.absolute = true;
      ++pos_;
    }
    Segment seg;
    if (!name(seg) || !indices(seg)) {
      pos_ = start;
      return false;
    }
    p.segments.push_back(std::move(seg));
    while (peek() == '.' && (is_alpha(peek(1)) || peek(1) == '_' || peek(1) == '`')) {
      ++pos_;
      Segment next;
      if (!name(next) || !indices(next)) {
        pos_ = start;
        return false;
      }
      p.segments.push_back(std::move(next));
    }
    return true;
  }

  // ---- values --------------------------------------------------------------
  bool keyword_value(Value& v) {
    if (looking_at("true"))
      v = Value::boolean(true), pos_ += 4;
    else if (looking_at("false"))
      v = Value::boolean(false), pos_ += 5;
    else if (looking_at("null"))
      v = Value(), pos_ += 4;
    else
      return fail("a value");
    return true;
  }

  bool unquoted(Value& v, bool check_arrow) {
    size_t start = pos_, end = pos_;
    while (end < s_.size() && !ends_unquoted(s_[end])) ++end;
    std::string_view text = s_.substr(start, end - start);
    if (text.empty()) return fail("a value");
    bool number_like = true, seen_dot = false;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (!is_unquoted_char(c)) return fail("a value");
      if (is_digit(c) || (c == '-' && i == 0)) continue;
      if (c == '.' && !seen_dot) {
        seen_dot = true;
        continue;
      }
      number_like = false;
    }
    if (number_like) return fail("a value");
    if (check_arrow) {
      for (std::string_view arrow : {"--", "-default", "-delete"}) {
        if (text.substr(0, arrow.size()) == arrow &&
            (text.size() == arrow.size() || !is_alpha(text[arrow.size()])))
          return fail("a value");
      }
    }
    v = Value::string(std::string(text));
    pos_ = end;
    return true;
  }

  bool number(Value& v) {
    size_t start = pos_;
    if (peek() == '+' || peek() == '-') ++pos_;
    if (!is_digit(peek())) {
      pos_ = start;
      return fail("a value");
    }
    while (is_digit(peek())) ++pos_;
    bool is_float = false;
    if (peek() == '.' && is_digit(peek(1))) {
      is_float = true;
      ++pos_;
      while (is_digit(peek())) ++pos_;
    }
    std::string_view text = s_.substr(start, pos_ - start);
    if (text[0] == '+') text.remove_prefix(1);
    if (!is_float) {
      int64_t i = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), i);
      if (r.ec == std::errc()) {
        v = Value::integer(i);
        return true;
      }
    }
    double d = 0;
    std::from_chars(text.data(), text.data() + text.size(), d);
    v = Value::number(d);
    return true;
  }

  bool json_array(Value& v) {
    if (peek() != '[') return fail("a value");
    Depth depth(*this);
    if (!depth.ok) return false;
    size_t start = pos_++;
    std::vector<Value> items;
    ws();
    bool ok = peek() == ']' || comma_separated([&] {
                Value item;
                if (!json_value(item)) return false;
                items.push_back(std::move(item));
                return true;
              });
    ws();
    if (!ok || !lit("]")) return pos_ = start, false;
    v = Value::array(std::move(items));
    return true;
  }

  bool json_object(Value& v) {
    if (peek() != '{') return fail("a value");
    Depth depth(*this);
    if (!depth.ok) return false;
    size_t start = pos_++;
    Value obj = Value::object();
    if (peek() == '}') {
      ++pos_;
      v = std::move(obj);
      return true;
    }
    ws();
    bool ok = comma_separated([&] {
      std::string key;
      if (peek() == '"' ? !quoted(key) : !literal(key)) return false;
      ws();
      if (!lit(":")) return false;
      ws();
      Value item;
      if (!json_value(item)) return false;
      obj.members().emplace_back(std::move(key), std::move(item));
      return true;
    });
    ws();
    if (!ok || !lit("}")) return pos_ = start, false;
    v = std::move(obj);
    return true;
  }

  // Inside arrays and objects.
  bool json_value(Value& v) {
    std::string s;
    if (peek() == '[') return json_array(v);
    if (peek() == '{') return json_object(v);
    if (peek() == '"') {
      if (!quoted(s)) return false;
      v = Value::string(std::move(s));
      return true;
    }
    if (keyword_value(v)) return true;
    if (unquoted(v, false)) return true;
    return number(v);
  }

  // In a predicate or function argument.
  bool value(Value& v) {
    if (hard_) return false;
    std::string s;
    if (peek() == '"') {
      if (!quoted(s)) return false;
      v = Value::string(std::move(s));
      return true;
    }
    if (peek() == '[') return json_array(v);
    if (peek() == '{') return json_object(v);
    if (keyword_value(v)) return true;
    if (unquoted(v, true)) return true;
    return number(v);
  }

  // ---- filters -------------------------------------------------------------
  bool name_list(std::vector<std::string>& out) {
    size_t start = pos_;
    bool bracket = peek() == '[';
    if (bracket) ++pos_, ws();
    while (true) {
      std::string item;
      if (peek() == '"' ? !quoted(item) : !literal(item)) return pos_ = start, false;
      out.push_back(std::move(item));
      size_t before = pos_;
      ws();
      if (peek() == ',') {
        ++pos_;
        ws();
        continue;
      }
      pos_ = before;
      break;
    }
    if (bracket) {
      ws();
      if (!lit("]")) return pos_ = start, false;
    }
    return true;
  }

  // `is(...)` / `id(...)`
  bool names_term(std::string_view keyword, Term::Type type, TermPtr& out) {
    size_t start = pos_;
    if (!looking_at(keyword)) return false;
    pos_ += keyword.size();
    ws();
    if (peek() != '(') return pos_ = start, false;
    ++pos_;
    ws();
    auto t = std::make_shared<Term>();
    t->type = type;
    if (!name_list(t->names)) return pos_ = start, false;
    ws();
    if (!lit(")")) return pos_ = start, false;
    out = std::move(t);
    return true;
  }

  bool function_term(TermPtr& out) {
    size_t start = pos_;
    for (std::string_view fn : {"in_subnet", "has_desired_change", "has_key"}) {
      if (!looking_at(fn)) continue;
      pos_ += fn.size();
      ws();
      if (peek() != '(') return pos_ = start, false;
      ++pos_;
      ws();
      auto t = std::make_shared<Term>();
      t->type = Term::Type::Function;
      t->text = std::string(fn);
      if (!path(t->path)) return pos_ = start, false;
      while (true) {
        ws();
        if (peek() != ',') break;
        ++pos_;
        ws();
        Value v;
        if (!value(v)) return pos_ = start, false;
        t->args.push_back(std::move(v));
      }
      ws();
      if (!lit(")")) return pos_ = start, false;
      out = std::move(t);
      return true;
    }
    return false;
  }

  bool op(Op& out) {
    static const std::pair<std::string_view, Op> kOps[] = {
        {"<=", Op::Le}, {">=", Op::Ge},    {">", Op::Gt},        {"<", Op::Lt}, {"==", Op::Eq},
        {"!=", Op::Ne}, {"=~", Op::Match}, {"!~", Op::NotMatch}, {"=", Op::Eq}, {"~", Op::Match}};
    for (const auto& [text, o] : kOps) {
      if (looking_at(text)) {
        pos_ += text.size();
        out = o;
        return true;
      }
    }
    size_t start = pos_;
    for (auto [text, o] : {std::pair<std::string_view, Op>{"in", Op::In}, {"not in", Op::NotIn}}) {
      if (!looking_at(text)) continue;
      pos_ += text.size();
      if (is_space(peek())) {
        ws();
        out = o;
        return true;
      }
      pos_ = start;
      expect(start + text.size(), "whitespace");
      return false;
    }
    return fail("an operator (==, !=, <, <=, >, >=, =~, !~, in, not in)");
  }

  bool predicate(TermPtr& out) {
    size_t start = pos_;
    auto t = std::make_shared<Term>();
    t->type = Term::Type::Predicate;
    if (!path(t->path)) return false;
    ws();
    for (auto [text, mod] : {std::pair<std::string_view, ArrayMod>{"all", ArrayMod::All},
                             {"any", ArrayMod::Any},
                             {"none", ArrayMod::NoneOf}}) {
      if (looking_at(text) && !is_ident_char(peek(text.size()))) {
        pos_ += text.size();
        t->mod = mod;
        ws();
        break;
      }
    }
    if (!op(t->op)) return pos_ = start, false;
    ws();
    if (!value(t->value)) return pos_ = start, false;
    // A trailing marker implies `any`; a modifier implies a trailing marker.
    if (t->mod == ArrayMod::None && t->path.ends_with_all())
      t->mod = ArrayMod::Any;
    else if (t->mod != ArrayMod::None && !t->path.ends_with_all())
      t->path.segments.back().indices.push_back(Segment::kAll);
    out = std::move(t);
    return true;
  }

  // A context that failed at a position fails there again: remembering it
  // keeps inputs such as `notx.{noty.{…` (each `not…` name is tried as a
  // path and as `not` + path) linear instead of exponential.
  bool context_term(TermPtr& out) {
    size_t start = pos_;
    if (failed_contexts_.count(start)) return false;
    auto t = std::make_shared<Term>();
    t->type = Term::Type::Context;
    if (!path(t->path)) return false;
    if (!looking_at(".{")) return pos_ = start, fail("\".{\"");
    pos_ += 2;
    Depth depth(*this);
    if (!depth.ok) return false;
    ws();
    if (!filter(t->left) || (ws(), !lit("}"))) {
      pos_ = start;
      failed_contexts_.insert(start);
      return false;
    }
    out = std::move(t);
    return true;
  }

  bool leaf(TermPtr& out) {
    if (hard_) return false;
    if (names_term("is", Term::Type::Is, out) || names_term("id", Term::Type::Id, out)) return true;
    if (hard_) return false;
    if (function_term(out) || predicate(out) || context_term(out)) return true;
    if (hard_) return false;
    size_t start = pos_;
    if (looking_at("not")) {
      pos_ += 3;
      ws();
      Depth depth(*this);
      if (!depth.ok) return false;
      auto t = std::make_shared<Term>();
      t->type = Term::Type::Not;
      if (simple(t->left)) {
        out = std::move(t);
        return true;
      }
      pos_ = start;
      if (hard_) return false;
    }
    if (peek() == '"') {
      auto t = std::make_shared<Term>();
      t->type = Term::Type::Fulltext;
      if (!quoted(t->text)) return false;
      out = std::move(t);
      return true;
    }
    if (looking_at("all")) {
      pos_ += 3;
      out = Term::all();
      return true;
    }
    return fail("a filter (is(), id(), a predicate, a full-text \"…\", not, all or \"(\")");
  }

  bool simple(TermPtr& out) {
    if (peek() == '(') {
      size_t start = pos_;
      Depth depth(*this);
      if (!depth.ok) return false;
      ++pos_;
      ws();
      if (filter(out)) {
        ws();
        if (lit(")")) return true;
      }
      pos_ = start;
      if (hard_) return false;
    }
    return leaf(out);
  }

  bool filter(TermPtr& out) {
    if (!simple(out)) return false;
    while (true) {
      size_t before = pos_;
      ws();
      Term::Type type;
      if (looking_at("and"))
        type = Term::Type::And, pos_ += 3;
      else if (looking_at("or"))
        type = Term::Type::Or, pos_ += 2;
      else {
        expect(pos_, "\"and\"");
        expect(pos_, "\"or\"");
        pos_ = before;
        return true;
      }
      ws();
      TermPtr right;
      if (!simple(right)) {
        pos_ = before;
        return !hard_;
      }
      if (++conditions_ > kMaxConditions) {
        hard(before, "query too large: more than " + std::to_string(kMaxConditions) +
                         " and/or combinations");
        return false;
      }
      out = Term::combine(type, std::move(out), std::move(right));
    }
  }

  // ---- merges --------------------------------------------------------------
  bool merge_query(Term::MergeQuery& m) {
    size_t start = pos_;
    if (peek() == '/') m.name.absolute = true, ++pos_;
    while (true) {
      Segment seg;
      if (!name(seg)) return pos_ = start, false;
      m.name.segments.push_back(std::move(seg));
      if (peek() == '.' && (is_alpha(peek(1)) || peek(1) == '_' || peek(1) == '`')) {
        ++pos_;
        continue;
      }
      break;
    }
    if (looking_at("[]")) m.list = true, pos_ += 2;
    ws();
    if (!lit(":")) return pos_ = start, false;
    ws();
    m.query = std::make_shared<Query>();
    Depth depth(*this);
    if (!depth.ok || !query(*m.query)) return pos_ = start, false;
    if (m.query->aggregate) m.list = true;
    return true;
  }

  bool merge_block(std::vector<Term::MergeQuery>& out) {
    size_t start = pos_;
    if (peek() != '{') return fail("\"{\"");
    ++pos_;
    ws();
    bool ok = comma_separated([&] {
      Term::MergeQuery m;
      if (!merge_query(m)) return false;
      out.push_back(std::move(m));
      return true;
    });
    ws();
    if (!ok || !lit("}")) return pos_ = start, false;
    return true;
  }

  bool term(TermPtr& out) {
    if (!filter(out)) return false;
    size_t before = pos_;
    ws();
    std::vector<Term::MergeQuery> merges;
    if (peek() != '{' || !merge_block(merges)) {
      pos_ = before;
      return !hard_;
    }
    auto m = std::make_shared<Term>();
    m->type = Term::Type::Merge;
    m->left = std::move(out);
    m->merges = std::move(merges);
    before = pos_;
    ws();
    TermPtr post;
    if (filter(post))
      m->right = std::move(post);
    else
      pos_ = before;
    out = std::move(m);
    return !hard_;
  }

  // ---- navigation ------------------------------------------------------------
  bool edge_types(std::vector<std::string>& out) {
    size_t start = pos_;
    ws();
    if (!is_alpha(peek())) return pos_ = start, false;
    while (true) {
      size_t name_start = pos_;
      while (is_alnum(peek()) || peek() == '_') ++pos_;
      std::string t(s_.substr(name_start, pos_ - name_start));
      if (t != "default" && t != "delete") {
        hard(name_start, "unknown edge type '" + t + "' (edge types are default and delete)");
        return false;
      }
      out.push_back(std::move(t));
      ws();
      if (peek() == ',') {
        ++pos_;
        ws();
        if (!is_alpha(peek())) return fail("an edge type");
        continue;
      }
      return true;
    }
  }

  bool range(Navigation& n) {
    if (peek() != '[') return false;
    size_t start = pos_++;
    ws();
    if (!integer(n.start)) return pos_ = start, false;
    n.until = n.start;
    ws();
    bool sep = false;
    if (looking_at(".."))
      pos_ += 2, sep = true;
    else if (peek() == ':' || peek() == ',')
      ++pos_, sep = true;
    if (sep) {
      ws();
      n.until = kMaxDepth;
      if (peek() == '+' || peek() == '-' || is_digit(peek())) {
        if (!integer(n.until)) return pos_ = start, false;
      }
      ws();
    }
    if (!lit("]")) return pos_ = start, false;
    return true;
  }

  // [types] [range] [types] between the arrow ends.
  bool edge_spec(Navigation& n, std::vector<std::string>& after) {
    edge_types(n.types);
    if (hard_) return false;
    bool has_range = range(n);
    if (hard_) return false;
    if (has_range) edge_types(after);
    return !hard_;
  }

  bool navigation(Navigation& out) {
    size_t start = pos_;
    if (looking_at("<-")) {
      pos_ += 2;
      Navigation n;
      n.dir = Direction::Any;
      std::vector<std::string> after;
      if (!edge_spec(n, after)) return false;
      if (looking_at("->")) {
        pos_ += 2;
        n.out_types = std::move(after);
        out = std::move(n);
        return true;
      }
      if (peek() == '-') {
        ++pos_;
        n.dir = Direction::In;
        if (!merge_sides(n, after, start)) return false;
        out = std::move(n);
        return true;
      }
      pos_ = start;
      expect(start + 2, "\"-\" or \"->\"");
      return false;
    }
    if (peek() == '-') {
      ++pos_;
      Navigation n;
      std::vector<std::string> after;
      if (!edge_spec(n, after)) return false;
      if (looking_at("->")) {
        pos_ += 2;
        if (!merge_sides(n, after, start)) return false;
        out = std::move(n);
        return true;
      }
      pos_ = start;
      return fail("a navigation (-->, <--, <-->, -[1:2]->, …)");
    }
    return fail("a navigation (-->, <--, <-->, -[1:2]->, …)");
  }

  bool merge_sides(Navigation& n, std::vector<std::string>& after, size_t start) {
    if (!after.empty()) {
      if (!n.types.empty()) {
        hard(start, "edge types may stand before or after the range, not both");
        return false;
      }
      n.types = std::move(after);
    }
    return true;
  }

  // ---- part elements -----------------------------------------------------------
  bool with_clause(std::shared_ptr<WithClause>& out) {
    size_t start = pos_;
    if (!looking_at("with")) return false;
    pos_ += 4;
    ws();
    if (peek() != '(') return pos_ = start, false;
    ++pos_;
    Depth depth(*this);
    if (!depth.ok) return false;
    ws();
    auto w = std::make_shared<WithClause>();
    if (looking_at("empty"))
      pos_ += 5, w->op = Op::Eq, w->num = 0;
    else if (looking_at("any"))
      pos_ += 3, w->op = Op::Gt, w->num = 0;
    else if (looking_at("count")) {
      pos_ += 5;
      ws();
      if (!op(w->op)) return pos_ = start, false;
      ws();
      if (!integer(w->num)) return pos_ = start, false;
    } else {
      return pos_ = start, fail("empty, any or count");
    }
    ws();
    if (!lit(",")) return pos_ = start, false;
    ws();
    size_t nav_at = pos_;
    if (!navigation(w->nav)) return pos_ = start, false;
    if (w->nav.start != 0 && w->nav.start != 1) {
      hard(nav_at, "the navigation of a with clause must start at 0 or 1");
      return false;
    }
    size_t before = pos_;
    ws();
    TermPtr t;
    if (filter(t))
      w->term = std::move(t);
    else
      pos_ = before;
    if (hard_) return false;
    before = pos_;
    ws();
    std::shared_ptr<WithClause> inner;
    if (with_clause(inner))
      w->inner = std::move(inner);
    else
      pos_ = before;
    if (hard_) return false;
    ws();
    if (!lit(")")) return pos_ = start, false;
    out = std::move(w);
    return true;
  }

  bool with_usage(WithUsage& out) {
    size_t start = pos_;
    if (!looking_at("with_usage")) return false;
    pos_ += 10;
    ws();
    if (!lit("(")) return pos_ = start, false;
    ws();
    size_t comma = s_.find(',', pos_);
    if (comma == std::string_view::npos) return pos_ = start, fail("a duration or datetime");
    std::string_view spec = s_.substr(pos_, comma - pos_);
    while (!spec.empty() && is_space(spec.back())) spec.remove_suffix(1);
    size_t sep = spec.find("::");
    std::string_view from = spec.substr(0, sep);
    std::string_view to = sep == std::string_view::npos ? std::string_view() : spec.substr(sep + 2);
    auto valid = [](std::string_view t) {
      // Durations (no ISO-8601 periods here) or datetimes.
      return !t.empty() && t[0] != 'P' && (parse_duration(t) || parse_datetime(t));
    };
    if (!valid(from) || (sep != std::string_view::npos && !valid(to))) {
      hard(pos_, "with_usage expects a duration or datetime, optionally followed by ::end");
      return false;
    }
    out.start = std::string(from);
    out.end = std::string(to);
    pos_ = comma + 1;
    ws();
    if (!name_list(out.metrics)) return pos_ = start, false;
    ws();
    if (!lit(")")) return pos_ = start, false;
    return true;
  }

  bool sort(std::vector<SortKey>& out) {
    size_t start = pos_;
    if (!looking_at("sort")) return false;
    pos_ += 4;
    if (!ws1()) return pos_ = start, false;
    bool ok = comma_separated([&] {
      SortKey k;
      if (!path(k.path)) return false;
      size_t before = pos_;
      ws();
      if (pos_ > before && looking_at("asc"))
        pos_ += 3;
      else if (pos_ > before && looking_at("desc"))
        pos_ += 4, k.desc = true;
      else
        pos_ = before;
      out.push_back(std::move(k));
      return true;
    });
    if (!ok) return pos_ = start, false;
    return true;
  }

  bool limit(Limit& out) {
    size_t start = pos_;
    if (!looking_at("limit")) return false;
    pos_ += 5;
    if (!ws1()) return pos_ = start, false;
    int64_t first = 0;
    if (!integer(first)) return pos_ = start, false;
    size_t before = pos_;
    ws();
    if (peek() == ',') {
      ++pos_;
      ws();
      int64_t second = 0;
      if (!integer(second)) return pos_ = start, false;
      out = Limit{first, second};
    } else {
      pos_ = before;
      out = Limit{0, first};
    }
    return true;
  }

  bool part(Part& p) {
    size_t start = pos_;
    bool any = false;
    auto step = [&](bool found) {
      if (found) any = true;
      size_t before = pos_;
      ws();
      if (!found) pos_ = before;
      return !hard_;
    };
    WithUsage usage;
    if (!step(with_usage(usage) && (p.with_usage = usage, true))) return false;
    TermPtr t;
    if (!step(term(t))) return false;
    p.term = t ? t : Term::all();
    if (!step(with_clause(p.with))) return false;
    if (peek() == '#') {
      ++pos_;
      if (!literal(p.tag)) return pos_ = start, false;
      step(true);
    }
    if (!step(sort(p.sort))) return false;
    Limit l;
    if (!step(limit(l) && (p.limit = l, true))) return false;
    if (!step(looking_at("reversed") && (pos_ += 8, p.reversed = true))) return false;
    Navigation n;
    if (navigation(n)) {
      p.nav = std::move(n);
      any = true;
    }
    if (hard_) return false;
    if (!any) {
      pos_ = start;
      return false;
    }
    return true;
  }

  // ---- preamble and aggregation ------------------------------------------------
  bool combined_name(AggregateVar& v) {
    size_t start = pos_;
    if (peek() != '"') return false;
    ++pos_;
    while (peek() != '"') {
      if (at_end()) return pos_ = start, fail("a closing '\"'");
      if (peek() == '{') {
        ++pos_;
        Path p;
        if (!path(p) || !lit("}")) return pos_ = start, false;
        v.combined.push_back({std::string(), std::move(p)});
        continue;
      }
      size_t text_start = pos_;
      while (!at_end() && peek() != '{' && peek() != '"') ++pos_;
      v.combined.push_back({std::string(s_.substr(text_start, pos_ - text_start)), std::nullopt});
    }
    ++pos_;
    if (v.combined.empty()) return pos_ = start, fail("a group name");
    return true;
  }

  bool as_name(std::string& out) {
    size_t before = pos_;
    ws();
    if (pos_ > before && looking_at("as") && is_space(peek(2))) {
      pos_ += 2;
      ws();
      if (literal(out)) return true;
    }
    pos_ = before;
    return false;
  }

  bool group_var(AggregateVar& v) {
    if (!combined_name(v) && !path(v.path)) return false;
    as_name(v.as);
    return true;
  }

  bool agg_fn(AggregateFn& f) {
    size_t start = pos_;
    for (std::string_view fn : {"sum", "count", "min", "max", "avg", "stddev", "variance"}) {
      if (!looking_at(fn)) continue;
      pos_ += fn.size();
      ws();
      if (peek() != '(') {
        pos_ = start;
        continue;
      }
      ++pos_;
      ws();
      f.fn = std::string(fn);
      Path p;
      if (path(p))
        f.path = std::move(p);
      else if (!integer(f.constant))
        return pos_ = start, false;
      while (true) {
        size_t before = pos_;
        ws();
        char c = peek();
        if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%') {
          ++pos_;
          ws();
          Value v;
          if (!number(v)) return pos_ = start, false;
          f.ops.emplace_back(c, std::move(v));
          continue;
        }
        pos_ = before;
        break;
      }
      ws();
      if (!lit(")")) return pos_ = start, false;
      as_name(f.as);
      return true;
    }
    return fail("an aggregate function (sum, count, min, max, avg, stddev, variance)");
  }

  bool agg_params(Aggregate& a) {
    size_t start = pos_;
    // Group variables, if the list is followed by ':'.
    bool groups = comma_separated([&] {
      AggregateVar v;
      if (!group_var(v)) return false;
      a.group.push_back(std::move(v));
      return true;
    });
    ws();
    if (groups && peek() == ':') {
      ++pos_;
      ws();
    } else {
      a.group.clear();
      pos_ = start;
    }
    bool ok = comma_separated([&] {
      AggregateFn f;
      if (!agg_fn(f)) return false;
      a.functions.push_back(std::move(f));
      return true;
    });
    if (!ok) return pos_ = start, false;
    return true;
  }

  bool preamble_tags(Query& q) {
    size_t start = pos_;
    if (peek() != '(') return false;
    ++pos_;
    ws();
    bool ok = peek() == ')' || comma_separated([&] {
                if (!looking_at("edge_type")) return false;
                pos_ += 9;
                ws();
                if (!lit("=")) return false;
                ws();
                Value v;
                std::string s;
                if (peek() == '"') {
                  if (!quoted(s)) return false;
                  v = Value::string(s);
                } else if (!keyword_value(v)) {
                  if (!literal(s)) return false;
                  v = Value::string(s);
                }
                q.preamble.emplace_back("edge_type", std::move(v));
                return true;
              });
    ws();
    if (!ok || !lit(")")) return pos_ = start, false;
    return true;
  }

  bool preamble(Query& q) {
    size_t start = pos_;
    if (looking_at("aggregate")) {
      pos_ += 9;
      ws();
      Aggregate a;
      if (lit("(") && (ws(), agg_params(a)) && (ws(), lit(")"))) {
        size_t before = pos_;
        ws();
        if (!preamble_tags(q)) pos_ = before;
        ws();
        if (lit(":")) {
          q.aggregate = std::move(a);
          return true;
        }
      }
      if (hard_) return false;
      pos_ = start;
      q.preamble.clear();
    }
    if (preamble_tags(q)) {
      ws();
      if (lit(":")) return true;
      pos_ = start;
      q.preamble.clear();
    }
    if (peek() == ':') {
      ++pos_;
      return true;
    }
    return false;
  }

  bool query(Query& q) {
    size_t start = pos_;
    if (preamble(q)) ws();
    if (hard_) return false;
    while (true) {
      Part p;
      if (!part(p)) break;
      bool has_nav = p.nav.has_value();
      q.parts.push_back(std::move(p));
      if (!has_nav) break;
      size_t before = pos_;
      ws();
      if (at_end()) {
        pos_ = before;
        break;
      }
    }
    if (hard_) return false;
    if (q.parts.empty()) {
      pos_ = start;
      return false;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t far_ = 0;
  std::set<std::string> far_expected_;
  std::optional<HardError> hard_;
  int depth_ = 0;
  int conditions_ = 0;
  std::unordered_set<size_t> failed_contexts_;
};

}  // namespace

Result<Query> parse_query(std::string_view text) {
  return Parser(text).whole_query();
}

Result<Aggregate> parse_aggregate(std::string_view text) {
  return Parser(text).whole_aggregate();
}

}  // namespace canopy::query
