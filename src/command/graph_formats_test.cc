// `search --with-edges`, the graph formats (`format --cytoscape`,
// `--graphml`, `--dot`), `write` and `search --at`, on a small graph whose
// every line of output can be checked by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "command/list_format.h"
#include "command/session.h"
#include "core/test_scratch.h"
#include "model/batch_reader.h"

namespace canopy {
namespace {

// root -> aws -> acc ("prod & <main>") -> r1 -> u1 -> k1 (and k1 -delete-> u1),
// r1 -> i1, i2 (instance_cores 2 and 2.5), and a node without account.
const char* kGraph =
    R"({"id": "root", "reported": {"kind": "graph_root", "id": "root", "name": "root"}}
{"id": "aws", "reported": {"kind": "cloud", "id": "aws", "name": "aws"}}
{"id": "acc", "reported": {"kind": "aws_account", "id": "111", "name": "prod & <main>"}}
{"id": "r1", "reported": {"kind": "aws_region", "id": "eu-west-1", "name": "eu-west-1"}}
{"id": "u1", "reported": {"kind": "aws_iam_user", "id": "AIDA1", "name": "ali ce", "password_enabled": true, "mfa_active": false}}
{"id": "k1", "reported": {"kind": "aws_iam_access_key", "id": "AKIA1", "name": "AKIA1", "access_key_status": "Active"}}
{"id": "i1", "reported": {"kind": "aws_ec2_instance", "id": "i-1", "name": "web", "instance_cores": 2, "tags": {"a": "b"}}}
{"id": "i2", "reported": {"kind": "aws_ec2_instance", "id": "i-2", "name": "batch", "instance_cores": 2.5}}
{"from": "root", "to": "aws"}
{"from": "aws", "to": "acc"}
{"from": "acc", "to": "r1"}
{"from": "r1", "to": "u1"}
{"from": "r1", "to": "i1"}
{"from": "r1", "to": "i2"}
{"from": "u1", "to": "k1"}
{"from": "k1", "to": "u1", "edge_type": "delete"}
)";

class GraphFormatsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = testing::scratch_path("graphfmt");
    std::filesystem::create_directories(dir + "/files");
    auto d = Database::open(dir + "/db");
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
    BatchReader reader(db->model(), BatchReader::kNoTimeDefaults);
    auto batch = reader.read_text(kGraph);
    ASSERT_TRUE(batch.is_ok()) << batch.message();
    auto merged = db->merge(std::move(batch.value()));
    ASSERT_TRUE(merged.is_ok()) << merged.message();
  }
  static void TearDownTestSuite() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  static std::string run(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute("now=2024-06-01T00:00:00Z " + line, out);
    EXPECT_TRUE(st.is_ok()) << line << ": " << st.message();
    return out;
  }
  static std::string error(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute("now=2024-06-01T00:00:00Z " + line, out);
    EXPECT_FALSE(st.is_ok()) << line;
    return st.message();
  }
  static std::string file(const std::string& name) { return dir + "/files/" + name; }
  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Names in the files directory (to see that no temporary file is left).
  static std::vector<std::string> files() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/files"))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::string dir;
  static std::unique_ptr<Database> db;
};
std::string GraphFormatsTest::dir;
std::unique_ptr<Database> GraphFormatsTest::db;

const char* kUserAndKey = "search --with-edges id(u1) -[0:1]->";

TEST_F(GraphFormatsTest, WithEdgesListsNodeIdsThenEdges) {
  // The edge the navigation took; k1 -> u1 joins the two nodes but was not
  // traversed (search language §10.3, Ex-10.14b).
  EXPECT_EQ(run(kUserAndKey),
            "node_id=k1, kind=aws_iam_access_key, id=AKIA1, name=AKIA1, cloud=aws, "
            "account=prod & <main>, region=eu-west-1\n"
            "node_id=u1, kind=aws_iam_user, id=AIDA1, name=ali ce, cloud=aws, "
            "account=prod & <main>, region=eu-west-1\n"
            "u1 -> k1: default\n");
  // Without --with-edges: no node_id, no edges.
  EXPECT_EQ(run("search id(u1) -[0:1]-> | list kind"),
            "kind=aws_iam_access_key\nkind=aws_iam_user\n");
  // Explicit columns keep edges as edge lines.
  EXPECT_EQ(run(std::string(kUserAndKey) + " | list name"),
            "name=AKIA1\nname=ali ce\nu1 -> k1: default\n");
  // The example of cli-and-api §2.2 (search), on this graph: the nodes in
  // the default order (kind, name, id), then the edge.
  EXPECT_EQ(run("search --with-edges id(root) -[0:1]->"),
            "node_id=aws, kind=cloud, id=aws, name=aws, cloud=aws\n"
            "node_id=root, kind=graph_root, id=root, name=root\n"
            "root -> aws: default\n");
}

