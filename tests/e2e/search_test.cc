// End-to-end tests of `canopy parse` and `canopy exec 'search …'` on the
// fixture inventory: every query of tests/data/expected.json, the two
// touchstone queries among them, returns exactly its expected nodes.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>

#include "e2e/run.h"

namespace canopy::testing {
namespace {

const std::string kData = std::string(CANOPY_SOURCE_DIR) + "/tests/data/";

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = temp_path("search");
    auto r = run_canopy({"--data-dir", dir, "import", kData + "inventory.ndjson"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir); }
  static RunResult exec(const std::string& line) {
    return run_canopy({"--data-dir", dir, "exec", line}, "", {"CANOPY_NOW=2024-06-01T00:00:00Z"});
  }
  static std::string dir;
};
std::string SearchTest::dir;

// The "id" of every JSON document of an output stream.
std::vector<std::string> ids_of(const std::string& out) {
  std::vector<std::string> ids;
  simdjson::dom::parser parser;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    std::string line = out.substr(start, end - start);
    start = end == std::string::npos ? out.size() : end + 1;
    if (line.empty()) continue;
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) {
      ids.push_back("<not json: " + line + ">");
      continue;
    }
    std::string_view id;
    if (doc["id"].get(id) == simdjson::SUCCESS) ids.emplace_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(SearchTest, ExpectedAnswersOfTheFixture) {
  simdjson::dom::parser parser;
  simdjson::dom::element expected;
  ASSERT_EQ(parser.load(kData + "expected.json").get(expected), simdjson::SUCCESS);
  int n = 0;
  simdjson::dom::array queries;
  ASSERT_EQ(expected["queries"].get(queries), simdjson::SUCCESS);
  for (simdjson::dom::element q : queries) {
    std::string_view text = q["query"].get_string().value_unsafe();
    std::vector<std::string> want;
    simdjson::dom::array ids;
    ASSERT_EQ(q["ids"].get(ids), simdjson::SUCCESS);
    for (simdjson::dom::element id : ids) want.emplace_back(id.get_string().value_unsafe());
    std::sort(want.begin(), want.end());
    auto r = exec(std::string(text));
    ASSERT_EQ(r.exit_code, 0) << text << "\n" << r.err;
    EXPECT_EQ(ids_of(r.out), want) << text;
    ++n;
  }
  EXPECT_GE(n, 14);
}

TEST_F(SearchTest, TouchstoneResultsCarryMergedKeys) {
  auto r = exec(
      R"(search is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("access_keys":[{"id":"key-alice-1","type":"node")"), std::string::npos)
      << r.out;
}

TEST_F(SearchTest, ErrorsExitNonZero) {
  auto r = exec("search is(aws_iam_user) and");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("syntax error at 1:"), std::string::npos) << r.err;
  r = exec("search is(no_such_kind)");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown kind 'no_such_kind'"), std::string::npos) << r.err;
}

TEST(ParseCommand, PrintsTheCanonicalFormOrFailsWithTwo) {
  auto ok = run_canopy({"parse", "is(a)-->is(b) sort name limit 2"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "is(\"a\") -default-> is(\"b\") sort name asc limit 2\n");
  auto bad = run_canopy({"parse", "is(a) and (x == 1"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("syntax error at 1:"), std::string::npos) << bad.err;
  auto garbage = run_canopy({"parse", std::string("\x01\xff(((", 5)});
  EXPECT_EQ(garbage.exit_code, 2);
}

}  // namespace
}  // namespace canopy::testing
