#include "graph/merge.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "graph/export.h"
#include "graph/test_util.h"

namespace canopy {
namespace {

using namespace canopy::testing;

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = temp_dir("merge");
    open();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  void open() {
    db.reset();
    auto d = Database::open(dir);
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
  }
  MergeStats import_ok(const std::string& text) {
    auto r = import_text(*db, text);
    EXPECT_TRUE(r.is_ok()) << r.message();
    return r.is_ok() ? r->stats : MergeStats{};
  }
  std::string dir;
  std::unique_ptr<Database> db;
};

TEST_F(MergeTest, ReplacesTheSubGraphBelowTheMergeNode) {
  auto s =
      import_ok(skeleton() + node("i-1", "aws_ec2_instance") + node("i-2", "aws_ec2_instance") +
                edge("eu-central-1", "i-1") + edge("eu-central-1", "i-2"));
  EXPECT_EQ(s.nodes_created, 6u);
  // Second collect: i-2 is gone, i-3 is new, i-1 unchanged.
  s = import_ok(skeleton() + node("i-1", "aws_ec2_instance") + node("i-3", "aws_ec2_instance") +
                edge("eu-central-1", "i-1") + edge("eu-central-1", "i-3"));
  EXPECT_EQ(s.nodes_created, 1u);
  EXPECT_EQ(s.nodes_deleted, 1u);
  EXPECT_EQ(s.nodes_updated, 0u);
  EXPECT_EQ(s.nodes_unchanged, 5u);
  EXPECT_EQ(s.edges_created, 1u);
  EXPECT_EQ(s.edges_deleted, 1u);
  auto g = db->snapshot();
  EXPECT_EQ(g->find("i-2"), kNoNode);
  EXPECT_NE(g->find("i-3"), kNoNode);
  EXPECT_EQ(g->size(), 6u);
}

TEST_F(MergeTest, ReplaceOnAnAccountKeepsOtherAccounts) {
  auto account = [](const std::string& acc, const std::string& inst) {
    return node("root", "graph_root") + node("aws", "cloud") + node(acc, "aws_account", "", true) +
           node(acc + "-r", "aws_region") + node(inst, "aws_ec2_instance") + edge("root", "aws") +
           edge("aws", acc) + edge(acc, acc + "-r") + edge(acc + "-r", inst);
  };
  import_ok(account("a1", "i-a"));
  import_ok(account("a2", "i-b"));
  auto g = db->snapshot();
  EXPECT_NE(g->find("i-a"), kNoNode);
  EXPECT_NE(g->find("i-b"), kNoNode);
  EXPECT_EQ(g->successors(g->find("aws"), EdgeType::Default).size(), 2u);
  // Re-collecting a1 without its instance removes it, a2 stays.
  import_ok(node("root", "graph_root") + node("aws", "cloud") +
            node("a1", "aws_account", "", true) + edge("root", "aws") + edge("aws", "a1"));
  g = db->snapshot();
  EXPECT_EQ(g->find("i-a"), kNoNode);
  EXPECT_EQ(g->find("a1-r"), kNoNode);
  EXPECT_NE(g->find("i-b"), kNoNode);
}

TEST_F(MergeTest, ChangedContentUpdatesAndKeepsCreationTime) {
  import_ok(skeleton() + node("v", "aws_ec2_volume", R"("volume_size":10)") +
            edge("eu-central-1", "v"));
  auto g1 = db->snapshot();
  uint32_t v1 = g1->find("v");
  std::string before = reported(*g1, v1);
  auto s = import_ok(skeleton() + node("v", "aws_ec2_volume", R"("volume_size":20)") +
                     edge("eu-central-1", "v"));
  EXPECT_EQ(s.nodes_updated, 1u);
  auto g2 = db->snapshot();
  uint32_t v2 = g2->find("v");
  EXPECT_EQ(g2->node(v2).rid, g1->node(v1).rid);
  EXPECT_NE(g2->node(v2).hash, g1->node(v1).hash);
  EXPECT_NE(reported(*g2, v2).find(R"("volume_size":20)"), std::string::npos);
  // ctime was defaulted on first import and is kept; the old snapshot is untouched.
  std::string ctime = before.substr(before.find("\"ctime\""), 30);
  EXPECT_NE(reported(*g2, v2).find(ctime), std::string::npos);
  EXPECT_NE(reported(*g1, v1).find(R"("volume_size":10)"), std::string::npos);
}

TEST_F(MergeTest, SecuritySectionSurvivesACollect) {
  import_ok(
      skeleton() +
      R"({"id":"b","reported":{"kind":"aws_s3_bucket","id":"b"},"security":{"has_issues":true}})"
      "\n" +
      edge("eu-central-1", "b"));
  import_ok(skeleton() + node("b", "aws_s3_bucket") + edge("eu-central-1", "b"));
  auto g = db->snapshot();
  Sym sec = db->symbols().find("security");
  EXPECT_EQ(to_json(g->section(g->find("b"), sec), db->symbols()), R"({"has_issues":true})");
}

TEST_F(MergeTest, DeferredEdgesResolveByNodeId) {
  import_ok(skeleton() + node("t", "aws_cloud_trail") + edge("eu-central-1", "t"));
  auto s = import_ok(skeleton("acc1", {"eu-central-1", "us-east-1"}) +
                     node("t", "aws_cloud_trail") + edge("eu-central-1", "t") +
                     R"({"from_selector":{"node_id":"us-east-1"},"to_selector":{"node_id":"t"}})"
                     "\n" +
                     R"({"from_selector":{"node_id":"nowhere"},"to_selector":{"node_id":"t"}})"
                     "\n");
  EXPECT_EQ(s.deferred_resolved, 1u);
  EXPECT_EQ(s.deferred_unresolved, 1u);
  auto g = db->snapshot();
  EXPECT_EQ(g->predecessors(g->find("t"), EdgeType::Default).size(), 2u);
}

TEST_F(MergeTest, DeferredEdgesBySearchUseTheResolver) {
  std::string text =
      skeleton("acc1", {"eu-central-1", "us-east-1"}) + node("t", "aws_cloud_trail") +
      edge("eu-central-1", "t") +
      R"({"from_selector":{"search_criteria":"regions"},"to_selector":{"node_id":"t"}})"
      "\n";
  // Without a resolver the edge stays unresolved, with a warning.
  auto plain = import_ok(text);
  EXPECT_EQ(plain.deferred_unresolved, 1u);
  // The resolver sees the merged graph; every node it finds gets the edge.
  std::vector<std::string> searches;
  db->set_search_resolver([&](const Graph& g, const std::string& search) {
    searches.push_back(search);
    std::vector<uint32_t> out;
    for (const char* id : {"eu-central-1", "us-east-1"})
      if (uint32_t n = g.find(id); n != kNoNode) out.push_back(n);
    return Result<std::vector<uint32_t>>(out);
  });
  auto s = import_ok(text);
  EXPECT_EQ(searches, std::vector<std::string>{"regions"});
  EXPECT_EQ(s.deferred_resolved, 1u);
  EXPECT_EQ(s.deferred_unresolved, 0u);
  auto g = db->snapshot();
  EXPECT_EQ(g->predecessors(g->find("t"), EdgeType::Default).size(), 2u);
  // Persisted: the edge is there after reopening.
  open();
  g = db->snapshot();
  EXPECT_EQ(g->predecessors(g->find("t"), EdgeType::Default).size(), 2u);
}

TEST_F(MergeTest, FailedImportLeavesTheGraphAsItWas) {
  import_ok(skeleton() + node("i-1", "aws_ec2_instance") + edge("eu-central-1", "i-1"));
  auto before = db->snapshot();
  auto r =
      import_text(*db, skeleton() + node("i-2", "aws_ec2_instance", R"("instance_cores":"many")") +
                           edge("eu-central-1", "i-2"));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(
      r.message().find("line 8: node 'i-2': property reported.instance_cores: expected double"),
      std::string::npos)
      << r.message();
  EXPECT_EQ(db->snapshot(), before);
  open();
  auto g = db->snapshot();
  EXPECT_NE(g->find("i-1"), kNoNode);
  EXPECT_EQ(g->find("i-2"), kNoNode);
  EXPECT_EQ(g->size(), before->size());
}

TEST_F(MergeTest, CompactionKeepsDocumentsAndDropsGarbage) {
  for (int round = 0; round < 5; ++round) {
    std::string text = skeleton();
    for (int i = 0; i < 300; ++i) {
      std::string id = "v-" + std::to_string(i);
      text += node(id, "aws_ec2_volume", "\"volume_size\":" + std::to_string(round)) +
              edge("eu-central-1", id);
    }
    import_ok(text);
  }
  auto g = db->snapshot();
  auto c = g->compacted();
  ASSERT_EQ(c->size(), g->size());
  for (uint32_t i = 0; i < g->size(); ++i) EXPECT_EQ(reported(*c, i), reported(*g, i));
  EXPECT_LT(c->arena_bytes(), g->arena_bytes());
  EXPECT_EQ(c->find("v-7"), g->find("v-7"));
  EXPECT_NE(reported(*c, c->find("v-7")).find("\"volume_size\":4"), std::string::npos);
}

// An import through Database::import_fd, which writes the documents of new
// nodes while it reads, from a file holding `text`.
Result<MergeOutcome> import_file(Database& db, const std::string& dir, const std::string& text) {
  std::string path = dir + ".input.ndjson";
  std::ofstream(path) << text;
  int fd = ::open(path.c_str(), O_RDONLY);
  auto r = db.import_fd(fd);
  ::close(fd);
  std::filesystem::remove(path);
  return r;
}

std::string export_of(const Graph& g) {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&buf, &size);
  EXPECT_TRUE(export_ndjson(g, f).is_ok());
  std::fclose(f);
  std::string out(buf, size);
  std::free(buf);
  return out;
}

