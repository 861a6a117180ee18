// The worked examples of the search-language specification, run against the
// small graphs G0 and GA (tests/query/data). Each block of examples.txt names
// a query and its exact expected result; see tests/query/data/README.md.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "command/session.h"
#include "core/test_scratch.h"
#include "core/time.h"
#include "graph/merge.h"
#include "model/batch_reader.h"
#include "query/executor.h"
#include "query/render.h"

namespace canopy::query {
namespace {

const std::string kData = std::string(CANOPY_SOURCE_DIR) + "/tests/query/data/";
const int64_t kNow = to_epoch(2024, 6, 1);

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  Symbols syms;
  std::unique_ptr<Model> model;
  std::shared_ptr<const Graph> graph;

  // `name`: a graph file, or `<file>+usage`: that graph imported once more
  // for every time in <file>.usage, with the usage sections listed there.
  explicit Fixture(const std::string& name) {
    auto m = Model::load_builtin(syms, read_file(kData + "thing_kind.json"));
    if (!m) throw std::runtime_error(m.message());
    model = std::move(m.value());
    const std::string base = name.substr(0, name.find('+'));
    const std::string text = read_file(kData + base + ".ndjson");
    Graph empty(*model);
    graph = import(empty, text, kNow);
    if (base != name) add_usage(text, read_file(kData + base + ".usage"));
  }

  std::shared_ptr<const Graph> import(const Graph& old, const std::string& text, int64_t at) {
    BatchReader reader(*model, BatchReader::kNoTimeDefaults);
    auto batch = reader.read_text(text);
    if (!batch) throw std::runtime_error(batch.message());
    auto merged = merge(old, std::move(batch.value()), at);
    if (!merged) throw std::runtime_error(merged.message());
    return merged->graph;
  }

  // Lines "<node> <seconds before NOW> <usage JSON>"; one import per time.
  void add_usage(const std::string& graph_text, const std::string& usage) {
    std::map<int64_t, std::string> by_time;
    std::istringstream lines(usage);
    std::string node, json;
    int64_t ago = 0;
    while (lines >> node >> ago && std::getline(lines, json)) {
      std::string& text = by_time.try_emplace(ago, graph_text).first->second;
      const std::string head = "{\"id\": \"" + node + "\", ";
      size_t at = text.find(head);
      if (at == std::string::npos) throw std::runtime_error("no node " + node);
      text.insert(at + head.size(), "\"usage\": " + json + ", ");
    }
    for (auto it = by_time.rbegin(); it != by_time.rend(); ++it)
      graph = import(*graph, it->second, kNow - it->first);
  }
};

Fixture& fixture(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Fixture>> cache;
  auto& f = cache[name];
  if (!f) f = std::make_unique<Fixture>(name);
  return *f;
}

struct Example {
  std::string name, graph = "g0", section = "reported", query;
  bool cli = false;
  std::string
      expect_kind;  // expect, expect-order, expect-count, expect-error, expect-row, expect-lines
  std::vector<std::string> expected;
  std::vector<std::string> values;  // "<node> <path> <json>"
  int line = 0;
};

std::vector<Example> load_examples() {
  std::ifstream in(kData + "examples.txt");
  std::vector<Example> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("== ", 0) == 0) {
      out.emplace_back();
      out.back().name = line.substr(3);
      out.back().line = n;
      continue;
    }
    if (out.empty()) continue;
    Example& e = out.back();
    size_t sp = line.find(' ');
    std::string key = line.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (key == "graph")
      e.graph = rest;
    else if (key == "section")
      e.section = rest == "root" ? "" : rest;
    else if (key == "query")
      e.query = rest;
    else if (key == "cli")
      e.cli = true;
    else if (key == "expect-value")
      e.values.push_back(rest);
    else if (key == "expect-row")
      e.expect_kind = key, e.expected.push_back(rest);
    else if (key == ">" || line.rfind("> ", 0) == 0)
      e.expected.push_back(line.substr(2));
    else if (key.rfind("expect", 0) == 0) {
      e.expect_kind = key;
      std::istringstream words(rest);
      if (key == "expect-error" || key == "expect-count") {
        e.expected.push_back(rest);
      } else {
        std::string w;
        while (words >> w) e.expected.push_back(w);
      }
    }
  }
  return out;
}

// Reads `path` (dots and [n]) out of a rendered document.
const Value* lookup(const Value& doc, const std::string& path) {
  const Value* at = &doc;
  size_t i = 0;
  while (at && i < path.size()) {
    if (path[i] == '.') ++i;
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      size_t idx = std::stoul(path.substr(i + 1, close - i - 1));
      at = at->is_array() && idx < at->items().size() ? &at->items()[idx] : nullptr;
      i = close + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    if (end == std::string::npos) end = path.size();
    at = at->is_object() ? at->get(path.substr(i, end - i)) : nullptr;
    i = end;
  }
  return at;
}

