#include "query/resolve.h"

#include <functional>

namespace canopy::query {

TermPtr clone(const TermPtr& t) {
  if (!t) return nullptr;
  auto c = std::make_shared<Term>(*t);
  c->left = clone(t->left);
  c->right = clone(t->right);
  for (auto& m : c->merges) m.query = std::make_shared<Query>(clone(*m.query));
  return c;
}

namespace {
std::shared_ptr<WithClause> clone(const std::shared_ptr<WithClause>& w) {
  if (!w) return nullptr;
  auto c = std::make_shared<WithClause>(*w);
  c->term = clone(w->term);
  c->inner = clone(w->inner);
  return c;
}
}  // namespace

Query clone(const Query& q) {
  Query c = q;
  for (Part& p : c.parts) {
    p.term = clone(p.term);
    p.with = clone(p.with);
  }
  return c;
}

bool valid_section(std::string_view s) {
  return s.empty() || s == "reported" || s == "desired" || s == "metadata" || s == "security";
}

// ---- edge types -------------------------------------------------------------------

namespace {

void fill_types(Navigation& n, const std::vector<std::string>& types) {
  if (n.types.empty()) n.types = types;
}

void fill_query(Query& q, const std::vector<std::string>& types, bool top);

void fill_term(const TermPtr& t) {
  if (!t) return;
  fill_term(t->left);
  fill_term(t->right);
  // Navigations inside merge sub-queries always default to `default`.
  for (auto& m : t->merges) fill_query(*m.query, {"default"}, false);
}

void fill_with(const std::shared_ptr<WithClause>& w, const std::vector<std::string>& types) {
  for (auto c = w; c; c = c->inner) {
    fill_types(c->nav, types);
    fill_term(c->term);
  }
}

void fill_query(Query& q, const std::vector<std::string>& types, bool top) {
  for (Part& p : q.parts) {
    if (p.nav) fill_types(*p.nav, types);
    fill_with(p.with, top ? types : std::vector<std::string>{"default"});
    fill_term(p.term);
  }
}

Status split_types(std::string_view text, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string t(text.substr(start, comma - start));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(0, 1);
    if (t != "default" && t != "delete")
      return Error{"unknown edge type '" + t + "' (edge types are default and delete)"};
    out.push_back(std::move(t));
    start = comma + 1;
  }
  return Status::ok();
}

}  // namespace

Status default_edge_types(Query& q, const std::vector<std::string>& fallback) {
  std::vector<std::string> types;
  for (const auto& [key, value] : q.preamble) {
    if (key != "edge_type") continue;
    types.clear();
    CANOPY_RETURN_IF_ERROR(split_types(value.is_string() ? value.str() : value.json(), types));
  }
  if (types.empty()) types = fallback;
  if (types.empty()) types = {"default"};
  q.preamble.clear();
  fill_query(q, types, true);
  return Status::ok();
}

// ---- names and sections -------------------------------------------------------------

