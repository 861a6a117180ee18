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
  const auto& sigs = g->token_signatures();
  int matches = 0;
  for (const char* q :
       {"a b", "a a b", "b c a", "5", "a 5", "2024 0", "ab ab", "c", "a.b@c", "01 00"}) {
    auto tokens = fulltext_tokens(q);
    PhraseMatcher m(tokens);
    TokenSignature want = signature_of(tokens);
    for (uint32_t n = 0; n < g->size(); ++n) {
      bool expected = reference(*g, n, tokens);
      EXPECT_EQ(m.matches(*g, n), expected) << q << " on " << flat_text(*g, n);
      if (expected) {
        EXPECT_TRUE(covers(sigs[n], want)) << q;  // no false negatives
      }
      matches += expected;
    }
  }
  EXPECT_GT(matches, 100);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace canopy
