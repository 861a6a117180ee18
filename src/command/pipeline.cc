#include "command/pipeline.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "command/command.h"
#include "command/flows.h"
#include "command/help.h"
#include "command/list_format.h"
#include "command/stream.h"
#include "core/time.h"
#include "query/builder.h"
#include "query/executor.h"
#include "query/parser.h"
#include "query/render.h"
#include "query/template.h"

namespace canopy {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits at `|` outside quotes; `\|` is a literal bar.
Result<std::vector<std::string>> split_pipes(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      char n = line[i + 1];
      if (!quote && (n == '|' || n == ';')) {
        cur.push_back(n);
        ++i;
        continue;
      }
      cur.push_back(c);
      cur.push_back(n);
      ++i;
      continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '|') {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  if (quote) return Error{std::string("unbalanced quote ") + quote + " in: " + std::string(line)};
  out.push_back(std::move(cur));
  return out;
}

bool is_key_char(char c, bool first) {
  return std::isalnum(static_cast<unsigned char>(c)) || (!first && (c == '_' || c == '-'));
}

// A value of the environment prefix: quoted string, JSON keyword or number,
// else the word as a string.
Value env_value(std::string_view word) {
  if (word.size() >= 2 && word.front() == '"' && word.back() == '"')
    return Value::string(std::string(word.substr(1, word.size() - 2)));
  if (word == "true") return Value::boolean(true);
  if (word == "false") return Value::boolean(false);
  if (word == "null") return Value();
  int64_t i = 0;
  auto r = std::from_chars(word.data(), word.data() + word.size(), i);
  if (r.ec == std::errc() && r.ptr == word.data() + word.size()) return Value::integer(i);
  return Value::string(std::string(word));
}

// Reads leading key=value words off `text`.
void read_env(std::string_view& text, std::map<std::string, Value>& env) {
  while (true) {
    text = trim(text);
    size_t k = 0;
    while (k < text.size() && is_key_char(text[k], k == 0)) ++k;
    if (k == 0 || k >= text.size() || text[k] != '=') return;
    size_t v = k + 1, end = v;
    char quote = 0;
    while (end < text.size() && (quote || (text[end] != ' ' && text[end] != ','))) {
      if (quote && text[end] == quote)
        quote = 0;
      else if (!quote && text[end] == '"')
        quote = '"';
      ++end;
    }
    env[std::string(text.substr(0, k))] = env_value(text.substr(v, end - v));
    text.remove_prefix(end);
    while (!text.empty() && (text[0] == ' ' || text[0] == ',')) text.remove_prefix(1);
  }
}

}  // namespace

Result<ParsedLine> parse_line(std::string_view line) {
  auto parts = split_pipes(line);
  if (!parts) return parts.status();
  ParsedLine out;
  for (size_t i = 0; i < parts->size(); ++i) {
    std::string_view text = trim((*parts)[i]);
    if (i == 0) read_env(text, out.env);
    if (text.empty())
      return Error{i == 0 && !out.env.empty() ? "a line needs a command after its key=value words"
                                              : "empty command in: " + std::string(line)};
    size_t sp = text.find(' ');
    CommandText c;
    c.name = std::string(text.substr(0, sp));
    c.args = sp == std::string_view::npos ? "" : std::string(trim(text.substr(sp)));
    out.commands.push_back(std::move(c));
  }
  return out;
}

