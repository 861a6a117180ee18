// Relevance order of full-text index searches: BM25 over phrase
// occurrences, used only when the first part has no sort.
#include "query/relevance.h"

#include <gtest/gtest.h>

#include "graph/test_util.h"
#include "query/test_util.h"

namespace canopy::query {
namespace {

using canopy::testing::edge;
using canopy::testing::node;
using canopy::testing::result_ids;
using canopy::testing::skeleton;

class RelevanceTest : public canopy::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    std::string text = skeleton();
    auto user = [&](const std::string& id, const std::string& tags) {
      text += node(id, "aws_iam_user", R"("tags":{)" + tags + "}") + edge("eu-central-1", id);
    };
    // Imported in an order that is none of the expected ones.
    user("long", R"("a":"red", "b":"one two three four five six seven eight nine ten")");
    user("once", R"("a":"red")");
    user("blue", R"("a":"blue")");
    user("thrice", R"("a":"red red red")");
    for (int i = 0; i < 8; ++i) user("other" + std::to_string(i), R"("a":"red", "b":"x y")");
    g = load(text);
  }

  std::vector<std::string> ids(const std::string& query) { return result_ids(*g, query); }
  size_t position(const std::vector<std::string>& v, const std::string& id) {
    return size_t(std::find(v.begin(), v.end(), id) - v.begin());
  }

  std::shared_ptr<const Graph> g;
};

TEST_F(RelevanceTest, MoreOccurrencesAndShorterTextsComeFirst) {
  auto red = ids(R"("red")");
  ASSERT_EQ(red.size(), 11u);
  EXPECT_EQ(red[0], "thrice");  // three occurrences
  EXPECT_EQ(red[1], "once");    // the shortest text with one
  EXPECT_EQ(red.back(), "long");
  // Equal scores (same tokens, same length) keep node order.
  for (int i = 0; i + 1 < 8; ++i)
    EXPECT_LT(position(red, "other" + std::to_string(i)),
              position(red, "other" + std::to_string(i + 1)));
}

TEST_F(RelevanceTest, RarePhrasesWeighMore) {
  auto either = ids(R"("red" or "blue")");
  ASSERT_EQ(either.size(), 12u);
  EXPECT_EQ(either[0], "blue");  // in one node of 16, `red` in 11
  EXPECT_EQ(either[1], "thrice");
}

TEST_F(RelevanceTest, OnlyWithoutSortAndBeforeTheLimit) {
  EXPECT_EQ(ids(R"("red" limit 2)"), (std::vector<std::string>{"thrice", "once"}));
  EXPECT_EQ(ids(R"(is(aws_iam_user) and "red" limit 1)"), std::vector<std::string>{"thrice"});
  // A phrase under `not` adds nothing to the score.
  EXPECT_EQ(ids(R"("red" and not "blue" limit 1)"), std::vector<std::string>{"thrice"});
  // A sort wins.
  auto sorted = ids(R"("red" sort name asc limit 3)");
  EXPECT_EQ(sorted, (std::vector<std::string>{"long", "once", "other0"}));
  // The substring strategy (an `or` with a predicate) is not ranked: node
  // order, where `long` (imported first) precedes `thrice`.
  auto plain = ids(R"("red" or name == "blue")");
  EXPECT_LT(position(plain, "long"), position(plain, "thrice"));
}

}  // namespace
}  // namespace canopy::query
