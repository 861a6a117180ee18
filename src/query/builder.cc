#include "query/builder.h"

#include <algorithm>

#include "query/aggregate.h"
#include "query/resolve.h"

namespace canopy::query {

namespace {

Path absolute(std::initializer_list<const char*> names) {
  Path p;
  p.absolute = true;
  for (const char* n : names) p.segments.push_back(Segment{n, false, {}});
  return p;
}

// Combines two filters with `and`, keeping a merge block at the top.
Result<TermPtr> and_terms(const TermPtr& a, const TermPtr& b) {
  if (a->type == Term::Type::All) return b;
  if (b->type == Term::Type::All) return a;
  bool ma = a->type == Term::Type::Merge, mb = b->type == Term::Type::Merge;
  if (ma && mb) return Error{"cannot combine two searches that both merge ({…} blocks)"};
  if (mb) {
    auto t = std::make_shared<Term>(*b);
    t->left = Term::combine(Term::Type::And, a, b->left);
    return t;
  }
  if (ma) {
    auto t = std::make_shared<Term>(*a);
    t->right = t->right ? Term::combine(Term::Type::And, a->right, b) : b;
    return t;
  }
  return Term::combine(Term::Type::And, a, b);
}

}  // namespace

QueryBuilder::QueryBuilder(std::string section) : section_(std::move(section)) {
  Part p;
  p.term = Term::all();
  q_.parts.push_back(std::move(p));
}

std::vector<SortKey> QueryBuilder::default_sort() const {
  return {{absolute({"reported", "kind"}), false},
          {absolute({"reported", "name"}), false},
          {absolute({"reported", "id"}), false}};
}

Path QueryBuilder::command_path(Path p) const {
  if (p.absolute) return p;
  if (!section_.empty()) p.segments.insert(p.segments.begin(), Segment{section_, false, {}});
  p.absolute = true;
  return p;
}

Part& QueryBuilder::current() {
  if (q_.parts.back().nav) {
    Part p;
    p.term = Term::all();
    q_.parts.push_back(std::move(p));
    windowed_ = false;
  }
  return q_.parts.back();
}

Status QueryBuilder::search(Query add) {
  if (add.aggregate) {
    if (q_.aggregate) return Error{"cannot combine two aggregations"};
    q_.aggregate = std::move(add.aggregate);
  }
  for (auto& kv : add.preamble) q_.preamble.push_back(std::move(kv));
  windowed_ = false;
  Part& last = q_.parts.back();
  if (last.nav) {
    for (auto& p : add.parts) q_.parts.push_back(std::move(p));
    return Status::ok();
  }
  Part& first = add.parts.front();
  if ((last.with && first.with) || (!last.tag.empty() && !first.tag.empty()) ||
      (last.with_usage && first.with_usage))
    return Error{"cannot combine two searches that both have a with clause, a tag or with_usage"};
  auto term = and_terms(last.term, first.term);
  if (!term) return term.status();
  last.term = term.value();
  for (auto& k : first.sort) last.sort.push_back(std::move(k));
  if (first.limit) {
    if (!last.limit)
      last.limit = first.limit;
    else
      last.limit = Limit{std::max(last.limit->offset, first.limit->offset),
                         std::min(last.limit->length, first.limit->length)};
  }
  if (first.with) last.with = std::move(first.with);
  if (!first.tag.empty()) last.tag = std::move(first.tag);
  if (first.with_usage) last.with_usage = std::move(first.with_usage);
  last.reversed = last.reversed || first.reversed;
  last.nav = std::move(first.nav);
  for (size_t i = 1; i < add.parts.size(); ++i) q_.parts.push_back(std::move(add.parts[i]));
  return Status::ok();
}

Status QueryBuilder::sort(std::vector<SortKey> keys) {
  Part& p = current();
  for (auto& k : keys) p.sort.push_back(SortKey{command_path(std::move(k.path)), k.desc});
  return Status::ok();
}

Status QueryBuilder::limit(Limit l) {
  current().limit = l;
  windowed_ = false;
  return Status::ok();
}

Status QueryBuilder::head(int64_t n) {
  Part& p = current();
  n = std::abs(n);
  if (!windowed_ || !p.limit) {
    p.limit = Limit{0, n};
  } else if (!p.reversed) {
    p.limit->length = std::min(p.limit->length, n);
  } else {  // the window is read backwards: the first n are its last n
    int64_t l = p.limit->length;
    p.limit = Limit{p.limit->offset + std::max<int64_t>(0, l - n), std::min(l, n)};
  }
  windowed_ = true;
  return Status::ok();
}

Status QueryBuilder::tail(int64_t n) {
  Part& p = current();
  n = std::abs(n);
  if (!windowed_ || !p.limit) {
    if (p.sort.empty()) p.sort = default_sort();
    for (auto& k : p.sort) k.desc = !k.desc;
    p.limit = Limit{0, n};
    p.reversed = !p.reversed;
  } else if (!p.reversed) {
    int64_t l = p.limit->length;
    p.limit = Limit{p.limit->offset + std::max<int64_t>(0, l - n), std::min(l, n)};
  } else {
    p.limit->length = std::min(p.limit->length, n);
  }
  windowed_ = true;
  return Status::ok();
}

Status QueryBuilder::traverse(Direction dir, bool all_levels, bool with_origin,
                              const std::string& edge_type) {
  if (edge_type != "default" && edge_type != "delete")
    return Error{"Given name is not a valid edge type: " + edge_type + ". default, delete"};
  Navigation n;
  n.dir = dir;
  n.start = with_origin ? 0 : 1;
  n.until = all_levels ? kMaxDepth : 1;
  n.types = {edge_type};
  Part& last = q_.parts.back();
  windowed_ = false;
  if (last.nav && last.nav->dir == dir && last.nav->types == n.types &&
      last.nav->out_types.empty()) {
    last.nav->start += n.start;
    last.nav->until = std::min(kMaxDepth, last.nav->until + n.until);
    return Status::ok();
  }
  if (last.nav) {
    Part p;
    p.term = Term::all();
    p.nav = std::move(n);
    q_.parts.push_back(std::move(p));
  } else {
    last.nav = std::move(n);
  }
  return Status::ok();
}

Status QueryBuilder::aggregate(Aggregate a) {
  if (q_.aggregate) return Error{"cannot combine two aggregations"};
  for (auto& v : a.group) {
    if (!v.is_combined()) v.path = command_path(std::move(v.path));
    for (auto& piece : v.combined)
      if (piece.path) piece.path = command_path(std::move(*piece.path));
  }
  for (auto& f : a.functions)
    if (f.path) f.path = command_path(std::move(*f.path));
  q_.aggregate = std::move(a);
  return Status::ok();
}

Status QueryBuilder::count(std::optional<Path> path) {
  Aggregate a;
  if (path) {
    AggregateVar v;
    v.path = command_path(std::move(*path));
    v.as = "name";
    a.group.push_back(std::move(v));
  }
  AggregateFn f;
  f.fn = "sum";
  f.constant = 1;
  f.as = "count";
  a.functions.push_back(std::move(f));
  if (q_.aggregate) return Error{"cannot combine two aggregations"};
  q_.aggregate = std::move(a);
  counting_ = true;
  return Status::ok();
}

Query QueryBuilder::finish() const {
  Query q = clone(q_);
  if (q.parts.back().nav) {
    Part p;
    p.term = Term::all();
    q.parts.push_back(std::move(p));
  }
  for (size_t i = 0; i < q.parts.size(); ++i) {
    Part& p = q.parts[i];
    if (!p.sort.empty()) continue;
    bool last = i + 1 == q.parts.size();
    if (last && q.aggregate) {
      // Aggregations are ordered by their function results.
      for (const auto& f : q.aggregate->functions) {
        Path fp;
        fp.absolute = true;
        fp.segments.push_back(Segment{f.as.empty() ? function_name(f) : f.as, false, {}});
        p.sort.push_back(SortKey{std::move(fp), false});
      }
    } else {
      p.sort = default_sort();
    }
  }
  return q;
}

}  // namespace canopy::query
