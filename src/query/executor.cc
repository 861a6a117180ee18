#include "query/executor.h"

#include <algorithm>
#include <deque>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "core/time.h"
#include "query/aggregate.h"
#include "query/filter.h"
#include "query/parallel.h"
#include "query/parser.h"
#include "query/relevance.h"
#include "query/resolve.h"
#include "query/types.h"
#include "query/usage.h"

namespace canopy::query {
namespace {

struct CQuery;

struct CNav {
  int64_t start = 1, until = 1;
  Direction dir = Direction::Out;
  std::vector<EdgeType> in_types, out_types;
};

struct CMerge {
  MergeName name;
  bool list = false;
  std::unique_ptr<CQuery> sub;
  int location = -1;  // stored-reference shortcut: cloud/account/region/zone
  // `<nav> <filter>` with nothing else: evaluated by one guided traversal.
  const Filter* direct = nullptr;
};

struct CWith {
  Op op = Op::Eq;
  int64_t num = 0;
  CNav nav;
  std::unique_ptr<Filter> term;
  std::unique_ptr<CWith> inner;
};

struct CSort {
  PathOps ops;
  bool desc = false;
  bool kind_key = false;                  // reported.kind: read from the node record
  bool name_key = false, id_key = false;  // reported.name, reported.id
};

struct CPart {
  std::unique_ptr<Filter> pre, post;  // post only with merges
  // Full-text phrases of an index search: without a sort, matches come by relevance.
  std::vector<const Filter*> ranked;
  std::optional<CUsage> usage;           // with_usage: attached after `pre`,
  std::unique_ptr<Filter> usage_filter;  // then the conjuncts that read it
  bool has_merges = false;
  std::vector<CMerge> merges;
  std::unique_ptr<CWith> with;
  std::string tag;
  std::vector<CSort> sort;
  std::optional<Limit> limit;
  bool reversed = false;
  std::optional<CNav> nav;
};

struct CQuery {
  std::vector<CPart> parts;
  std::unique_ptr<CAggregate> aggregate;
};

bool compare_count(int64_t n, Op op, int64_t num) {
  switch (op) {
    case Op::Eq:
      return n == num;
    case Op::Ne:
      return n != num;
    case Op::Lt:
      return n < num;
    case Op::Le:
      return n <= num;
    case Op::Gt:
      return n > num;
    case Op::Ge:
      return n >= num;
    default:
      return false;
  }
}

std::vector<EdgeType> edge_types(const std::vector<std::string>& names) {
  std::vector<EdgeType> out;
  for (const auto& n : names) {
    EdgeType t = n == "delete" ? EdgeType::Delete : EdgeType::Default;
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  if (out.empty()) out.push_back(EdgeType::Default);
  return out;
}

CNav compile_nav(const Navigation& n) {
  CNav c;
  c.start = n.start;
  c.until = std::min(n.until, kMaxDepth);
  c.dir = n.dir;
  c.in_types = edge_types(n.types);
  c.out_types = n.out_types.empty() ? c.in_types : edge_types(n.out_types);
  return c;
}

void collect_merge_names(const Query& q, std::vector<std::vector<std::string>>& out) {
  for (const Part& p : q.parts) {
    if (p.term->type != Term::Type::Merge) continue;
    for (const auto& m : p.term->merges) {
      std::vector<std::string> names;
      for (const auto& s : m.name.segments) names.push_back(s.name);
      out.push_back(std::move(names));
      collect_merge_names(*m.query, out);
    }
  }
}

class Compiler {
 public:
  Compiler(const Reader& reader, const PathTypes& types, int64_t now)
      : reader_(reader), types_(types), now_(now) {}

  Result<std::unique_ptr<CQuery>> query(const Query& q, bool top) {
    if (top) collect_merge_names(q, merge_names_);
    auto c = std::make_unique<CQuery>();
    for (size_t i = 0; i < q.parts.size(); ++i) {
      CPart p;
      CANOPY_RETURN_IF_ERROR(part(q.parts[i], p, top && i == 0));
      c->parts.push_back(std::move(p));
    }
    if (q.aggregate) {
      auto a = compile_aggregate(*q.aggregate, reader_);
      if (!a) return a.status();
      c->aggregate = std::move(a.value());
    }
    return c;
  }

 private:
  Result<std::unique_ptr<Filter>> filter(const TermPtr& t, bool phrase) {
    CompileEnv env{reader_, types_, now_, merge_names_, phrase};
    return Filter::compile(*t, env);
  }

  Status part(const Part& p, CPart& c, bool first) {
    const Term* t = p.term.get();
    TermPtr pre_term = t->type == Term::Type::Merge ? t->left : p.term;
    if (p.with_usage && !p.with_usage->metrics.empty()) {
      if (t->type == Term::Type::Merge)
        return Error{"with_usage cannot be combined with a merge query in one part"};
      auto usage = compile_usage(*p.with_usage, now_);
      if (!usage) return usage.status();
      c.usage = std::move(usage.value());
      auto [plain, with_usage] = split_usage(pre_term);
      pre_term = plain ? plain : Term::all();
      if (with_usage) {
        auto u = filter(with_usage, false);
        if (!u) return u.status();
        c.usage_filter = std::move(u.value());
      }
    }
    auto f = filter(pre_term, first && phrase_ok(*pre_term));
    if (!f) return f.status();
    c.pre = std::move(f.value());
    c.pre->ranked_phrases(c.ranked);
    if (t->type == Term::Type::Merge) {
      c.has_merges = true;
      if (t->right) {
        auto post = filter(t->right, false);
        if (!post) return post.status();
        c.post = std::move(post.value());
      }
      for (const auto& m : t->merges) {
        CMerge cm;
        std::vector<std::string> name;
        for (const auto& s : m.name.segments) name.push_back(s.name);
        cm.name = std::make_shared<const std::vector<std::string>>(std::move(name));
        cm.list = m.list;
        CANOPY_RETURN_IF_ERROR(check_merge_query(*m.query));
        cm.location = shortcut(m);
        auto sub = query(*m.query, false);
        if (!sub) return sub.status();
        cm.sub = std::move(sub.value());
        cm.direct = direct_filter(*cm.sub);
        c.merges.push_back(std::move(cm));
      }
    }
    if (p.with) {
      auto w = with(*p.with);
      if (!w) return w.status();
      c.with = std::move(w.value());
    }
    c.tag = p.tag;
    if (!c.tag.empty() && p.term->type == Term::Type::All && p.sort.empty() && !p.limit)
      c.tag.clear();  // tagging every node adds nothing to the result
    for (const auto& k : p.sort) c.sort.push_back(sort_key(k));
    c.limit = p.limit;
    if (c.limit && (c.limit->offset < 0 || c.limit->length < 0))
      return Error{"limit: offset and length must not be negative"};
    c.reversed = p.reversed;
    if (p.nav) c.nav = compile_nav(*p.nav);
    return Status::ok();
  }

  CSort sort_key(const SortKey& k) {
    CSort s;
    s.desc = k.desc;
    Path path = k.path;
    // A synthetic property sorts by its source, in the opposite direction.
    std::vector<std::string_view> names;
    size_t start = !path.segments.empty() && (path.segments[0].name == "reported" ||
                                              path.segments[0].name == "metadata")
                       ? 1
                       : 0;
    for (size_t i = start; i < path.segments.size(); ++i) names.push_back(path.segments[i].name);
    const Property* prop = nullptr;
    types_.lookup(names, &prop);
    if (prop && prop->is_synthetic() && !path.segments.empty()) {
      path.segments.back().name = prop->synthetic_from;
      s.desc = !s.desc;
    }
    s.ops = reader_.compile(path);
    bool reported = path.segments.size() == 2 && path.segments[0].name == "reported" &&
                    path.segments[1].indices.empty() && path.segments[0].indices.empty();
    s.kind_key = reported && path.segments[1].name == "kind";
    s.name_key = reported && path.segments[1].name == "name";
    s.id_key = reported && path.segments[1].name == "id";
    return s;
  }

  Result<std::unique_ptr<CWith>> with(const WithClause& w) {
    auto c = std::make_unique<CWith>();
    c->op = w.op;
    c->num = w.num;
    c->nav = compile_nav(w.nav);
    if (w.term) {
      auto f = filter(w.term, false);
      if (!f) return f.status();
      c->term = std::move(f.value());
    }
    if (w.inner) {
      auto in = with(*w.inner);
      if (!in) return in.status();
      c->inner = std::move(in.value());
    }
    return c;
  }

  static Status check_merge_query(const Query& q) {
    const Part& p = q.parts.front();
    bool bare = p.nav && p.term->type == Term::Type::All && !p.with && p.sort.empty() && !p.limit &&
                p.tag.empty() && !p.with_usage && !p.reversed;
    if (!bare)
      return Error{
          "a merge query must start with a navigation, e.g. {owner: <-- is(aws_iam_user)}: '" +
          to_string(q) + "'"};
    return Status::ok();
  }

  static const Filter* direct_filter(const CQuery& q) {
    if (q.aggregate || q.parts.size() != 2) return nullptr;
    const CNav& n = *q.parts[0].nav;
    const CPart& p = q.parts[1];
    if (n.dir == Direction::Any || p.has_merges || p.with || !p.sort.empty() || p.limit ||
        !p.tag.empty() || p.reversed || p.nav)
      return nullptr;
    return p.pre.get();
  }

  // `<-[s:u]- is(account, …)` with u > 1 reads the stored reference.
  int shortcut(const Term::MergeQuery& m) const {
    const Query& q = *m.query;
    if (m.list || q.aggregate || q.parts.size() != 2) return -1;
    const Navigation& n = *q.parts[0].nav;
    const Part& last = q.parts[1];
    if (n.dir != Direction::In || n.until <= 1 || last.nav || last.with || !last.sort.empty() ||
        last.limit || !last.tag.empty() || last.term->type != Term::Type::Is)
      return -1;
    if (n.types.size() != 1 || n.types[0] != "default") return -1;
    for (int i = 0; i < kLocations; ++i)
      if (last.term->names[0] == kLocationNames[i]) return i;
    return -1;
  }

  // Full-text terms use whole-token matching when the filter is a
  // conjunction whose full-text conjuncts contain nothing else.
  static bool has_fulltext(const Term& t) {
    if (t.type == Term::Type::Fulltext) return true;
    return (t.left && has_fulltext(*t.left)) || (t.right && has_fulltext(*t.right));
  }
  static bool only_fulltext(const Term& t) {
    switch (t.type) {
      case Term::Type::Fulltext:
        return true;
      case Term::Type::Not:
        return only_fulltext(*t.left);
      case Term::Type::And:
      case Term::Type::Or:
        return only_fulltext(*t.left) && only_fulltext(*t.right);
      default:
        return false;
    }
  }
  static bool phrase_ok(const Term& t) {
    if (t.type == Term::Type::And) return phrase_ok(*t.left) && phrase_ok(*t.right);
    return !has_fulltext(t) || only_fulltext(t);
  }

  const Reader& reader_;
  const PathTypes& types_;
  int64_t now_;
  std::vector<std::vector<std::string>> merge_names_;
};

// ---- evaluation ------------------------------------------------------------------

// Per-node marks reused by every query of a thread: "cleared" by moving to a
// new generation instead of zeroing megabytes per query.
struct Marks {
  std::vector<uint32_t> seen, visited;
  uint32_t gen = 0;

  void fit(size_t n) {
    if (seen.size() < n) seen.resize(n, 0), visited.resize(n, 0);
  }
  uint32_t next() {
    if (++gen == 0) {
      std::fill(seen.begin(), seen.end(), 0);
      std::fill(visited.begin(), visited.end(), 0);
      gen = 1;
    }
    return gen;
  }
};
thread_local Marks tls_marks;

class Executor {
 public:
  Executor(const Reader& reader, bool lazy_order, bool reverse_with = true,
           bool edge_unique = false)
      : r_(reader),
        g_(reader.graph()),
        marks_(tls_marks),
        seen_(marks_.seen),
        visited_(marks_.visited),
        lazy_order_(lazy_order),
        reverse_with_(reverse_with),
        edge_unique_(edge_unique) {
    marks_.fit(g_.size());
  }

  // Fails when a trail traversal (--with-edges) gave up; see kMaxTrailSteps.
  const Status& trail_status() const { return trail_status_; }

  // Runs `q`; `start` is the single start node of a merge sub-query.
  Status run(const CQuery& q, std::optional<uint32_t> start, QueryResult& out) {
    std::vector<Row> rows, tagged;
    // --with-edges: the last edges of the latest navigation's trails, and
    // those whose end survived a returned part.
    const bool collect = edge_unique_ && !start && !q.aggregate;
    std::vector<TrailEdge> pending;
    std::vector<ResultEdge> edges;
    const size_t n = q.parts.size();
    std::optional<Limit> final_limit;
    bool reverse_at_end = false;
    for (size_t i = 0; i < n; ++i) {
      const CPart& p = q.parts[i];
      const bool last = i + 1 == n;
      if (i == 0) {
        if (start) {
          // A merge query starts with a bare navigation; its matches at
          // equal distance come in node id order (first = nearest, lowest id).
          rows = navigate({Row{*start, 0, nullptr}}, *p.nav, true);
          continue;
        }
        rows = candidates(*p.pre);
      }
      bool defer = last && !q.aggregate;  // limit applies to the final result
      bool limit_now = !p.with && !defer;
      if (defer) final_limit = p.limit;
      reverse_at_end = defer && p.reversed && !p.nav;
      size_t top = SIZE_MAX;
      if (p.limit && !p.with && (limit_now || !p.nav))
        top = size_t(p.limit->offset) + size_t(p.limit->length);
      // Documents fed to an aggregation need an order only when a limit picks some.
      if (last && q.aggregate && !p.limit) top = 0;
      // A streamed result in the default order is ordered by its reader.
      bool lazy = lazy_order_ && !start && defer && !p.limit && !p.nav && !p.with && !p.reversed &&
                  p.tag.empty() && !p.has_merges && !p.usage && tagged.empty() &&
                  is_default_order(p.sort) && !g_.default_rank().empty();
      if (lazy) top = 0, out.in_rank_order = true;
      CANOPY_RETURN_IF_ERROR(filter_part(p, rows, limit_now, top));
      if (!p.tag.empty()) {
        out.tags.push_back(p.tag);
        for (Row& row : rows) row.tag = uint32_t(out.tags.size());
        tagged.insert(tagged.end(), rows.begin(), rows.end());
        if (collect) keep_reaching(pending, rows, edges);
      }
      if (p.reversed && !reverse_at_end) std::reverse(rows.begin(), rows.end());
      if (p.with) {
        with_clause(*p.with, rows);
        if (!defer) apply_limit(rows, p.limit);
      }
      if (p.nav) {
        pending.clear();
        rows = navigate(rows, *p.nav, false, collect ? &pending : nullptr);
      }
    }
    if (final_limit) apply_limit(rows, final_limit);
    if (reverse_at_end) std::reverse(rows.begin(), rows.end());
    if (collect) keep_reaching(pending, rows, edges);
    if (q.aggregate) {
      out.aggregated = true;
      out.aggregate_rows = aggregate(*q.aggregate, r_, rows);
      const CPart& last = q.parts.back();
      if (!last.sort.empty()) sort_values(out.aggregate_rows, last.sort);
      return Status::ok();
    }
    if (!tagged.empty()) {
      tagged.insert(tagged.end(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
      rows = std::move(tagged);
      dedupe(rows);
    }
    if (collect) out.edges = joining(std::move(edges), rows);
    out.rows = std::move(rows);
    return Status::ok();
  }

 private:
  // ---- candidates and filtering ----------------------------------------------------
  static constexpr size_t kPrefetch = 8;
  // (Asking for more of the document, or for the node record a few rows
  // earlier, measured no faster.)
  void prefetch(uint32_t node) const {
    const NodeRec& rec = g_.node(node);
    __builtin_prefetch(rec.doc);
    __builtin_prefetch(rec.doc + 64);
  }

  std::vector<Row> candidates(const Filter& f) {
    std::vector<Row> rows;
    if (const Filter* ids = f.required_id()) {
      for (uint32_t n : ids->ids()) rows.push_back(Row{n, 0, nullptr});
    } else if (const Filter* is = f.required_is()) {
      std::vector<uint32_t> nodes;
      for (const Kind* k : is->kinds()) {
        auto span = g_.with_kind(*k);
        nodes.insert(nodes.end(), span.begin(), span.end());
      }
      if (is->kinds().size() > 1) {
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
      }
      rows.reserve(nodes.size());
      for (uint32_t n : nodes) rows.push_back(Row{n, 0, nullptr});
    } else if (const Filter* text = f.required_fulltext()) {
      // Only nodes holding every token of the phrase can match.
      if (const auto* nodes = text->phrase_nodes(g_)) {
        rows.reserve(nodes->size());
        for (uint32_t n : *nodes) rows.push_back(Row{n, 0, nullptr});
      } else {
        for (uint32_t n = 0; n < g_.size(); ++n) rows.push_back(Row{n, 0, nullptr});
      }
    } else {
      rows.reserve(g_.size());
      for (uint32_t n = 0; n < g_.size(); ++n) rows.push_back(Row{n, 0, nullptr});
    }
    return rows;
  }

  void keep_matching(std::vector<Row>& rows, const Filter& f) {
    if (f.is_all()) return;
    if (worker_count(rows.size()) == 1) {
      size_t out = 0;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (!f.matches(Val::of_node(rows[i].node, rows[i].merges.get()), r_)) continue;
        if (out != i) rows[out] = std::move(rows[i]);
        ++out;
      }
      rows.resize(out);
      return;
    }
    std::vector<uint8_t> keep(rows.size());
    // A phrase alone is mostly answered by the index: no documents to fetch.
    const bool fetch = f.required_fulltext() != &f;
    parallel_slices(rows.size(), [&](unsigned, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        // Reading documents is bound by memory latency: ask for the
        // documents a few rows ahead while this one is evaluated.
        if (fetch && i + kPrefetch < end) prefetch(rows[i + kPrefetch].node);
        keep[i] = f.matches(Val::of_node(rows[i].node, rows[i].merges.get()), r_);
      }
    });
    size_t out = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!keep[i]) continue;
      if (out != i) rows[out] = std::move(rows[i]);
      ++out;
    }
    rows.resize(out);
  }

