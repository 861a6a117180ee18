#include "graph/fulltext.h"

#include <gtest/gtest.h>

#include <random>

#include "graph/test_util.h"

namespace canopy {
namespace {

using testing::import_text;
using testing::node;
using testing::skeleton;
using testing::temp_dir;

// The definition: the phrase's tokens occur consecutively among the tokens
// of the node's full-text string.
bool reference(const Graph& g, uint32_t n, const std::vector<std::string>& phrase) {
  auto words = fulltext_tokens(flat_text(g, n));
  for (size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + long(i))) return true;
  return false;
}

bool holds(const std::vector<uint32_t>& nodes, uint32_t n) {
  return std::binary_search(nodes.begin(), nodes.end(), n);
}

// How the query engine answers a phrase with the index: nodes lacking a
// token fail, nodes the index is sure of match, the rest are read.
bool by_index(const Graph& g, const TokenIndex::Phrase& found, const PhraseMatcher& m, uint32_t n) {
  if (!holds(found.nodes, n)) return false;
  return holds(found.sure, n) || m.matches(g, n);
}

std::vector<uint32_t> ids_to_nodes(const Graph& g, const std::vector<std::string>& ids) {
  std::vector<uint32_t> out;
  for (const auto& id : ids) out.push_back(g.find(id));
  std::sort(out.begin(), out.end());
  return out;
}

class TokenIndexTest : public testing::DatabaseTest {
 protected:
  std::shared_ptr<const Graph> load(const std::string& nodes) {
    return DatabaseTest::load(skeleton() + nodes);
  }
  static std::string user(const std::string& id, const std::string& tags) {
    return node(id, "aws_iam_user", R"("tags":{)" + tags + "}") + testing::edge("eu-central-1", id);
  }
};

TEST_F(TokenIndexTest, PhraseAcrossTokensAndLeaves) {
  auto g = load(user("u1", R"("a":"Jane.Doe@Example.com")") +
                user("u2", R"("a":"doe jane example com")") +
                user("u3", R"("a":"x jane", "b":"doe@example.com")") +
                user("u4", R"("a":"jane", "b":"x", "c":"doe example com")"));
  PhraseMatcher m(fulltext_tokens("jane.doe@example.com"));
  auto found = g->token_index().find_phrase(m);
  // Every user holds the four tokens; their order decides.
  EXPECT_EQ(found.nodes, ids_to_nodes(*g, {"u1", "u2", "u3", "u4"}));
  for (const char* id : {"u1", "u3"}) EXPECT_TRUE(by_index(*g, found, m, g->find(id))) << id;
  for (const char* id : {"u2", "u4"}) EXPECT_FALSE(by_index(*g, found, m, g->find(id))) << id;
  // The index is never sure of a node that does not match.
  for (uint32_t n : found.sure) EXPECT_TRUE(m.matches(*g, n)) << g->id(n);
}

TEST_F(TokenIndexTest, KeysAreNotTextAndCaseIsIgnored) {
  auto g = load(user("u1", R"("Owner":"ALICE")") + user("u2", R"("x":"owner")"));
  const TokenIndex& index = g->token_index();
  // `owner` is a key of u1 (not text) and a value of u2.
  EXPECT_EQ(index.nodes_with_all({"owner"}), ids_to_nodes(*g, {"u2"}));
  EXPECT_EQ(index.nodes_with_all({"alice"}), ids_to_nodes(*g, {"u1"}));
  EXPECT_TRUE(index.nodes_with_all({"zebra"}).empty());
  EXPECT_TRUE(index.nodes_with_all({"alice", "owner"}).empty());
}

TEST_F(TokenIndexTest, TokenInManyNodes) {
  // `common` in every user (a bitmap), `rare` in a few, numbers as text.
  std::string text;
  std::vector<std::string> all, rare;
  for (int i = 0; i < 600; ++i) {
    std::string id = "u" + std::to_string(i);
    all.push_back(id);
    bool is_rare = i % 97 == 5;
    if (is_rare) rare.push_back(id);
    text += user(id, R"("t":"common )" + std::string(is_rare ? "rare" : "other") + R"(", "n":)" +
                         std::to_string(i % 3));
  }
  auto g = load(text);
  const TokenIndex& index = g->token_index();
  EXPECT_EQ(index.nodes_with_all({"common"}), ids_to_nodes(*g, all));
  EXPECT_EQ(index.nodes_with_all({"rare", "common"}), ids_to_nodes(*g, rare));
  EXPECT_EQ(index.nodes_with_all({"common", "other"}).size(), all.size() - rare.size());
  EXPECT_EQ(index.nodes_with_all({"2"}).size(), 200u);
  PhraseMatcher m(fulltext_tokens("common rare"));
  auto found = g->token_index().find_phrase(m);
  EXPECT_EQ(found.nodes, ids_to_nodes(*g, rare));
  EXPECT_EQ(found.sure, found.nodes);  // "common rare" is a whole tag value
  EXPECT_GT(index.bytes(), 0u);
}

TEST_F(TokenIndexTest, EachSnapshotHasItsOwnIndex) {
  auto before = load(user("u1", R"("a":"red")") + user("u2", R"("a":"blue")"));
  EXPECT_EQ(before->token_index().nodes_with_all({"red"}), ids_to_nodes(*before, {"u1"}));
  auto after =
      load(user("u1", R"("a":"green")") + user("u2", R"("a":"red")") + user("u3", R"("a":"red")"));
  EXPECT_EQ(after->token_index().nodes_with_all({"red"}), ids_to_nodes(*after, {"u2", "u3"}));
  EXPECT_EQ(after->token_index().nodes_with_all({"green"}), ids_to_nodes(*after, {"u1"}));
  EXPECT_TRUE(after->token_index().nodes_with_all({"blue"}).empty());
  // The older snapshot still answers for itself.
  EXPECT_EQ(before->token_index().nodes_with_all({"red"}), ids_to_nodes(*before, {"u1"}));
  EXPECT_TRUE(before->token_index().nodes_with_all({"green"}).empty());
}

TEST_F(TokenIndexTest, OccurrencesAndLengths) {
  auto g = load(user("u1", R"("a":"a a a", "b":"x a")") + user("u2", R"("a":"b")"));
  const uint32_t u1 = g->find("u1"), u2 = g->find("u2");
  EXPECT_EQ(PhraseMatcher(fulltext_tokens("a a")).occurrences(*g, u1), 2u);  // overlapping
  EXPECT_EQ(PhraseMatcher(fulltext_tokens("a")).occurrences(*g, u1), 4u);
  EXPECT_EQ(PhraseMatcher(fulltext_tokens("a x")).occurrences(*g, u1), 1u);  // across leaves
  EXPECT_EQ(PhraseMatcher(fulltext_tokens("x a a")).occurrences(*g, u1), 0u);
  EXPECT_EQ(PhraseMatcher(fulltext_tokens("a")).occurrences(*g, u2), 0u);
  const TokenIndex& index = g->token_index();
  // The length is the token count of the flat text (kind, id, name, values).
  EXPECT_EQ(index.length(u1), fulltext_tokens(flat_text(*g, u1)).size());
  EXPECT_EQ(index.length(u2), fulltext_tokens(flat_text(*g, u2)).size());
  EXPECT_GT(index.length(u1), index.length(u2));
  ASSERT_EQ(index.node_count(), g->size());
  double total = 0;
  for (uint32_t n = 0; n < g->size(); ++n) total += index.length(n);
  EXPECT_DOUBLE_EQ(index.average_length(), total / double(g->size()));
}

TEST(Fulltext, PhraseMatcherAgreesWithTheFlatText) {
  auto dir = temp_dir("fulltext");
  auto db = Database::open(dir);
  ASSERT_TRUE(db.is_ok()) << db.message();
  // Users whose names and tags mix the words a, b, c, digits and delimiters.
  std::mt19937 rng(5);
  const char* words[] = {"a", "b", "c", "A", "ab", "5", "2024"};
  const char* delims[] = {" ", ".", "@", "-", "_", ":", "/"};
  std::string text = skeleton();
  for (int i = 0; i < 300; ++i) {
    auto phrase = [&] {
      std::string s;
      for (int k = int(rng() % 5); k >= 0; --k)
        s += std::string(words[rng() % 7]) + (k ? delims[rng() % 7] : "");
      return s;
    };
    text += node("u" + std::to_string(i), "aws_iam_user",
                 R"("tags":{"x":")" + phrase() + R"(","y":")" + phrase() +
                     R"("},"password_enabled":true,"ctime":"2024-0)" +
                     std::to_string(1 + rng() % 9) + R"(-01T00:00:00Z")");
    text += testing::edge("eu-central-1", "u" + std::to_string(i));
  }
  ASSERT_TRUE(import_text(**db, text).is_ok());
  auto g = (*db)->snapshot();
  const TokenIndex& index = g->token_index();
  int matches = 0;
  for (const char* q :
       {"a b", "a a b", "b c a", "5", "a 5", "2024 0", "ab ab", "c", "a.b@c", "01 00"}) {
    auto tokens = fulltext_tokens(q);
    PhraseMatcher m(tokens);
    auto found = index.find_phrase(m);
    for (uint32_t n = 0; n < g->size(); ++n) {
      bool expected = reference(*g, n, tokens);
      EXPECT_EQ(m.matches(*g, n), expected) << q << " on " << flat_text(*g, n);
      EXPECT_EQ(by_index(*g, found, m, n), expected) << q << " on " << flat_text(*g, n);
      matches += expected;
    }
  }
  EXPECT_GT(matches, 100);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace canopy
