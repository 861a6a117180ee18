#include "report/runner.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <set>
#include <thread>

#include "command/pipeline.h"
#include "core/time.h"
#include "query/access.h"
#include "query/executor.h"
#include "query/parser.h"
#include "report/data_gaps.h"

namespace canopy::report {

namespace {

using query::Environment;

std::string id_list(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + Value::string(ids[i]).json();
  return out + "]";
}

// The account restriction of spec §5.2 as search text ("" when none).
// Requested accounts that are all ignored leave nothing to look at.
std::string account_filter(const RunOptions& o) {
  std::vector<std::string> only;
  for (const auto& a : o.accounts)
    if (std::find(o.ignore_accounts.begin(), o.ignore_accounts.end(), a) == o.ignore_accounts.end())
      only.push_back(a);
  std::string f;
  if (!o.accounts.empty()) f = "/ancestors.account.reported.id in " + id_list(only);
  if (!o.ignore_accounts.empty())
    f += (f.empty() ? "" : " and ") + std::string("/ancestors.account.reported.id not in ") +
         id_list(o.ignore_accounts);
  return f;
}

// Reads the fields of a summary straight from the graph.
class Summaries {
 public:
  explicit Summaries(const Graph& g) : g_(g), reader_(g) {
    const Symbols& s = g.model().symbols();
    reported_ = s.find("reported");
    for (const char* k : {"id", "name", "tags", "ctime", "atime", "mtime"}) sym_[k] = s.find(k);
  }

  ResourceSummary of(uint32_t node) const {
    ResourceSummary r;
    r.node_id = std::string(g_.id(node));
    r.kind = g_.kind(node).fqn;
    DocView rep = g_.section(node, reported_);
    r.id = text(rep, "id");
    r.name = text(rep, "name");
    r.tags = value(rep, "tags");
    for (auto [field, key] :
         {std::pair{&r.ctime, "ctime"}, {&r.atime, "atime"}, {&r.mtime, "mtime"}})
      if (DocView d = get(rep, key); d.valid() && !d.is_null())
        *field = Value::string(format_datetime(d.as_int()));
    const NodeRec& n = g_.node(node);
    Value* loc[kLocations] = {&r.cloud, &r.account, &r.region, &r.zone};
    for (int l = 0; l < kLocations; ++l)
      if (n.refs[l] != kNoNode)
        *loc[l] = Value::string(text(g_.section(n.refs[l], reported_), "name"));
    if (n.refs[kAccount] != kNoNode)
      r.account_id = text(g_.section(n.refs[kAccount], reported_), "id");
    return r;
  }

 private:
  DocView get(DocView d, const char* key) const {
    auto it = sym_.find(key);
    return it == sym_.end() || it->second == Symbols::kNone ? DocView() : d.get(it->second);
  }
  std::string text(DocView d, const char* key) const {
    DocView v = get(d, key);
    if (!v.is_string()) return "";
    std::string scratch;
    return std::string(v.as_string(g_.model().symbols(), scratch));
  }
  Value value(DocView d, const char* key) const {
    DocView v = get(d, key);
    return v.valid() ? reader_.materialize(query::Val::of_doc(v)) : Value();
  }

  const Graph& g_;
  query::Reader reader_;
  Sym reported_;
  std::map<std::string, Sym> sym_;
};

// Groups failing nodes by the id of their account; nodes outside any
// account are not counted (spec §5.3).
class Grouper {
 public:
  Grouper(const Graph& g, CheckOutcome& out)
      : g_(g),
        out_(out),
        reported_(g.model().symbols().find("reported")),
        id_(g.model().symbols().find("id")) {}
  void add(uint32_t node) {
    uint32_t acc = g_.node(node).refs[kAccount];
    if (acc == kNoNode) return;
    auto it = ids_.find(acc);
    if (it == ids_.end()) {
      std::string scratch;
      std::string id(g_.section(acc, reported_).get(id_).as_string(g_.model().symbols(), scratch));
      it = ids_.emplace(acc, &out_.nodes[id]).first;
    }
    it->second->push_back(node);
  }

