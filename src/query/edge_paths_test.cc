// Navigation and with clauses in `search --with-edges` mode
// (ExecOptions::with_edges): trails, i.e. paths that use no edge twice,
// instead of shortest distances. Graph G0 of the search-language spec (a DAG
// over default edges with the shortcut r1 -> v1 beside r1 -> i1 -> v1) and
// small graphs whose delete edges form cycles.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "graph/test_util.h"
#include "query/executor.h"

namespace canopy::query {
namespace {

using canopy::testing::edge;
using canopy::testing::import_text;
using canopy::testing::node;
using canopy::testing::skeleton;
using canopy::testing::temp_dir;

using Ids = std::vector<std::string>;

std::string g0_text() {
  std::ifstream in(std::string(CANOPY_SOURCE_DIR) + "/tests/query/data/g0.ndjson");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The skeleton plus volumes `names` under the region, joined by the delete
// edges `cycle` (pairs of indexes into `names`).
std::string with_delete_edges(const Ids& names, const std::vector<std::pair<int, int>>& cycle) {
  std::string text = skeleton();
  for (const auto& n : names) text += node(n, "aws_ec2_volume") + edge("eu-central-1", n);
  for (auto [a, b] : cycle) text += edge(names[size_t(a)], names[size_t(b)], true);
  return text;
}

class EdgePathsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    db.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }

  void load(const std::string& text) {
    dir = temp_dir("edge-paths");
    auto d = Database::open(dir);
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
    auto r = import_text(*db, text);
    ASSERT_TRUE(r.is_ok()) << r.message();
    g = db->snapshot();
  }

  Result<QueryResult> run(const std::string& query, bool with_edges) {
    ExecOptions opts;
    opts.with_edges = with_edges;
    return run_query(*g, query, opts);
  }

  // Node ids of the result in result order.
  Ids ordered(const std::string& query, bool with_edges) {
    auto r = run(query, with_edges);
    EXPECT_TRUE(r.is_ok()) << query << ": " << r.message();
    Ids out;
    if (r.is_ok())
      for (const Row& row : r->rows) out.emplace_back(g->id(row.node));
    return out;
  }
  // Node ids of the result, sorted.
  Ids ids(const std::string& query, bool with_edges) {
    Ids out = ordered(query, with_edges);
    std::sort(out.begin(), out.end());
    return out;
  }
  Ids trails(const std::string& query) { return ids(query, true); }
  Ids shortest(const std::string& query) { return ids(query, false); }
  // QueryResult::edges as "from->to:type", in result order.
  Ids edges(const std::string& query, bool with_edges = true) {
    auto r = run(query, with_edges);
    EXPECT_TRUE(r.is_ok()) << query << ": " << r.message();
    Ids out;
    if (r.is_ok())
      for (const ResultEdge& e : r->edges)
        out.push_back(std::string(g->id(e.from)) + "->" + std::string(g->id(e.to)) + ":" +
                      std::string(edge_type_name(e.type)));
    return out;
  }