TEST_F(GraphFormatsTest, WithEdgesElementsAreEdgeObjectsAfterTheNodes) {
  std::string out = run(std::string(kUserAndKey) + " | format --ndjson");
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0].rfind(R"({"id":"k1","type":"node")", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind(R"({"id":"u1","type":"node")", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2], R"({"type":"edge","from":"u1","to":"k1","edge_type":"default"})");
  // The same through the other formatters and the text output.
  std::string json = run(std::string(kUserAndKey) + " | format --json");
  EXPECT_NE(json.find("{\n  \"type\": \"edge\",\n  \"from\": \"u1\",\n  \"to\": \"k1\",\n"
                      "  \"edge_type\": \"default\"\n}\n]\n"),
            std::string::npos)
      << json;
  std::string dump = run(std::string(kUserAndKey) + " | dump");
  EXPECT_NE(dump.find("---\ntype: edge\nfrom: u1\nto: k1\nedge_type: default\n\n"),
            std::string::npos)
      << dump;
  EXPECT_EQ(dump.find("edge_type: delete"), std::string::npos) << dump;
  EXPECT_EQ(std::count(dump.begin(), dump.end(), '\n') > 10, true);
}

TEST_F(GraphFormatsTest, WithEdgesKeepsCountHeadAndTail) {
  // count, head and tail in the search prefix act on the nodes.
  EXPECT_EQ(run(std::string(kUserAndKey) + " | count"), "total matched: 2\ntotal unmatched: 0\n");
  EXPECT_EQ(run(std::string(kUserAndKey) + " | head 1"),
            "node_id=k1, kind=aws_iam_access_key, id=AKIA1, name=AKIA1, cloud=aws, "
            "account=prod & <main>, region=eu-west-1\n");
  EXPECT_EQ(run(std::string(kUserAndKey) + " | tail 1 | list /id"), "id=u1\n");
  // After the prefix, head and tail see nodes and edges alike.
  EXPECT_EQ(run(std::string(kUserAndKey) + " | list /id | tail 2"), "id=u1\nu1 -> k1: default\n");
  EXPECT_EQ(run(std::string(kUserAndKey) + " | dump | head 3 | format --ndjson | tail 1"),
            R"({"type":"edge","from":"u1","to":"k1","edge_type":"default"})"
            "\n");
}

// From the root and from k1 over both edge types, every edge of the graph is
// the last edge of some trail whose ends are returned.
const char* kWholeGraph = "search --with-edges id(root) or id(k1) -default,delete[0:]->";

TEST_F(GraphFormatsTest, WithEdgesEmitsEveryEdgeOnceAfterBothEnds) {
  std::string out = run(std::string(kWholeGraph) + " | list /id");
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<std::string> edges, nodes;
  for (const auto& l : lines) (l.find(" -> ") != std::string::npos ? edges : nodes).push_back(l);
  EXPECT_EQ(nodes.size(), 8u);
  EXPECT_EQ(lines.size(), 16u) << out;  // 8 nodes, then the 8 edges of the graph
  for (size_t i = 0; i < nodes.size(); ++i) EXPECT_EQ(lines[i].rfind("id=", 0), 0u);
  std::vector<std::string> sorted = edges;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{"acc -> r1: default", "aws -> acc: default",
                                              "k1 -> u1: delete", "r1 -> i1: default",
                                              "r1 -> i2: default", "r1 -> u1: default",
                                              "root -> aws: default", "u1 -> k1: default"}));
  // Without navigation there is no traversed edge (§10.3).
  EXPECT_EQ(run("search --with-edges all | list /id").find(" -> "), std::string::npos);
  EXPECT_EQ(run("search --with-edges all | count"), "total matched: 8\ntotal unmatched: 0\n");
  // Only the default traversal from the root: no delete edge.
  std::string from_root = run("search --with-edges id(root) -[0:]-> | list /id");
  EXPECT_EQ(std::count(from_root.begin(), from_root.end(), '\n'), 15) << from_root;
  EXPECT_EQ(from_root.find("delete"), std::string::npos) << from_root;
}

