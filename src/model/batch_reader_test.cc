#include "model/batch_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/doc_json.h"
#include "core/time.h"

namespace canopy {
namespace {

constexpr int64_t kNow = 1717200000;  // 2024-06-01T00:00:00Z

class BatchReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Model::load_builtin(syms);
    ASSERT_TRUE(m.is_ok()) << m.message();
    model = std::move(m.value());
  }
  Result<GraphBatch> read(std::string_view text) {
    return BatchReader(*model, kNow).read_text(text);
  }
  std::string error_of(std::string_view text) {
    auto r = read(text);
    EXPECT_FALSE(r.is_ok());
    return r.is_ok() ? "" : r.message();
  }
  std::string reported_json(const GraphBatch& b, size_t i) {
    DocView doc(b.nodes[i].doc, b.nodes[i].size);
    return to_json(doc.get(syms.find("reported")), syms);
  }
  Symbols syms;
  std::unique_ptr<Model> model;
};

const char* kRoot = R"({"id":"root","reported":{"kind":"graph_root","id":"root","name":"root"}})";

TEST_F(BatchReaderTest, ReadsNodesAndEdges) {
  std::string text =
      std::string(kRoot) + "\n" +
      R"({"id":"u1","reported":{"kind":"aws_iam_user","id":"AID1","name":"alice","password_enabled":"yes","ctime":"2024-01-02T03:04:05.123+01:00"}})"
      "\n\n" +
      R"({"from":"root","to":"u1"})"
      "\n" +
      R"({"from":"root","to":"u1","edge_type":"delete"})";
  auto b = read(text);
  ASSERT_TRUE(b.is_ok()) << b.message();
  ASSERT_EQ(b->nodes.size(), 2u);
  ASSERT_EQ(b->edges.size(), 2u);
  EXPECT_EQ(b->edges[1].type, EdgeType::Delete);
  EXPECT_EQ(b->nodes[1].kind->fqn, "aws_iam_user");
  EXPECT_EQ(b->nodes[1].line, 2u);
  // coerced: "yes" → true, the datetime normalised, mtime defaults to ctime
  EXPECT_EQ(
      reported_json(*b, 1),
      R"({"kind":"aws_iam_user","id":"AID1","name":"alice","password_enabled":true,"ctime":"2024-01-02T02:04:05Z","mtime":"2024-01-02T02:04:05Z"})");
  EXPECT_FALSE(b->nodes[1].ctime_defaulted);
  EXPECT_TRUE(b->nodes[1].mtime_defaulted);
  // the root gets ctime and mtime of the import
  EXPECT_TRUE(b->nodes[0].ctime_defaulted);
  EXPECT_NE(reported_json(*b, 0).find(format_datetime(kNow)), std::string::npos);
}

TEST_F(BatchReaderTest, CoercesByPropertyKind) {
  auto b = read(
      std::string(kRoot) + "\n" +
      R"({"id":"v","reported":{"kind":"aws_ec2_volume","id":"vol-1","volume_size":"100","volume_encrypted":"false","tags":{"a":"b","n":null},"volume_iops":3000.0}})"
      "\n" +
      R"({"from":"root","to":"v"})");
  ASSERT_TRUE(b.is_ok()) << b.message();
  std::string rep = reported_json(*b, 1);
  EXPECT_NE(rep.find(R"("volume_size":100)"), std::string::npos) << rep;
  EXPECT_NE(rep.find(R"("volume_encrypted":false)"), std::string::npos) << rep;
  EXPECT_NE(rep.find(R"("tags":{"a":"b","n":null})"), std::string::npos) << rep;
  EXPECT_NE(rep.find(R"("volume_iops":3000)"), std::string::npos) << rep;
}

TEST_F(BatchReaderTest, ArrayInputIsAccepted) {
  auto b = read(std::string("[") + kRoot + "]");
  ASSERT_TRUE(b.is_ok()) << b.message();
  EXPECT_EQ(b->nodes.size(), 1u);
}