void PrintTo(const Example& e, std::ostream* os) {
  *os << e.name;
}

class Conformance : public ::testing::TestWithParam<Example> {};

TEST_P(Conformance, Example) {
  const Example& e = GetParam();
  SCOPED_TRACE("examples.txt:" + std::to_string(e.line) + " " + e.name + ": " + e.query);
  Fixture& f = fixture(e.graph);
  ExecOptions opts;
  opts.section = e.section;
  opts.now = kNow;
  auto r = run_query(*f.graph, e.query, opts);
  if (e.expect_kind == "expect-error") {
    ASSERT_FALSE(r.is_ok()) << "expected an error containing '" << e.expected[0] << "'";
    EXPECT_NE(r.message().find(e.expected[0]), std::string::npos) << r.message();
    return;
  }
  ASSERT_TRUE(r.is_ok()) << r.message();
  if (e.expect_kind == "expect-row") {
    ASSERT_TRUE(r->aggregated);
    std::vector<std::string> rows;
    for (const Value& row : r->aggregate_rows) rows.push_back(row.json());
    EXPECT_EQ(rows, e.expected);
    return;
  }
  ASSERT_FALSE(r->aggregated);
  std::vector<std::string> ids;
  for (const Row& row : r->rows) ids.push_back(std::string(f.graph->id(row.node)));
  // With clauses give the same rows evaluated forwards only.
  ExecOptions forwards = opts;
  forwards.reverse_with = false;
  auto f_rows = run_query(*f.graph, e.query, forwards);
  ASSERT_TRUE(f_rows.is_ok()) << f_rows.message();
  std::vector<std::string> f_ids;
  for (const Row& row : f_rows->rows) f_ids.push_back(std::string(f.graph->id(row.node)));
  EXPECT_EQ(f_ids, ids) << "forward and backward with clauses disagree";
  if (e.expect_kind == "expect-count") {
    EXPECT_EQ(ids.size(), std::stoul(e.expected[0]));
  } else if (e.expect_kind == "expect-order") {
    EXPECT_EQ(ids, e.expected);
  } else {
    std::multiset<std::string> got(ids.begin(), ids.end()),
        want(e.expected.begin(), e.expected.end());
    EXPECT_EQ(got, want);
  }
  Reader reader(*f.graph);
  for (const auto& v : e.values) {
    std::istringstream words(v);
    std::string node, path;
    words >> node >> path;
    std::string json;
    std::getline(words, json);
    json.erase(0, json.find_first_not_of(' '));
    auto row = std::find_if(r->rows.begin(), r->rows.end(),
                            [&](const Row& x) { return f.graph->id(x.node) == node; });
    ASSERT_NE(row, r->rows.end()) << node << " is not in the result";
    Value doc = render(reader, *row, kNow, r->tag_of(*row));
    const Value* at = lookup(doc, path);
    std::string got = at ? at->json() : "<absent>";
    // Compare modulo spacing: the expectation is written as compact JSON.
    std::string want;
    bool in_string = false;
    for (char c : json) {
      if (c == '"') in_string = !in_string;
      if (in_string || (c != ' ')) want.push_back(c);
    }
    EXPECT_EQ(got, want) << "at " << node << " " << path << " in " << doc.json();
  }
}

std::string example_name(const ::testing::TestParamInfo<Example>& info) {
  std::string n;
  for (char c : info.param.name.substr(0, info.param.name.find(' ')))
    n.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return n + "_" + std::to_string(info.index);
}

// A database holding graph `name`, for the command-line examples.
Database& database(const std::string& name) {
  testing::scratch_dir();  // made first, so removed only after the databases are closed
  static std::map<std::string, std::unique_ptr<Database>> cache;
  auto& db = cache[name];
  if (!db) {
    std::string dir = testing::scratch_path("conformance-" + name);
    auto opened = Database::open(dir);
    if (!opened) throw std::runtime_error(opened.message());
    db = std::move(opened.value());
    BatchReader reader(db->model(), BatchReader::kNoTimeDefaults);
    auto batch = reader.read_text(read_file(kData + name + ".ndjson"));
    if (!batch) throw std::runtime_error(batch.message());
    auto merged = db->merge(std::move(batch.value()));
    if (!merged) throw std::runtime_error(merged.message());
  }
  return *db;
}

// The top-level `id:` lines of `| dump` output.
std::vector<std::string> dumped_ids(const std::string& out) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    if (out.compare(start, 4, "id: ") == 0) ids.push_back(out.substr(start + 4, end - start - 4));
    start = end + 1;
  }
  return ids;
}

class CliConformance : public ::testing::TestWithParam<Example> {};