  // `top`: how many rows the part's limit will keep after sorting (when it
  // is applied right after), so that only those need to be in order.
  Status filter_part(const CPart& p, std::vector<Row>& rows, bool limit_now, size_t top) {
    keep_matching(rows, *p.pre);
    if (p.usage) {
      for (Row& row : rows) attach_usage(g_, *p.usage, row);
      if (p.usage_filter) keep_matching(rows, *p.usage_filter);
    }
    if (!p.has_merges) {
      order_part(p, rows, top);
      if (limit_now) apply_limit(rows, p.limit);
      return Status::ok();
    }
    order_part(p, rows, p.post ? SIZE_MAX : top);
    if (limit_now && !p.post) apply_limit(rows, p.limit);
    for (Row& row : rows) CANOPY_RETURN_IF_ERROR(merge(p, row));
    if (p.post) {
      keep_matching(rows, *p.post);
      if (limit_now) apply_limit(rows, p.limit);
    }
    return Status::ok();
  }

  // A part's sort; without one, the matches of a full-text index search
  // come by relevance.
  void order_part(const CPart& p, std::vector<Row>& rows, size_t top) {
    if (p.sort.empty() && !p.ranked.empty())
      order_by_relevance(g_, p.ranked, rows);
    else
      sort_rows(rows, p.sort, top);
  }

