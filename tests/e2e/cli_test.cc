// End-to-end tests of the canopy binary: import, export, exec, demo, and
// the errors a user sees.
#include <gtest/gtest.h>
#include <filesystem>

#include "e2e/run.h"

namespace canopy::testing {
namespace {

const std::string kFixture = std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = temp_path("data"); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  RunResult canopy(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--data-dir", dir});
    return run_canopy(args, input, {"CANOPY_NOW=2024-06-01T00:00:00Z"});
  }
  std::string dir;
};

TEST_F(CliTest, ImportExportImportGivesTheSameGraph) {
  auto imp = canopy({"import", kFixture});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.err.find("imported nodes:"), std::string::npos);
  auto first = canopy({"export"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_GT(first.out.size(), 1000u);

  std::string dir2 = temp_path("data2");
  auto imp2 = run_canopy({"--data-dir", dir2, "import", "-"}, first.out,
                         {"CANOPY_NOW=2024-07-01T00:00:00Z"});
  ASSERT_EQ(imp2.exit_code, 0) << imp2.err;
  auto second = run_canopy({"--data-dir", dir2, "export"});
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_EQ(first.out, second.out);
  std::filesystem::remove_all(dir2);

  // Importing the same inventory again changes nothing.
  auto again = canopy({"import", kFixture});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 created, 0 updated, 0 deleted"), std::string::npos) << again.err;
  EXPECT_EQ(canopy({"export"}).out, first.out);
}

TEST_F(CliTest, ExportToFileWritesAtomically) {
  ASSERT_EQ(canopy({"import", kFixture}).exit_code, 0);
  std::string file = temp_path("export.ndjson");
  auto r = canopy({"export", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(file), canopy({"export"}).out);
  EXPECT_FALSE(std::filesystem::exists(file + ".tmp"));
  std::filesystem::remove(file);
}

TEST_F(CliTest, BadImportFailsAndLeavesTheStoreUntouched) {
  ASSERT_EQ(canopy({"import", kFixture}).exit_code, 0);
  std::string before = canopy({"export"}).out;
  struct Case {
    std::string input, expected;
  } cases[] = {
      {"{\"id\":\"root\",\"reported\":{\"kind\":\"graph_root\"}}\n{oops\n",
       "line 2: malformed JSON"},
      {"{\"reported\":{\"kind\":\"graph_root\"}}\n", "line 1: node without a string \"id\""},
      {"{\"id\":\"root\",\"reported\":{}}\n", "line 1: node 'root' has no reported.kind"},
      {"{\"id\":\"root\",\"reported\":{\"kind\":\"graph_root\"}}\n{\"from\":\"root\",\"to\":"
       "\"nope\"}\n",
       "line 2: edge from 'root' to 'nope': node 'nope' is not part of the import"},
      {"{\"id\":\"root\",\"reported\":{\"kind\":\"graph_root\"}}\n{\"id\":\"r2\",\"reported\":{"
       "\"kind\":\"graph_root\"}}\n",
       "2 roots"},
      {"", "the input holds no nodes"},
  };
  for (const Case& c : cases) {
    auto r = canopy({"import", "-"}, c.input);
    EXPECT_EQ(r.exit_code, 1) << c.expected;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_EQ(canopy({"export"}).out, before) << c.expected;
  }
  auto missing = canopy({"import", "/nonexistent/file.ndjson"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open /nonexistent/file.ndjson"), std::string::npos);
}

TEST_F(CliTest, ExecKinds) {
  auto r = canopy({"exec", "kinds"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("aws_iam_user\n"), std::string::npos);
  auto user = canopy({"exec", "kinds aws_iam_user"});
  ASSERT_EQ(user.exit_code, 0);
  EXPECT_NE(user.out.find("  password_enabled: boolean\n"), std::string::npos);
  EXPECT_NE(user.out.find("  arn: string\n"), std::string::npos);  // inherited from aws_resource
  auto from_stdin = canopy({"exec"}, "kinds string\nkinds int64\n");
  EXPECT_EQ(from_stdin.out,
            "name: string\nruntime_kind: string\nname: int64\nruntime_kind: int64\n");
  auto bad = canopy({"exec", "nosuchcommand"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("Command >nosuchcommand< is not known. Typo?"), std::string::npos);
}

TEST_F(CliTest, ExecWritesAGraphOfTheSearchToAFile) {
  ASSERT_EQ(canopy({"import", kFixture}).exit_code, 0);
  const std::string line =
      "search --with-edges is(aws_iam_user) and name==alice -[0:1]-> | "
      "format --dot";
  std::string file = temp_path("alice.dot");
  auto r = canopy({"exec", line + " | write " + file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Received a file " + file + ", which is stored to " + file + "\n");
  std::string dot = read_file(file);
  EXPECT_EQ(dot, canopy({"exec", line}).out);
  EXPECT_EQ(dot.rfind("digraph {\nrankdir=LR\n", 0), 0u) << dot;
  EXPECT_NE(dot.find(" \"user-alice\" [label=\"alice|aws_iam_user\", style=filled fillcolor=2];\n"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find(" \"user-alice\" -> \"key-alice-1\" [label=\"default\"]\n"),
            std::string::npos);
  // Only the edges the navigation walked: the key's delete edge back to its
  // user joins two returned nodes but is not one of them.
  EXPECT_EQ(dot.find(" \"key-alice-1\" -> \"user-alice\""), std::string::npos) << dot;
  EXPECT_NE(dot.find(" subgraph \"canopy-test\" {\n"), std::string::npos);
  EXPECT_EQ(dot.substr(dot.size() - 5), " }\n}\n");
  std::filesystem::remove(file);
  auto bad = canopy({"exec", line + " | write /nonexistent/dir/alice.dot"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("cannot write /nonexistent/dir/alice.dot"), std::string::npos) << bad.err;
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  auto r = canopy({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  auto none = run_canopy({});
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(CliTest, DemoLoadsTheBuiltInInventory) {
  auto r = canopy({"demo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Canopy demo:"), std::string::npos);
  EXPECT_NE(r.out.find("Inventory by account and region"), std::string::npos);
  // The searches find the fixture's expected answers (tests/data/expected.json).
  EXPECT_NE(r.out.find("IAM users with two active access keys:"), std::string::npos);
  EXPECT_NE(r.out.find("  user-alice (alice, aws_iam_user)\n  user-carol (carol, aws_iam_user)\n"
                       "  user-svc-deploy (svc-deploy, aws_iam_user)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  sg-web (web-ssh-open, aws_ec2_security_group)\n"), std::string::npos);
  EXPECT_EQ(r.out.find("error:"), std::string::npos);
  // The demo store is a normal store.
  auto exported = canopy({"export"});
  EXPECT_EQ(exported.out, [&] {
    std::string d2 = temp_path("demo2");
    run_canopy({"--data-dir", d2, "import", kFixture}, "", {"CANOPY_NOW=2024-06-01T00:00:00Z"});
    std::string out = run_canopy({"--data-dir", d2, "export"}).out;
    std::filesystem::remove_all(d2);
    return out;
  }());
}

}  // namespace
}  // namespace canopy::testing

namespace canopy::testing {
namespace {

TEST(CliDeferred, EdgesBySearchAreResolvedWithTheQueryEngine) {
  std::string dir = temp_path("deferred");
  std::string graph =
      R"J({"id": "root", "reported": {"kind": "graph_root", "id": "root", "name": "root"}}
{"id": "aws", "reported": {"kind": "cloud", "id": "aws", "name": "aws"}}
{"id": "acc", "reported": {"kind": "aws_account", "id": "111", "name": "a"}}
{"id": "r1", "reported": {"kind": "aws_region", "id": "eu-west-1", "name": "eu-west-1"}}
{"id": "r2", "reported": {"kind": "aws_region", "id": "us-east-1", "name": "us-east-1"}}
{"id": "t1", "reported": {"kind": "aws_cloud_trail", "id": "t1", "name": "t1", "arn": "arn:aws:cloudtrail:eu-west-1:111:trail/t1"}}
{"from": "root", "to": "aws"}
{"from": "aws", "to": "acc"}
{"from": "acc", "to": "r1"}
{"from": "acc", "to": "r2"}
{"from": "r1", "to": "t1"}
{"from_selector": {"node_id": "r2"}, "to_selector": {"search_criteria": "is(aws_cloud_trail) and reported.arn==\"arn:aws:cloudtrail:eu-west-1:111:trail/t1\""}}
{"from_selector": {"search_criteria": "is(aws_region)"}, "to_selector": {"search_criteria": "is(aws_cloud_trail) and reported.name==nosuch"}}
)J";
  RunResult imp = run_canopy({"--data-dir", dir, "import", "-"}, graph);
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.err.find("line 13: deferred edge: a selector found no node"), std::string::npos)
      << imp.err;
  RunResult q = run_canopy(
      {"--data-dir", dir, "exec", "search is(aws_cloud_trail) <-- is(aws_region) | list name"});
  EXPECT_EQ(q.out, "name=eu-west-1\nname=us-east-1\n") << q.err;
}

}  // namespace
}  // namespace canopy::testing
