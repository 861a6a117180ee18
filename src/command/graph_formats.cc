#include "command/graph_formats.h"

#include <cctype>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/markup_escape.h"
#include "query/render.h"

namespace canopy {

namespace {

using Lines = std::deque<std::string>;

// What a graph document is built from.
class GraphWriter {
 public:
  virtual ~GraphWriter() = default;
  virtual void start(Lines&) {}
  virtual void node(const std::string& id, const Value& node, Lines& out) = 0;
  virtual void edge(const std::string& from, const std::string& to, const std::string& type,
                    Lines& out) = 0;
  virtual void finish(Lines& out) = 0;
};

std::string string_at(const Value& v, std::initializer_list<const char*> path) {
  const Value* cur = &v;
  for (const char* key : path) {
    cur = cur->is_object() ? cur->get(key) : nullptr;
    if (!cur) return "";
  }
  return cur->is_string() ? cur->str() : cur->is_null() ? "" : python_str(*cur);
}

// Node ids, and the edges kept until the end: an edge is drawn when both its
// ends are nodes of the input, each (from, to) pair once — per edge type, or
// at all (a simple graph).
class EdgeSet {
 public:
  // False when the node was seen before.
  bool add_node(const std::string& id) { return ids_.emplace(id, uint32_t(ids_.size())).second; }
  void add_edge(const std::string& from, const std::string& to, const std::string& type) {
    size_t t = 0;
    while (t < types_.size() && types_[t] != type) ++t;
    if (t == types_.size()) types_.push_back(type);
    edges_.push_back(Edge{from, to, uint32_t(t)});
  }
  // Calls fn(from, to, type) for every edge to draw, in input order.
  template <typename F>
  void each(bool per_type, F&& fn) const {
    std::vector<std::unordered_set<uint64_t>> seen(per_type ? types_.size() : 1);
    for (const Edge& e : edges_) {
      auto from = ids_.find(e.from), to = ids_.find(e.to);
      if (from == ids_.end() || to == ids_.end()) continue;
      uint64_t key = uint64_t(from->second) << 32 | to->second;
      if (seen[per_type ? e.type : 0].insert(key).second) fn(e.from, e.to, types_[e.type]);
    }
  }

 private:
  struct Edge {
    std::string from, to;
    uint32_t type;
  };
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> types_;
  std::vector<Edge> edges_;
};

// ---- Cytoscape.js elements ----------------------------------------------

// One JSON document on one line. Each node is written to text when it
// arrives (documents are far larger as values than as text).
class CytoscapeWriter : public GraphWriter {
 public:
  void node(const std::string& id, const Value& node, Lines&) override {
    if (!graph_.add_node(id)) return;
    const Value* reported = node.get("reported");
    Value data = reported && reported->is_object() ? *reported : Value::object();
    std::string name = string_at(node, {"reported", "name"});
    // `id` is the node id: edges name their ends by it.
    data.set("id", Value::string(id));
    data.set("value", Value::string(id));
    data.set("name", Value::string(name.empty() ? id : name));
    if (nodes_.size() > kHead.size()) nodes_ += ", ";
    nodes_ += "{\"data\": ";
    data.append_json(nodes_, true);
    nodes_ += "}";
  }
  void edge(const std::string& from, const std::string& to, const std::string& type,
            Lines&) override {
    graph_.add_edge(from, to, type);
  }
  void finish(Lines& out) override {
    std::string doc = std::move(nodes_);
    doc += "], \"edges\": [";
    bool first = true;
    graph_.each(false, [&](const std::string& from, const std::string& to, const std::string&) {
      doc += first ? "" : ", ";
      first = false;
      doc += "{\"data\": {\"source\": ";
      Value::string(from).append_json(doc, true);
      doc += ", \"target\": ";
      Value::string(to).append_json(doc, true);
      doc += "}}";
    });
    doc += "]}}";
    out.push_back(std::move(doc));
  }