  static void apply_limit(std::vector<Row>& rows, const std::optional<Limit>& l) {
    if (!l) return;
    size_t off = std::min(rows.size(), size_t(l->offset));
    size_t len = std::min(rows.size() - off, size_t(l->length));
    if (off) rows.erase(rows.begin(), rows.begin() + static_cast<long>(off));
    rows.resize(len);
  }

  // A sort key reduced to what comparing needs: the type rank and the
  // number or text (other values keep their Val).
  struct SortVal {
    uint8_t rank = 0;  // null, bool, number, string, array, object
    bool simple = true;
    bool ordinal = false;  // a kind name: `num` is its rank among all kind names
    double num = 0;
    std::string_view str;
    Val val;
  };

  // `owned` keeps texts that had to be assembled (prefixed strings, datetimes).
  SortVal sort_val(const Val& v, std::deque<std::string>& owned) const {
    SortVal out;
    if (v.is_null()) return out;
    if (v.k == Val::K::Lit && v.lit->is_string()) {
      out.rank = 3;
      out.str = v.lit->str();
      return out;
    }
    if (v.k == Val::K::Doc) {
      switch (v.doc.tag()) {
        case Tag::False:
        case Tag::True:
          out.rank = 1, out.num = v.doc.tag() == Tag::True;
          return out;
        case Tag::Int:
        case Tag::Double:
          out.rank = 2, out.num = v.doc.as_double();
          return out;
        case Tag::DateTime:
          out.rank = 3;
          out.str = owned.emplace_back(format_datetime(v.doc.as_int()));
          return out;
        case Tag::String:
        case Tag::Symbol:
        case Tag::Prefixed: {
          auto [a, b] = v.doc.string_parts(r_.syms());
          out.rank = 3;
          out.str =
              a.empty() ? b : std::string_view(owned.emplace_back(std::string(a) + std::string(b)));
          return out;
        }
        default:
          break;
      }
    }
    out.simple = false;
    out.val = v;
    return out;
  }

