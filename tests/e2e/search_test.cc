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

// The node ids of `… | dump` output: the top-level `id:` lines.
std::vector<std::string> ids_of(const std::string& out) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    start = end + 1;
    if (line.rfind("id: ", 0) != 0) continue;
    std::string id = line.substr(4);
    if (id.size() >= 2 && id.front() == '\'' && id.back() == '\'') id = id.substr(1, id.size() - 2);
    ids.push_back(id);
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
    auto r = exec(std::string(text) + " | dump");
    ASSERT_EQ(r.exit_code, 0) << text << "\n" << r.err;
    EXPECT_EQ(ids_of(r.out), want) << text;
    ++n;
  }
  EXPECT_GE(n, 14);
}

TEST_F(SearchTest, TouchstoneQueriesWorkVerbatim) {
  auto r = exec(
      R"(search is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active" | dump)");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ids_of(r.out),
            (std::vector<std::string>{"user-alice", "user-carol", "user-svc-deploy"}));
  // The merged keys are part of each user, in node id order.
  EXPECT_NE(r.out.find("  access_keys:\n  - id: key-alice-1\n    type: node\n    reported:\n"
                       "      kind: aws_iam_access_key\n"),
            std::string::npos)
      << r.out;
  r = exec(
      R"(search is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true | dump)");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ids_of(r.out), (std::vector<std::string>{"key-alice-2", "key-bob-1"}));
  EXPECT_EQ(r.out.rfind("id: key-alice-2\nreported:\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\n---\nid: key-bob-1\n"), std::string::npos) << r.out;
}

TEST_F(SearchTest, DefaultListAndCount) {
  auto r = exec("search is(aws_iam_user) and password_enabled==true and name==alice");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "kind=aws_iam_user, id=AIDAR7QXJ4LDALICE001, name=alice, password_enabled=true, "
            "age=5yr, last_update=5yr, cloud=aws, account=canopy-test, region=global\n");
  r = exec("search is(aws_iam_access_key) | count access_key_status");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Inactive: 1\nActive: 11\ntotal matched: 12\ntotal unmatched: 0\n");
  r = exec("search is(aws_iam_user) | sort name desc | head 2 | list name");
  EXPECT_EQ(r.out, "name=svc-deploy\nname=grace\n");
  r = exec("search is(aws_iam_user) | sort name | tail 2 | list name");
  EXPECT_EQ(r.out, "name=grace\nname=svc-deploy\n");
  r = exec("search is(aws_iam_user) and name==bob | successors | list name");
  EXPECT_EQ(r.out, "name=bob\nname=canopy-s3-read\n");  // his key (named after him), his policy
  r = exec("frobnicate");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Command >frobnicate< is not known. Typo?"), std::string::npos);
}

TEST_F(SearchTest, ErrorsExitNonZero) {
  auto r = exec("search is(aws_iam_user) and");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("syntax error at 1:"), std::string::npos) << r.err;
  r = exec("search is(no_such_kind)");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown kind 'no_such_kind'"), std::string::npos) << r.err;
}

// Usage sections of two imports a day apart become records that
// with_usage aggregates; a restart (each command is a new process) keeps them.
TEST(WithUsage, AggregatesTheRecordsOfEachImport) {
  const std::string dir = temp_path("usage");
  std::filesystem::create_directories(dir);
  auto graph = [&](const std::string& i1_max, const std::string& i2_max) {
    auto inst = [](const std::string& id, const std::string& max) {
      return R"({"id":")" + id + R"(","reported":{"kind":"aws_ec2_instance","id":")" + id +
             R"(","name":")" + id + R"("},"usage":{"cpu":{"min":0,"avg":1,"max":)" + max + "}}}\n";
    };
    return std::string(
               R"({"id":"root","reported":{"kind":"graph_root","id":"root","name":"root"}})") +
           "\n" + inst("i1", i1_max) + inst("i2", i2_max) + R"({"from":"root","to":"i1"})" + "\n" +
           R"({"from":"root","to":"i2"})" + "\n";
  };
  auto import = [&](const std::string& text, const char* now) {
    auto r =
        run_canopy({"--data-dir", dir, "import", "-"}, text, {std::string("CANOPY_NOW=") + now});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  import(graph("90", "3"), "2024-05-30T00:00:00Z");
  import(graph("10", "4"), "2024-05-31T12:00:00Z");
  auto exec = [&](const std::string& line) {
    return run_canopy({"--data-dir", dir, "exec", line}, "", {"CANOPY_NOW=2024-06-01T00:00:00Z"});
  };
  const std::string cols = " | list /id, /usage.cpu.max as max, /usage.entries as n";
  auto week =
      exec("search with_usage(7d, [cpu]) is(aws_ec2_instance) and usage.cpu.max > 5" + cols);
  EXPECT_EQ(week.exit_code, 0) << week.err;
  EXPECT_EQ(week.out, "id=i1, max=90.0, n=2\n");
  auto day = exec("search with_usage(1d, [cpu]) is(aws_ec2_instance)" + cols);
  EXPECT_EQ(day.out, "id=i1, max=10.0, n=1\nid=i2, max=4.0, n=1\n");
  auto bad = exec("search with_usage(1d::2d, [cpu]) is(aws_ec2_instance)");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("ends before it starts"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
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
