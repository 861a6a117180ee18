// What the unit tests of the service collectors share: one collect run
// against a FakeHttp, and the graph it wrote, read back.
#pragma once

#include <simdjson.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "collect/aws/account_context.h"
#include "collect/aws/client.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/worker_pool.h"
#include "collect/graph_out.h"

namespace canopy::aws::testing {

inline constexpr const char* kAbsent = "<absent>";

// Retries without waiting, up to `max_attempts` calls.
RetryOptions fast_retry(int max_attempts);

// Every line of `lines`, each ended by a newline.
std::string joined(const std::vector<std::string>& lines);

// The value at `pointer`, "<absent>" when missing. val: any value as
// minified JSON (strings quoted). str: a string without quotes, anything else
// "<not a string: …>". text: a string without quotes, anything else as val.
std::string val(simdjson::dom::element e, std::string_view pointer);
std::string str(simdjson::dom::element e, std::string_view pointer);
std::string text(simdjson::dom::element e, std::string_view pointer);
bool has(simdjson::dom::element e, std::string_view pointer);

// The nodes and edges of a graph text (ndjson), read back. Each line must be
// a node or an edge, and no node may come twice.
class Graph {
 public:
  explicit Graph(const std::string& text);

  bool has(const std::string& id) const { return nodes_.contains(id); }
  // The node's reported section ({} and a test failure when there is none).
  simdjson::dom::element node(const std::string& id) const;
  // val(), str() and text() of the node's reported section.
  std::string val(const std::string& id, std::string_view pointer) const;
  std::string str(const std::string& id, std::string_view pointer) const;
  std::string text(const std::string& id, std::string_view pointer) const;
  // Written with metadata.replace.
  bool replaced(const std::string& id) const { return replaced_.contains(id); }

  bool edge(const std::string& from, const std::string& to, bool del = false) const {
    return edge_count(from, to, del) > 0;
  }
  int edge_count(const std::string& from, const std::string& to, bool del = false) const;
  // Edges that touch `id` in either direction, any type.
  int edges_touching(const std::string& id) const;
  // The targets of the default edges from `from`.
  std::set<std::string> successors(const std::string& from) const;

  std::set<std::string> ids_of_kind(std::string_view kind) const;
  int count_of_kind(std::string_view kind) const;
  const std::map<std::string, int>& kinds() const { return kinds_; }
  const std::map<std::string, simdjson::dom::element>& nodes() const { return nodes_; }
  const std::vector<std::tuple<std::string, std::string, bool>>& edges() const { return edges_; }

 private:
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;
  std::map<std::string, simdjson::dom::element> nodes_;  // id → reported
  std::set<std::string> replaced_;
  std::map<std::string, int> kinds_;
  std::vector<std::tuple<std::string, std::string, bool>> edges_;
};

// Every node's reported section must fit its kind in the built-in model (the
// store rejects an account's whole data for one unknown property or a wrong
// type): one line per misfit, nodes of `skip` kinds left out.
std::string model_errors(const Graph& g, const std::set<std::string>& skip = {});

// One account (123456789012, partition aws) collected against the fake.
struct ServiceRun {
  explicit ServiceRun(RetryOptions retry, std::vector<std::string> regions = {"eu-west-1"});

  // A node another collector would have written (edges only resolve to
  // nodes), also known by `alias` when given.
  void add_node(const std::string& id, std::string_view kind, const std::string& reported);
  void other(const std::string& id, std::string_view kind, const std::string& alias = "");

  Graph collect(void (*fn)(AccountContext&, const std::string&), const std::string& region);
  // The graph written so far.
  Graph written() const { return Graph(out.text()); }

  std::string warning_text() const { return joined(warnings.list()); }
  // The requests no route answered, one line each.
  std::string unmatched() const;
  // The body of the only request of `op` that has `params`.
  std::string body_of(const std::string& op, const FakeParams& params = {}) const;

  FakeHttp http;
  FixedCredentials creds;
  CallStats stats;
  Client client;
  collect::GraphOut out;
  Warnings warnings;
  WorkerPool pool{3};  // per-item calls run on shared threads, as in a collect
  AccountContext ctx;
};

}  // namespace canopy::aws::testing