  int compare_keys(const SortVal& a, const SortVal& b) const {
    if (a.ordinal && b.ordinal) return compare_numbers(a.num, b.num);
    if (a.simple && b.simple) {
      if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
      if (a.rank == 1 || a.rank == 2) return compare_numbers(a.num, b.num);
      if (a.rank == 3) {
        int c = a.str.compare(b.str);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
      }
      return 0;
    }
    if (!a.simple && !b.simple) return r_.compare(a.val, b.val);
    // An array or object against a simple value: decided by the type order.
    const SortVal& complex = a.simple ? b : a;
    int rank = type_rank(r_.materialize(complex.val).type());
    int other = a.simple ? a.rank : b.rank;
    int sign = rank < other ? -1 : (rank > other ? 1 : 0);
    return a.simple ? -sign : sign;
  }

  // Sorts rows by `keys`; with `top` only the first `top` rows need to be in
  // order (the rest follow in any order). Every key is read once per row:
  // all of them on all cores for a full sort, the later keys on demand when
  // only the first few rows count. Node kinds come from the node record.
  void sort_rows(std::vector<Row>& rows, const std::vector<CSort>& keys, size_t top = SIZE_MAX) {
    if (keys.empty() || rows.size() < 2 || top == 0) return;
    if (sort_by_rank(rows, keys, top)) return;
    const size_t n = rows.size(), nk = keys.size();
    const bool partial = top < n / 4;
    std::vector<SortVal> vals(n * nk);
    std::vector<uint8_t> ready(n * nk, 0);
    unsigned workers = worker_count(n);
    std::vector<std::deque<std::string>> owned(workers + 1);
    auto fill = [&](size_t row, size_t k, std::deque<std::string>& store) {
      SortVal& v = vals[row * nk + k];
      if (keys[k].kind_key && !rows[row].merges) {
        uint32_t kind = g_.node(rows[row].node).kind;
        v.rank = 3;
        v.str = g_.model().kinds()[kind]->fqn;
        v.num = g_.model().name_rank(kind);
        v.ordinal = true;
      } else {
        v = sort_val(sort_key(rows[row], keys[k]), store);
      }
      ready[row * nk + k] = 1;
    };
    parallel_slices(n, [&](unsigned w, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i)
        for (size_t k = 0; k < (partial ? 1 : nk); ++k) fill(i, k, owned[w]);
    });
    auto key = [&](size_t row, size_t k) -> const SortVal& {
      if (!ready[row * nk + k]) fill(row, k, owned[workers]);
      return vals[row * nk + k];
    };
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    auto less = [&](size_t a, size_t b) {
      for (size_t k = 0; k < nk; ++k) {
        int c = compare_keys(key(a, k), key(b, k));
        if (c) return keys[k].desc ? c > 0 : c < 0;
      }
      return a < b;  // stable
    };
    if (partial)
      std::partial_sort(order.begin(), order.begin() + long(top), order.end(), less);
    else
      std::sort(order.begin(), order.end(), less);
    std::vector<Row> sorted;
    sorted.reserve(n);
    for (size_t i : order) sorted.push_back(std::move(rows[i]));
    rows = std::move(sorted);
  }

  // The default order (kind, name, id, all ascending or all descending) is
  // the snapshot's precomputed rank: sorting compares integers.
  static bool is_default_order(const std::vector<CSort>& keys, bool allow_desc = false) {
    return keys.size() == 3 && keys[0].kind_key && keys[1].name_key && keys[2].id_key &&
           keys[0].desc == keys[1].desc && keys[1].desc == keys[2].desc &&
           (allow_desc || !keys[0].desc);
  }

  bool sort_by_rank(std::vector<Row>& rows, const std::vector<CSort>& keys, size_t top) {
    if (!is_default_order(keys, true)) return false;
    for (const Row& r : rows)
      if (r.merges) return false;
    const std::vector<uint32_t>& rank = g_.default_rank();
    if (rank.empty()) return false;
    const bool desc = keys[0].desc;
    auto less = [&](const Row& a, const Row& b) {
      return desc ? rank[a.node] > rank[b.node] : rank[a.node] < rank[b.node];
    };
    if (top < rows.size() / 4)
      std::partial_sort(rows.begin(), rows.begin() + long(top), rows.end(), less);
    else
      std::sort(rows.begin(), rows.end(), less);
    return true;
  }

  Val sort_key(const Row& row, const CSort& k) {
    return r_.get(Val::of_node(row.node, row.merges.get()), k.ops);
  }

