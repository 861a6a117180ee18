#include "collect/graph_out.h"

#include <gtest/gtest.h>

namespace canopy::collect {
namespace {

TEST(GraphOutTest, EdgesResolveAtTheEndWhateverTheOrder) {
  GraphOut out;
  out.edge("a:trail", "arn:aws:s3:::logs");  // before either node exists
  out.node("a:bucket", "aws_s3_bucket", R"({"kind":"aws_s3_bucket","id":"logs"})");
  out.alias("arn:aws:s3:::logs", "a:bucket");
  out.node("a:trail", "aws_cloud_trail", R"({"kind":"aws_cloud_trail","id":"t"})");
  std::string text = out.text();
  EXPECT_NE(text.find(R"({"from":"a:trail","to":"a:bucket"})"), std::string::npos) << text;
}

TEST(GraphOutTest, EdgesToUnknownNodesAreDropped) {
  GraphOut out;
  out.node("a:x", "k", R"({"kind":"k","id":"x"})");
  out.edge("a:x", "a:gone");
  out.edge("arn:unknown", "a:x");
  out.edge("a:x", "");
  EXPECT_EQ(out.text(), "{\"id\":\"a:x\",\"reported\":{\"kind\":\"k\",\"id\":\"x\"}}\n");
}

TEST(GraphOutTest, AnAliasMayNameSeveralNodesAndEdgesAreWrittenOnce) {
  GraphOut out;
  out.node("a:filter", "f", R"({"id":"f"})");
  out.node("a:alarm1", "al", R"({"id":"1"})");
  out.node("a:alarm2", "al", R"({"id":"2"})");
  out.alias("metric:m", "a:alarm1");
  out.alias("metric:m", "a:alarm2");
  out.alias("metric:m", "a:alarm2");
  out.edge("a:filter", "metric:m");
  out.edge("a:filter", "a:alarm1");
  out.edge("a:filter", "metric:m", true);
  std::string text = out.text();
  auto count = [&](const std::string& s) {
    size_t n = 0;
    for (size_t p = text.find(s); p != std::string::npos; p = text.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(R"({"from":"a:filter","to":"a:alarm1"})"), 1u) << text;
  EXPECT_EQ(count(R"({"from":"a:filter","to":"a:alarm2"})"), 1u) << text;
  EXPECT_EQ(count(R"("edge_type":"delete")"), 2u) << text;
}

TEST(GraphOutTest, MetadataJoinsReplace) {
  GraphOut out;
  out.node("a:acc", "aws_account", R"({"id":"acc"})", true);
  out.metadata("a:acc", "collect_warnings", R"(["s3 global GetBucketAcl: AccessDenied"])");
  out.metadata("a:missing", "x", "1");  // no such node: ignored
  EXPECT_EQ(out.text(),
            "{\"id\":\"a:acc\",\"reported\":{\"id\":\"acc\"},\"metadata\":{\"replace\":true,"
            "\"collect_warnings\":[\"s3 global GetBucketAcl: AccessDenied\"]}}\n");
}

TEST(GraphOutTest, FirstNodeWins) {
  GraphOut out;
  out.node("a:x", "k", R"({"v":1})");
  out.node("a:x", "k", R"({"v":2})");
  EXPECT_EQ(out.text(), "{\"id\":\"a:x\",\"reported\":{\"v\":1}}\n");
  EXPECT_EQ(out.kind_counts().at("k"), 1);
}

TEST(GraphOutTest, DocumentsComeBackExactlyFromTheTemporaryFile) {
  GraphOut out;
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    std::string id = "a:n" + std::to_string(i);
    std::string doc = R"({"kind":"k","id":")" + std::to_string(i) + R"(","pad":")" +
                      std::string(static_cast<size_t>(i % 700), 'x') + "\"}";
    out.node(id, "k", doc);
    expected += R"({"id":")" + id + R"(","reported":)" + doc;
    expected += i == 7 ? R"(,"metadata":{"note":1}})"
                         "\n"
                       : "}\n";
  }
  out.metadata("a:n7", "note", "1");
  std::string text = out.text();
  EXPECT_TRUE(text == expected) << "sizes " << text.size() << " and " << expected.size();
  EXPECT_EQ(out.text_size(), expected.size());
  std::string appended = "head\n";
  out.append_text(appended);
  EXPECT_TRUE(appended == "head\n" + expected);
  EXPECT_EQ(out.kind_counts().at("k"), 3000);
}

TEST(GraphOutTest, TextSizeCountsEscapesMetadataAndEdges) {
  GraphOut out;
  out.node("a:\"q\"\\", "k", R"({"id":"q"})", true);
  out.node("a:y", "k", R"({"id":"y"})");
  out.alias("arn:y", "a:y");
  out.edge("a:\"q\"\\", "arn:y");
  out.edge("a:\"q\"\\", "arn:y");  // repeated: written once
  out.edge("a:y", "a:\"q\"\\", true);
  std::string text = out.text();
  EXPECT_EQ(out.text_size(), text.size()) << text;
  EXPECT_EQ(
      text,
      "{\"id\":\"a:\\\"q\\\"\\\\\",\"reported\":{\"id\":\"q\"},\"metadata\":{\"replace\":true}}\n"
      "{\"id\":\"a:y\",\"reported\":{\"id\":\"y\"}}\n"
      "{\"from\":\"a:\\\"q\\\"\\\\\",\"to\":\"a:y\"}\n"
      "{\"from\":\"a:y\",\"to\":\"a:\\\"q\\\"\\\\\",\"edge_type\":\"delete\"}\n");
}

TEST(GraphOutTest, ManyNamesStayDistinct) {
  GraphOut out;
  for (int i = 0; i < 20000; ++i) {
    std::string id = "a:n" + std::to_string(i);
    out.node(id, "k", R"({"i":)" + std::to_string(i) + "}");
    out.alias("arn:" + std::to_string(i), id);
    if (i > 0) out.edge("arn:" + std::to_string(i - 1), id);
  }
  for (int i : {0, 1, 9999, 19999}) EXPECT_TRUE(out.has_node("a:n" + std::to_string(i)));
  EXPECT_FALSE(out.has_node("a:n20000"));
  EXPECT_FALSE(out.has_node("arn:5"));  // an alias is not a node id
  std::string text = out.text();
  EXPECT_NE(text.find(R"({"from":"a:n4999","to":"a:n5000"})"), std::string::npos);
  size_t edges = 0;
  for (size_t p = text.find("\"from\""); p != std::string::npos; p = text.find("\"from\"", p + 1))
    ++edges;
  EXPECT_EQ(edges, 19999u);
}

}  // namespace
}  // namespace canopy::collect