  std::string dir;
  std::unique_ptr<Database> db;
  std::shared_ptr<const Graph> g;
};

TEST_F(EdgePathsTest, ANodeIsAlsoReachedOverALongerTrail) {
  load(g0_text());
  // Ex-10.14: v1 is two steps from acc1 directly and three via i1.
  EXPECT_EQ(trails("id(acc1) -[3]->"), Ids({"k1", "k2", "k3", "v1"}));
  EXPECT_EQ(shortest("id(acc1) -[3]->"), Ids({"k1", "k2", "k3"}));
  // A range that starts above 0: v1 is a child of r1 and two steps away via i1.
  EXPECT_EQ(trails("id(r1) -[2]->"), Ids({"v1"}));
  EXPECT_EQ(shortest("id(r1) -[2]->"), Ids());
  EXPECT_EQ(trails("id(r1) -[2:5]->"), Ids({"v1"}));
  EXPECT_EQ(trails("id(r1) -[3:]->"), Ids());
  // Inbound: r1 is v1's parent and two steps up via i1.
  EXPECT_EQ(trails("id(v1) <-[2]-"), Ids({"acc1", "r1"}));
  EXPECT_EQ(shortest("id(v1) <-[2]-"), Ids({"acc1"}));
}

TEST_F(EdgePathsTest, NodesOnceInOrderOfTheirShortestTrail) {
  load(g0_text());
  // v1 ends trails of length 1 and 2: listed once, with the children.
  Ids got = ordered("id(r1) -[0:2]->", true);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], "r1");
  EXPECT_EQ(std::set<std::string>(got.begin() + 1, got.end()),
            std::set<std::string>({"i1", "v1", "v2", "sg1", "sg2"}));
  // The shortest distances form a subset: a shortest path never repeats an edge.
  for (const char* q : {"id(acc1) -[0:3]->", "id(root) -[0:]->", "id(k1) <-[1:]-", "id(u1) <-->",
                        "id(root) -[2:4]->", "id(v1) <-delete[0:2]default->"}) {
    Ids all = trails(q), few = shortest(q);
    EXPECT_TRUE(std::includes(all.begin(), all.end(), few.begin(), few.end())) << q;
  }
  // From the root every node is reached once.
  EXPECT_EQ(ordered("id(root) -[0:]->", true).size(), g->size());
}

TEST_F(EdgePathsTest, BothDirectionsDoNotTurnAroundOnAnEdge) {
  load(g0_text());
  // `<-->` adds an inbound and an outbound traversal: u1 -> k1 <- u1 would
  // use the edge u1 -> k1 twice, and siblings are not reached.
  EXPECT_EQ(trails("id(u1) <-[2]->"), Ids({"acc1"}));
  EXPECT_EQ(trails("id(u1) <-[0:2]->"), Ids({"acc1", "g1", "k1", "k2", "u1"}));
  // One type each way (Ex-10.8): the delete edges k1 -> u1 and the default
  // edges u1 -> k1 form a cycle only when mixed, which navigation never does.
  EXPECT_EQ(trails("id(u1) <-delete[1:3]default->"), Ids({"k1", "k2"}));
}

TEST_F(EdgePathsTest, ATrailUsesNoEdgeTwice) {
  // a -> b -> a over delete edges.
  load(with_delete_edges({"a", "b"}, {{0, 1}, {1, 0}}));
  EXPECT_EQ(trails("id(a) -delete[2]->"), Ids({"a"}));  // a -> b -> a
  EXPECT_EQ(trails("id(a) -delete[3]->"), Ids());       // would take a -> b again
  EXPECT_EQ(trails("id(a) <-delete[2]-"), Ids({"a"}));  // inbound the same way
  EXPECT_EQ(shortest("id(a) -delete[2]->"), Ids());     // a is at distance 0
  EXPECT_EQ(trails("id(a) -delete[0:]->"), Ids({"a", "b"}));
}

TEST_F(EdgePathsTest, OpenRangeOnACycleEnds) {
  // a -> b -> c -> a: the trails from a have length 3 at most.
  load(with_delete_edges({"a", "b", "c"}, {{0, 1}, {1, 2}, {2, 0}}));
  EXPECT_EQ(trails("id(a) -delete[0:]->"), Ids({"a", "b", "c"}));
  EXPECT_EQ(trails("id(a) -delete[3:]->"), Ids({"a"}));
  EXPECT_EQ(trails("id(a) -delete[4:]->"), Ids());
  EXPECT_EQ(trails("id(b) <-delete[2:]-"), Ids({"b", "c"}));  // b <- a <- c <- b
  // The default edges around the cycle are a DAG: unchanged.
  EXPECT_EQ(trails("id(a) <-[1:]-"), Ids({"acc1", "aws", "eu-central-1", "root"}));
}