 private:
  const Graph& g_;
  CheckOutcome& out_;
  Sym reported_, id_;
  std::map<uint32_t, std::vector<uint32_t>*> ids_;
};

// The kinds a check's search names (for a command check, its first search).
std::set<std::string> searched_kinds(const Check& check, const std::string& text) {
  std::string search = text;
  if (check.detect == Detect::Command) {
    auto line = parse_line(text);
    if (!line || line->commands.empty() || line->commands.front().name != "search") return {};
    search = line->commands.front().args;
  }
  auto q = query::parse_query(search);
  return q ? kinds_read(*q) : std::set<std::string>{};
}

Status run_search(const std::string& text, const std::string& filter, const Graph& g,
                  const RunOptions& o, CheckOutcome& out) {
  auto q = query::parse_query(text);
  if (!q) return q.status();
  if (!filter.empty()) {
    auto f = query::parse_query(filter);
    if (!f) return f.status();
    // The restriction joins the first filter (before any merge of the part).
    query::TermPtr& first = q->parts.front().term;
    query::TermPtr& target = first->type == query::Term::Type::Merge ? first->left : first;
    target = target ? query::Term::combine(query::Term::Type::And, f->parts.front().term, target)
                    : f->parts.front().term;
  }
  query::ExecOptions opts;
  opts.now = o.now;
  auto result = query::run_query(g, *q, opts);
  if (!result) return result.status();
  Grouper group(g, out);
  for (const auto& row : result->rows) group.add(row.node);
  return {};
}

Status run_command(const std::string& text, const std::string& filter, Database& db, const Graph& g,
                   CheckOutcome& out) {
  auto line = parse_line(text);
  if (!line) return line.status();
  if (!filter.empty()) line->commands.insert(line->commands.begin(), CommandText{"search", filter});
  auto stream = open_line(*line, db, nullptr, /*default_list=*/false);
  if (!stream) return stream.status();
  std::set<uint32_t> seen;  // a node counts once, however often the pipeline yields it
  Grouper group(g, out);
  Element e;
  for (;;) {
    auto more = (*stream)->next(e);
    if (!more) return more.status();
    if (!*more) break;
    if (e.is_text || !e.value.is_object()) continue;
    const Value* id = e.value.get("id");
    uint32_t n = id && id->is_string() ? g.find(id->str()) : kNoNode;
    if (n != kNoNode && seen.insert(n).second) group.add(n);
  }
  return {};
}

}  // namespace

Value ResourceSummary::json() const {
  return Value::object({{"node_id", Value::string(node_id)},
                        {"id", Value::string(id)},
                        {"name", Value::string(name)},
                        {"kind", Value::string(kind)},
                        {"tags", tags.is_null() ? Value::object() : tags},
                        {"ctime", ctime},
                        {"atime", atime},
                        {"mtime", mtime},
                        {"cloud", cloud},
                        {"account", account},
                        {"region", region},
                        {"zone", zone}});
}

size_t CheckOutcome::failing_count() const {
  size_t n = 0;
  for (const auto& [a, list] : nodes) n += list.size();
  if (n == 0)
    for (const auto& [a, list] : failing) n += list.size();
  return n;
}

size_t CheckOutcome::failing_in(const std::string& account) const {
  if (auto it = nodes.find(account); it != nodes.end()) return it->second.size();
  if (auto it = failing.find(account); it != failing.end()) return it->second.size();
  return 0;
}

std::vector<std::string> CheckOutcome::failing_accounts() const {
  std::set<std::string> out;
  for (const auto& [a, list] : nodes) out.insert(a);
  for (const auto& [a, list] : failing) out.insert(a);
  return {out.begin(), out.end()};
}

void materialize(CheckOutcome& c) {
  if (!c.failing.empty() || c.nodes.empty() || !c.graph) return;
  Summaries s(*c.graph);
  for (const auto& [account, list] : c.nodes) {
    auto& out = c.failing[account];
    out.reserve(list.size());
    for (uint32_t n : list) out.push_back(s.of(n));
  }
}

void materialize(std::vector<CheckOutcome>& outcomes) {
  for (auto& c : outcomes) materialize(c);
}

Result<std::string> rendered_detect(const Check& check, const RunOptions& options) {
  Environment env;
  if (check.default_values.is_object())
    for (const auto& [k, v] : check.default_values.members()) env[k] = v;
  for (const auto& [k, v] : options.overrides) env[k] = v;
  return query::render_template(check.detect_text, env, options.now);
}

std::vector<CheckOutcome> run_checks(const std::vector<const Check*>& checks, Database& db,
                                     const RunOptions& options) {
  std::vector<CheckOutcome> out(checks.size());
  auto graph = db.snapshot();
  std::string filter = account_filter(options);
  std::vector<DataGap> gaps = data_gaps(*graph);
  auto wanted = [&](const std::string& account) {
    auto has = [&](const std::vector<std::string>& list) {
      return std::find(list.begin(), list.end(), account) != list.end();
    };
    return (options.accounts.empty() || has(options.accounts)) && !has(options.ignore_accounts);
  };
  auto gap_of = [&](const Check& check, const std::string& text) -> std::string {
    if (gaps.empty()) return "";
    std::set<std::string> kinds(check.result_kinds.begin(), check.result_kinds.end());
    std::set<std::string> read = searched_kinds(check, text);
    kinds.insert(read.begin(), read.end());
    return gap_error(kinds, gaps, graph->model(), wanted);
  };
  // Command checks (a search piped through jq) cost the most and share one
  // jq at a time: the calling thread takes them first, the other workers the
  // searches first, so neither waits for the other.
  std::vector<size_t> commands, searches;
  for (size_t i = 0; i < checks.size(); ++i)
    (checks[i]->detect == Detect::Command ? commands : searches).push_back(i);
  std::atomic<size_t> next_command{0}, next_search{0};
  auto take = [&](bool commands_first) -> std::optional<size_t> {
    for (int pass = 0; pass < 2; ++pass) {
      bool cmd = (pass == 0) == commands_first;
      auto& list = cmd ? commands : searches;
      size_t k = (cmd ? next_command : next_search)++;
      if (k < list.size()) return list[k];
    }
    return std::nullopt;
  };
  auto work = [&](bool commands_first) {
    while (auto taken = take(commands_first)) {
      size_t i = *taken;
      CheckOutcome& r = out[i];
      r.check = checks[i];
      r.graph = graph;
      if (r.check->manual()) {
        r.outcome = Outcome::Manual;
        continue;
      }
      auto text = rendered_detect(*r.check, options);
      Status st = !text ? text.status()
                  : r.check->detect == Detect::Search
                      ? run_search(*text, filter, *graph, options, r)
                      : run_command(*text, filter, db, *graph, r);
      if (!st) {
        r.outcome = Outcome::Error;
        r.error = st.message();
        r.nodes.clear();
      } else if (!r.nodes.empty()) {
        r.outcome = Outcome::Failed;
      } else if (std::string gap = gap_of(*r.check, *text); !gap.empty()) {
        r.outcome = Outcome::Error;
        r.error = gap;
      } else {
        r.outcome = Outcome::Passed;
      }
    }
  };
  unsigned n = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()),
                                  static_cast<unsigned>(checks.size()));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) threads.emplace_back(work, false);
  work(true);
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace canopy::report