TEST_F(BatchReaderTest, BadInputNamesTheLineAndTheProblem) {
  std::string r = std::string(kRoot) + "\n";
  EXPECT_NE(error_of(r + "{nope").find("line 2: malformed JSON"), std::string::npos);
  EXPECT_NE(error_of(r + R"({"reported":{"kind":"aws_iam_user"}})")
                .find("line 2: node without a string \"id\""),
            std::string::npos);
  EXPECT_NE(error_of(r + R"({"name":"x"})").find("line 2: expected a node"), std::string::npos);
  EXPECT_NE(error_of(r + R"({"id":"x","reported":{"id":"x"}})")
                .find("line 2: node 'x' has no reported.kind"),
            std::string::npos);
  EXPECT_NE(error_of(r + R"({"id":"x","reported":{"kind":"aws_nothing"}})")
                .find("line 2: node 'x': unknown kind 'aws_nothing'"),
            std::string::npos);
  EXPECT_NE(
      error_of(r + R"({"id":"x","reported":{"kind":"aws_iam_user","colour":"red"}})")
          .find("line 2: node 'x': property reported.colour is not defined in kind aws_iam_user"),
      std::string::npos);
  EXPECT_NE(error_of(r + R"({"id":"x","reported":{"kind":"aws_iam_user","ctime":"last tuesday"}})")
                .find("line 2: node 'x': property reported.ctime: expected datetime"),
            std::string::npos);
  EXPECT_NE(
      error_of(
          r +
          R"({"id":"x","reported":{"kind":"aws_iam_access_key","access_key_last_used":{"last_used":"never"}}})")
          .find("property reported.access_key_last_used.last_used: expected datetime"),
      std::string::npos);
  EXPECT_NE(error_of(r + R"({"id":"x","reported":{"kind":"aws_ec2_volume","volume_size":"big"}})")
                .find("reported.volume_size: expected int64"),
            std::string::npos);
  EXPECT_NE(
      error_of(r + R"({"from":"root","to":"ghost"})")
          .find("line 2: edge from 'root' to 'ghost': node 'ghost' is not part of the import"),
      std::string::npos);
  EXPECT_NE(error_of(r + R"({"from":"root","to":"root","edge_type":"owns"})")
                .find("line 2: unknown edge type 'owns'"),
            std::string::npos);
  EXPECT_NE(error_of(r + kRoot).find("line 2: node id 'root' appears twice (first at line 1)"),
            std::string::npos);
  EXPECT_EQ(error_of(""), "the input holds no nodes");
  EXPECT_EQ(error_of("\n\n  \n"), "the input holds no nodes");
  EXPECT_NE(error_of("[1,2]").find("element 1: expected a JSON object"), std::string::npos);
}

TEST_F(BatchReaderTest, StructureNeedsOneRootAndNoDefaultCycle) {
  std::string two_roots =
      std::string(kRoot) + "\n" + R"({"id":"other","reported":{"kind":"graph_root","id":"o"}})";
  EXPECT_NE(error_of(two_roots).find("2 roots: 'root' (line 1) and 'other' (line 2)"),
            std::string::npos);
  std::string cycle = std::string(kRoot) + "\n" +
                      R"({"id":"a","reported":{"kind":"aws_iam_user","id":"a"}})"
                      "\n" +
                      R"({"id":"b","reported":{"kind":"aws_iam_user","id":"b"}})"
                      "\n" +
                      R"({"from":"root","to":"a"})"
                      "\n" +
                      R"({"from":"a","to":"b"})"
                      "\n" +
                      R"({"from":"b","to":"a"})";
  EXPECT_NE(error_of(cycle).find("default edges form a cycle through node 'a' (line 2)"),
            std::string::npos);
}

TEST_F(BatchReaderTest, OverlongLineIsRejectedWithoutReadingItWhole) {
  char path[] = "/tmp/canopy-longline-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text = std::string(kRoot) + "\n{\"id\":\"" + std::string(3u << 20, 'x') + "\"}\n";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  lseek(fd, 0, SEEK_SET);
  auto b = BatchReader(*model, kNow).read_fd(fd, size_t(1) << 20);
  close(fd);
  unlink(path);
  ASSERT_FALSE(b.is_ok());
  EXPECT_EQ(b.message(), "line 2: line is longer than 1 MiB");
}

// Writes `text` to a temporary file and reads it with read_fd.
Result<GraphBatch> read_via_file(const Model& model, const std::string& text) {
  char path[] = "/tmp/canopy-batch-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  lseek(fd, 0, SEEK_SET);
  auto b = BatchReader(model, kNow).read_fd(fd);
  close(fd);
  unlink(path);
  return b;
}

// Many nodes, so that the input spans several chunks read on several threads.
std::string many_nodes(int n) {
  std::string text = std::string(kRoot) + "\n";
  for (int i = 0; i < n; ++i)
    text += R"({"id":"i-)" + std::to_string(i) +
            R"(","reported":{"kind":"aws_ec2_instance","id":"i-)" + std::to_string(i) +
            R"(","instance_type":"m5.large","tags":{"owner":"team-)" + std::to_string(i % 7) +
            R"("}}})"
            "\n";
  for (int i = 0; i < n; ++i) text += R"({"from":"root","to":"i-)" + std::to_string(i) + "\"}\n";
  return text;
}