TEST_F(EdgePathsTest, TooManyTrailsAreAnErrorNotAHang) {
  // Delete edges between every two of 8 volumes: the trails from one of them
  // are far too many to enumerate.
  Ids names;
  std::vector<std::pair<int, int>> all;
  for (int i = 0; i < 8; ++i) names.push_back("n" + std::to_string(i));
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j)
      if (i != j) all.emplace_back(i, j);
  load(with_delete_edges(names, all));
  auto r = run("id(n0) -delete[0:]->", true);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("--with-edges: the trails from 'n0'"), std::string::npos)
      << r.message();
  EXPECT_NE(r.message().find("use a smaller depth range"), std::string::npos) << r.message();
  // A short range is fine, and without --with-edges nothing changes.
  EXPECT_EQ(trails("id(n0) -delete[2]->").size(), 8u);
  EXPECT_EQ(shortest("id(n0) -delete[0:]->").size(), 8u);
  // A with clause over the same cycles fails the same way.
  auto w = run("id(n0) with(any, -delete[0:]-> id(n1))", true);
  ASSERT_FALSE(w.is_ok());
  EXPECT_NE(w.message().find("--with-edges"), std::string::npos) << w.message();
}

TEST_F(EdgePathsTest, WithClauseCountsEveryTrail) {
  load(g0_text());
  // r1 reaches v1 over r1 -> v1 and r1 -> i1 -> v1, and v2: three trails
  // (plus r1 itself, which a with clause always counts).
  const std::string volumes = "is(aws_region) with(count==3, -[1:2]-> is(aws_ec2_volume))";
  EXPECT_EQ(trails(volumes), Ids({"r1"}));
  EXPECT_EQ(shortest(volumes), Ids());
  const std::string distinct = "is(aws_region) with(count==2, -[1:2]-> is(aws_ec2_volume))";
  EXPECT_EQ(trails(distinct), Ids());
  EXPECT_EQ(shortest(distinct), Ids({"r1"}));
  // Both edge types at once: u1 -> k1 (default) -> u1 (delete) -> k2. From u1
  // within three edges: k1 and k2 twice each, u1 itself over two trails of
  // length 2 and the empty one: 7. u2: u2, k3, u2 again: 3.
  const std::string keys = "is(aws_iam_user) with(count==6, -default,delete[1:3]-> is(access_key))";
  EXPECT_EQ(trails(keys), Ids({"u1"}));
  EXPECT_EQ(trails("is(aws_iam_user) with(count==2, -default,delete[1:3]-> is(access_key))"),
            Ids({"u2"}));
  EXPECT_EQ(shortest("is(aws_iam_user) with(count==2, -default,delete[1:3]-> is(access_key))"),
            Ids({"u1"}));
  // Nested: an account with a region that ends three trails at volumes.
  const std::string nested =
      "is(aws_account) with(any, --> is(aws_region) with(count==3, -[1:2]-> is(aws_ec2_volume)))";
  EXPECT_EQ(trails(nested), Ids({"acc1"}));
  EXPECT_EQ(shortest(nested), Ids());
}

TEST_F(EdgePathsTest, MergedValuesDoNotChange) {
  load(g0_text());
  // v1 is three steps from acc1 only as a trail; a merge sub-query keeps
  // the shortest distances whether it runs as a query (sorted) or directly.
  for (const char* q : {"id(acc1) {vols[]: -[3]-> is(aws_ec2_volume) sort reported.name}",
                        "id(acc1) {vols[]: -[3]-> is(aws_ec2_volume)}"}) {
    for (bool with_edges : {false, true}) {
      auto r = run(q, with_edges);
      ASSERT_TRUE(r.is_ok()) << q << ": " << r.message();
      ASSERT_EQ(r->rows.size(), 1u);
      ASSERT_TRUE(r->rows[0].merges) << q;
      ASSERT_EQ(r->rows[0].merges->entries.size(), 1u);
      const MergeValue& v = r->rows[0].merges->entries[0].second;
      EXPECT_EQ(v.kind, MergeValue::Kind::List) << q;
      EXPECT_TRUE(v.list.empty()) << q << " with_edges=" << with_edges;
    }
  }
  // And the part after the merge still navigates over trails.
  EXPECT_EQ(trails("id(acc1) {vols[]: -[3]-> is(aws_ec2_volume) sort reported.name} -[3]->"),
            Ids({"k1", "k2", "k3", "v1"}));
}