  void sort_values(std::vector<Value>& rows, const std::vector<CSort>& keys) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Value& a, const Value& b) {
      for (const auto& k : keys) {
        int c = r_.compare(r_.get(Val::of_value(&a), k.ops), r_.get(Val::of_value(&b), k.ops));
        if (c) return k.desc ? c > 0 : c < 0;
      }
      return false;
    });
  }

  void dedupe(std::vector<Row>& rows) {
    const uint32_t gen = marks_.next();
    size_t out = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (seen_[rows[i].node] == gen) continue;
      seen_[rows[i].node] = gen;
      if (out != i) rows[out] = std::move(rows[i]);
      ++out;
    }
    rows.resize(out);
  }

  // ---- merges ---------------------------------------------------------------------
  Status merge(const CPart& p, Row& row) {
    auto set = std::make_shared<MergeSet>();
    if (row.merges) *set = *row.merges;
    for (const CMerge& m : p.merges) {
      MergeValue v;
      if (m.location >= 0) {
        uint32_t ref = g_.node(row.node).refs[m.location];
        if (ref != kNoNode) v.kind = MergeValue::Kind::One, v.one.node = ref;
      } else if (m.direct) {
        direct_merge(row.node, *m.sub->parts[0].nav, *m.direct, m.list, v);
      } else {
        QueryResult sub;
        CANOPY_RETURN_IF_ERROR(run_merge_query(*m.sub, row.node, sub));
        if (sub.aggregated) {
          v.kind = MergeValue::Kind::Rows;
          v.rows = Value::array(std::move(sub.aggregate_rows));
        } else if (m.list) {
          v.kind = MergeValue::Kind::List;
          for (Row& r : sub.rows) v.list.push_back(Merged{r.node, std::move(r.merges)});
        } else if (!sub.rows.empty()) {
          v.kind = MergeValue::Kind::One;
          v.one = Merged{sub.rows[0].node, std::move(sub.rows[0].merges)};
        }
      }
      bool replaced = false;
      for (auto& [name, old] : set->entries)
        if (*name == *m.name) old = std::move(v), replaced = true;
      if (!replaced) set->entries.emplace_back(m.name, std::move(v));
    }
    row.merges = std::move(set);
    return Status::ok();
  }

  // A merge `<nav> <filter>`: breadth-first from `from`, keeping the nodes
  // that match; matches at equal distance in node id order. A single merge
  // stops at the first distance with a match.
  void direct_merge(uint32_t from, const CNav& nav, const Filter& f, bool list, MergeValue& v) {
    const bool out = nav.dir == Direction::Out;
    std::vector<std::pair<int64_t, uint32_t>> found;  // (distance, node)
    for (EdgeType t : out ? nav.out_types : nav.in_types) {
      const uint32_t gen = marks_.next();
      frontier_.assign(1, from);
      visited_[from] = gen;
      size_t before = found.size();
      for (int64_t depth = 0; depth <= nav.until && !frontier_.empty(); ++depth) {
        if (depth > 0) {
          next_.clear();
          for (uint32_t n : frontier_)
            for (uint32_t m : out ? g_.successors(n, t) : g_.predecessors(n, t))
              if (visited_[m] != gen) visited_[m] = gen, next_.push_back(m);
          frontier_.swap(next_);
        }
        if (depth < nav.start) continue;
        for (uint32_t n : frontier_)
          if (f.matches(Val::of_node(n), r_)) found.emplace_back(depth, n);
        if (!list && found.size() > before) break;
      }
    }
    std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return g_.id(a.second) < g_.id(b.second);
    });
    if (!list) {
      if (!found.empty()) v.kind = MergeValue::Kind::One, v.one.node = found[0].second;
      return;
    }
    v.kind = MergeValue::Kind::List;
    const uint32_t gen = marks_.next();
    for (const auto& [depth, n] : found) {
      if (seen_[n] == gen) continue;
      seen_[n] = gen;
      v.list.push_back(Merged{n, nullptr});
    }
  }

  // ---- navigation -------------------------------------------------------------------
  // The last edge of a trail (--with-edges) and the node it reached: its
  // `to` when followed outbound, its `from` when followed inbound.
  struct TrailEdge {
    ResultEdge edge;
    uint32_t reached;
    uint32_t depth;  // length of the trail
  };

  // Appends the edges of `pending` whose reached node is in `rows`: the
  // part that received the navigation's nodes kept that node.
  void keep_reaching(const std::vector<TrailEdge>& pending, const std::vector<Row>& rows,
                     std::vector<ResultEdge>& out) {
    if (pending.empty()) return;
    const uint32_t gen = marks_.next();
    for (const Row& row : rows) seen_[row.node] = gen;
    for (const TrailEdge& e : pending)
      if (seen_[e.reached] == gen) out.push_back(e.edge);
  }

  // The edges with both ends in `rows`, each once, in the order first seen.
  std::vector<ResultEdge> joining(std::vector<ResultEdge> edges, const std::vector<Row>& rows) {
    const uint32_t gen = marks_.next();
    for (const Row& row : rows) seen_[row.node] = gen;
    std::erase_if(edges,
                  [&](const ResultEdge& e) { return seen_[e.from] != gen || seen_[e.to] != gen; });
    auto key = [&](uint32_t i) {
      const ResultEdge& e = edges[i];
      return std::tuple(e.from, e.to, e.type, i);
    };
    std::vector<uint32_t> order(edges.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    std::vector<uint8_t> repeated(edges.size(), 0);
    for (size_t k = 1; k < order.size(); ++k)
      if (edges[order[k]] == edges[order[k - 1]]) repeated[order[k]] = 1;
    size_t kept = 0;
    for (size_t i = 0; i < edges.size(); ++i)
      if (!repeated[i]) edges[kept++] = edges[i];
    edges.resize(kept);
    return edges;
  }

  // Breadth-first from `from` over one edge type; calls fn(node, depth) for
  // every vertex at its shortest distance ≤ until.
  template <typename F>
  void bfs(uint32_t from, const std::vector<EdgeType>& types, bool outbound, int64_t until,
           F&& fn) {
    const uint32_t gen = marks_.next();
    frontier_.assign(1, from);
    visited_[from] = gen;
    fn(from, 0);
    for (int64_t depth = 1; depth <= until && !frontier_.empty(); ++depth) {
      next_.clear();
      for (uint32_t n : frontier_) {
        for (EdgeType t : types) {
          auto adj = outbound ? g_.successors(n, t) : g_.predecessors(n, t);
          for (uint32_t m : adj) {
            if (visited_[m] == gen) continue;
            visited_[m] = gen;
            next_.push_back(m);
            fn(m, depth);
          }
        }
      }
      frontier_.swap(next_);
    }
  }

  // `edges` (--with-edges only): receives the last edge of every trail in range.
  std::vector<Row> navigate(const std::vector<Row>& input, const CNav& nav, bool by_id = false,
                            std::vector<TrailEdge>* edges = nullptr) {
    std::vector<Row> out;
    const uint32_t gen = marks_.next();
    size_t level_start = 0;
    int64_t level = -1;
    // Orders the rows of the depth level that just ended by node id.
    auto close_level = [&] {
      if (by_id && out.size() - level_start > 1)
        std::sort(out.begin() + static_cast<long>(level_start), out.end(),
                  [&](const Row& a, const Row& b) { return g_.id(a.node) < g_.id(b.node); });
      level_start = out.size();
    };
    auto emit = [&](uint32_t n, int64_t depth) {
      if (depth < nav.start || seen_[n] == gen) return;
      seen_[n] = gen;
      if (depth != level) close_level(), level = depth;
      out.push_back(Row{n, 0, nullptr});
    };
    for (const Row& row : input) {
      bool in = nav.dir != Direction::Out, outb = nav.dir != Direction::In;
      if (edge_unique_) {
        // Trails of one edge type each as well; every node at its shortest
        // trail length in range, so the order stays by length.
        auto walk = [&](EdgeType t, bool outbound) {
          for (const Reached& r : trails(row.node, {t}, outbound, nav.start, nav.until, edges))
            emit(r.node, r.depth);
          level = -1;
        };
        if (in)
          for (EdgeType t : nav.in_types) walk(t, false);
        if (outb)
          for (EdgeType t : nav.out_types) walk(t, true);
        continue;
      }
      // Each edge type is traversed on its own: paths never mix types.
      if (in)
        for (EdgeType t : nav.in_types) bfs(row.node, {t}, false, nav.until, emit), level = -1;
      if (outb)
        for (EdgeType t : nav.out_types) bfs(row.node, {t}, true, nav.until, emit), level = -1;
    }
    close_level();
    return out;
  }

  // Merge sub-queries always visit each node once, as the direct and stored-
  // reference merges do: the merged values do not depend on --with-edges.
  Status run_merge_query(const CQuery& q, uint32_t start, QueryResult& out) {
    const bool saved = edge_unique_;
    edge_unique_ = false;
    Status st = run(q, start, out);
    edge_unique_ = saved;
    return st;
  }

  // ---- trails (search --with-edges) ---------------------------------------------------
  // With --with-edges a traversal follows trails: paths that use no edge
  // twice (a node may repeat). A node is reached at every trail length in
  // range, not only at its shortest distance. Two ways, the same answer:
  //
  // * No cycle among the nodes within `until` steps (every walk of length
  //   <= until stays among them): no walk repeats a node, let alone an edge,
  //   so every walk is a trail and the nodes at length d are the successors
  //   of those at length d-1, deduplicated per level and carrying their
  //   number of trails. Work: at most `until` levels over the edges in
  //   reach. Default edges form a DAG (imports reject default cycles), so
  //   this is the common case.
  // * Otherwise (delete edges, both types mixed in a with clause: a key's
  //   owner reaches it over `default` and the key points back over
  //   `delete`): a depth-first search over trails that skips the edges of
  //   the current trail. Every trail has at most `until` edges, so the
  //   search ends, but with cycles the number of trails can grow
  //   exponentially with the length; after kMaxTrailSteps edges it gives up
  //   with an error instead of running for hours.
  struct Reached {
    uint32_t node;
    int64_t depth;   // length of the shortest trail in range ending here
    int64_t trails;  // number of trails in range ending here (saturates)
  };
  static constexpr int64_t kMaxTrailSteps = int64_t(1) << 22;

  // Per-node scratch of the trail traversals, reused by every query of a
  // thread: (mark, value) pairs valid where the mark is the generation.
  struct TrailScratch {
    std::vector<uint32_t> mark_a, val_a, mark_b, val_b;
    uint32_t gen = 0;

    void fit(size_t n) {
      if (mark_a.size() >= n) return;
      mark_a.resize(n, 0), val_a.resize(n, 0), mark_b.resize(n, 0), val_b.resize(n, 0);
    }
    // Makes sure `count` generations follow without wrapping around, so that
    // no mark of a running traversal is wiped.
    void reserve(int64_t count) {
      if (gen < UINT32_MAX - uint32_t(count)) return;
      std::fill(mark_a.begin(), mark_a.end(), 0);
      std::fill(mark_b.begin(), mark_b.end(), 0);
      gen = 0;
    }
    uint32_t next() { return ++gen; }

    // Per edge slot of one type (see depth_first_trails): on the current
    // trail. All clear between traversals.
    std::vector<uint8_t> on_trail[kEdgeTypes];
    void fit_edges(EdgeType t, size_t n) {
      if (on_trail[int(t)].size() < n) on_trail[int(t)].resize(n, 0);
    }

    // Per edge slot of one type: the last edge of a trail in range was
    // recorded in traversal `edge_mark == edge_gen`, at `edge_pos` of that
    // traversal's edges (each edge once, however many trails end with it).
    std::vector<uint32_t> edge_mark[kEdgeTypes], edge_pos[kEdgeTypes];
    uint32_t edge_gen = 0;
    uint32_t next_edge_gen(const Graph& g) {
      if (++edge_gen == 0) {
        for (auto& m : edge_mark) std::fill(m.begin(), m.end(), 0);
        edge_gen = 1;
      }
      for (int t = 0; t < kEdgeTypes; ++t)
        if (edge_mark[t].size() < g.edge_count(EdgeType(t)))
          edge_mark[t].resize(g.edge_count(EdgeType(t)), 0),
              edge_pos[t].resize(g.edge_count(EdgeType(t)), 0);
      return edge_gen;
    }
  };
  static TrailScratch& trail_scratch() {
    thread_local TrailScratch s;
    return s;
  }

  static int64_t add_saturated(int64_t a, int64_t b) {
    return a > INT64_MAX - b ? INT64_MAX : a + b;
  }

  // Every node at the end of a trail from `from` over `types` (mixed) in one
  // direction with a length in [start, until], with its shortest such length
  // and the number of such trails; ordered by that length, then by discovery.
  // `edges` receives the last edge of those trails, each once, ordered by the
  // length of the shortest trail ending with it.
  std::vector<Reached> trails(uint32_t from, const std::vector<EdgeType>& types, bool outbound,
                              int64_t start, int64_t until,
                              std::vector<TrailEdge>* edges = nullptr) {
    std::vector<Reached> out;
    if (!trail_status_) return out;  // the query fails anyway
    TrailScratch& s = trail_scratch();
    s.fit(g_.size());
    s.reserve(until + 4);
    const bool acyclic = acyclic_within(from, types, outbound, until);
    const uint32_t found = s.next();
    auto record = [&](uint32_t n, int64_t depth, int64_t count) {
      if (depth < start) return;
      if (s.mark_b[n] != found) {
        s.mark_b[n] = found, s.val_b[n] = uint32_t(out.size());
        out.push_back(Reached{n, depth, 0});
      }
      Reached& r = out[s.val_b[n]];
      r.depth = std::min(r.depth, depth);
      r.trails = add_saturated(r.trails, count);
    };
    // The edge in `slot` of type t took a trail from n to m, now `depth` long.
    const uint32_t edge_gen = edges ? s.next_edge_gen(g_) : 0;
    const size_t first_edge = edges ? edges->size() : 0;
    auto last_edge = [&](uint32_t n, uint32_t m, EdgeType t, size_t slot, int64_t depth) {
      if (!edges || depth < start) return;
      uint32_t& mark = s.edge_mark[int(t)][slot];
      uint32_t& pos = s.edge_pos[int(t)][slot];
      if (mark == edge_gen) {  // met again, maybe on a shorter trail (depth-first)
        TrailEdge& seen = (*edges)[first_edge + pos];
        seen.depth = std::min(seen.depth, uint32_t(depth));
        return;
      }
      mark = edge_gen, pos = uint32_t(edges->size() - first_edge);
      ResultEdge e = outbound ? ResultEdge{n, m, t} : ResultEdge{m, n, t};
      edges->push_back(TrailEdge{e, m, uint32_t(depth)});
    };
    if (acyclic) {
      level_trails(from, types, outbound, until, record, last_edge);
      return out;
    }
    int64_t steps = 0;
    for (EdgeType t : types) s.fit_edges(t, g_.edge_count(t));
    if (!depth_first_trails(from, types, outbound, 0, until, steps, record, last_edge)) {
      trail_status_ =
          Error{"--with-edges: the trails from '" + std::string(g_.id(from)) + "' within depth " +
                std::to_string(until) + " pass more than " + std::to_string(kMaxTrailSteps) +
                " edges (the edges in reach form cycles); use a smaller depth range"};
      return {};
    }
    // A depth-first search may meet a node (or an edge) on a long trail first.
    std::stable_sort(out.begin(), out.end(),
                     [](const Reached& a, const Reached& b) { return a.depth < b.depth; });
    if (edges)
      std::stable_sort(edges->begin() + long(first_edge), edges->end(),
                       [](const TrailEdge& a, const TrailEdge& b) { return a.depth < b.depth; });
    return out;
  }

  // Whether the nodes within `until` steps of `from` have no cycle among
  // them (Kahn's algorithm restricted to those nodes).
  bool acyclic_within(uint32_t from, const std::vector<EdgeType>& types, bool outbound,
                      int64_t until) {
    region_.clear();
    bfs(from, types, outbound, until, [&](uint32_t n, int64_t) { region_.push_back(n); });
    TrailScratch& s = trail_scratch();
    const uint32_t in_region = s.next();
    for (uint32_t n : region_) s.mark_b[n] = in_region, s.val_b[n] = 0;  // val_b: in-degree
    auto each_next = [&](uint32_t n, auto&& fn) {
      for (EdgeType t : types)
        for (uint32_t m : outbound ? g_.successors(n, t) : g_.predecessors(n, t))
          if (s.mark_b[m] == in_region) fn(m);
    };
    for (uint32_t n : region_) each_next(n, [&](uint32_t m) { ++s.val_b[m]; });
    ready_.clear();
    for (uint32_t n : region_)
      if (s.val_b[n] == 0) ready_.push_back(n);
    for (size_t i = 0; i < ready_.size(); ++i)
      each_next(ready_[i], [&](uint32_t m) {
        if (--s.val_b[m] == 0) ready_.push_back(m);
      });
    return ready_.size() == region_.size();
  }

  // Trails level by level; only exact when no cycle is in reach.
  template <typename F, typename E>
  void level_trails(uint32_t from, const std::vector<EdgeType>& types, bool outbound, int64_t until,
                    F& record, E& last_edge) {
    TrailScratch& s = trail_scratch();
    level_.assign(1, {from, 1});
    record(from, 0, 1);
    for (int64_t depth = 1; depth <= until && !level_.empty(); ++depth) {
      const uint32_t gen = s.next();
      next_level_.clear();
      for (const auto& [n, count] : level_)
        for (EdgeType t : types) {
          auto adj = outbound ? g_.successors(n, t) : g_.predecessors(n, t);
          const uint32_t* slots = (outbound ? g_.successors(0, t) : g_.predecessors(0, t)).data();
          for (const uint32_t& m : adj) {
            last_edge(n, m, t, size_t(&m - slots), depth);
            if (s.mark_a[m] != gen) {
              s.mark_a[m] = gen, s.val_a[m] = uint32_t(next_level_.size());
              next_level_.emplace_back(m, 0);
            }
            int64_t& c = next_level_[s.val_a[m]].second;
            c = add_saturated(c, count);
          }
        }
      for (const auto& [m, count] : next_level_) record(m, depth, count);
      level_.swap(next_level_);
    }
  }

  // Depth-first over the trails from `n` (reached at `depth`). The edges of
  // one type and direction are the slots of one adjacency array, whose
  // lists start with node 0's: an edge's slot marks it as on the current
  // trail (and is cleared again on the way back, also when giving up).
  // False when more than kMaxTrailSteps edges were followed.
  template <typename F, typename E>
  bool depth_first_trails(uint32_t n, const std::vector<EdgeType>& types, bool outbound,
                          int64_t depth, int64_t until, int64_t& steps, F& record, E& last_edge) {
    record(n, depth, 1);
    if (depth == until) return true;
    TrailScratch& s = trail_scratch();
    for (EdgeType t : types) {
      const uint32_t* slots = (outbound ? g_.successors(0, t) : g_.predecessors(0, t)).data();
      std::vector<uint8_t>& used = s.on_trail[int(t)];
      for (const uint32_t& m : outbound ? g_.successors(n, t) : g_.predecessors(n, t)) {
        uint8_t& on = used[size_t(&m - slots)];
        if (on) continue;
        if (++steps > kMaxTrailSteps) return false;
        last_edge(n, m, t, size_t(&m - slots), depth + 1);
        on = 1;
        bool ok =
            depth_first_trails(m, types, outbound, depth + 1, until, steps, record, last_edge);
        on = 0;
        if (!ok) return false;
      }
    }
    return true;
  }

  // ---- with clauses -----------------------------------------------------------------
  // All vertices within nav.until over all its edge types at once (the
  // with-clause traversal), the start included.
  // `<-->` reaches what either direction reaches.
  std::vector<uint32_t> reach(uint32_t from, const CNav& nav) {
    std::vector<uint32_t> out;
    auto add = [&](uint32_t n, int64_t) { out.push_back(n); };
    if (nav.dir != Direction::Out) bfs(from, nav.in_types, false, nav.until, add);
    if (nav.dir != Direction::In) bfs(from, nav.out_types, true, nav.until, add);
    if (nav.dir == Direction::Any) dedupe_nodes(out);
    return out;
  }

  static void dedupe_nodes(std::vector<uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  bool keep(uint32_t root, uint32_t c, const CWith& w) {
    if (c == root) return true;
    if (w.term && !w.term->matches(Val::of_node(c), r_)) return false;
    return !w.inner || inner_ok(root, c, *w.inner);
  }

  bool inner_ok(uint32_t root, uint32_t c, const CWith& w) {
    int64_t count = count_kept(root, c, w);
    if (count == 0) return false;
    return c == root || compare_count(count, w.op, w.num);
  }

  // A with clause whose filter names kinds with few nodes, relative to the
  // roots, is evaluated backwards: from every node of those kinds that
  // matches, a reverse traversal finds the roots that reach it. An account
  // reaches every resource of its regions within two hops; its trails are a
  // handful. The counts are the same as forwards: a node is within the range
  // of a root exactly when the root is within the range of the node
  // backwards, and the root itself always counts.
  bool reverse_with(const CWith& w, std::vector<Row>& rows) {
    if (!w.term) return false;
    const Filter* is = w.term->required_is();
    if (!is) return false;
    std::vector<uint32_t> targets;
    for (const Kind* k : is->kinds()) {
      auto span = g_.with_kind(*k);
      targets.insert(targets.end(), span.begin(), span.end());
    }
    if (targets.size() > 4 * rows.size() + 1000) return false;
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    std::unordered_map<uint32_t, int64_t> count;
    for (const Row& r : rows) count.emplace(r.node, 1);
    const Direction dir = w.nav.dir;
    std::vector<uint32_t> back;
    auto add = [&](uint32_t n, int64_t) { back.push_back(n); };
    for (uint32_t c : targets) {
      if (!w.term->matches(Val::of_node(c), r_)) continue;
      back.clear();
      // Whatever a root reaches outwards reaches the root inwards, and vice versa.
      if (dir != Direction::In) bfs(c, w.nav.out_types, false, w.nav.until, add);
      if (dir != Direction::Out) bfs(c, w.nav.in_types, true, w.nav.until, add);
      if (dir == Direction::Any) dedupe_nodes(back);
      for (uint32_t root : back) {
        auto it = count.find(root);
        if (it == count.end() || root == c) continue;
        if (!w.inner || inner_ok(root, c, *w.inner)) ++it->second;
      }
    }
    size_t kept = 0;
    for (size_t i = 0; i < rows.size(); ++i)
      if (compare_count(count[rows[i].node], w.op, w.num + w.nav.start)) {
        if (kept != i) rows[kept] = std::move(rows[i]);
        ++kept;
      }
    rows.resize(kept);
    return true;
  }

  // The number of nodes the with traversal from `from` reaches that
  // keep(root, ·, w) accepts; with --with-edges the number of trails to
  // them: a node reached over several trails counts once per trail.
  int64_t count_kept(uint32_t root, uint32_t from, const CWith& w) {
    int64_t count = 0;
    if (!edge_unique_) {
      for (uint32_t c : reach(from, w.nav))
        if (keep(root, c, w)) ++count;
      return count;
    }
    for (const Reached& r : trail_reach(from, w.nav))
      if (keep(root, r.node, w)) count = add_saturated(count, r.trails);
    return count;
  }

  // reach() in trail mode: trails of length 0..until over all the clause's
  // edge types at once; `<-->` adds the inbound and the outbound trails.
  std::vector<Reached> trail_reach(uint32_t from, const CNav& nav) {
    std::vector<Reached> out;
    if (nav.dir != Direction::Out) out = trails(from, nav.in_types, false, 0, nav.until);
    if (nav.dir != Direction::In) {
      // The empty trail is the same in both directions: counted once.
      auto more = trails(from, nav.out_types, true, nav.dir == Direction::Any ? 1 : 0, nav.until);
      out.insert(out.end(), more.begin(), more.end());
    }
    return out;
  }

  void with_clause(const CWith& w, std::vector<Row>& rows) {
    // Backwards evaluation counts nodes, not trails: forwards only with --with-edges.
    if (reverse_with_ && !edge_unique_ && reverse_with(w, rows)) return;
    size_t out = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      uint32_t root = rows[i].node;
      int64_t count = count_kept(root, root, w);
      if (compare_count(count, w.op, w.num + w.nav.start)) {
        if (out != i) rows[out] = std::move(rows[i]);
        ++out;
      }
    }
    rows.resize(out);
  }

  const Reader& r_;
  const Graph& g_;
  Marks& marks_;
  std::vector<uint32_t>& seen_;
  std::vector<uint32_t>& visited_;
  bool lazy_order_;
  bool reverse_with_;
  bool edge_unique_;  // --with-edges: trails instead of shortest distances
  Status trail_status_;
  std::vector<uint32_t> frontier_, next_;
  std::vector<uint32_t> region_, ready_;                          // acyclic_within
  std::vector<std::pair<uint32_t, int64_t>> level_, next_level_;  // (node, trails)
};

}  // namespace