TEST_F(BatchReaderTest, LargeInputSpansChunksAndKeepsOrderAndLineNumbers) {
  const int n = 60000;  // about 9 MB: several chunks
  std::string text = many_nodes(n);
  ASSERT_GT(text.size(), size_t(8) << 20);
  auto b = read_via_file(*model, text);
  ASSERT_TRUE(b.is_ok()) << b.message();
  ASSERT_EQ(b->nodes.size(), size_t(n) + 1);
  ASSERT_EQ(b->edges.size(), size_t(n));
  for (int i : {0, 1, n / 2, n - 1}) {
    EXPECT_EQ(b->nodes[i + 1].id, "i-" + std::to_string(i));
    EXPECT_EQ(b->nodes[i + 1].line, uint64_t(i) + 2);
  }
}

// Every edge names its end points by id; whichever way they are resolved
// (some edges come before their nodes, runs of edges share end points, in
// both directions), each must land on the nodes it names.
TEST_F(BatchReaderTest, EdgesResolveToTheNodesTheyName) {
  const int n = 60000;
  std::string text = std::string(kRoot) + "\n";
  auto edge = [](const std::string& from, const std::string& to, bool del) {
    return R"({"from":")" + from + R"(","to":")" + to + "\"" +
           (del ? R"(,"edge_type":"delete")" : "") + "}\n";
  };
  auto id = [](int i) { return "i-" + std::to_string(i); };
  // Delete edges back and forth between neighbours, some before their nodes.
  std::vector<std::pair<std::string, std::string>> want;
  for (int i = 1; i < 50; ++i) {
    text += edge(id(i), id(i - 1), true) + edge(id(i - 1), id(i), true);
    want.push_back({id(i), id(i - 1)});
    want.push_back({id(i - 1), id(i)});
  }
  std::string nodes = many_nodes(n);
  text += nodes.substr(nodes.find('\n') + 1);  // without its root line
  for (int i = 50; i < n; i += 3) {
    // a -> b, b -> a, a -> c, c -> b, c -> c+1: end points repeat in every position
    int a = i, b = (i * 7) % n, c = (i * 13 + 5) % n;
    for (auto [f, t] : {std::pair{a, b}, {b, a}, {a, c}, {c, b}, {c, (c + 1) % n}}) {
      text += edge(id(f), id(t), true);
      want.push_back({id(f), id(t)});
    }
  }
  auto b = read_via_file(*model, text);
  ASSERT_TRUE(b.is_ok()) << b.message();
  std::vector<std::pair<std::string, std::string>> got;
  for (const BatchEdge& e : b->edges)
    if (e.type == EdgeType::Delete)
      got.push_back({std::string(b->nodes[e.from].id), std::string(b->nodes[e.to].id)});
  EXPECT_EQ(got, want);
}

TEST_F(BatchReaderTest, ErrorsLateInALargeInputNameTheirLine) {
  const int n = 60000;
  std::string text = many_nodes(n);
  // Break node i-50000 (line 50002) and duplicate i-10 as the last line.
  std::string bad =
      R"({"id":"i-50000","reported":{"kind":"aws_ec2_instance","id":"i-50000","instance_cores":"many"}})";
  size_t at = text.find(R"({"id":"i-50000")");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('\n', at) - at, bad);
  auto b = read_via_file(*model, text);
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(b.message().find("line 50002: node 'i-50000': property reported.instance_cores"),
            std::string::npos)
      << b.message();
  std::string dup = many_nodes(n) +
                    R"({"id":"i-10","reported":{"kind":"aws_ec2_instance","id":"x"}})"
                    "\n";
  auto d = read_via_file(*model, dup);
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.message(), "line " + std::to_string(2 * n + 2) +
                             ": node id 'i-10' appears twice (first at line 12)");
}

TEST_F(BatchReaderTest, ArrayInputThroughAFile) {
  auto b = read_via_file(*model, std::string("  [") + kRoot + "]\n");
  ASSERT_TRUE(b.is_ok()) << b.message();
  EXPECT_EQ(b->nodes.size(), 1u);
}

}  // namespace
}  // namespace canopy
