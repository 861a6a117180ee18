#include "query/usage.h"

#include <algorithm>
#include <limits>

#include "core/time.h"
#include "graph/graph.h"
#include "query/access.h"

namespace canopy::query {

namespace {

std::optional<int64_t> time_of(const std::string& text, int64_t now) {
  if (auto d = parse_duration(text)) return now - *d;
  return parse_datetime(text);
}

bool reads_usage(const Path& p) {
  return !p.segments.empty() && p.segments[0].name == "usage";
}

bool mentions_usage(const Term& t) {
  if ((t.type == Term::Type::Predicate || t.type == Term::Type::Context ||
       t.type == Term::Type::Function) &&
      reads_usage(t.path))
    return true;
  // A context's inner paths are relative to it: only its own path counts.
  if (t.type == Term::Type::Context) return false;
  return (t.left && mentions_usage(*t.left)) || (t.right && mentions_usage(*t.right));
}

void conjuncts(const TermPtr& t, std::vector<TermPtr>& out) {
  if (t->type == Term::Type::And) {
    conjuncts(t->left, out);
    conjuncts(t->right, out);
  } else {
    out.push_back(t);
  }
}

TermPtr conjunction(const std::vector<TermPtr>& terms) {
  TermPtr out;
  for (const TermPtr& t : terms) out = out ? Term::combine(Term::Type::And, out, t) : t;
  return out;
}

const MergeName& usage_name() {
  static const MergeName name = std::make_shared<const std::vector<std::string>>(1, "usage");
  return name;
}

}  // namespace

Result<CUsage> compile_usage(const WithUsage& u, int64_t now) {
  CUsage c;
  auto from = time_of(u.start, now);
  if (!from) return Error{"with_usage: '" + u.start + "' is neither a duration nor a datetime"};
  c.from = *from;
  c.to = now;
  if (!u.end.empty()) {
    auto to = time_of(u.end, now);
    if (!to) return Error{"with_usage: '" + u.end + "' is neither a duration nor a datetime"};
    c.to = *to;
  }
  if (c.to < c.from) return Error{"with_usage: the window ends before it starts"};
  c.metrics = u.metrics;
  return c;
}

std::pair<TermPtr, TermPtr> split_usage(const TermPtr& t) {
  std::vector<TermPtr> all, plain, usage;
  conjuncts(t, all);
  for (const TermPtr& c : all) (mentions_usage(*c) ? usage : plain).push_back(c);
  return {conjunction(plain), conjunction(usage)};
}

void attach_usage(const Graph& g, const CUsage& u, Row& row) {
  auto records = g.usage().of(g.node(row.node).rid, u.from, u.to);
  if (records.empty()) return;
  Value usage = Value::object();
  for (const std::string& metric : u.metrics) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
    int n = 0;
    for (const UsageRecord& r : records)
      for (const UsageStat& s : r.stats)
        if (s.metric == metric)
          lo = std::min(lo, s.min), hi = std::max(hi, s.max), sum += s.avg, ++n;
    if (n == 0) continue;
    usage.set(metric, Value::object({{"min", Value::number(lo)},
                                     {"avg", Value::number(sum / n)},
                                     {"max", Value::number(hi)}}));
  }
  usage.set("entries", Value::integer(int64_t(records.size())));
  usage.set("start", Value::string(format_datetime(u.from)));
  usage.set("duration", Value::string(format_short_duration(u.to - u.from)));
  auto merges = row.merges ? std::make_shared<MergeSet>(*row.merges) : std::make_shared<MergeSet>();
  MergeValue value;
  value.kind = MergeValue::Kind::Rows;
  value.rows = std::move(usage);
  merges->entries.emplace_back(usage_name(), std::move(value));
  row.merges = std::move(merges);
}

}  // namespace canopy::query