namespace {
// A query with its edge types and paths resolved, compiled for `reader`.
struct Prepared {
  Query query;
  std::unique_ptr<CQuery> compiled;
};

Result<Prepared> prepare(const Reader& reader, const Query& parsed, const ExecOptions& opts) {
  Prepared p{clone(parsed), nullptr};
  CANOPY_RETURN_IF_ERROR(default_edge_types(p.query, opts.edge_types));
  CANOPY_RETURN_IF_ERROR(resolve(p.query, opts.section));
  PathTypes types(reader.graph().model());
  Compiler compiler(reader, types, opts.now);
  auto compiled = compiler.query(p.query, true);
  if (!compiled) return compiled.status();
  p.compiled = std::move(compiled.value());
  return p;
}
}  // namespace

Result<QueryResult> run_query(const Graph& g, const Query& parsed, const ExecOptions& opts) {
  Reader reader(g);
  auto compiled = prepare(reader, parsed, opts);
  if (!compiled) return compiled.status();
  Executor exec(reader, opts.lazy_order, opts.reverse_with, opts.with_edges);
  QueryResult out;
  CANOPY_RETURN_IF_ERROR(exec.run(*compiled->compiled, std::nullopt, out));
  CANOPY_RETURN_IF_ERROR(exec.trail_status());
  return out;
}

