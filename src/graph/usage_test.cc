// Usage history: records per node and time, kept in the store across
// restarts, dropped with their node and after the retention.
#include "graph/usage.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/time.h"
#include "graph/test_util.h"

namespace canopy {
namespace {

using testing::edge;
using testing::import_text;
using testing::node;
using testing::skeleton;
using testing::temp_dir;

UsageRecord record(uint64_t rid, int64_t at, double max) {
  return {rid, at, {{"cpu", 0, max / 2, max}}};
}

TEST(UsageHistory, WindowsPerNode) {
  UsageHistory h({record(2, 300, 3), record(1, 200, 2), record(2, 100, 1), record(3, 100, 9)});
  auto two = h.of(2, 0, 1000);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].at, 100);  // oldest first
  EXPECT_EQ(two[1].at, 300);
  EXPECT_EQ(h.of(2, 100, 299).size(), 1u);  // both ends included
  EXPECT_EQ(h.of(2, 101, 300).size(), 1u);
  EXPECT_TRUE(h.of(2, 101, 299).empty());
  EXPECT_TRUE(h.of(4, 0, 1000).empty());
  auto next = h.updated({record(4, 400, 4)}, {3}, 150);
  EXPECT_EQ(next->size(), 3u);  // 1@200, 2@300, 4@400: node 3 dropped, 2@100 expired
  EXPECT_TRUE(next->of(3, 0, 1000).empty());
  EXPECT_EQ(next->of(2, 0, 1000).size(), 1u);
  EXPECT_EQ(next->of(4, 0, 1000).size(), 1u);
  EXPECT_EQ(h.size(), 4u);  // the old history is unchanged
  // A second record of a node at the same second replaces the first, as
  // in the store.
  auto again = next->updated({record(4, 400, 8)}, {}, 0);
  auto four = again->of(4, 0, 1000);
  ASSERT_EQ(four.size(), 1u);
  EXPECT_EQ(four[0].stats[0].max, 8);
}

TEST(UsageHistory, StoreRowsRoundTrip) {
  UsageRecord r{7, 1234, {{"read_ops", 0.5, 1.25, 9}, {"a\tb", -1, 0, 1e300}}};
  auto back = usage_record(usage_row(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->rid, 7u);
  EXPECT_EQ(back->at, 1234);
  ASSERT_EQ(back->stats.size(), 2u);
  EXPECT_EQ(back->stats[1].metric, "a\tb");
  EXPECT_EQ(back->stats[0].avg, 1.25);
  EXPECT_EQ(back->stats[1].max, 1e300);
  UsageRow damaged = usage_row(r);
  damaged.data.resize(damaged.data.size() - 3);
  EXPECT_FALSE(usage_record(damaged).has_value());
}

class UsageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = temp_dir("usage"); }
  void TearDown() override {
    unsetenv("CANOPY_NOW");
    std::filesystem::remove_all(dir);
  }
  std::unique_ptr<Database> open() {
    auto d = Database::open(dir);
    EXPECT_TRUE(d.is_ok()) << d.message();
    return d.is_ok() ? std::move(d.value()) : nullptr;
  }
  // Imports volumes `ids` (each with usage cpu max = `cpu` when given) at `now`.
  void import(Database& db, int64_t now, const std::vector<std::string>& ids, const char* cpu) {
    setenv("CANOPY_NOW", format_datetime(now).c_str(), 1);
    std::string text = skeleton();
    for (const auto& id : ids) {
      std::string n = node(id, "aws_ec2_volume");
      if (cpu)
        n.insert(n.rfind('}'),
                 std::string(R"(,"usage":{"cpu":{"min":1,"avg":2,"max":)") + cpu + "}}");
      text += n + edge("eu-central-1", id);
    }
    auto r = import_text(db, text);
    ASSERT_TRUE(r.is_ok()) << r.message();
  }
  std::vector<int64_t> times(const Graph& g, const std::string& id) {
    std::vector<int64_t> out;
    for (const UsageRecord& r : g.usage().of(g.node(g.find(id)).rid, 0, INT64_MAX))
      out.push_back(r.at);
    return out;
  }
  std::string dir;
};

constexpr int64_t kDay = 86400, kT0 = 1717200000;

TEST_F(UsageStoreTest, EachImportAddsARecordThatSurvivesARestart) {
  {
    auto db = open();
    import(*db, kT0, {"v1", "v2"}, "5");
    import(*db, kT0 + kDay, {"v1", "v2"}, "7");
    import(*db, kT0 + 2 * kDay, {"v1", "v2"}, nullptr);  // no usage: no record
    auto g = db->snapshot();
    EXPECT_EQ(times(*g, "v1"), (std::vector<int64_t>{kT0, kT0 + kDay}));
  }
  auto db = open();
  auto g = db->snapshot();
  EXPECT_EQ(times(*g, "v1"), (std::vector<int64_t>{kT0, kT0 + kDay}));
  auto later = g->usage().of(g->node(g->find("v2")).rid, kT0 + 1, INT64_MAX);
  ASSERT_EQ(later.size(), 1u);
  ASSERT_EQ(later[0].stats.size(), 1u);
  EXPECT_EQ(later[0].stats[0].metric, "cpu");
  EXPECT_EQ(later[0].stats[0].max, 7);
}

TEST_F(UsageStoreTest, RecordsGoWithTheirNodeAndAfterTheRetention) {
  {
    auto db = open();
    import(*db, kT0, {"v1", "v2"}, "5");
    import(*db, kT0 + kDay, {"v1"}, "6");  // v2 is deleted by the replace
    auto g = db->snapshot();
    EXPECT_EQ(times(*g, "v1").size(), 2u);
    EXPECT_EQ(g->usage().size(), 2u);
    import(*db, kT0 + kUsageRetention + kDay / 2, {"v1"}, "7");  // the first record expires
    EXPECT_EQ(times(*db->snapshot(), "v1"),
              (std::vector<int64_t>{kT0 + kDay, kT0 + kUsageRetention + kDay / 2}));
  }
  auto db = open();
  auto g = db->snapshot();
  EXPECT_EQ(g->usage().size(), 2u);  // the store agrees after a restart
  EXPECT_EQ(times(*g, "v1").size(), 2u);
}

}  // namespace
}  // namespace canopy
