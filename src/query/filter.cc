#include "query/filter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/time.h"

namespace canopy::query {

// The nodes holding all tokens of a phrase, as a list and as a bitmap, and
// those of them the index knows to match.
struct Filter::PhraseNodes {
  std::once_flag once;
  const Graph* graph = nullptr;
  std::vector<uint32_t> list;
  std::vector<uint64_t> held, sure;
};

Filter::~Filter() = default;

namespace {

std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t out = 0;
  for (int part = 0; part < 4; ++part) {
    if (part) {
      if (s.empty() || s[0] != '.') return std::nullopt;
      s.remove_prefix(1);
    }
    unsigned v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr == s.data() || v > 255) return std::nullopt;
    s.remove_prefix(static_cast<size_t>(r.ptr - s.data()));
    out = (out << 8) | v;
  }
  if (!s.empty()) return std::nullopt;
  return out;
}

Op swapped(Op op) {
  switch (op) {
    case Op::Lt:
      return Op::Gt;
    case Op::Le:
      return Op::Ge;
    case Op::Gt:
      return Op::Lt;
    case Op::Ge:
      return Op::Le;
    default:
      return op;
  }
}

std::vector<std::string> names_of(const Path& p) {
  std::vector<std::string> out;
  for (const auto& s : p.segments) out.push_back(s.name);
  return out;
}

bool is_section(std::string_view s) {
  return s == "reported" || s == "desired" || s == "metadata" || s == "security" || s == "diff";
}

}  // namespace

struct Filter::Builder {
  const CompileEnv& env;
  std::vector<std::string> prefix;  // context path, for typing inner paths

  // The property a resolved path addresses, for typing its literal.
  const Property* property_of(const std::vector<std::string>& full, const Kind** kind) {
    std::vector<std::string> names = prefix;
    names.insert(names.end(), full.begin(), full.end());
    size_t skip = 0;
    for (const auto& m : env.merge_names) {
      if (m.size() < names.size() && std::equal(m.begin(), m.end(), names.begin())) {
        skip = m.size();
        break;
      }
    }
    if (skip == 0 && names.size() > 2 && names[0] == "ancestors" &&
        (names[1] == "cloud" || names[1] == "account" || names[1] == "region" ||
         names[1] == "zone"))
      skip = 2;
    if (skip < names.size() && is_section(names[skip])) ++skip;
    std::vector<std::string_view> rest(names.begin() + static_cast<long>(skip), names.end());
    const Property* prop = nullptr;
    *kind = env.types.lookup(rest, &prop);
    return prop;
  }

  Result<std::unique_ptr<Filter>> build(const Term& t) {
    std::unique_ptr<Filter> f(new Filter());
    f->type_ = t.type;
    switch (t.type) {
      case Term::Type::All:
        break;
      case Term::Type::Is:
        CANOPY_RETURN_IF_ERROR(is(t, *f));
        break;
      case Term::Type::Id:
        for (const auto& id : t.names) {
          uint32_t n = env.reader.graph().find(id);
          if (n != kNoNode) f->ids_.push_back(n);
        }
        std::sort(f->ids_.begin(), f->ids_.end());
        f->ids_.erase(std::unique(f->ids_.begin(), f->ids_.end()), f->ids_.end());
        break;
      case Term::Type::Predicate:
        CANOPY_RETURN_IF_ERROR(predicate(t, *f));
        break;
      case Term::Type::Context: {
        f->ops_ = env.reader.compile(t.path);
        f->unfolds_ = t.path.has_all();
        Builder inner{env, prefix};
        for (const auto& n : names_of(t.path)) inner.prefix.push_back(n);
        auto in = inner.build(*t.left);
        if (!in) return in.status();
        f->left_ = std::move(in.value());
        break;
      }
      case Term::Type::Function:
        CANOPY_RETURN_IF_ERROR(function(t, *f));
        break;
      case Term::Type::And:
        return conjunction(t);
      case Term::Type::Not:
      case Term::Type::Or: {
        auto l = build(*t.left);
        if (!l) return l.status();
        f->left_ = std::move(l.value());
        if (t.right) {
          auto r = build(*t.right);
          if (!r) return r.status();
          f->right_ = std::move(r.value());
        }
        break;
      }
      case Term::Type::Fulltext:
        CANOPY_RETURN_IF_ERROR(fulltext(t, *f));
        break;
      case Term::Type::Merge:
        return Error{"a merge can only follow the filter of a part"};
    }
    return f;
  }

