// The report command through the real binary on the demo inventory: the
// data directory's report.json and user checks, file outputs, exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "e2e/run.h"

namespace canopy::testing {
namespace {

namespace fs = std::filesystem;

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_path("report");
    RunResult r = run_canopy({"--data-dir", dir_, "demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { fs::remove_all(dir_); }
  RunResult exec(const std::string& line) { return run_canopy({"--data-dir", dir_, "exec", line}); }
  std::string dir_;
};

std::string line_of(const std::string& out, const std::string& check) {
  size_t p = out.find(" " + check + " ");
  if (p == std::string::npos) return "";
  size_t b = out.rfind('\n', p), e = out.find('\n', p);
  return out.substr(b == std::string::npos ? 0 : b + 1, e - (b == std::string::npos ? 0 : b + 1));
}

TEST_F(ReportCli, ConfigurationIgnoresChecksAndOverridesParameters) {
  RunResult before = exec("report benchmark run aws_cis_2_0 --only-check-results");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(line_of(before.out, "aws_iam_user_has_two_active_access_keys"),
            "medium aws_iam_user_has_two_active_access_keys 3");
  std::string rotate = line_of(before.out, "aws_iam_rotate_access_keys_after_90_days");
  EXPECT_NE(rotate, "medium aws_iam_rotate_access_keys_after_90_days 0");

  std::ofstream(dir_ + "/report.json")
      << R"({"ignore_checks": ["aws_iam_user_has_two_active_access_keys"],
             "override_values": {"last_rotated_max": "100yr"}})";
  RunResult after = exec("report benchmark run aws_cis_2_0 --only-check-results");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(line_of(after.out, "aws_iam_user_has_two_active_access_keys"), "");
  EXPECT_EQ(line_of(after.out, "aws_iam_rotate_access_keys_after_90_days"),
            "medium aws_iam_rotate_access_keys_after_90_days 0");
  // The command line still wins over the configuration.
  RunResult param = exec(
      "report check run aws_iam_rotate_access_keys_after_90_days --param last_rotated_max=90d "
      "--only-check-results");
  EXPECT_EQ(param.out, rotate + "\n");

  // An ignored account is never counted, even when it is the only one asked for.
  std::ofstream(dir_ + "/report.json") << R"({"ignore_accounts": ["123456789012"]})";
  RunResult ignored = exec(
      "report check run aws_iam_user_has_two_active_access_keys --accounts 123456789012 "
      "--only-check-results");
  EXPECT_EQ(ignored.out, "medium aws_iam_user_has_two_active_access_keys 0\n") << ignored.err;

  std::ofstream(dir_ + "/report.json") << R"({"ignore_checks": ["no_such_check"]})";
  RunResult bad = exec("report benchmark list");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("ignore_checks names unknown check no_such_check"), std::string::npos)
      << bad.err;
}

TEST_F(ReportCli, ABrokenUserCheckIsAnErrorNamingFileAndCheck) {
  fs::create_directories(dir_ + "/checks");
  std::ofstream(dir_ + "/checks/mine.json") << R"({"provider": "aws", "service": "custom",
    "checks": [{"name": "typo", "title": "t", "result_kinds": ["aws_iam_user"],
      "categories": [], "severity": "low", "risk": "r",
      "detect": {"resoto": "is(aws_iam_user) and pasword_enabled==true"},
      "remediation": {"text": "x.", "url": "https://example.com"}}]})";
  RunResult r = exec("report check list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("mine.json: check aws_custom_typo: unknown property pasword_enabled"),
            std::string::npos)
      << r.err;
  // Other commands are not affected.
  EXPECT_EQ(exec("search is(aws_account) | count").exit_code, 0);

  // Fixed, it runs next to the shipped checks.
  std::ofstream(dir_ + "/checks/mine.json") << R"({"provider": "aws", "service": "custom",
    "checks": [{"name": "console_users", "title": "Console users", "result_kinds": ["aws_iam_user"],
      "categories": [], "severity": "low", "risk": "r",
      "detect": {"resoto": "is(aws_iam_user) and password_enabled==true"},
      "remediation": {"text": "x.", "url": "https://example.com"}}]})";
  RunResult ok = exec("report check run aws_custom_console_users --only-check-results");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("low aws_custom_console_users ", 0), 0u) << ok.out;
}

TEST_F(ReportCli, OutputsFilesAndExitCodes) {
  std::string sarif = dir_ + "/cis.sarif";
  RunResult r = exec("report benchmark run aws_cis_2_0 --output " + sarif);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "wrote sarif report to " + sarif + "\n");
  EXPECT_NE(read_file(sarif).find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_FALSE(fs::exists(sarif + ".tmp"));

  RunResult unknown = exec("report benchmark run aws_cis_9_9");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown benchmark aws_cis_9_9"), std::string::npos) << unknown.err;
  RunResult format = exec("report benchmark run aws_cis_2_0 --format pdf");
  EXPECT_EQ(format.exit_code, 1);
  EXPECT_NE(format.err.find("unknown report format 'pdf'"), std::string::npos) << format.err;

  // The demo inventory has a failing critical check (a root access key).
  RunResult critical = run_canopy({"--data-dir", dir_, "exec", "--fail-on", "critical",
                                   "report benchmark run aws_cis_2_0 --only-check-results"});
  EXPECT_EQ(critical.exit_code, 4) << critical.err;
  RunResult none = run_canopy({"--data-dir", dir_, "exec", "--fail-on", "critical",
                               "report check run aws_iam_user_has_two_active_access_keys"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
}

}  // namespace
}  // namespace canopy::testing
