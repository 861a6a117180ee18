#include "command/session.h"

#include <gtest/gtest.h>

#include "graph/test_util.h"

namespace canopy {
namespace {

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = canopy::testing::temp_dir("command");
    auto d = Database::open(dir);
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string run(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute(line, out);
    EXPECT_TRUE(st.is_ok()) << st.message();
    return out;
  }
  std::string error(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute(line, out);
    EXPECT_FALSE(st.is_ok());
    return st.message();
  }
  std::string dir;
  std::unique_ptr<Database> db;
};

TEST_F(CommandTest, KindsListsLeafResourceKinds) {
  std::string out = run("kinds");
  EXPECT_NE(out.find("aws_iam_user\n"), std::string::npos);
  EXPECT_NE(out.find("aws_ec2_instance\n"), std::string::npos);
  EXPECT_EQ(out.find("\nresource\n"), std::string::npos);
  EXPECT_EQ(out.find("aws_iam_access_key_last_used\n"), std::string::npos);
  std::string all = run("kinds --all");
  EXPECT_NE(all.find("\nresource\n"), std::string::npos);
  EXPECT_NE(all.find("aws_iam_access_key_last_used\n"), std::string::npos);
}

TEST_F(CommandTest, KindsShowsInheritedPropertiesSortedAndRelatives) {
  std::string out = run("kinds aws_iam_access_key");
  EXPECT_EQ(out.rfind("name: aws_iam_access_key\nproperties:\n", 0), 0u) << out;
  EXPECT_NE(out.find("  access_key_last_used: aws_iam_access_key_last_used\n"), std::string::npos);
  EXPECT_NE(out.find("  access_key_status: string\n"), std::string::npos);
  EXPECT_NE(out.find("  age: duration\n"), std::string::npos);
  EXPECT_NE(out.find("  tags: dictionary[string, string]\n"), std::string::npos);
  EXPECT_NE(out.find("bases:\n- access_key\n- aws_resource\n- resource\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("predecessors:\n- aws_iam_user\n"), std::string::npos) << out;
  EXPECT_LT(out.find("  access_key_status"), out.find("  age:"));
}

TEST_F(CommandTest, KindsDescribesSimpleKindsAndUnknownNames) {
  EXPECT_EQ(run("kinds string"), "name: string\nruntime_kind: string\n");
  EXPECT_EQ(run("kinds nonsense"), "No kind with this name: nonsense\n");
  EXPECT_NE(run("kinds instance_status").find("- running\n"), std::string::npos);
}

TEST_F(CommandTest, KindsResolvesPropertyPaths) {
  std::string out = run("kinds -p reported.access_key_last_used.last_used");
  EXPECT_NE(out.find("kind: datetime\n"), std::string::npos) << out;
  EXPECT_NE(out.find("- aws_iam_access_key\n"), std::string::npos) << out;
}

TEST_F(CommandTest, ErrorsNameTheCommand) {
  EXPECT_NE(error("frobnicate").find("Command >frobnicate< is not known. Typo?"),
            std::string::npos);
  EXPECT_NE(error("kinds --bogus").find("kinds: unknown option --bogus"), std::string::npos);
  EXPECT_NE(error("kinds 'open").find("unbalanced quote ' in: kinds 'open"), std::string::npos);
  EXPECT_NE(error("search is(a) | dump | search all")
                .find("Command >search< can not be used in "
                      "this position: must be the first command"),
            std::string::npos);
  EXPECT_NE(
      error("list").find("Command >list< can not be used in this position: no source data given"),
      std::string::npos);
  EXPECT_NE(error("search is(no_such_kind)").find("search: unknown kind 'no_such_kind'"),
            std::string::npos);
}

TEST_F(CommandTest, SemicolonRunsSeveralCommands) {
  EXPECT_EQ(run("kinds string; kinds int64"),
            "name: string\nruntime_kind: string\nname: int64\nruntime_kind: int64\n");
}

}  // namespace
}  // namespace canopy
