// Benchmark and check runs over the demo inventory: the result graph, the
// Markdown report, the report command in a session, parameter overrides,
// account filters, errors, and the security sections a synced run writes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command/session.h"
#include "core/test_scratch.h"
#include "graph/database.h"
#include "report/library.h"
#include "report/outputs.h"
#include "report/report_command.h"
#include "report/result_tree.h"
#include "report/runner.h"
#include "report/security_sync.h"

namespace canopy::report {
namespace {

namespace fs = std::filesystem;

const char* kBenchmark = R"({
  "title": "Test benchmark", "framework": "CIS", "version": "1.0", "description": "two sections",
  "children": [
    {"title": "1 Keys", "description": "about keys",
     "checks": ["aws_iam_user_has_two_active_access_keys"]},
    {"title": "2 Console", "description": "about passwords",
     "checks": ["aws_iam_user_uses_access_keys_console_access", "aws_iam_access_analyzer_enabled"]}
  ]})";

class RunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testing::scratch_path("run-test");
    auto db = Database::open(dir_);
    ASSERT_TRUE(db) << db.message();
    db_ = std::move(*db).release();
    std::ifstream in(std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson");
    std::ostringstream text;
    text << in.rdbuf();
    std::string path = dir_ + "/inventory.ndjson";
    std::ofstream(path) << text.str();
    int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_TRUE(db_->import_fd(fd)) << "import";
    ::close(fd);
    auto lib = Library::load(db_->model(), shipped_checks(), {{"test_bench.json", kBenchmark}});
    ASSERT_TRUE(lib) << lib.message();
    lib_ = std::move(*lib).release();
    register_report_command(*lib_, &record_);
  }
  static void TearDownTestSuite() {
    delete db_;
    delete lib_;
    fs::remove_all(dir_);
  }

  std::string exec(const std::string& line) {
    Session s(*db_);
    std::string out;
    Status st = s.execute(line, out);
    EXPECT_TRUE(st) << line << ": " << st.message();
    return out;
  }

  static std::string dir_;
  static Database* db_;
  static Library* lib_;
  static RunRecord record_;
};
std::string RunTest::dir_;
Database* RunTest::db_ = nullptr;
Library* RunTest::lib_ = nullptr;
RunRecord RunTest::record_;