  // A chain of `and`s, cheapest terms first: the result does not depend on
  // the order, and a false cheap term spares reading arrays or text.
  Result<std::unique_ptr<Filter>> conjunction(const Term& t) {
    std::vector<const Term*> terms;
    collect_and(t, terms);
    std::vector<std::unique_ptr<Filter>> built;
    for (const Term* c : terms) {
      auto f = build(*c);
      if (!f) return f.status();
      built.push_back(std::move(f.value()));
    }
    std::stable_sort(built.begin(), built.end(),
                     [](const auto& a, const auto& b) { return a->cost() < b->cost(); });
    std::unique_ptr<Filter> out = std::move(built[0]);
    for (size_t i = 1; i < built.size(); ++i) {
      std::unique_ptr<Filter> f(new Filter());
      f->type_ = Term::Type::And;
      f->left_ = std::move(out);
      f->right_ = std::move(built[i]);
      out = std::move(f);
    }
    return out;
  }

  static void collect_and(const Term& t, std::vector<const Term*>& out) {
    if (t.type != Term::Type::And) {
      out.push_back(&t);
      return;
    }
    collect_and(*t.left, out);
    collect_and(*t.right, out);
  }

  Status is(const Term& t, Filter& f) {
    const Model& model = env.reader.graph().model();
    f.kind_match_.assign(model.size(), 0);
    for (const auto& name : t.names) {
      const Kind* k = model.find(name);
      if (!k || !k->is_complex()) return Error{"unknown kind '" + name + "' in is()"};
      f.kinds_.push_back(k);
      for (const Kind* sub : model.subkinds(k)) f.kind_match_[sub->id] = 1;
    }
    return Status::ok();
  }

  Status predicate(const Term& t, Filter& f) {
    Path path = t.path;
    Op op = t.op;
    Value lit = t.value;
    const Kind* kind = nullptr;
    const Property* prop = property_of(names_of(path), &kind);
    if (prop && prop->is_synthetic()) {
      // age > 30d  →  ctime < now - 30d
      for (auto it = path.segments.rbegin(); it != path.segments.rend(); ++it) {
        if (it->name == prop->name) {
          it->name = prop->synthetic_from;
          it->backticked = false;
          break;
        }
      }
      auto convert = [&](const Value& v) -> Result<Value> {
        std::optional<int64_t> d;
        if (v.is_string()) d = parse_duration(v.str());
        if (!d)
          return Error{"'" + t.path.str() + "' is a duration: cannot compare it with " + v.dumps() +
                       " (write e.g. 30d or 2h)"};
        return Value::string(format_datetime(env.now - *d));
      };
      if (lit.is_array()) {
        for (Value& item : lit.items()) {
          auto c = convert(item);
          if (!c) return c.status();
          item = std::move(c.value());
        }
      } else {
        auto c = convert(lit);
        if (!c) return c.status();
        lit = std::move(c.value());
      }
      op = swapped(op);
    } else if ((op == Op::In || op == Op::NotIn) && lit.is_array()) {
      for (Value& item : lit.items()) item = coerce_literal(kind, item, env.now);
    } else if (op != Op::Match && op != Op::NotMatch) {
      lit = coerce_literal(kind, lit, env.now);
    }
    f.op_ = op;
    f.lit_ = std::move(lit);
    f.mod_ = t.mod;
    f.array_cmp_ = path.ends_with_all();
    f.ops_ = env.reader.compile(path, f.array_cmp_);
    f.unfolds_ = std::any_of(f.ops_.begin(), f.ops_.end(),
                             [](const PathOp& o) { return o.type == PathOp::Type::Each; });
    f.guard_ = op == Op::Lt || op == Op::Le || op == Op::NotIn || op == Op::Match;
    plain(f);
    if (op == Op::Match || op == Op::NotMatch) {
      std::string pattern = f.lit_.is_string() ? f.lit_.str() : f.lit_.json();
      RE2::Options o;
      o.set_log_errors(false);
      o.set_case_sensitive(op == Op::NotMatch);
      f.re_ = std::make_unique<RE2>(pattern, o);
      f.bad_re_ = !f.re_->ok();
    }
    return Status::ok();
  }