// Instances i-<from> … i-<to - 1> below the skeleton's region; `size` sets
// the volume of every `changed`-th one, so that a later import updates them.
std::string instances(int from, int to, int changed = 0, int size = 0) {
  std::string s = skeleton();
  const std::string filler(120, 'x');  // enough bytes to span several read chunks
  for (int i = from; i < to; ++i) {
    std::string extra = R"("instance_type":"t3.)" + filler + "\"";
    if (changed && i % changed == 0) extra += R"(,"instance_cores":)" + std::to_string(size);
    s += node("i-" + std::to_string(i), "aws_ec2_instance", extra);
  }
  for (int i = from; i < to; ++i) s += edge("eu-central-1", "i-" + std::to_string(i));
  for (int i = from + 1; i < to; i += 7)
    s += edge("i-" + std::to_string(i), "i-" + std::to_string(i - 1), true);
  return s;
}

// Imports streamed while reading persist exactly what a merge of the same
// batch persists: new, updated, unchanged and deleted nodes, and their edges.
TEST_F(MergeTest, StreamedImportsPersistWhatTheMergePersists) {
  ::setenv("CANOPY_NOW", "2024-06-01T00:00:00Z", 1);
  std::string plain_dir = temp_dir("merge-plain");
  auto plain = Database::open(plain_dir);
  ASSERT_TRUE(plain.is_ok()) << plain.message();
  const std::string rounds[] = {instances(0, 30000), instances(0, 30000),
                                instances(5000, 40000, 3, 8)};
  for (const std::string& text : rounds) {
    auto streamed = import_file(*db, dir, text);
    ASSERT_TRUE(streamed.is_ok()) << streamed.message();
    auto merged = import_text(**plain, text);
    ASSERT_TRUE(merged.is_ok()) << merged.message();
    EXPECT_EQ(streamed->stats.nodes_created, merged->stats.nodes_created);
    // (Which existing nodes count as updated depends on how the readers'
    // threads happened to encode repeated strings; the sum does not.)
    EXPECT_EQ(streamed->stats.nodes_updated + streamed->stats.nodes_unchanged,
              merged->stats.nodes_updated + merged->stats.nodes_unchanged);
    EXPECT_EQ(streamed->stats.nodes_deleted, merged->stats.nodes_deleted);
    EXPECT_EQ(streamed->stats.edges_created, merged->stats.edges_created);
    EXPECT_EQ(streamed->stats.edges_deleted, merged->stats.edges_deleted);
    open();  // what was persisted
    plain.value().reset();
    plain = Database::open(plain_dir);
    ASSERT_TRUE(plain.is_ok());
    std::string got = export_of(*db->snapshot());
    EXPECT_EQ(got, export_of(*(*plain)->snapshot()));
    EXPECT_NE(got.find(R"("id":"i-29999")"), std::string::npos);
  }
  auto g = db->snapshot();
  EXPECT_EQ(g->find("i-4999"), kNoNode);
  EXPECT_EQ(g->size(), 4u + 35000u);
  EXPECT_EQ(g->successors(g->find("i-5001"), EdgeType::Delete).size(), 1u);
  std::filesystem::remove_all(plain_dir);
  ::unsetenv("CANOPY_NOW");
}

