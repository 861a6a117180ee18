#include "graph/graph.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <fstream>
#include <sstream>

#include "graph/test_util.h"

namespace canopy {
namespace {

using namespace canopy::testing;

class GraphTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    std::string text =
        skeleton("acc1", {"global", "eu-central-1"}) + node("alice", "aws_iam_user") +
        node("key1", "aws_iam_access_key", R"("access_key_status":"Active")") +
        node("kms1", "aws_kms_key") + node("i-1", "aws_ec2_instance") + edge("global", "alice") +
        edge("alice", "key1") + edge("key1", "alice", true) + edge("eu-central-1", "kms1") +
        edge("eu-central-1", "i-1");
    g = load(text);
  }
  std::vector<std::string> ids(std::span<const uint32_t> nodes) {
    std::vector<std::string> out;
    for (uint32_t n : nodes) out.emplace_back(g->id(n));
    std::sort(out.begin(), out.end());
    return out;
  }
  std::shared_ptr<const Graph> g;
};

TEST_F(GraphTest, FindsNodesById) {
  uint32_t a = g->find("alice");
  ASSERT_NE(a, kNoNode);
  EXPECT_EQ(g->id(a), "alice");
  EXPECT_EQ(g->kind(a).fqn, "aws_iam_user");
  EXPECT_EQ(g->find("bob"), kNoNode);
  EXPECT_EQ(g->id(g->root()), "root");
}

TEST_F(GraphTest, KindIndexIncludesBaseKinds) {
  const Model& m = g->model();
  EXPECT_EQ(ids(g->with_kind(*m.find("access_key"))), (std::vector<std::string>{"key1", "kms1"}));
  EXPECT_EQ(ids(g->with_kind(*m.find("aws_iam_access_key"))), (std::vector<std::string>{"key1"}));
  EXPECT_EQ(ids(g->with_kind(*m.find("region"))),
            (std::vector<std::string>{"eu-central-1", "global"}));
  EXPECT_EQ(g->with_kind(*m.find("resource")).size(), g->size());
}

TEST_F(GraphTest, AdjacencyPerEdgeType) {
  uint32_t a = g->find("alice"), k = g->find("key1");
  EXPECT_EQ(ids(g->successors(a, EdgeType::Default)), (std::vector<std::string>{"key1"}));
  EXPECT_EQ(ids(g->predecessors(a, EdgeType::Default)), (std::vector<std::string>{"global"}));
  EXPECT_EQ(ids(g->successors(k, EdgeType::Delete)), (std::vector<std::string>{"alice"}));
  EXPECT_TRUE(g->successors(k, EdgeType::Default).empty());
  EXPECT_EQ(g->edge_count(EdgeType::Delete), 1u);
}

TEST_F(GraphTest, AncestorReferencesPointAtNearestLocations) {
  uint32_t k = g->find("key1");
  const NodeRec& n = g->node(k);
  EXPECT_EQ(g->id(n.refs[kCloud]), "aws");
  EXPECT_EQ(g->id(n.refs[kAccount]), "acc1");
  EXPECT_EQ(g->id(n.refs[kRegion]), "global");
  EXPECT_EQ(n.refs[kZone], kNoNode);
  uint32_t acc = g->find("acc1");
  EXPECT_EQ(g->node(acc).refs[kAccount], acc);  // a location is its own ancestor
  EXPECT_EQ(g->node(acc).refs[kRegion], kNoNode);
  EXPECT_EQ(g->node(g->root()).refs[kCloud], kNoNode);
}

TEST_F(GraphTest, SnapshotSurvivesReopen) {
  size_t n = g->size();
  db.reset();
  auto d = Database::open(dir);
  ASSERT_TRUE(d.is_ok()) << d.message();
  auto g2 = (*d)->snapshot();
  ASSERT_EQ(g2->size(), n);
  uint32_t k = g2->find("key1");
  ASSERT_NE(k, kNoNode);
  EXPECT_EQ(g2->id(g2->node(k).refs[kRegion]), "global");
  EXPECT_NE(reported(*g2, k).find(R"("access_key_status":"Active")"), std::string::npos);
  EXPECT_EQ(g2->edge_count(EdgeType::Delete), 1u);
}

}  // namespace
}  // namespace canopy

namespace canopy {
namespace {

// The fixture inventory of tests/data imports with exactly the node and
// edge counts that tests/data/expected.json states.
TEST(FixtureTest, CountsMatchExpectedAnswers) {
  std::string dir = canopy::testing::temp_dir("fixture");
  auto db = Database::open(dir);
  ASSERT_TRUE(db.is_ok()) << db.message();
  std::ifstream in(std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson");
  std::stringstream text;
  text << in.rdbuf();
  auto r = canopy::testing::import_text(**db, text.str());
  ASSERT_TRUE(r.is_ok()) << r.message();
  auto g = (*db)->snapshot();

  simdjson::dom::parser parser;
  simdjson::dom::element expected;
  ASSERT_FALSE(
      parser.load(std::string(CANOPY_SOURCE_DIR) + "/tests/data/expected.json").get(expected));
  uint64_t nodes = 0, def = 0, del = 0;
  ASSERT_FALSE(expected["node_count"].get(nodes));
  ASSERT_FALSE(expected["edge_count"]["default"].get(def));
  ASSERT_FALSE(expected["edge_count"]["delete"].get(del));
  EXPECT_EQ(g->size(), nodes);
  EXPECT_EQ(g->edge_count(EdgeType::Default), def);
  EXPECT_EQ(g->edge_count(EdgeType::Delete), del);
  simdjson::dom::object counts;
  ASSERT_FALSE(expected["counts_by_kind"].get(counts));
  size_t kinds_checked = 0;
  for (auto field : counts) {
    const Kind* k = g->model().find(field.key);
    ASSERT_NE(k, nullptr) << field.key;
    uint64_t want = 0;
    ASSERT_FALSE(field.value.get(want));
    size_t exact = 0;
    for (uint32_t i : g->with_kind(*k)) exact += &g->kind(i) == k;
    EXPECT_EQ(exact, want) << field.key;
    ++kinds_checked;
  }
  EXPECT_GT(kinds_checked, 10u);
  // Every resource below the account has the account as its ancestor.
  uint32_t user = g->find("user-alice");
  ASSERT_NE(user, kNoNode);
  EXPECT_EQ(g->id(g->node(user).refs[kAccount]), "acc-canopy-test");
  EXPECT_EQ(g->id(g->node(user).refs[kRegion]), "region-global");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace canopy