  Status function(const Term& t, Filter& f) {
    f.fn_ = t.text;
    f.ops_ = env.reader.compile(t.path);
    if (t.text == "has_key") {
      if (t.args.size() != 1)
        return Error{
            "has_key expects one argument after the path (a key or a list of keys), e.g. "
            "has_key(tags, owner)"};
      const Value& a = t.args[0];
      if (a.is_array()) {
        for (const Value& k : a.items()) f.keys_.push_back(k.is_string() ? k.str() : k.json());
      } else {
        f.keys_.push_back(a.is_string() ? a.str() : a.json());
      }
    } else if (t.text == "in_subnet") {
      if (t.args.size() != 1 || !t.args[0].is_string())
        return Error{
            "in_subnet expects one argument after the path (a network), e.g. "
            "in_subnet(ip, \"10.0.0.0/8\")"};
      const std::string& cidr = t.args[0].str();
      size_t slash = cidr.find('/');
      auto ip = parse_ipv4(std::string_view(cidr).substr(0, slash));
      unsigned bits = 32;
      if (slash != std::string::npos) {
        auto r = std::from_chars(cidr.data() + slash + 1, cidr.data() + cidr.size(), bits);
        if (r.ec != std::errc() || r.ptr != cidr.data() + cidr.size() || bits > 32) ip.reset();
      }
      if (!ip) return Error{"in_subnet: '" + cidr + "' is not an IPv4 network (a.b.c.d/n)"};
      f.mask_ = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
      f.net_ = *ip & f.mask_;
    } else {  // has_desired_change: compare desired.<p> with reported.<p>
      if (!t.args.empty()) return Error{"has_desired_change expects no argument after the path"};
      Path p = t.path;
      if (!p.segments.empty() &&
          (p.segments[0].name == "reported" || p.segments[0].name == "desired"))
        p.segments.erase(p.segments.begin());
      Path d = p, r = p;
      d.segments.insert(d.segments.begin(), Segment{"desired", false, {}});
      r.segments.insert(r.segments.begin(), Segment{"reported", false, {}});
      f.desired_ops_ = env.reader.compile(d);
      f.reported_ops_ = env.reader.compile(r);
    }
    return Status::ok();
  }

  static void plain(Filter& f) {
    bool number = f.lit_.type() == Value::Type::Int || f.lit_.type() == Value::Type::Double;
    bool text = f.lit_.is_string() && (f.op_ == Op::Eq || f.op_ == Op::Ne);
    bool ordered = f.op_ == Op::Eq || f.op_ == Op::Ne || f.op_ == Op::Lt || f.op_ == Op::Le ||
                   f.op_ == Op::Gt || f.op_ == Op::Ge;
    if (f.array_cmp_ || !ordered || !(number || text)) return;
    plain_path(f);
  }

  // Keys with at most one `[*]`, not first.
  static void plain_path(Filter& f) {
    if (f.ops_.empty()) return;
    size_t each = SIZE_MAX;
    for (size_t i = 0; i < f.ops_.size(); ++i) {
      const PathOp& op = f.ops_[i];
      if (op.type == PathOp::Type::Each && each == SIZE_MAX && i > 0) {
        each = i;
        continue;
      }
      if (op.type != PathOp::Type::Key || op.sym == Symbols::kNone || op.ancestors) return;
    }
    f.plain_ = true;
    f.each_at_ = each;
  }