// Documents written before the import failed are rolled back with the rest,
// whether reading or merging failed.
TEST_F(MergeTest, FailedStreamedImportWritesNothing) {
  ASSERT_TRUE(import_file(*db, dir, instances(0, 100)).is_ok());
  const std::string before = export_of(*db->snapshot());
  std::string bad_last_line = instances(100, 30000) + "{\"id\":\n";
  auto r = import_file(*db, dir, bad_last_line);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("malformed JSON"), std::string::npos) << r.message();
  std::string foreign_root =
      node("other", "graph_root") + node("o-1", "aws_ec2_instance") + edge("other", "o-1");
  r = import_file(*db, dir, foreign_root);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("is not the stored root"), std::string::npos) << r.message();
  EXPECT_EQ(export_of(*db->snapshot()), before);
  open();
  EXPECT_EQ(export_of(*db->snapshot()), before);
  // The store takes the next import as usual.
  auto s = import_file(*db, dir, instances(0, 200));
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(s->stats.nodes_created, 100u);
  open();
  EXPECT_EQ(db->snapshot()->size(), 204u);
}

TEST_F(MergeTest, ForeignRootIsRejected) {
  import_ok(skeleton());
  auto r = import_text(*db, node("other-root", "graph_root"));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("not the stored root 'root'"), std::string::npos);
}

}  // namespace
}  // namespace canopy