TEST_F(GraphFormatsTest, Dot) {
  EXPECT_EQ(run(std::string(kUserAndKey) + " | format --dot"),
            "digraph {\n"
            "rankdir=LR\n"
            "overlap=false\n"
            "splines=true\n"
            "node [shape=Mrecord colorscheme=paired12]\n"
            "edge [arrowsize=0.5]\n"
            " \"k1\" [label=\"AKIA1|aws_iam_access_key\", style=filled fillcolor=1];\n"
            " \"u1\" [label=\"ali_ce|aws_iam_user\", style=filled fillcolor=2];\n"
            " \"u1\" -> \"k1\" [label=\"default\"]\n"
            " subgraph \"prod & <main>\" {\n"
            "    \"k1\"\n"
            "    \"u1\"\n"
            " }\n"
            "}\n");
  // Nodes without an account are grouped under graph_root; colours by kind
  // in order of first appearance (aws_account, aws_ec2_instance, …).
  std::string all = run("search --with-edges all | format --dot");
  EXPECT_NE(all.find(" \"acc\" [label=\"prod____main_|aws_account\", style=filled fillcolor=1];\n"
                     " \"i2\" [label=\"batch|aws_ec2_instance\", style=filled fillcolor=2];\n"
                     " \"i1\" [label=\"web|aws_ec2_instance\", style=filled fillcolor=2];\n"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(" subgraph \"graph_root\" {\n    \"aws\"\n    \"root\"\n }\n}\n"),
            std::string::npos)
      << all;
}

TEST_F(GraphFormatsTest, Cytoscape) {
  std::string out = run(std::string(kUserAndKey) + " | format --cytoscape");
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  auto doc = parse_json(out);
  ASSERT_TRUE(doc.is_ok()) << doc.message() << "\n" << out;
  EXPECT_EQ(doc->get("data")->dumps(), "[]");
  EXPECT_EQ(doc->get("directed")->dumps(), "true");
  EXPECT_EQ(doc->get("multigraph")->dumps(), "false");
  const Value* elements = doc->get("elements");
  ASSERT_TRUE(elements && elements->is_object());
  const Value& nodes = *elements->get("nodes");
  ASSERT_EQ(nodes.items().size(), 2u);
  EXPECT_EQ(nodes.items()[1].dumps(),
            R"({"data": {"kind": "aws_iam_user", "id": "u1", "name": "ali ce", )"
            R"("password_enabled": true, "mfa_active": false, "value": "u1"}})");
  EXPECT_EQ(elements->get("edges")->dumps(), R"([{"data": {"source": "u1", "target": "k1"}}])");
  // The document is written in Python's json.dumps style, keys in this order.
  EXPECT_EQ(
      out.rfind(R"({"data": [], "directed": true, "multigraph": false, "elements": {"nodes": [)",
                0),
      0u);
  // Edges need both ends among the nodes; other objects are skipped.
  EXPECT_EQ(
      run(R"(json [{"type": "node", "id": "a", "reported": {}}, {"x": 1}, )"
          R"({"type": "edge", "from": "a", "to": "zz"}, {"type": "edge", "from": "a", "to": "a"}] )"
          "| format --cytoscape"),
      R"({"data": [], "directed": true, "multigraph": false, "elements": {"nodes": [{"data": )"
      R"({"id": "a", "value": "a", "name": "a"}}], "edges": [{"data": {"source": "a", )"
      R"("target": "a"}}]}})"
      "\n");
}

TEST_F(GraphFormatsTest, GraphmlIsWellFormedWithTypedKeys) {
  std::string out = run(std::string(kWholeGraph) + " | format --graphml");
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(out.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << "\n" << out;
  pugi::xml_node graphml = doc.child("graphml");
  ASSERT_TRUE(graphml);
  EXPECT_STREQ(graphml.attribute("xmlns").value(), "http://graphml.graphdrawing.org/xmlns");
  // Keys: name → (for, type).
  std::map<std::string, std::pair<std::string, std::string>> keys;
  std::map<std::string, std::string> key_name;
  for (pugi::xml_node k : graphml.children("key")) {
    keys[k.attribute("attr.name").value()] = {k.attribute("for").value(),
                                              k.attribute("attr.type").value()};
    key_name[k.attribute("id").value()] = k.attribute("attr.name").value();
  }
  EXPECT_EQ(keys["kind"], std::make_pair(std::string("node"), std::string("string")));
  EXPECT_EQ(keys["password_enabled"], std::make_pair(std::string("node"), std::string("boolean")));
  EXPECT_EQ(keys["instance_cores"], std::make_pair(std::string("node"), std::string("double")));
  EXPECT_EQ(keys["edge_type"], std::make_pair(std::string("edge"), std::string("string")));
  EXPECT_EQ(keys.count("tags"), 0u);  // not a scalar
  pugi::xml_node graph = graphml.child("graph");
  EXPECT_STREQ(graph.attribute("edgedefault").value(), "directed");
  std::map<std::string, std::map<std::string, std::string>> nodes;
  for (pugi::xml_node n : graph.children("node"))
    for (pugi::xml_node d : n.children("data"))
      nodes[n.attribute("id").value()][key_name[d.attribute("key").value()]] = d.text().get();
  EXPECT_EQ(nodes.size(), 8u);
  EXPECT_EQ(nodes["acc"]["name"], "prod & <main>");  // escaped and read back
  EXPECT_EQ(nodes["u1"]["password_enabled"], "true");
  EXPECT_EQ(nodes["i2"]["instance_cores"], "2.5");
  EXPECT_EQ(nodes["i1"]["instance_cores"], "2.0");  // the model makes it a float
  std::vector<std::string> edges;
  for (pugi::xml_node e : graph.children("edge"))
    edges.push_back(std::string(e.attribute("source").value()) + ">" +
                    e.attribute("target").value() + ":" + e.child("data").text().get());
  std::sort(edges.begin(), edges.end());
  EXPECT_EQ(edges, (std::vector<std::string>{"acc>r1:default", "aws>acc:default", "k1>u1:delete",
                                             "r1>i1:default", "r1>i2:default", "r1>u1:default",
                                             "root>aws:default", "u1>k1:default"}));
  // A property with integer and fractional values is a double, with other
  // mixed values a string.
  std::string mixed = run(
      R"(json [{"type": "node", "id": "a", "reported": {"n": 1, "s": "x"}}, )"
      R"({"type": "node", "id": "b", "reported": {"n": 1.5, "s": 2, "b": false, "o": {"k": 1}}}] )"
      "| format --graphml");
  EXPECT_NE(mixed.find("  <key id=\"d0\" for=\"node\" attr.name=\"n\" attr.type=\"double\"/>\n"
                       "  <key id=\"d1\" for=\"node\" attr.name=\"s\" attr.type=\"string\"/>\n"
                       "  <key id=\"d2\" for=\"node\" attr.name=\"b\" attr.type=\"boolean\"/>\n"
                       "  <key id=\"d3\" for=\"edge\" attr.name=\"edge_type\" "
                       "attr.type=\"string\"/>\n"),
            std::string::npos)
      << mixed;
  EXPECT_NE(mixed.find("<data key=\"d1\">2</data>"), std::string::npos) << mixed;
  // The exact text of a small document.
  EXPECT_EQ(run("search --with-edges id(k1) | format --graphml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
            "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
            "  <key id=\"d0\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
            "  <key id=\"d1\" for=\"node\" attr.name=\"id\" attr.type=\"string\"/>\n"
            "  <key id=\"d2\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
            "  <key id=\"d3\" for=\"node\" attr.name=\"access_key_status\" "
            "attr.type=\"string\"/>\n"
            "  <key id=\"d4\" for=\"edge\" attr.name=\"edge_type\" attr.type=\"string\"/>\n"
            "  <graph edgedefault=\"directed\">\n"
            "    <node id=\"k1\">\n"
            "      <data key=\"d0\">aws_iam_access_key</data>\n"
            "      <data key=\"d1\">AKIA1</data>\n"
            "      <data key=\"d2\">AKIA1</data>\n"
            "      <data key=\"d3\">Active</data>\n"
            "    </node>\n"
            "  </graph>\n"
            "</graphml>\n");
}

TEST_F(GraphFormatsTest, GraphFormatsRejectWhatIsNotAnObject) {
  EXPECT_EQ(error("json [1, 2] | format --dot"),
            "format --dot expects JSON objects (nodes and edges), got: 1");
  EXPECT_NE(error("echo hi | format --graphml").find("got: hi"), std::string::npos);
  EXPECT_NE(error("search all | list | format --cytoscape").find("expects JSON objects"),
            std::string::npos);
  EXPECT_NE(error("search all | format --dot --json").find("cannot be combined"),
            std::string::npos);
}

TEST_F(GraphFormatsTest, WriteStoresTextLines) {
  std::string path = file("users.txt");
  EXPECT_EQ(run("search is(aws_iam_user) | format {name}: {password_enabled} | write " + path),
            "Received a file " + path + ", which is stored to " + path + "\n");
  EXPECT_EQ(read(path), "ali ce: true\n");
  // Without a formatter the lines are those of `list` (a list is put before write).
  run("search --with-edges id(u1) -[0:1]-> | write " + path);
  EXPECT_EQ(read(path), run(kUserAndKey));
  // Strings produced by jq are text too; the file is replaced.
  run("search is(aws_ec2_instance) | jq .name | write " + path);
  EXPECT_EQ(read(path), "batch\nweb\n");
  // An empty stream writes an empty file.
  run("search is(aws_ec2_volume) | write " + path);
  EXPECT_EQ(read(path), "");
  EXPECT_EQ(files(), std::vector<std::string>{"users.txt"});
  std::filesystem::remove(path);
}

TEST_F(GraphFormatsTest, WriteRelativePathsAreRelativeToTheCurrentDirectory) {
  auto before = std::filesystem::current_path();
  std::filesystem::current_path(dir + "/files");
  std::string out = run("search --with-edges id(u1) -[0:1]-> | format --dot | write blast.dot");
  std::string dot = read("blast.dot");
  std::filesystem::remove("blast.dot");
  std::filesystem::current_path(before);
  EXPECT_EQ(out, "Received a file blast.dot, which is stored to ./blast.dot\n");
  EXPECT_EQ(dot, run(std::string(kUserAndKey) + " | format --dot"));
}

TEST_F(GraphFormatsTest, WriteFailuresLeaveNoFile) {
  std::string path = file("keep.txt");
  run("echo old | write " + path);
  // Objects need a format: the error of the spec, and the old file stays.
  EXPECT_EQ(error("search is(aws_iam_user) | dump | write " + path),
            "No output format is defined! Consider to use the format command.");
  EXPECT_EQ(error(R"(json ["a", {"b": 1}] | jq . | write )" + path),
            "No output format is defined! Consider to use the format command.");
  EXPECT_EQ(read(path), "old\n");
  EXPECT_EQ(files(), std::vector<std::string>{"keep.txt"});
  std::filesystem::remove(path);
  // Paths that cannot be written name the path and the reason.
  EXPECT_EQ(error("echo a | write " + dir + "/nosuchdir/f.txt"),
            "cannot write " + dir + "/nosuchdir/f.txt: No such file or directory");
  EXPECT_EQ(error("echo a | write " + dir + "/files"),
            "cannot write " + dir + "/files: Is a directory");
  EXPECT_TRUE(files().empty());
  EXPECT_EQ(error("echo a | write"),
            "write: needs the name of the file to write: write <file name>");
  EXPECT_NE(error("echo a | write a b").find("takes one file name"), std::string::npos);
  EXPECT_NE(error("echo a | write " + path + " | dump").find("must be the last command"),
            std::string::npos);
  EXPECT_NE(error("write " + path).find("no source data given"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(GraphFormatsTest, AtHasNoSnapshotsAndRejectsBadTimes) {
  EXPECT_EQ(error("search --at 2024-05-01T00:00:00Z is(aws_iam_user)"),
            "search: No graph snapshot at 2024-05-01T00:00:00Z found for graph canopy.");
  EXPECT_EQ(error("search --at=3d all"),
            "search: No graph snapshot at 2024-05-29T00:00:00Z found for graph canopy.");
  EXPECT_EQ(error("graph=prod search --with-edges --at 1h all"),
            "search: No graph snapshot at 2024-05-31T23:00:00Z found for graph prod.");
  EXPECT_EQ(error("search --at soon all"),
            "search: --at expects an ISO timestamp (2024-05-01T12:00:00Z) or a duration (3d, "
            "12h), got 'soon'");
  EXPECT_EQ(error("search --at"), "search: --at needs a timestamp or a duration");
  EXPECT_NE(error("search --at 1d is(").find("search: "), std::string::npos);
  EXPECT_EQ(error("search --frob all"),
            "search: unknown option --frob (search takes --with-edges, --explain and --at before "
            "the query)");
}

TEST_F(GraphFormatsTest, HelpDescribesTheNewOptions) {
  EXPECT_NE(run("help search").find("--with-edges"), std::string::npos);
  EXPECT_NE(run("help search").find("--at"), std::string::npos);
  EXPECT_NE(run("help format").find("--graphml"), std::string::npos);
  EXPECT_EQ(run("help write").rfind("write: store the text of the line in a file\n", 0), 0u);
  EXPECT_NE(run("help").find("  write - "), std::string::npos);
}

}  // namespace
}  // namespace canopy
