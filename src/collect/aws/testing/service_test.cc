#include "collect/aws/testing/service_test.h"

#include <gtest/gtest.h>

#include <utility>

#include "collect/aws/endpoints.h"
#include "core/bytes.h"
#include "model/coerce.h"
#include "model/model.h"

namespace canopy::aws::testing {

RetryOptions fast_retry(int max_attempts) {
  RetryOptions r;
  r.max_attempts = max_attempts;
  r.base_ms = 1;
  r.throttle_base_ms = 1;
  r.cap_ms = 2;
  return r;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& s : lines) out += s + "\n";
  return out;
}

std::string val(simdjson::dom::element e, std::string_view pointer) {
  simdjson::dom::element v;
  if (e.at_pointer(pointer).get(v) != simdjson::SUCCESS) return kAbsent;
  return simdjson::minify(v);
}

std::string str(simdjson::dom::element e, std::string_view pointer) {
  simdjson::dom::element v;
  if (e.at_pointer(pointer).get(v) != simdjson::SUCCESS) return kAbsent;
  std::string_view s;
  if (v.get(s) == simdjson::SUCCESS) return std::string(s);
  return "<not a string: " + simdjson::minify(v) + ">";
}

std::string text(simdjson::dom::element e, std::string_view pointer) {
  simdjson::dom::element v;
  if (e.at_pointer(pointer).get(v) != simdjson::SUCCESS) return kAbsent;
  std::string_view s;
  if (v.get(s) == simdjson::SUCCESS) return std::string(s);
  return simdjson::minify(v);
}

bool has(simdjson::dom::element e, std::string_view pointer) {
  simdjson::dom::element v;
  return e.at_pointer(pointer).get(v) == simdjson::SUCCESS;
}

Graph::Graph(const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? nl : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    auto parser = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::element e;
    if (parser->parse(line).get(e) != simdjson::SUCCESS) {
      ADD_FAILURE() << "not JSON: " << line;
      continue;
    }
    std::string_view id, from, to, type;
    simdjson::dom::element reported;
    if (e["id"].get(id) == simdjson::SUCCESS) {
      EXPECT_EQ(e["reported"].get(reported), simdjson::SUCCESS) << line;
      EXPECT_FALSE(nodes_.contains(std::string(id))) << "node twice: " << id;
      nodes_[std::string(id)] = reported;
      bool replace = false;
      if (e.at_pointer("/metadata/replace").get(replace) == simdjson::SUCCESS && replace)
        replaced_.insert(std::string(id));
      std::string_view kind;
      if (reported["kind"].get(kind) == simdjson::SUCCESS) ++kinds_[std::string(kind)];
      parsers_.push_back(std::move(parser));
    } else if (e["from"].get(from) == simdjson::SUCCESS && e["to"].get(to) == simdjson::SUCCESS) {
      bool del = e["edge_type"].get(type) == simdjson::SUCCESS && type == "delete";
      edges_.emplace_back(std::string(from), std::string(to), del);
    } else {
      ADD_FAILURE() << "neither node nor edge: " << line;
    }
  }
}

simdjson::dom::element Graph::node(const std::string& id) const {
  static simdjson::dom::parser empty_parser;
  static simdjson::dom::element empty = empty_parser.parse(std::string("{}")).value_unsafe();
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return it->second;
  ADD_FAILURE() << "no node " << id;
  return empty;
}

std::string Graph::val(const std::string& id, std::string_view pointer) const {
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return "<no node " + id + ">";
  return testing::val(it->second, pointer);
}

std::string Graph::str(const std::string& id, std::string_view pointer) const {
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return "<no node " + id + ">";
  return testing::str(it->second, pointer);
}

std::string Graph::text(const std::string& id, std::string_view pointer) const {
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return "<no node " + id + ">";
  return testing::text(it->second, pointer);
}

int Graph::edge_count(const std::string& from, const std::string& to, bool del) const {
  int n = 0;
  for (const auto& e : edges_)
    if (e == std::make_tuple(from, to, del)) ++n;
  return n;
}

int Graph::edges_touching(const std::string& id) const {
  int n = 0;
  for (const auto& [f, t, d] : edges_)
    if (f == id || t == id) ++n;
  return n;
}

std::set<std::string> Graph::successors(const std::string& from) const {
  std::set<std::string> out;
  for (const auto& [f, t, d] : edges_)
    if (f == from && !d) out.insert(t);
  return out;
}

std::set<std::string> Graph::ids_of_kind(std::string_view kind) const {
  std::set<std::string> out;
  for (const auto& [id, e] : nodes_) {
    std::string_view k;
    if (e["kind"].get(k) == simdjson::SUCCESS && k == kind) out.insert(id);
  }
  return out;
}

int Graph::count_of_kind(std::string_view kind) const {
  return static_cast<int>(ids_of_kind(kind).size());
}

std::string model_errors(const Graph& g, const std::set<std::string>& skip) {
  static Symbols syms;
  static auto model = Model::load_builtin(syms);
  if (!model) return "the model does not load";
  std::string out;
  for (const auto& [id, reported] : g.nodes()) {
    std::string_view kind;
    simdjson::dom::object o;
    if (reported.get(o) != simdjson::SUCCESS || o["kind"].get(kind) != simdjson::SUCCESS) {
      out += id + ": no kind\n";
      continue;
    }
    if (skip.contains(std::string(kind))) continue;
    const Kind* k = (*model)->find(kind);
    if (!k) {
      out += id + ": unknown kind " + std::string(kind) + "\n";
      continue;
    }
    Bytes bytes;
    DocWriter w(bytes);
    Coercer c(**model);
    Status s = c.object(*k, o, w, ValuePath{nullptr, "reported"});
    if (!s) out += id + ": " + s.message() + "\n";
  }
  return out;
}

ServiceRun::ServiceRun(RetryOptions retry, std::vector<std::string> regions)
    : client(http, creds, EndpointConfig{}, PacingOptions{}, stats, retry),
      ctx{client, out, warnings, stats, "123456789012", "aws", "us-east-1", std::move(regions), 4} {
  ctx.pool = &pool;
}

void ServiceRun::add_node(const std::string& id, std::string_view kind,
                          const std::string& reported) {
  out.node(id, kind, reported);
}

void ServiceRun::other(const std::string& id, std::string_view kind, const std::string& alias) {
  out.node(id, kind, "{\"kind\":\"" + std::string(kind) + "\"}");
  if (!alias.empty()) out.alias(alias, id);
}

Graph ServiceRun::collect(void (*fn)(AccountContext&, const std::string&),
                          const std::string& region) {
  fn(ctx, region);
  return written();
}

std::string ServiceRun::unmatched() const {
  std::string s;
  for (const auto& r : http.unmatched())
    s += r.op + " " + r.request.url + " " + r.request.body + "\n";
  return s;
}

std::string ServiceRun::body_of(const std::string& op, const FakeParams& params) const {
  std::string body;
  int n = 0;
  for (const auto& r : http.requests(op)) {
    bool all = true;
    for (const auto& [k, v] : params) all = all && r.param(k) == v;
    if (all) {
      body = r.request.body;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << op;
  return body;
}

}  // namespace canopy::aws::testing