TEST_P(CliConformance, Example) {
  const Example& e = GetParam();
  SCOPED_TRACE("examples.txt:" + std::to_string(e.line) + " " + e.name + ": " + e.query);
  const std::vector<std::string>& expected = e.expected;
  Session session(database(e.graph));
  std::string line = "now=2024-06-01T00:00:00Z " + e.query;
  bool lines = e.expect_kind == "expect-lines";
  if (!lines) line += " | dump";
  std::string out;
  Status st = session.execute(line, out);
  if (e.expect_kind == "expect-error") {
    ASSERT_FALSE(st.is_ok());
    EXPECT_NE(st.message().find(e.expected[0]), std::string::npos) << st.message();
    return;
  }
  ASSERT_TRUE(st.is_ok()) << st.message();
  if (lines) {
    std::string want;
    for (const auto& l : e.expected) want += l + "\n";
    EXPECT_EQ(out, want);
    return;
  }
  std::vector<std::string> ids = dumped_ids(out);
  if (e.expect_kind == "expect-order") {
    EXPECT_EQ(ids, expected) << out;
  } else {
    std::multiset<std::string> got(ids.begin(), ids.end()), want(expected.begin(), expected.end());
    EXPECT_EQ(got, want) << out;
  }
}

std::vector<Example> cli_examples() {
  std::vector<Example> out;
  for (auto& e : load_examples())
    if (e.cli && !e.query.empty() && !e.expect_kind.empty()) out.push_back(e);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Spec, CliConformance, ::testing::ValuesIn(cli_examples()), example_name);

// The string value of the first `"key":"…"` in a compact JSON line.
std::string json_field(const std::string& line, const std::string& key) {
  std::string marker = "\"" + key + "\":\"";
  size_t at = line.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return line.substr(at, line.find('"', at) - at);
}

// The edges of --with-edges (§10.3) are the last edges of the traversed
// trails whose two ends are returned. Ex-10.14a returns v1 over a trail of
// three edges, and no edge: each last edge (u1→k1, u1→k2, u2→k3, i1→v1) has
// an end outside the result. Ex-10.14b has the edges u1→k1 and u1→k2 only:
// the keys' delete edges back to u1 join returned nodes but were not traversed.
TEST(CliWithEdges, EdgesJoinReturnedNodes) {
  Session session(database("g0"));
  auto graph = [&](const std::string& query, std::set<std::string>& nodes,
                   std::set<std::string>& edges) {
    std::string out;
    Status st = session.execute(
        "now=2024-06-01T00:00:00Z search --with-edges " + query + " | format --ndjson", out);
    ASSERT_TRUE(st.is_ok()) << st.message();
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      if (json_field(line, "type") == "edge") {
        std::string from = json_field(line, "from"), to = json_field(line, "to");
        EXPECT_TRUE(nodes.count(from) && nodes.count(to)) << line;  // nodes come first
        edges.insert(from + "->" + to + ":" + json_field(line, "edge_type"));
      } else {
        EXPECT_TRUE(edges.empty()) << line;
        nodes.insert(json_field(line, "id"));
      }
    }
  };
  std::set<std::string> nodes, edges;
  graph("id(acc1) -[3]->", nodes, edges);
  EXPECT_EQ(nodes, (std::set<std::string>{"k1", "k2", "k3", "v1"}));
  EXPECT_EQ(edges, std::set<std::string>());
  nodes.clear(), edges.clear();
  graph("id(u1) -[0:1]->", nodes, edges);
  EXPECT_EQ(nodes, (std::set<std::string>{"u1", "k1", "k2"}));
  EXPECT_EQ(edges, (std::set<std::string>{"u1->k1:default", "u1->k2:default"}));
  // cli-and-api §2.2: search --with-edges id(root) -[0:1]->.
  nodes.clear(), edges.clear();
  graph("id(root) -[0:1]->", nodes, edges);
  EXPECT_EQ(nodes, (std::set<std::string>{"root", "aws"}));
  EXPECT_EQ(edges, (std::set<std::string>{"root->aws:default"}));
  // The delete traversal from u1 goes the other way.
  nodes.clear(), edges.clear();
  graph("id(u1) <-delete[0:1]-", nodes, edges);
  EXPECT_EQ(nodes, (std::set<std::string>{"u1", "k1", "k2"}));
  EXPECT_EQ(edges, (std::set<std::string>{"k1->u1:delete", "k2->u1:delete"}));
  // No navigation, no edges.
  nodes.clear(), edges.clear();
  graph("is(aws_iam_user) or is(access_key)", nodes, edges);
  EXPECT_EQ(nodes.size(), 5u);
  EXPECT_EQ(edges, std::set<std::string>());
}

std::vector<Example> query_examples() {
  std::vector<Example> out;
  for (auto& e : load_examples())
    if (!e.cli && !e.query.empty() && !e.expect_kind.empty()) out.push_back(e);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Spec, Conformance, ::testing::ValuesIn(query_examples()), example_name);

TEST(ConformanceData, CoversTheSpec) {
  auto all = load_examples();
  EXPECT_GT(query_examples().size(), 120u);
  EXPECT_GE(cli_examples().size(), 10u);
  EXPECT_GT(all.size(), 150u);
}

}  // namespace
}  // namespace canopy::query