namespace {

const std::set<std::string, std::less<>> kSearchParts = {
    "search",     "query",        "match",       "sort",       "limit",    "head",
    "tail",       "count",        "aggregate",   "ancestors",  "ancestor", "descendants",
    "descendant", "predecessors", "predecessor", "successors", "successor"};

const std::set<std::string, std::less<>> kSources = {"kinds", "kind",  "echo", "json",
                                                     "env",   "sleep", "help", "man"};
// Source commands added by components above this one (report, …).
std::mutex registry_mu;
std::map<std::string, SourceCommand, std::less<>>& registry() {
  static std::map<std::string, SourceCommand, std::less<>> commands;
  return commands;
}

// A copy: the registry may change while the command runs.
std::optional<SourceCommand> registered(std::string_view name) {
  std::lock_guard lock(registry_mu);
  auto it = registry().find(name);
  if (it == registry().end()) return std::nullopt;
  return it->second;
}

bool is_source(const std::string& name) {
  return kSources.count(name) || registered(name).has_value();
}

// Flows; `head`, `tail` and `count` also have a flow form after other commands.
const std::set<std::string, std::less<>> kFlows = {"list",  "lists",   "dump",   "head",
                                                   "tail",  "count",   "format", "jq",
                                                   "chunk", "flatten", "uniq",   "write"};

std::string env_string(const std::map<std::string, Value>& env, const std::string& key,
                       const std::string& fallback) {
  auto it = env.find(key);
  if (it == env.end() || it->second.is_null()) return fallback;
  return it->second.is_string() ? it->second.str() : it->second.json();
}

// `head -5`, `tail 3`, or the default 100.
Result<int64_t> count_argument(const std::string& args) {
  if (args.empty()) return int64_t(100);
  int64_t n = 0;
  std::string_view s = args;
  if (s[0] == '-' || s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    return Error{"expected a number, got '" + args + "'"};
  return n;
}

// The sort keys, limit or path of a command, read with the query parser.
Result<query::Part> parse_part(const std::string& prefix, const std::string& args) {
  auto q = query::parse_query("all " + prefix + " " + args);
  if (!q) return q.status();
  if (q->parts.size() != 1) return Error{"unexpected text in '" + args + "'"};
  return q->parts[0];
}

// Options of the search commands of a line that are not part of the query.
struct SearchOptions {
  bool with_edges = false;
  std::optional<int64_t> at;  // --at: the instant asked for
};

// `--at T`: an ISO timestamp, or a duration meaning "now minus".
Result<int64_t> parse_at(const std::string& text, int64_t now) {
  if (auto t = parse_datetime(text)) return *t;
  if (auto d = parse_duration(text)) return now - *d;
  return Error{
      "--at expects an ISO timestamp (2024-05-01T12:00:00Z) or a duration (3d, 12h), "
      "got '" +
      text + "'"};
}

// Reads the leading options of a search (`--with-edges`, `--explain`,
// `--at T`) off `args`; the rest is the query text.
Status read_search_options(std::string& args, query::QueryBuilder& b, SearchOptions& opts,
                           int64_t now) {
  while (args.rfind("--", 0) == 0 && args.size() > 2 &&
         std::isalpha(static_cast<unsigned char>(args[2]))) {
    size_t end = args.find(' ');
    std::string opt = args.substr(0, end);
    std::string rest = end == std::string::npos ? "" : std::string(trim(args.substr(end)));
    if (opt == "--with-edges") {
      opts.with_edges = true;
    } else if (opt == "--explain") {
      b.set_explain();
    } else if (opt == "--at" || opt.rfind("--at=", 0) == 0) {
      std::string value;
      if (opt == "--at") {
        size_t sp = rest.find(' ');
        value = rest.substr(0, sp);
        rest = sp == std::string::npos ? "" : std::string(trim(rest.substr(sp)));
      } else {
        value = opt.substr(5);
      }
      if (value.empty()) return Error{"--at needs a timestamp or a duration"};
      auto at = parse_at(value, now);
      if (!at) return at.status();
      opts.at = *at;
    } else if (opt == "--history" || opt == "--after" || opt == "--before" || opt == "--change") {
      return Error{"option " + opt + " is not supported yet"};
    } else {
      return Error{"unknown option " + opt +
                   " (search takes --with-edges, --explain and --at before the query)"};
    }
    args = rest;
  }
  return Status::ok();
}

Status apply_search_part(query::QueryBuilder& b, SearchOptions& search_opts, const CommandText& c,
                         const std::map<std::string, Value>& env, int64_t now) {
  const std::string& n = c.name;
  if (n == "search" || n == "query" || n == "match") {
    std::string args = c.args;
    CANOPY_RETURN_IF_ERROR(read_search_options(args, b, search_opts, now));
    auto text = query::render_template(args, env, now);
    if (!text) return text.status();
    auto q = query::parse_query(text->empty() ? "all" : text.value());
    if (!q) return q.status();
    return b.search(std::move(q.value()));
  }
  if (n == "sort") {
    auto p = parse_part("sort", c.args);
    if (!p) return p.status();
    return b.sort(p->sort);
  }
  if (n == "limit") {
    auto p = parse_part("limit", c.args);
    if (!p) return p.status();
    return b.limit(*p->limit);
  }
  if (n == "head" || n == "tail") {
    auto k = count_argument(c.args);
    if (!k) return k.status();
    return n == "head" ? b.head(*k) : b.tail(*k);
  }
  if (n == "count") {
    if (c.args.empty()) return b.count(std::nullopt);
    auto p = parse_part("sort", c.args);
    if (!p) return p.status();
    return b.count(p->sort[0].path);
  }
  if (n == "aggregate") {
    auto a = query::parse_aggregate(c.args);
    if (!a) return a.status();
    return b.aggregate(std::move(a.value()));
  }
  // predecessors, successors, ancestors, descendants
  bool in = n.rfind("predecessor", 0) == 0 || n.rfind("ancestor", 0) == 0;
  bool all = n.rfind("ancestor", 0) == 0 || n.rfind("descendant", 0) == 0;
  bool origin = false;
  std::string edge = env_string(env, "edge_type", "default");
  auto words = split_words(c.args);
  if (!words) return words.status();
  for (const auto& w : *words) {
    if (w == "--with-origin")
      origin = true;
    else
      edge = w;
  }
  return b.traverse(in ? query::Direction::In : query::Direction::Out, all, origin, edge);
}

// Node documents of a search, rendered one at a time; with `--with-edges`
// followed by the edges the query found (QueryResult::edges: the last edges
// of its trails whose two ends are in the result, search language §10.3).
class SearchStream : public Stream, public NodeRows {
 public:
  NodeRows* node_rows() override { return r_.aggregated ? nullptr : this; }
  // Elements go straight to text output: no need to render them as values.
  void set_unrendered() { unrendered_ = true; }
  void set_with_edges() { with_edges_ = true; }
  const query::Row* next_row() override {
    order_upto(i_);
    return i_ < r_.rows.size() ? &r_.rows[i_++] : nullptr;
  }
  const query::Reader& reader() const override { return reader_; }
  int64_t now() const override { return now_; }

  SearchStream(std::shared_ptr<const Graph> g, query::QueryResult r, int64_t now)
      : g_(std::move(g)), r_(std::move(r)), reader_(*g_), now_(now) {}
  Result<bool> next(Element& out) override {
    if (r_.aggregated) {
      if (i_ >= r_.aggregate_rows.size()) return false;
      out = Element::of_value(std::move(r_.aggregate_rows[i_++]));
      return true;
    }
    order_upto(i_);
    if (i_ >= r_.rows.size()) return with_edges_ && next_edge(out);
    const query::Row& row = r_.rows[i_++];
    if (unrendered_ && !row.merges && !row.tag) {
      out = Element();
      out.node = this;
      out.node_index = row.node;
      return true;
    }
    out = Element::of_value(query::render(reader_, row, now_, r_.tag_of(row)));
    return true;
  }

 private:
  std::shared_ptr<const Graph> g_;
  query::QueryResult r_;
  query::Reader reader_;
  // Rows in the default order are put in order as they are read: the first
  // few thousand at once (the first lines appear without waiting), the
  // rest when those are gone.
  void order_upto(size_t i) {
    if (!r_.in_rank_order || i < ordered_) return;
    const auto& rank = g_->default_rank();
    auto by_rank = [&](const query::Row& a, const query::Row& b) {
      return rank[a.node] < rank[b.node];
    };
    auto first = r_.rows.begin() + long(ordered_);
    if (ordered_ == 0 && r_.rows.size() > kFirstRows) {
      std::partial_sort(first, first + long(kFirstRows), r_.rows.end(), by_rank);
      ordered_ = kFirstRows;
    } else {
      std::sort(first, r_.rows.end(), by_rank);
      ordered_ = r_.rows.size();
    }
  }
  static constexpr size_t kFirstRows = 4096;

  // The next edge, after all nodes: the executor already dropped edges with
  // an end outside the result and repeated ones.
  bool next_edge(Element& out) {
    if (edge_ >= r_.edges.size()) return false;
    const query::ResultEdge& e = r_.edges[edge_++];
    out = Element::of_value(
        Value::object({{"type", Value::string("edge")},
                       {"from", Value::string(std::string(g_->id(e.from)))},
                       {"to", Value::string(std::string(g_->id(e.to)))},
                       {"edge_type", Value::string(std::string(edge_type_name(e.type)))}}));
    return true;
  }

  int64_t now_;
  size_t i_ = 0, ordered_ = 0;
  bool unrendered_ = false;
  bool with_edges_ = false;
  size_t edge_ = 0;  // next of r_.edges
};

// `count` after a search: one line per value (fewest first), then totals.
std::unique_ptr<Stream> count_lines(const std::vector<Value>& rows) {
  std::vector<std::pair<std::string, int64_t>> groups;
  int64_t matched = 0, unmatched = 0;
  for (const Value& row : rows) {
    const Value* c = row.get("count");
    int64_t n = c && c->is_number() ? int64_t(c->as_double()) : 0;
    const Value* group = row.get("group");
    const Value* v = group ? group->get("name") : nullptr;
    if (!group) {
      matched += n;
    } else if (!v || v->is_null()) {
      unmatched += n;
    } else {
      groups.emplace_back(python_str(*v), n);
      matched += n;
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<Element> lines;
  for (const auto& [text, n] : groups)
    lines.push_back(Element::of_text(text + ": " + std::to_string(n)));
  lines.push_back(Element::of_text("total matched: " + std::to_string(matched)));
  lines.push_back(Element::of_text("total unmatched: " + std::to_string(unmatched)));
  return std::make_unique<VectorStream>(std::move(lines));
}

class HeadStream : public Stream {
 public:
  HeadStream(std::unique_ptr<Stream> in, int64_t n) : in_(std::move(in)), left_(n) {}
  Result<bool> next(Element& out) override {
    if (left_ <= 0) return false;
    --left_;
    return in_->next(out);
  }

 private:
  std::unique_ptr<Stream> in_;
  int64_t left_;
};

class TailStream : public Stream {
 public:
  TailStream(std::unique_ptr<Stream> in, int64_t n) : in_(std::move(in)), n_(n) {}
  Result<bool> next(Element& out) override {
    if (!filled_) {
      Element e;
      while (true) {
        auto more = in_->next(e);
        if (!more) return more.status();
        if (!*more) break;
        buf_.push_back(std::move(e));
        if (int64_t(buf_.size()) > n_) buf_.pop_front();
      }
      filled_ = true;
    }
    if (buf_.empty()) return false;
    out = std::move(buf_.front());
    buf_.pop_front();
    return true;
  }

 private:
  std::unique_ptr<Stream> in_;
  int64_t n_;
  bool filled_ = false;
  std::deque<Element> buf_;
};

// `count [path]` on a stream that is not a search (values of the elements).
Result<std::unique_ptr<Stream>> count_in_memory(std::unique_ptr<Stream> in,
                                                const std::string& args) {
  query::Path p;
  if (!args.empty()) {
    auto parsed = parse_path(args);
    if (!parsed) return parsed.status();
    p = std::move(parsed.value());
  }
  const bool by_path = !args.empty();
  std::vector<Value> rows;
  std::vector<std::string> names;
  std::vector<int64_t> counts;
  int64_t unmatched = 0, total = 0;
  Element e;
  while (true) {
    auto more = in->next(e);
    if (!more) return more.status();
    if (!*more) break;
    ++total;
    if (!by_path) continue;
    Value v = e.is_text ? Value() : value_of(e.value, p);
    if (v.is_null()) {
      ++unmatched;
      continue;
    }
    std::string text = v.is_string() ? v.str() : v.dumps();
    auto it = std::find(names.begin(), names.end(), text);
    if (it == names.end())
      names.push_back(text), counts.push_back(1);
    else
      ++counts[size_t(it - names.begin())];
  }
  for (size_t i = 0; i < names.size(); ++i) {
    Value row = Value::object();
    row.set("group", Value::object({{"name", Value::string(names[i])}}));
    row.set("count", Value::integer(counts[i]));
    rows.push_back(std::move(row));
  }
  if (!by_path)
    rows.push_back(Value::object({{"count", Value::integer(total)}}));
  else if (unmatched) {
    rows.push_back(Value::object(
        {{"group", Value::object({{"name", Value()}})}, {"count", Value::integer(unmatched)}}));
  }
  return count_lines(rows);
}

bool formats_output(const std::string& name) {
  return name == "list" || name == "lists" || name == "dump" || name == "format" || name == "jq" ||
         name == "kinds" || name == "kind" || name == "help" || name == "man";
}

// A source command: the stream it produces.
Result<std::unique_ptr<Stream>> open_source(const CommandText& c, const ParsedLine& line,
                                            const std::string& section, Database& db,
                                            const std::atomic<bool>* cancel) {
  const std::string& n = c.name;
  auto one = [](Element e) {
    std::vector<Element> items;
    items.push_back(std::move(e));
    return std::unique_ptr<Stream>(new VectorStream(std::move(items)));
  };
  if (n == "kinds" || n == "kind") {
    std::string text;
    if (Status st = make_kinds_command()->run(c.args, db, text); !st)
      return Error{n + ": " + st.message()};
    return text_lines(text);
  }
  if (n == "help" || n == "man") {
    auto text = help_text(c.args);
    if (!text) return text.status();
    return text_lines(text.value());
  }
  if (n == "sleep") {
    // Waits, in steps so that a cancel is seen; emits nothing.
    double seconds = std::atof(c.args.c_str());
    if (seconds < 0 || seconds > 86400)
      return Error{"sleep: expected seconds, got '" + c.args + "'"};
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (cancel && *cancel) return Error{"cancelled"};
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::unique_ptr<Stream>(new VectorStream({}));
  }
  if (n == "echo") {
    std::string t = c.args;
    if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
      t = t.substr(1, t.size() - 2);
    return one(Element::of_text(t));
  }
  if (n == "env") {
    Value env = Value::object();
    env.set("section", Value::string(section));
    for (const auto& [k, v] : line.env) env.set(k, v);
    return one(Element::of_value(std::move(env)));
  }
  auto v = parse_json(c.args);  // json
  if (!v) return Error{"json: " + v.message()};
  if (v->is_null()) return Error{"json: null is not an element"};
  if (!v->is_array()) return one(Element::of_value(std::move(v.value())));
  std::vector<Element> items;
  for (const Value& item : v->items()) items.push_back(Element::of_value(item));
  return std::unique_ptr<Stream>(new VectorStream(std::move(items)));
}

// A flow command over `in`.
Result<std::unique_ptr<Stream>> apply_flow(const CommandText& c, std::unique_ptr<Stream> in,
                                           const ListContext& list_ctx,
                                           const std::atomic<bool>* cancel) {
  const std::string& n = c.name;
  if (n == "dump") return in;
  if (n == "write") {
    auto w = make_write(std::move(in), c.args, cancel);
    if (!w) return Error{"write: " + w.message()};
    return w;
  }
  if (n == "head" || n == "tail") {
    auto k = count_argument(c.args);
    if (!k) return Error{n + ": " + k.message()};
    if (n == "head") return std::unique_ptr<Stream>(new HeadStream(std::move(in), std::abs(*k)));
    return std::unique_ptr<Stream>(new TailStream(std::move(in), std::abs(*k)));
  }
  if (n == "flatten") return make_flatten(std::move(in));
  if (n == "uniq") return make_uniq(std::move(in));
  Result<std::unique_ptr<Stream>> s = Error{""};
  std::string paths_section = list_ctx.from_search ? list_ctx.section : std::string();
  if (n == "count")
    s = count_in_memory(std::move(in), c.args);
  else if (n == "format")
    s = make_format(std::move(in), c.args, paths_section);
  else if (n == "jq")
    s = make_jq(std::move(in), c.args, paths_section);
  else if (n == "chunk")
    s = make_chunk(std::move(in), c.args);
  else
    s = make_list(std::move(in), c.args, list_ctx);
  if (!s) return Error{(n == "lists" ? std::string("list") : n) + ": " + s.message()};
  return s;
}

// Writes the stream as text, in pieces of about 64 KiB: the first lines
// appear at once, memory stays flat however long the result.
Status write_output(Stream& stream, const OutputSink& out, const std::atomic<bool>* cancel) {
  Element e;
  bool first = true;
  std::string buf;
  while (true) {
    if (cancel && *cancel) {
      out(buf);
      return Error{"cancelled"};
    }
    auto more = stream.next(e);
    if (!more) {
      out(buf);
      return more.status();
    }
    if (!*more) break;
    append_text(buf, e, first);
    if (first || buf.size() > (64 << 10)) {
      if (!out(buf)) return Status::ok();
      buf.clear();
    }
    first = false;
  }
  if (!buf.empty()) out(buf);
  return Status::ok();
}

}  // namespace

void register_source_command(const std::string& name, SourceCommand fn) {
  std::lock_guard lock(registry_mu);
  registry()[name] = std::move(fn);
}

Status run_line(const ParsedLine& parsed, Database& db, const OutputSink& out,
                const std::atomic<bool>* cancel) {
  auto stream = open_line(parsed, db, cancel);
  if (!stream) return stream.status();
  return write_output(**stream, out, cancel);
}

Result<std::unique_ptr<Stream>> open_line(const ParsedLine& parsed, Database& db,
                                          const std::atomic<bool>* cancel, bool default_list) {
  // The time basis: env `now` if given, else the clock. Placeholders
  // (@UTC@, @TODAY@, …) are replaced in every argument.
  int64_t now = now_seconds();
  if (auto it = parsed.env.find("now"); it != parsed.env.end() && it->second.is_string()) {
    auto t = parse_datetime(it->second.str());
    if (!t) return Error{"now: '" + it->second.str() + "' is not a datetime"};
    now = *t;
  }
  ParsedLine line = parsed;
  for (auto& c : line.commands) c.args = query::replace_placeholders(c.args, now);
  const auto& cmds = line.commands;
  const std::string section = env_string(line.env, "section", "reported");
  size_t first_flow = 0;
  while (first_flow < cmds.size() && kSearchParts.count(cmds[first_flow].name)) ++first_flow;

  // The remaining commands; a line without a formatting command ends in `list`.
  std::vector<CommandText> rest(cmds.begin() + long(first_flow), cmds.end());
  const bool has_formatter = std::any_of(
      cmds.begin(), cmds.end(), [](const CommandText& c) { return formats_output(c.name); });
  bool formatted = has_formatter;
  // A registered command alone on its line presents its own text.
  bool alone = cmds.size() == 1 && registered(cmds[0].name).has_value();
  formatted = formatted || alone || !default_list;
  bool text_out =
      first_flow > 0 && std::any_of(cmds.begin(), cmds.begin() + long(first_flow),
                                    [](const CommandText& c) { return c.name == "count"; });
  // `… | write F` writes text: the line's elements become `list` lines
  // unless a command formats them. `write` itself ends the line.
  bool writes = !rest.empty() && rest.back().name == "write" && (first_flow > 0 || rest.size() > 1);
  if (writes && !has_formatter)
    rest.insert(rest.end() - 1, CommandText{"list", ""});
  else if (!formatted && !text_out)
    rest.push_back(CommandText{"list", ""});
  // Every command is known and in a possible position before anything runs.
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string& n = rest[i].name;
    bool first = first_flow == 0 && i == 0;
    if (is_source(n)) {
      if (!first)
        return Error{"Command >" + n +
                     "< can not be used in this position: must be the first command"};
    } else if (kFlows.count(n)) {
      if (first)
        return Error{"Command >" + n + "< can not be used in this position: no source data given"};
      if (n == "write" && i + 1 < rest.size())
        return Error{
            "Command >write< can not be used in this position: it must be the last "
            "command"};
    } else if (kSearchParts.count(n)) {
      return Error{"Command >" + n +
                   "< can not be used in this position: must be the first command"};
    } else {
      return Error{"Command >" + n + "< is not known. Typo?"};
    }
  }

  std::unique_ptr<Stream> stream;
  SearchOptions search_opts;
  ListContext list_ctx;
  list_ctx.section = section == "/" ? "" : section;
  list_ctx.model = &db.model();
  if (first_flow > 0) {
    query::QueryBuilder builder(list_ctx.section);
    for (size_t i = 0; i < first_flow; ++i) {
      if (Status st = apply_search_part(builder, search_opts, cmds[i], line.env, now); !st)
        return Error{cmds[i].name + ": " + st.message()};
    }
    query::Query q = builder.finish();
    if (search_opts.at)  // Canopy keeps no snapshots of earlier graphs (yet).
      return Error{cmds[0].name + ": No graph snapshot at " + format_datetime(*search_opts.at) +
                   " found for graph " + env_string(line.env, "graph", "canopy") + "."};
    list_ctx.from_search = true;
    list_ctx.with_edges = search_opts.with_edges;
    list_ctx.query = q;
    query::ExecOptions opts;
    opts.section = list_ctx.section;
    opts.now = now;
    opts.lazy_order = true;
    opts.with_edges = search_opts.with_edges;  // trails instead of shortest distances (§10.3)
    std::string edge = env_string(line.env, "edge_type", "");
    if (!edge.empty()) opts.edge_types = {edge};
    auto graph = db.snapshot();
    if (builder.explaining()) {
      auto cost = query::explain_query(*graph, q, opts);
      if (!cost) return Error{cmds[0].name + ": " + cost.message()};
      std::vector<Element> one;
      one.push_back(Element::of_value(std::move(cost.value())));
      stream = std::make_unique<VectorStream>(std::move(one));
    } else {
      auto result = query::run_query(*graph, q, opts);
      if (!result) return Error{cmds[0].name + ": " + result.message()};
      if (builder.counting()) {
        stream = count_lines(result->aggregate_rows);
      } else {
        auto search = std::make_unique<SearchStream>(graph, std::move(result.value()), opts.now);
        bool text_only =
            !rest.empty() && std::all_of(rest.begin(), rest.end(), [](const CommandText& c) {
              return c.name == "dump" || c.name == "head" || c.name == "tail";
            });
        if (text_only) search->set_unrendered();
        if (search_opts.with_edges) search->set_with_edges();
        stream = std::move(search);
      }
    }
  }

  for (const CommandText& c : rest) {
    Result<std::unique_ptr<Stream>> next = Error{""};
    if (auto cmd = registered(c.name)) {
      next = (*cmd)(c.args, db, alone, cancel);
      if (!next) next = Error{c.name + ": " + next.message()};
    } else {
      next = kSources.count(c.name) ? open_source(c, line, section, db, cancel)
                                    : apply_flow(c, std::move(stream), list_ctx, cancel);
    }
    if (!next) return next.status();
    stream = std::move(next.value());
  }
  return stream;
}

}  // namespace canopy