  Status fulltext(const Term& t, Filter& f) {
    f.phrase_ = env.phrase_fulltext;
    f.tokens_ = fulltext_tokens(t.text);
    if (f.phrase_) {
      if (!f.tokens_.empty()) {
        f.phrase_matcher_ = std::make_unique<PhraseMatcher>(f.tokens_);
        f.phrase_nodes_ = std::make_unique<PhraseNodes>();
      }
      return Status::ok();
    }
    // Substring strategy: the tokens separated by delimiters, anywhere.
    std::string pattern;
    for (const auto& tok : f.tokens_) {
      if (!pattern.empty()) pattern += "[ _\\-@:/.]+";
      pattern += RE2::QuoteMeta(tok);
    }
    RE2::Options o;
    o.set_log_errors(false);
    o.set_case_sensitive(false);
    f.re_ = std::make_unique<RE2>(pattern, o);
    f.bad_re_ = !f.re_->ok();
    return Status::ok();
  }
};

Result<std::unique_ptr<Filter>> Filter::compile(const Term& t, const CompileEnv& env) {
  Builder b{env, {}};
  return b.build(t);
}

int Filter::cost() const {
  switch (type_) {
    case Term::Type::All:
    case Term::Type::Is:
    case Term::Type::Id:
      return 0;
    case Term::Type::Predicate:
      return unfolds_ || array_cmp_ ? 4 : (op_ == Op::Match || op_ == Op::NotMatch ? 3 : 1);
    case Term::Type::Function:
      return 2;
    case Term::Type::Context:
      return unfolds_ ? 4 + left_->cost() : left_->cost();
    case Term::Type::Fulltext:
      return 6;
    default:
      return std::max(left_->cost(), right_ ? right_->cost() : 0);
  }
}

const Filter* Filter::required_is() const {
  if (type_ == Term::Type::Is) return this;
  if (type_ != Term::Type::And) return nullptr;
  const Filter* l = left_->required_is();
  return l ? l : right_->required_is();
}

const Filter* Filter::required_id() const {
  if (type_ == Term::Type::Id) return this;
  if (type_ != Term::Type::And) return nullptr;
  const Filter* l = left_->required_id();
  return l ? l : right_->required_id();
}

Tri Filter::eval(const Val& doc, const Reader& r) const {
  // The frequent terms first, as plain branches: they predict better than
  // the jump table of the switch.
  if (type_ == Term::Type::Predicate) return plain_ ? eval_plain(doc, r) : eval_predicate(doc, r);
  if (type_ == Term::Type::And) {
    // Every term has a reachable value, so a term that cannot be true can
    // be false: the conjunction is false whatever the right side does.
    Tri a = left_->eval(doc, r);
    if (!a.can_true) return {false, true};
    Tri b = right_->eval(doc, r);
    return {b.can_true, a.can_false || b.can_false};
  }
  switch (type_) {
    case Term::Type::All:
      return Tri::of(true);
    case Term::Type::Is:
      return Tri::of(doc.k == Val::K::Node && kind_match_[r.graph().node(doc.node).kind]);
    case Term::Type::Id:
      return Tri::of(doc.k == Val::K::Node &&
                     std::binary_search(ids_.begin(), ids_.end(), doc.node));
    case Term::Type::Context:
      return eval_context(doc, r);
    case Term::Type::Function:
      return Tri::of(eval_function(doc, r));
    case Term::Type::Fulltext:
      return Tri::of(eval_fulltext(doc, r));
    case Term::Type::Not: {
      Tri t = left_->eval(doc, r);
      return {t.can_false, t.can_true};
    }
    case Term::Type::And:  // above
    case Term::Type::Predicate:
      break;
    case Term::Type::Or: {
      Tri a = left_->eval(doc, r);
      if (!a.can_false) return {true, false};
      Tri b = right_->eval(doc, r);
      return {a.can_true || b.can_true, b.can_false};
    }
    case Term::Type::Merge:
      break;
  }
  return Tri::of(false);
}

bool Filter::test(const Val& x, const Reader& r) const {
  if (guard_ && x.is_null()) return false;
  return compare_op(x, r);
}