Result<Value> explain_query(const Graph& g, const Query& parsed, const ExecOptions& opts) {
  Reader reader(g);
  auto prepared = prepare(reader, parsed, opts);
  if (!prepared) return prepared.status();
  const Query& q = prepared->query;
  // The first part's candidates come from an index unless it names neither
  // a kind, an id nor a full-text phrase.
  const Filter& first = *prepared->compiled->parts.front().pre;
  size_t candidates = g.size();
  bool scan = false;
  if (const Filter* ids = first.required_id()) {
    candidates = ids->ids().size();
  } else if (const Filter* is = first.required_is()) {
    candidates = 0;
    for (const Kind* k : is->kinds()) candidates += g.with_kind(*k).size();
  } else if (!first.required_fulltext()) {
    scan = true;
  }
  bool complex = q.parts.size() > 1 || q.aggregate ||
                 std::any_of(q.parts.begin(), q.parts.end(), [](const Part& p) {
                   return p.with || p.term->type == Term::Type::Merge;
                 });
  Value out = Value::object();
  out.set("estimated_cost", Value::integer(int64_t(candidates * q.parts.size())));
  out.set("estimated_nr_items", Value::integer(int64_t(candidates)));
  out.set("available_nr_items", Value::integer(int64_t(g.size())));
  out.set("full_collection_scan", Value::boolean(scan));
  out.set("rating", Value::string(scan ? "bad" : complex ? "complex" : "simple"));
  return out;
}

Result<QueryResult> run_query(const Graph& g, std::string_view text, const ExecOptions& opts) {
  auto q = parse_query(text);
  if (!q) return q.status();
  return run_query(g, q.value(), opts);
}

}  // namespace canopy::query