namespace {

bool is_location(std::string_view n) {
  return n == "cloud" || n == "account" || n == "region" || n == "zone";
}

Segment seg(std::string name) {
  Segment s;
  s.name = std::move(name);
  return s;
}

void well_known(Path& p) {
  if (p.absolute || p.segments.empty()) return;
  const Segment& first = p.segments[0];
  if (!first.indices.empty() || first.backticked) return;
  if (is_location(first.name)) {
    std::vector<Segment> out = {seg("ancestors"), seg(first.name), seg("reported")};
    if (p.segments.size() == 1)
      out.push_back(seg("name"));
    else
      out.insert(out.end(), p.segments.begin() + 1, p.segments.end());
    p.segments = std::move(out);
    p.absolute = true;
  } else if (first.name == "usage" && p.segments.size() > 1) {
    p.absolute = true;
  }
}

void sectioned(Path& p, std::string_view section) {
  if (!p.absolute && !section.empty())
    p.segments.insert(p.segments.begin(), seg(std::string(section)));
  p.absolute = true;
}

// Applies `fn` to every path a query resolves (not those inside contexts).
void visit_query(Query& q, const std::function<void(Path&)>& fn);

void visit_term(const TermPtr& t, const std::function<void(Path&)>& fn) {
  if (!t) return;
  switch (t->type) {
    case Term::Type::Predicate:
    case Term::Type::Context:
      fn(t->path);
      return;  // the inner filter of a context is relative
    case Term::Type::Function:
      if (t->text != "has_desired_change") fn(t->path);
      return;
    case Term::Type::Merge:
      for (auto& m : t->merges) {
        fn(m.name);
        visit_query(*m.query, fn);
      }
      [[fallthrough]];
    default:
      visit_term(t->left, fn);
      visit_term(t->right, fn);
  }
}

void visit_query(Query& q, const std::function<void(Path&)>& fn) {
  if (q.aggregate) {
    for (auto& v : q.aggregate->group) {
      if (!v.is_combined()) fn(v.path);
      for (auto& piece : v.combined)
        if (piece.path) fn(*piece.path);
    }
    for (auto& f : q.aggregate->functions)
      if (f.path) fn(*f.path);
  }
  for (Part& p : q.parts) {
    visit_term(p.term, fn);
    for (auto w = p.with; w; w = w->inner) visit_term(w->term, fn);
    for (auto& k : p.sort) fn(k.path);
  }
}

// ---- ancestors ---------------------------------------------------------------------

// The merge name (`ancestors.<kind>`) a resolved path needs, or "" when the
// path is stored or no ancestor path at all.
Result<std::string> ancestor_merge(const Path& p) {
  const auto& s = p.segments;
  if (s.empty() || (s[0].name != "ancestors" && s[0].name != "descendants")) return std::string();
  if (s.size() < 3)
    return Error{"'" + p.str().substr(1) + "' names no property: write " + s[0].name +
                 ".<kind>.<path>, e.g. /" + s[0].name + ".aws_account.reported.name"};
  if (s[0].name == "ancestors" && is_location(s[1].name) && s.size() == 4 &&
      s[2].name == "reported" && (s[3].name == "id" || s[3].name == "name"))
    return std::string();
  return s[0].name + "." + s[1].name;
}

Status ancestor_paths(const TermPtr& t, std::vector<std::string>& out) {
  if (!t) return Status::ok();
  if (t->type == Term::Type::Predicate || t->type == Term::Type::Context ||
      t->type == Term::Type::Function) {
    auto m = ancestor_merge(t->path);
    if (!m) return m.status();
    if (!m->empty()) out.push_back(*m);
    return Status::ok();
  }
  CANOPY_RETURN_IF_ERROR(ancestor_paths(t->left, out));
  if (t->type != Term::Type::Merge) CANOPY_RETURN_IF_ERROR(ancestor_paths(t->right, out));
  return Status::ok();
}

bool mentions_ancestors(const TermPtr& t) {
  std::vector<std::string> names;
  return ancestor_paths(t, names).is_ok() && !names.empty();
}

void conjuncts(const TermPtr& t, std::vector<TermPtr>& out) {
  if (t && t->type == Term::Type::And) {
    conjuncts(t->left, out);
    conjuncts(t->right, out);
  } else if (t) {
    out.push_back(t);
  }
}

TermPtr conjunction(const std::vector<TermPtr>& terms) {
  TermPtr out;
  for (const auto& t : terms) out = out ? Term::combine(Term::Type::And, out, t) : t;
  return out;
}

Term::MergeQuery ancestor_merge_query(const std::string& name) {
  bool up = name.rfind("ancestors.", 0) == 0;
  Term::MergeQuery m;
  m.name.absolute = true;
  m.name.segments = {seg(up ? "ancestors" : "descendants"), seg(name.substr(name.find('.') + 1))};
  m.query = std::make_shared<Query>();
  Part first;
  first.term = Term::all();
  first.nav = Navigation{1, kMaxDepth, up ? Direction::In : Direction::Out, {"default"}, {}};
  Part second;
  second.term = std::make_shared<Term>();
  second.term->type = Term::Type::Is;
  second.term->names = {m.name.segments[1].name};
  m.query->parts = {std::move(first), std::move(second)};
  return m;
}

// Moves the conjuncts that read on-demand ancestor paths behind a merge.
Status rewrite_part(Part& p, const std::vector<std::string>& extra) {
  std::vector<std::string> names = extra;
  CANOPY_RETURN_IF_ERROR(ancestor_paths(p.term, names));
  if (p.term->type == Term::Type::Merge)
    CANOPY_RETURN_IF_ERROR(ancestor_paths(p.term->right, names));
  if (names.empty()) return Status::ok();

  std::vector<TermPtr> pre, post;
  std::vector<Term::MergeQuery> merges;
  TermPtr existing_post;
  TermPtr filter = p.term;
  if (filter->type == Term::Type::Merge) {
    merges = filter->merges;
    existing_post = filter->right;
    filter = filter->left;
  }
  std::vector<TermPtr> all;
  conjuncts(filter, all);
  for (auto& c : all) (mentions_ancestors(c) ? post : pre).push_back(c);
  if (existing_post) post.push_back(existing_post);
  for (const auto& n : names) {
    bool have = false;
    for (const auto& m : merges) have = have || (m.name.absolute && m.name.str() == "/" + n);
    if (!have) merges.push_back(ancestor_merge_query(n));
  }
  auto m = std::make_shared<Term>();
  m->type = Term::Type::Merge;
  m->left = pre.empty() ? Term::all() : conjunction(pre);
  m->merges = std::move(merges);
  m->right = conjunction(post);
  p.term = std::move(m);
  return Status::ok();
}

Status aggregate_ancestors(const Aggregate& a, std::vector<std::string>& out) {
  std::vector<const Path*> paths;
  for (const auto& v : a.group) {
    if (!v.is_combined()) paths.push_back(&v.path);
    for (const auto& piece : v.combined)
      if (piece.path) paths.push_back(&*piece.path);
  }
  for (const auto& f : a.functions)
    if (f.path) paths.push_back(&*f.path);
  for (const Path* p : paths) {
    auto m = ancestor_merge(*p);
    if (!m) return m.status();
    if (!m->empty()) out.push_back(*m);
  }
  return Status::ok();
}

}  // namespace

Status resolve(Query& q, std::string_view section) {
  if (!valid_section(section)) return Error{"unknown section '" + std::string(section) + "'"};
  visit_query(q, [](Path& p) { well_known(p); });
  visit_query(q, [&](Path& p) { sectioned(p, section); });
  for (size_t i = 0; i < q.parts.size(); ++i) {
    std::vector<std::string> extra;
    if (q.aggregate && i + 1 == q.parts.size())
      CANOPY_RETURN_IF_ERROR(aggregate_ancestors(*q.aggregate, extra));
    CANOPY_RETURN_IF_ERROR(rewrite_part(q.parts[i], extra));
  }
  return Status::ok();
}

}  // namespace canopy::query