bool Filter::compare_op(const Val& x, const Reader& r) const {
  switch (op_) {
    case Op::Eq:
      return r.compare(x, lit_) == 0;
    case Op::Ne:
      return r.compare(x, lit_) != 0;
    case Op::Lt:
      return r.compare(x, lit_) < 0;
    case Op::Le:
      return r.compare(x, lit_) <= 0;
    case Op::Gt:
      return r.compare(x, lit_) > 0;
    case Op::Ge:
      return r.compare(x, lit_) >= 0;
    case Op::In:
    case Op::NotIn: {
      bool found = false;
      if (lit_.is_array())
        for (const Value& item : lit_.items())
          if (r.compare(x, item) == 0) {
            found = true;
            break;
          }
      return op_ == Op::In ? found : !found;
    }
    case Op::Match:
      return !bad_re_ && RE2::PartialMatch(r.text(x), *re_);
    case Op::NotMatch:
      return !bad_re_ && !RE2::PartialMatch(r.text(x), *re_);
  }
  return false;
}

// Array comparison over the elements at the path. The null guard does not
// apply to elements: it only ever sees the (never null) element list.
bool Filter::test_array(const Val& list, const Reader& r) const {
  if (op_ == Op::Match) {
    // The pattern sees the JSON text of the expanded array.
    Value items = Value::array();
    r.elements(list, [&](const Val& e) { items.items().push_back(r.materialize(e)); });
    return !bad_re_ && RE2::PartialMatch(items.json(), *re_);
  }
  bool any = false, all = true;
  r.elements(list, [&](const Val& e) {
    bool ok = compare_op(e, r);
    any = any || ok;
    all = all && ok;
  });
  switch (mod_) {
    case ArrayMod::All:
      return all;
    case ArrayMod::NoneOf:
      return !any;
    default:
      return any;
  }
}

Tri Filter::eval_predicate(const Val& doc, const Reader& r) const {
  auto check = [&](const Val& x) { return array_cmp_ ? test_array(x, r) : test(x, r); };
  if (unfolds_) return {r.walk(doc, ops_, 0, check), true};
  return Tri::of(check(r.get(doc, ops_)));
}

// The document a plain path starts from: false when `doc` is not one.
static bool plain_start(const Val& doc, const Reader& r, DocView& d) {
  if (doc.k == Val::K::Doc)
    d = doc.doc;
  else if (doc.k == Val::K::Node && !doc.merges)
    d = r.graph().doc(doc.node);
  else
    return false;
  return true;
}

// Follows the keys ops_[from, to) from `v`; invalid when one is missing.
DocView Filter::follow(DocView v, size_t from, size_t to) const {
  for (size_t i = from; i < to && v.valid(); ++i)
    v = v.is_object() ? v.get(ops_[i].sym) : DocView();
  return v;
}

// Calls fn(leaf) for what the plain path reaches from `d`, as Reader::walk
// does: through `[*]` every array element, or the value itself unless it
// is null; stops at the first true.
template <typename F>
bool Filter::plain_walk(DocView d, F&& fn) const {
  if (each_at_ == SIZE_MAX) return fn(follow(d, 0, ops_.size()));
  DocView list = follow(d, 0, each_at_);
  if (!list.valid() || list.tag() == Tag::Null) return false;
  if (!list.is_array()) return fn(follow(list, each_at_ + 1, ops_.size()));
  for (auto it = list.iter(); !it.done(); it.next())
    if (fn(follow(it.value(), each_at_ + 1, ops_.size()))) return true;
  return false;
}

// Same answers as eval_predicate() for the shapes plain() accepts.
Tri Filter::eval_plain(const Val& doc, const Reader& r) const {
  DocView d;
  if (!plain_start(doc, r, d)) return eval_predicate(doc, r);
  bool any = plain_walk(d, [&](const DocView& leaf) { return check_plain(leaf, r); });
  return each_at_ == SIZE_MAX ? Tri::of(any) : Tri{any, true};
}

