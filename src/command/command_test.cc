#include "command/session.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/test_scratch.h"
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

namespace canopy {
namespace {

// Golden output of the pipeline commands on the fixture inventory, at a
// fixed clock.
class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("CANOPY_NOW", "2024-06-01T00:00:00Z", 1);
    dir = testing::scratch_path("pipeline");
    auto d = Database::open(dir);
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
    int fd =
        open((std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    auto r = db->import_fd(fd);
    close(fd);
    ASSERT_TRUE(r.is_ok()) << r.message();
  }
  static void TearDownTestSuite() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  static std::string run(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute(line, out);
    EXPECT_TRUE(st.is_ok()) << line << ": " << st.message();
    return out;
  }
  static std::string error(const std::string& line) {
    Session s(*db);
    std::string out;
    Status st = s.execute(line, out);
    EXPECT_FALSE(st.is_ok()) << line;
    return st.message();
  }
  static std::string dir;
  static std::unique_ptr<Database> db;
};
std::string PipelineTest::dir;
std::unique_ptr<Database> PipelineTest::db;

TEST_F(PipelineTest, DefaultListShowsKindIdNamePredicatesAgeAndLocation) {
  EXPECT_EQ(run("search is(aws_s3_bucket)"),
            "kind=aws_s3_bucket, id=canopy-test-logs, name=canopy-test-logs, age=5yr1mo, "
            "last_update=5yr1mo, cloud=aws, account=canopy-test, region=global\n"
            "kind=aws_s3_bucket, id=canopy-test-website, name=canopy-test-website, age=1yr5mo, "
            "last_update=1yr5mo, cloud=aws, account=canopy-test, region=global\n");
  EXPECT_EQ(run("search is(aws_ec2_volume) and volume_encrypted==false"),
            "kind=aws_ec2_volume, id=vol-0ee55ff66aa77bb88, name=vol-0ee55ff66aa77bb88, "
            "volume_encrypted=false, age=1yr7mo, last_update=0s, cloud=aws, account=canopy-test, "
            "region=eu-central-1\n");
}

TEST_F(PipelineTest, ListColumnsCsvAndMarkdown) {
  EXPECT_EQ(
      run("search is(aws_iam_user) limit 2 | list name, /ancestors.account.reported.name as acc"),
      "name=alice, acc=canopy-test\nname=bob, acc=canopy-test\n");
  EXPECT_EQ(
      run("search is(aws_iam_user) limit 3 | list --csv name, password_enabled, mfa_active as mfa"),
      "\"name\",\"password_enabled\",\"mfa\"\n\"alice\",True,True\n\"bob\",True,False\n"
      "\"carol\",False,False\n");
  EXPECT_EQ(run("search is(aws_iam_user) limit 2 | list --markdown name, password_enabled"),
            "|name |password_enabled|\n|-----|----------------|\n|alice|true            |\n"
            "|bob  |true            |\n");
  EXPECT_EQ(run("search is(aws_iam_user) limit 1 | list tags"),
            "email=alice@example.com, team=platform\n");
  EXPECT_NE(error("search all | list --csv --markdown").find("only one of"), std::string::npos);
  EXPECT_EQ(
      run("search is(aws_iam_user) limit 1 | list --json-table name, age, tags | format --ndjson"),
      R"({"columns":[{"name":"name","path":"/reported.name","kind":"string","display":"Name"},)"
      R"({"name":"age","path":"/reported.age","kind":"datetime","display":"Age"},)"
      R"({"name":"tags","path":"/reported.tags","kind":"dictionary[string, string]","display":"Tags"}]})"
      "\n"
      R"({"id":"user-alice","row":{"name":"alice","age":"5yr","tags":"team=platform, email=alice@example.com"}})"
      "\n");
}

TEST_F(PipelineTest, CountWithAndWithoutPath) {
  EXPECT_EQ(run("search is(aws_iam_user) | count mfa_active"),
            "True: 2\nFalse: 5\ntotal matched: 7\ntotal unmatched: 1\n");
  EXPECT_EQ(run("search is(access_key) | count"), "total matched: 12\ntotal unmatched: 0\n");
  EXPECT_EQ(run("json [{\"a\": 1}, {\"a\": null}, {\"b\": 2}] | count a"),
            "1: 1\ntotal matched: 1\ntotal unmatched: 2\n");
}

TEST_F(PipelineTest, DumpIsYaml) {
  std::string out = run("search id(sg-web) | dump");
  EXPECT_EQ(out.rfind("id: sg-web\nreported:\n  kind: aws_ec2_security_group\n", 0), 0u) << out;
  EXPECT_NE(out.find("  description: 'web servers: https and ssh from anywhere'\n"),
            std::string::npos);
  EXPECT_NE(out.find("  group_ip_permissions:\n  - from_port: 22\n    to_port: 22\n"),
            std::string::npos);
  EXPECT_NE(out.find("\nancestors:\n  cloud:\n    reported:\n"), std::string::npos);
  EXPECT_EQ(out.find("type: node"), std::string::npos);  // internal keys are not shown
}

TEST_F(PipelineTest, DumpWrittenFromDocumentsEqualsRenderedValues) {
  // `| dump` writes search results straight from their documents; `| uniq`
  // makes them go through rendered values first. Both must print the same.
  std::string direct = run("search all | dump");
  EXPECT_GT(direct.size(), 10000u);
  EXPECT_EQ(direct, run("search all | dump | uniq"));
}

TEST_F(PipelineTest, DefaultOrderFromRanksEqualsComparingValues) {
  // Results in the default order come from the snapshot's ranks; a sort with
  // one more key compares the values themselves. The order must agree.
  std::string ranked = run("search all | list /id");
  EXPECT_EQ(ranked, run("search all | sort kind, name, id, ctime | list /id"));
  EXPECT_EQ(std::count(ranked.begin(), ranked.end(), '\n'), 48);
}

TEST_F(PipelineTest, JsonChunkFlattenUniqFormatJq) {
  EXPECT_EQ(run("json [1, 2, 3, 4, 5] | chunk 2"), "[1, 2]\n[3, 4]\n[5]\n");
  EXPECT_EQ(run("json [[1, 2], [3]] | flatten"), "1\n2\n3\n");
  EXPECT_EQ(run("json [1, 1, {\"a\": 1, \"b\": 2}, {\"b\": 2, \"a\": 1}] | uniq"),
            "1\n---\na: 1\nb: 2\n\n");
  EXPECT_EQ(run("json {\"a\": \"x\", \"b\": {\"c\": [1, 2, 3]}} | format a={a} c2={b.c[1]} "
                "missing={nope} {{literal}}"),
            "a=x c2=2 missing=null {literal}\n");
  EXPECT_EQ(run("search is(aws_ec2_volume) | format {name}: {volume_size} GB"),
            "vol-0aa11bb22cc33dd44: 30 GB\nvol-0ee55ff66aa77bb88: 500 GB\n");
  EXPECT_EQ(run("search is(aws_iam_user) limit 2 | jq {name: .name, mfa: .mfa_active}"),
            "name: alice\nmfa: true\n\n---\nname: bob\nmfa: false\n\n");
  EXPECT_EQ(run("json [{\"a\": 1}] | jq .a"), "1\n");
  // Several results become one array, shown as YAML (jq formats the output: no list).
  EXPECT_EQ(run("json [{\"a\": [1, 2]}] | jq '.a[]'"), "- 1\n- 2\n\n");
  EXPECT_EQ(run("search is(aws_iam_user) limit 1 | format --ndjson")
                .rfind("{\"id\":\"user-alice\",\"type\":\"node\"", 0),
            0u);
  EXPECT_NE(error("json [1] | jq 'if'").find("jq program does not compile"), std::string::npos);
}

TEST_F(PipelineTest, ExplainEstimatesInsteadOfRunning) {
  EXPECT_EQ(run("search --explain is(aws_iam_user) and name==alice"),
            "estimated_cost: 8\nestimated_nr_items: 8\navailable_nr_items: 48\n"
            "full_collection_scan: false\nrating: simple\n\n");
  EXPECT_NE(run("search --explain name==alice").find("full_collection_scan: true\nrating: bad\n"),
            std::string::npos);
  EXPECT_NE(run("search --explain is(aws_iam_user) --> is(access_key)").find("rating: complex"),
            std::string::npos);
  EXPECT_NE(error("search --explain is(nope)").find("unknown kind 'nope'"), std::string::npos);
}

TEST_F(PipelineTest, HelpListsCommandsAndExplainsOne) {
  std::string all = run("help");
  for (const char* c : {"search", "list", "dump", "count", "jq", "format", "kinds", "help"})
    EXPECT_NE(all.find(std::string("  ") + c + " - "), std::string::npos) << c;
  EXPECT_EQ(run("help head").rfind("head: the first n elements (default 100)\n\nhead [-]<n>\n", 0),
            0u);
  EXPECT_NE(error("help frob").find("No command found with this name: frob"), std::string::npos);
}

TEST_F(PipelineTest, EchoEnvHeadTailAndPlaceholders) {
  EXPECT_EQ(run("echo \"a  b\""), "a  b\n");
  EXPECT_EQ(run("now=2024-06-01T00:00:00Z echo @UTC@ @today@ @MONDAY@"),
            "2024-06-01T00:00:00Z 2024-06-01 2024-06-03\n");
  EXPECT_EQ(run("section=desired limit=5 env"), "section: desired\nlimit: 5\n\n");
  EXPECT_EQ(run("json [3, 1, 2] | tail 2"), "1\n2\n");
  EXPECT_EQ(run("json [3, 1, 2] | head 1"), "3\n");
  EXPECT_EQ(run("search is(aws_iam_user) | head -10 | tail -5 | head -3 | list name"),
            "name=frank\nname=grace\nname=svc-deploy\n");  // ≡ limit 5, 3
  EXPECT_EQ(run("search is(aws_iam_user) | tail 2 | list name"), "name=grace\nname=svc-deploy\n");
  EXPECT_EQ(run("days=1800d search is(aws_iam_user) and age>{{days}} | list name"), "name=alice\n");
}

}  // namespace
}  // namespace canopy