// The edges of the result (§10.3): the last edge of every trail of a
// navigation, kept when both its ends are returned.
TEST_F(EdgePathsTest, EdgesAreTheLastEdgesOfTheTrailsWithBothEndsReturned) {
  load(g0_text());
  // Ex-10.14: the last edges u1->k1, u1->k2, u2->k3, i1->v1 start outside the result.
  EXPECT_EQ(edges("id(acc1) -[3]->"), Ids());
  // Ex-10.14b: the keys' delete edges back to u1 are between returned nodes
  // but were not traversed.
  EXPECT_EQ(edges("id(u1) -[0:1]->"), Ids({"u1->k1:default", "u1->k2:default"}));
  // Spec cli-and-api §2.2: search --with-edges id(root) -[0:1]->.
  EXPECT_EQ(edges("id(root) -[0:1]->"), Ids({"root->aws:default"}));
  // Without --with-edges there are none.
  EXPECT_EQ(edges("id(u1) -[0:1]->", false), Ids());
}

TEST_F(EdgePathsTest, InboundEdgesKeepTheirStoredDirection) {
  load(g0_text());
  EXPECT_EQ(edges("id(k1) <-[0:1]-"), Ids({"u1->k1:default"}));
  EXPECT_EQ(edges("id(u1) <-delete[0:1]-"), Ids({"k1->u1:delete", "k2->u1:delete"}));
  // Both directions: g1 -> u1 inbound, u1 -> k1, u1 -> k2 outbound.
  EXPECT_EQ(edges("id(u1) <-[0:1]->"), Ids({"g1->u1:default", "u1->k1:default", "u1->k2:default"}));
  // A longer inbound trail, level by level: v1 <- r1, v1 <- i1, then r1 <- acc1, i1 <- r1.
  EXPECT_EQ(edges("id(v1) <-[0:2]-"),
            Ids({"r1->v1:default", "i1->v1:default", "acc1->r1:default", "r1->i1:default"}));
}

TEST_F(EdgePathsTest, EdgesFromBelowTheRangeStartAreDropped) {
  load(g0_text());
  // v1 ends r1 -> i1 -> v1; i1 is one step from r1, below the start.
  EXPECT_EQ(trails("id(r1) -[2]->"), Ids({"v1"}));
  EXPECT_EQ(edges("id(r1) -[2]->"), Ids());
  // From 1: r1 is not returned, so only the edge between two children stays.
  EXPECT_EQ(edges("id(r1) -[1:2]->"), Ids({"i1->v1:default"}));
  // From 0 every traversed edge has both ends returned, each once although
  // v1 ends trails of length 1 and 2.
  EXPECT_EQ(edges("id(r1) -[0:2]->"),
            Ids({"r1->i1:default", "r1->v1:default", "r1->v2:default", "r1->sg1:default",
                 "r1->sg2:default", "i1->v1:default"}));
}

TEST_F(EdgePathsTest, NoNavigationNoEdges) {
  load(g0_text());
  EXPECT_EQ(edges("all"), Ids());
  EXPECT_EQ(edges("is(aws_iam_user) or is(aws_iam_access_key)"), Ids());
  // With clauses and merge sub-queries traverse edges but return no nodes.
  EXPECT_EQ(trails("id(u1) with(any, --> is(access_key))"), Ids({"u1"}));
  EXPECT_EQ(edges("is(aws_iam_user) or is(access_key) with(any, <-- is(aws_iam_user))"), Ids());
  EXPECT_EQ(edges("is(aws_iam_user) {keys[]: --> is(access_key)}"), Ids());
  EXPECT_EQ(edges("id(u1) with(any, --> is(access_key)) -[0:0]->"), Ids());
  // Aggregations have rows, not nodes.
  EXPECT_EQ(edges("aggregate(sum(1) as n): id(u1) -[0:1]->"), Ids());
}