bool Filter::check_plain(const DocView& leaf, const Reader& r) const {
  if (!leaf.valid()) return test(Val(), r);
  int c = 0;
  const Tag t = leaf.tag();
  if ((t == Tag::Int || t == Tag::Double) && !lit_.is_string()) {
    if (t == Tag::Int && lit_.type() == Value::Type::Int) {
      int64_t x = leaf.as_int(), y = lit_.as_int();
      c = x < y ? -1 : (x > y ? 1 : 0);
    } else {
      c = compare_numbers(leaf.as_double(), lit_.as_double());
    }
  } else if (lit_.is_string() && leaf.is_string()) {
    c = leaf.string_equals(r.syms(), lit_.str()) ? 0 : 1;  // Eq and Ne only
  } else {
    return test(Val::of_doc(leaf), r);
  }
  switch (op_) {
    case Op::Eq:
      return c == 0;
    case Op::Ne:
      return c != 0;
    case Op::Lt:
      return c < 0;
    case Op::Le:
      return c <= 0;
    case Op::Gt:
      return c > 0;
    case Op::Ge:
      return c >= 0;
    default:
      return test(Val::of_doc(leaf), r);
  }
}

Tri Filter::eval_context(const Val& doc, const Reader& r) const {
  if (unfolds_)
    return {r.walk(doc, ops_, 0, [&](const Val& e) { return left_->eval(e, r).can_true; }), true};
  return left_->eval(r.get(doc, ops_), r);
}

bool Filter::eval_function(const Val& doc, const Reader& r) const {
  if (fn_ == "has_desired_change") {
    Val d = r.get(doc, desired_ops_);
    return !d.is_null() && r.compare(d, r.get(doc, reported_ops_)) != 0;
  }
  Val v = r.get(doc, ops_);
  if (fn_ == "in_subnet") {
    auto ip = parse_ipv4(r.text(v));
    return ip && (*ip & mask_) == net_;
  }
  // has_key
  for (const auto& key : keys_) {
    bool present = false;
    if (v.k == Val::K::Doc && v.doc.is_object()) {
      Sym s = r.syms().find(key);
      present = s != Symbols::kNone && v.doc.get(s).valid();
    } else if (v.k == Val::K::Lit && v.lit->is_object()) {
      present = v.lit->get(key) != nullptr;
    }
    if (!present) return false;
  }
  return true;
}

bool Filter::eval_fulltext(const Val& doc, const Reader& r) const {
  if (doc.k != Val::K::Node || tokens_.empty()) return tokens_.empty();
  const Graph& g = r.graph();
  if (!phrase_) return !bad_re_ && RE2::PartialMatch(flat_text(g, doc.node), *re_);
  if (phrase_nodes(g)) {
    auto bit = [&](const std::vector<uint64_t>& bits) {
      return (bits[doc.node / 64] >> (doc.node % 64) & 1) != 0;
    };
    if (!bit(phrase_nodes_->held)) return false;
    if (bit(phrase_nodes_->sure)) return true;
  }
  return phrase_matcher_->matches(g, doc.node);
}

const std::vector<uint32_t>* Filter::phrase_nodes(const Graph& g) const {
  if (!phrase_nodes_) return nullptr;
  PhraseNodes& p = *phrase_nodes_;
  std::call_once(p.once, [&] {
    p.graph = &g;
    auto found = g.token_index().find_phrase(*phrase_matcher_);
    auto bitmap = [&](const std::vector<uint32_t>& nodes) {
      std::vector<uint64_t> bits((g.size() + 63) / 64, 0);
      for (uint32_t n : nodes) bits[n / 64] |= uint64_t(1) << (n % 64);
      return bits;
    };
    p.held = bitmap(found.nodes);
    p.sure = bitmap(found.sure);
    p.list = std::move(found.nodes);
  });
  return p.graph == &g ? &p.list : nullptr;
}

void Filter::ranked_phrases(std::vector<const Filter*>& out) const {
  if (type_ == Term::Type::Fulltext && phrase_ && !tokens_.empty()) out.push_back(this);
  if (type_ != Term::Type::And && type_ != Term::Type::Or) return;
  left_->ranked_phrases(out);
  right_->ranked_phrases(out);
}

uint32_t Filter::occurrences(const Graph& g, uint32_t node) const {
  return phrase_matcher_ ? phrase_matcher_->occurrences(g, node) : 0;
}

const Filter* Filter::required_fulltext() const {
  if (type_ == Term::Type::Fulltext) return phrase_ && !tokens_.empty() ? this : nullptr;
  if (type_ != Term::Type::And) return nullptr;
  const Filter* l = left_->required_fulltext();
  return l ? l : right_->required_fulltext();
}

}  // namespace canopy::query