 private:
  static constexpr std::string_view kHead =
      R"({"data": [], "directed": true, "multigraph": false, "elements": {"nodes": [)";
  EdgeSet graph_;
  std::string nodes_ = std::string(kHead);  // the document up to the nodes' end
};

// ---- GraphML ------------------------------------------------------------

// The GraphML type of a value: boolean, long, double or string.
const char* graphml_type(const Value& v) {
  switch (v.type()) {
    case Value::Type::Bool:
      return "boolean";
    case Value::Type::Int:
      return "long";
    case Value::Type::Double:
      return "double";
    default:
      return "string";
  }
}

// A property seen with values of several types is declared with the type
// all of them can be read as: long and double → double, else string.
const char* merged_type(const char* a, const char* b) {
  std::string_view x = a, y = b;
  if (x == y) return a;
  if ((x == "long" && y == "double") || (x == "double" && y == "long")) return "double";
  return "string";
}

std::string graphml_text(const Value& v) {
  if (v.type() == Value::Type::Bool) return v.as_bool() ? "true" : "false";
  if (v.is_string()) return v.str();
  return v.json();
}

// Node attributes are the scalar properties of `reported`, each declared
// once as a <key>; edges carry their edge type. A node's lines are written
// when it arrives (its keys are numbered by first appearance), the keys'
// types are known at the end.
class GraphmlWriter : public GraphWriter {
 public:
  void node(const std::string& id, const Value& node, Lines&) override {
    if (!graph_.add_node(id)) return;
    std::string data;
    const Value* reported = node.get("reported");
    if (reported && reported->is_object()) {
      for (const auto& [name, value] : reported->members()) {
        if (value.is_null() || value.is_object() || value.is_array()) continue;
        auto [it, added] = key_index_.emplace(name, keys_.size());
        if (added)
          keys_.push_back(Key{name, graphml_type(value)});
        else
          keys_[it->second].type = merged_type(keys_[it->second].type, graphml_type(value));
        data += "\n      <data key=\"d" + std::to_string(it->second) + "\">" +
                markup_escape(graphml_text(value)) + "</data>";
      }
    }
    std::string open = "    <node id=\"" + markup_escape(id) + "\"";
    nodes_.push_back(data.empty() ? open + "/>" : open + ">" + data + "\n    </node>");
  }
  void edge(const std::string& from, const std::string& to, const std::string& type,
            Lines&) override {
    graph_.add_edge(from, to, type);
  }
  void finish(Lines& out) override {
    out.push_back(R"(<?xml version="1.0" encoding="UTF-8"?>)");
    out.push_back(R"(<graphml xmlns="http://graphml.graphdrawing.org/xmlns" )"
                  R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
                  R"(xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns )"
                  R"(http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">)");
    for (size_t i = 0; i < keys_.size(); ++i)
      out.push_back("  <key id=\"d" + std::to_string(i) + "\" for=\"node\" attr.name=\"" +
                    markup_escape(keys_[i].name) + "\" attr.type=\"" + keys_[i].type + "\"/>");
    const std::string edge_key = "d" + std::to_string(keys_.size());
    out.push_back("  <key id=\"" + edge_key +
                  "\" for=\"edge\" attr.name=\"edge_type\" attr.type=\"string\"/>");
    out.push_back(R"(  <graph edgedefault="directed">)");
    for (std::string& n : nodes_) out.push_back(std::move(n));
    std::vector<std::string>().swap(nodes_);
    graph_.each(true, [&](const std::string& from, const std::string& to, const std::string& type) {
      out.push_back("    <edge source=\"" + markup_escape(from) + "\" target=\"" +
                    markup_escape(to) + "\">\n      <data key=\"" + edge_key + "\">" +
                    markup_escape(type) + "</data>\n    </edge>");
    });
    out.push_back("  </graph>");
    out.push_back("</graphml>");
  }

 private:
  struct Key {
    std::string name;
    const char* type;
  };
  std::vector<Key> keys_;
  std::unordered_map<std::string, size_t> key_index_;
  EdgeSet graph_;
  std::vector<std::string> nodes_;  // the lines of each node
};

// ---- Graphviz dot -------------------------------------------------------

// A quoted dot identifier.
std::string dot_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// Record labels only take plain names: other characters become `_`.
std::string dot_name(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
  return out;
}

// Nodes and edges as they come, one line each; nodes grouped by account at
// the end. Each kind gets a colour of the paired12 scheme.
class DotWriter : public GraphWriter {
 public:
  void start(Lines& out) override {
    for (const char* line : {"digraph {", "rankdir=LR", "overlap=false", "splines=true",
                             "node [shape=Mrecord colorscheme=paired12]", "edge [arrowsize=0.5]"})
      out.push_back(line);
  }
  void node(const std::string& id, const Value& node, Lines& out) override {
    std::string name = string_at(node, {"reported", "name"});
    std::string kind = string_at(node, {"reported", "kind"});
    std::string account = string_at(node, {"ancestors", "account", "reported", "name"});
    if (name.empty()) name = "n/a";
    if (kind.empty()) kind = "n/a";
    if (account.empty()) account = "graph_root";
    auto [colour, added] = colours_.emplace(kind, colours_.size() % 12 + 1);
    auto [group, new_account] = account_index_.emplace(account, accounts_.size());
    if (new_account) accounts_.push_back({account, {}});
    accounts_[group->second].second.push_back(id);
    std::string label = dot_name(name) + "|" + kind;
    out.push_back(" " + dot_quoted(id) + " [label=" + dot_quoted(label) +
                  ", style=filled fillcolor=" + std::to_string(colour->second) + "];");
  }
  void edge(const std::string& from, const std::string& to, const std::string& type,
            Lines& out) override {
    out.push_back(" " + dot_quoted(from) + " -> " + dot_quoted(to) + " [label=" + dot_quoted(type) +
                  "]");
  }
  void finish(Lines& out) override {
    for (const auto& [account, ids] : accounts_) {
      out.push_back(" subgraph " + dot_quoted(account) + " {");
      for (const std::string& id : ids) out.push_back("    " + dot_quoted(id));
      out.push_back(" }");
    }
    out.push_back("}");
  }