TEST_F(EdgePathsTest, EdgesAreListedOnce) {
  load(g0_text());
  // g1 and u1 both reach k1 and k2 over u1's edges.
  EXPECT_EQ(edges("id(g1) or id(u1) -[0:2]->"),
            Ids({"g1->u1:default", "g1->u2:default", "u1->k1:default", "u1->k2:default",
                 "u2->k3:default"}));
  // Two edge types: separate traversals, each edge once.
  EXPECT_EQ(edges("id(u1) -default,delete[0:2]->"), Ids({"u1->k1:default", "u1->k2:default"}));
  EXPECT_EQ(edges("id(k1) -default,delete[0:2]->"), Ids({"k1->u1:delete"}));
}

TEST_F(EdgePathsTest, EdgesComeFromTheNavigationOfTheReturnedNodes) {
  load(g0_text());
  // The first navigation's r1 -> i1 joins two returned nodes, but its trails
  // fed a part that is not returned; the last navigation has no edge.
  EXPECT_EQ(trails("id(acc1) -[0:2]-> is(aws_region) or is(aws_ec2_instance) -[0:0]->"),
            Ids({"g1", "i1", "r1"}));
  EXPECT_EQ(edges("id(acc1) -[0:2]-> is(aws_region) or is(aws_ec2_instance) -[0:0]->"), Ids());
  // A filter after the last navigation drops the edges to the nodes it drops.
  EXPECT_EQ(edges("id(u1) -[0:1]-> id(u1) or id(k2)"), Ids({"u1->k2:default"}));
  // A tagged part is returned too, with the edges that reached it.
  const std::string tagged =
      "id(acc1) -[0:1]-> is(aws_account) or is(aws_region) #top --> is(aws_iam_user)";
  EXPECT_EQ(trails(tagged), Ids({"acc1", "g1", "r1", "u1", "u2"}));
  EXPECT_EQ(edges(tagged),
            Ids({"acc1->g1:default", "acc1->r1:default", "g1->u1:default", "g1->u2:default"}));
  EXPECT_EQ(edges("id(acc1) -[0:1]-> is(aws_account) or is(aws_region) --> is(aws_iam_user)"),
            Ids());
}

TEST_F(EdgePathsTest, EdgesOfCyclicTrails) {
  // a -> b -> a over delete edges: the trail a -> b -> a ends with b -> a.
  load(with_delete_edges({"a", "b"}, {{0, 1}, {1, 0}}));
  EXPECT_EQ(edges("id(a) -delete[0:]->"), Ids({"a->b:delete", "b->a:delete"}));
  EXPECT_EQ(edges("id(a) -delete[2]->"), Ids());  // b is only one edge away
  EXPECT_EQ(edges("id(a) <-delete[0:]-"), Ids({"b->a:delete", "a->b:delete"}));
}

TEST_F(EdgePathsTest, EdgesOfCyclicTrailsInOrderOfTheirShortestTrail) {
  // a -> b -> c -> a and a -> c: the depth-first search meets a -> c last,
  // on a trail of length 4, and again directly.
  load(with_delete_edges({"a", "b", "c"}, {{0, 1}, {1, 2}, {2, 0}, {0, 2}}));
  EXPECT_EQ(edges("id(a) -delete[1:]->"),
            Ids({"a->b:delete", "a->c:delete", "b->c:delete", "c->a:delete"}));
}

}  // namespace
}  // namespace canopy::query