TEST_F(RunTest, ResultGraphHasTheShapeOfTheSpec) {
  // 1 benchmark + 2 sections + 3 checks + 5 edges.
  EXPECT_EQ(exec("report benchmark run test_bench | count"),
            "total matched: 11\ntotal unmatched: 0\n");
  std::string json = exec(
      "report benchmark run test_bench --only-check-results | jq --no-rewrite "
      "'[.reported.id, .reported.number_of_resources_failing, .reported.outcome]' "
      "| format --ndjson");
  EXPECT_NE(json.find(R"(["aws_iam_user_has_two_active_access_keys",3,"failed"])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"(["aws_iam_access_analyzer_enabled",0,"manual"])"), std::string::npos)
      << json;
  std::string by_account = exec(
      "report check run aws_iam_user_has_two_active_access_keys --only-check-results | jq "
      "--no-rewrite '.reported.resources_failing_by_account[\"123456789012\"][] | "
      "[.name, .kind, .region, .account]' | format --ndjson");
  EXPECT_NE(by_account.find(R"(["alice","aws_iam_user","global","canopy-test"])"),
            std::string::npos)
      << by_account;
}

TEST_F(RunTest, MarkdownReportPerAccount) {
  std::string md = exec("report benchmark run test_bench");
  EXPECT_NE(md.find("# Report for account 123456789012\n\nTitle: Test benchmark\n\nVersion: 1.0\n\n"
                    "Summary: all 2 checks failed, 1 to check by hand \u270B\n\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## 1 Keys (all checks \u274C)\n\nabout keys\n\n"), std::string::npos) << md;
  EXPECT_NE(md.find("  - There are 3 `aws_iam_user` resources failing this check.\n"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find(".. See [Link]"), std::string::npos) << "no double period";
  // Unknown ids are errors, never silently ignored.
  Session s(*db_);
  std::string out;
  Status st = s.execute("report benchmark run nosuch", out);
  EXPECT_FALSE(st);
  EXPECT_NE(st.message().find("unknown benchmark nosuch"), std::string::npos) << st.message();
  st = s.execute("report check run aws_iam_user_has_two_active_access_keys --param x=1", out);
  EXPECT_FALSE(st);
  st = s.execute(
      "report check run aws_iam_rotate_access_keys_after_90_days --param "
      "last_rotated_max=soon",
      out);
  EXPECT_FALSE(st);
  EXPECT_NE(st.message().find("expected a duration"), std::string::npos) << st.message();
}

TEST_F(RunTest, OverridesAccountsAndSeverity) {
  // A rotation limit of 100 years passes every key; the default 90 days does not.
  EXPECT_NE(exec("report check run aws_iam_rotate_access_keys_after_90_days --only-check-results"),
            "");
  std::string lenient = exec(
      "report check run aws_iam_rotate_access_keys_after_90_days --param last_rotated_max=100yr "
      "--only-check-results");
  EXPECT_EQ(lenient, "medium aws_iam_rotate_access_keys_after_90_days 0\n");
  EXPECT_EQ(exec("report check run aws_iam_user_has_two_active_access_keys --accounts 999999999999 "
                 "--only-check-results"),
            "medium aws_iam_user_has_two_active_access_keys 0\n");
  EXPECT_EQ(exec("report benchmark run test_bench --severity high --only-check-results"), "");
}

TEST_F(RunTest, SecuritySectionsFollowTheRuns) {
  std::string first = exec("report benchmark run test_bench --sync-security-section --run-id r1");
  EXPECT_NE(first.find("5 nodes newly vulnerable, 0 changed, 0 compliant again"), std::string::npos)
      << first;
  EXPECT_EQ(exec("search /security.has_issues==true | count"),
            "total matched: 5\ntotal unmatched: 0\n");
  EXPECT_EQ(exec("search /security.has_issues==true and name==alice and is(aws_iam_user) | list "
                 "/security.severity, /security.reopen_counter, /security.run_id"),
            "severity=medium, reopen_counter=0, run_id=r1\n");
  std::string again = exec("report benchmark run test_bench --sync-security-section --run-id r2");
  EXPECT_NE(again.find("0 nodes newly vulnerable, 0 changed, 0 compliant again"), std::string::npos)
      << again;
  // A run in which nothing fails closes every issue.
  std::string none = exec(
      "report benchmark run test_bench --sync-security-section --run-id r3 --accounts "
      "999999999999");
  EXPECT_NE(none.find("0 compliant again"), std::string::npos) << "other accounts stay open";
  EXPECT_EQ(exec("search /security.has_issues==true | count"),
            "total matched: 5\ntotal unmatched: 0\n");
}

// A collect that could not read part of an account records the gap on the
// account node; checks over those kinds that find nothing are errors, not passes.
class GapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::scratch_path("gap-test");
    fs::remove_all(dir_);
    auto db = Database::open(dir_);
    ASSERT_TRUE(db) << db.message();
    db_ = std::move(*db);
    std::string path = dir_ + "/in.ndjson";
    std::ofstream(path) << R"({"id":"root","reported":{"kind":"graph_root","id":"root"}}
{"id":"aws","reported":{"kind":"cloud","id":"aws"}}
{"id":"a1","reported":{"kind":"aws_account","id":"111111111111"},"metadata":{"collect_warnings":["s3 us-east-1 GetBucketVersioning logs: AccessDenied (403): no","s3 us-east-1 GetBucketAcl logs: AccessDenied (403): no","s3 us-east-1 GetBucketPolicy logs: AccessDenied (403): no","s3 us-east-1 GetBucketLogging logs: AccessDenied (403): no"],"collect_incomplete_kinds":["aws_s3_bucket","aws_s3_account_settings"]}}
{"id":"a2","reported":{"kind":"aws_account","id":"222222222222"}}
{"id":"r1","reported":{"kind":"aws_region","id":"us-east-1","name":"us-east-1"}}
{"id":"k1","reported":{"kind":"aws_kms_key","id":"k1","kms_key_manager":"CUSTOMER","access_key_status":"Enabled","kms_key_spec":"SYMMETRIC_DEFAULT","kms_origin":"AWS_KMS","kms_key_rotation_enabled":false}}
{"from":"root","to":"aws"}
{"from":"aws","to":"a1"}
{"from":"aws","to":"a2"}
{"from":"a1","to":"r1"}
{"from":"r1","to":"k1"}
)";
    int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_TRUE(db_->import_fd(fd)) << "import";
    ::close(fd);
    auto lib = Library::load(db_->model(), shipped_checks(), {});
    ASSERT_TRUE(lib) << lib.message();
    lib_ = std::move(*lib);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CheckOutcome run(const std::string& check, RunOptions options = {}) {
    const Check* c = lib_->check(check);
    EXPECT_NE(c, nullptr) << check;
    if (!c) return {};
    return run_checks({c}, *db_, options).front();
  }

  std::string dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Library> lib_;
};

TEST_F(GapTest, ACheckOverAnIncompleteKindIsAnErrorNamingTheGap) {
  CheckOutcome r = run("aws_s3_bucket_no_mfa_delete");
  EXPECT_EQ(r.outcome, Outcome::Error);
  EXPECT_NE(r.error.find("account 111111111111 was collected incompletely (aws_s3_bucket)"),
            std::string::npos)
      << r.error;
  EXPECT_NE(r.error.find("GetBucketVersioning logs: AccessDenied"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("and 1 more warnings"), std::string::npos) << r.error;
}

TEST_F(GapTest, ChecksOverOtherKindsOrOtherAccountsAreUnaffected) {
  // The key check fails on a real finding: a gap elsewhere does not hide it.
  EXPECT_EQ(run("aws_kms_key_rotation_enabled").outcome, Outcome::Failed);
  RunOptions only_a2;
  only_a2.accounts = {"222222222222"};
  EXPECT_EQ(run("aws_s3_bucket_no_mfa_delete", only_a2).outcome, Outcome::Passed);
  RunOptions ignore_a1;
  ignore_a1.ignore_accounts = {"111111111111"};
  EXPECT_EQ(run("aws_s3_bucket_no_mfa_delete", ignore_a1).outcome, Outcome::Passed);
}

}  // namespace
}  // namespace canopy::report