 private:
  std::unordered_map<std::string, size_t> colours_;
  std::unordered_map<std::string, size_t> account_index_;
  std::vector<std::pair<std::string, std::vector<std::string>>> accounts_;
};

// Feeds the nodes and edges of `in` to a writer and hands out its lines.
class GraphFormatStream : public Stream {
 public:
  GraphFormatStream(std::unique_ptr<Stream> in, std::unique_ptr<GraphWriter> w, std::string option)
      : in_(std::move(in)), writer_(std::move(w)), option_(std::move(option)) {}
  Result<bool> next(Element& out) override {
    while (pending_.empty()) {
      if (done_) return false;
      Element e;
      auto more = in_->next(e);
      if (!more) return more.status();
      if (!*more) {
        done_ = true;
        start();
        writer_->finish(pending_);
        continue;
      }
      CANOPY_RETURN_IF_ERROR(take(e));
    }
    out = Element::of_text(std::move(pending_.front()));
    pending_.pop_front();
    return true;
  }

 private:
  Status take(const Element& e) {
    if (e.node) {  // a search result not rendered yet
      const NodeRows& rows = *e.node;
      Value v = query::render_node(rows.reader(), e.node_index, nullptr, rows.now(), true);
      return take_value(v);
    }
    if (e.is_text || !e.value.is_object()) {
      std::string text = e.is_text ? e.text : python_str(e.value);
      if (text.size() > 80) text = text.substr(0, 77) + "...";
      return Error{"format " + option_ + " expects JSON objects (nodes and edges), got: " + text};
    }
    return take_value(e.value);
  }
  // The document starts with the first node or edge: bad input before it
  // fails the line before anything is shown.
  void start() {
    if (!started_) writer_->start(pending_);
    started_ = true;
  }
  Status take_value(const Value& v) {
    const Value* type = v.get("type");
    if (!type || !type->is_string()) return Status::ok();
    start();
    if (type->str() == "node") {
      const Value* id = v.get("id");
      if (id && id->is_string()) writer_->node(id->str(), v, pending_);
    } else if (type->str() == "edge") {
      const Value* from = v.get("from");
      const Value* to = v.get("to");
      const Value* edge_type = v.get("edge_type");
      if (from && from->is_string() && to && to->is_string())
        writer_->edge(from->str(), to->str(),
                      edge_type && edge_type->is_string() ? edge_type->str() : "default", pending_);
    }
    return Status::ok();
  }

  std::unique_ptr<Stream> in_;
  std::unique_ptr<GraphWriter> writer_;
  std::string option_;
  Lines pending_;
  bool started_ = false, done_ = false;
};

}  // namespace

bool is_graph_format(std::string_view option) {
  return option == "--cytoscape" || option == "--graphml" || option == "--dot";
}

Result<std::unique_ptr<Stream>> make_graph_format(std::unique_ptr<Stream> in,
                                                  std::string_view option) {
  std::unique_ptr<GraphWriter> writer;
  if (option == "--cytoscape")
    writer = std::make_unique<CytoscapeWriter>();
  else if (option == "--graphml")
    writer = std::make_unique<GraphmlWriter>();
  else if (option == "--dot")
    writer = std::make_unique<DotWriter>();
  else
    return Error{"unknown graph format " + std::string(option)};
  return std::unique_ptr<Stream>(
      new GraphFormatStream(std::move(in), std::move(writer), std::string(option)));
}

}  // namespace canopy
