// The CIS AWS Foundations benchmarks 1.5 and 2.0 end to end. tests/e2e/seed_cis.py seeds moto
// with compliant and non-compliant resources of every service the checks read, in us-east-1
// and eu-west-1. canopy collects every service of both regions. Then both benchmark runs must
// give, check by check, the verdict the seed implies: passed, failed with exactly these
// resources, or manual. No check may end in error: a check over a kind the collect could not
// read completely is an error, never a pass. Every check of both benchmarks must be in the
// table below, so a new check fails this test until its verdict is added.
//
// What moto 5.2 cannot emulate. For these checks the table asserts what Canopy says on moto's
// data, and the reason is given next to each one:
//   - the credential report has no <root_account> line, so there is no aws_root_user node and
//     the four root checks have nothing to fail;
//   - moto stamps every credential with the current time, so nothing can be seeded stale;
//   - every server certificate gets Expiration 2012-05-08 and the same ServerCertificateId;
//   - PutBucketVersioning ignores MFADelete;
//   - trails never say HasCustomEventSelectors, so their event selectors are never read;
//   - trails never report a CloudWatch Logs delivery time;
//   - a started configuration recorder stays PENDING forever.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

using Ids = std::set<std::string>;

const std::string kSeedScript = std::string(CANOPY_SOURCE_DIR) + "/tests/e2e/seed_cis.py";
const std::string kAccount = "123456789012";
const std::string kUs = "us-east-1", kEu = "eu-west-1";

// What a run says about one check. `error` holds the message of an error outcome.
struct Verdict {
  std::string outcome;
  Ids failing;
  std::string error;
  bool operator==(const Verdict&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Verdict& v) {
  os << v.outcome;
  if (!v.error.empty()) os << ": " << v.error;
  for (const auto& id : v.failing) os << " " << id;
  return os;
}

Verdict passed() {
  return {"passed", {}, ""};
}
Verdict failed(Ids ids) {
  return {"failed", std::move(ids), ""};
}
Verdict manual() {
  return {"manual", {}, ""};
}

Ids with(Ids a, const Ids& b) {
  a.insert(b.begin(), b.end());
  return a;
}

// The JSON object seed_cis.py prints: the ids of what it created.
class Seed {
 public:
  explicit Seed(std::string json) : json_(std::move(json)) {
    ok_ = parser_.parse(json_).get(doc_) == simdjson::SUCCESS;
  }
  bool ok() const { return ok_; }

  // The string at a JSON pointer, e.g. "/users/console-no-mfa".
  std::string str(const std::string& pointer) const {
    std::string_view s;
    EXPECT_EQ(doc_.at_pointer(pointer).get(s), simdjson::SUCCESS) << pointer;
    return std::string(s);
  }

  // The strings of the array at a JSON pointer.
  Ids ids(const std::string& pointer) const {
    Ids out;
    simdjson::dom::array a;
    EXPECT_EQ(doc_.at_pointer(pointer).get(a), simdjson::SUCCESS) << pointer;
    for (auto e : a) {
      std::string_view s;
      if (e.get(s) == simdjson::SUCCESS) out.emplace(s);
    }
    return out;
  }

 private:
  std::string json_;
  simdjson::dom::parser parser_;
  simdjson::dom::element doc_;
  bool ok_ = false;
};

// Every check of both benchmarks and the verdict the seed implies. Buckets and trails have
// the fixed names seed_cis.py gives them.
std::map<std::string, Verdict> expected(const Seed& s) {
  auto user = [&](const char* name) { return s.str(std::string("/users/") + name); };
  auto sg = [&](const char* name) { return s.str(std::string("/security_groups/") + name); };
  auto acl = [&](const char* name) { return s.str(std::string("/acls/") + name); };
  const Ids default_acls = s.ids("/default_acls");  // moto's allow everything from 0.0.0.0/0
  const Ids main_trail = {"main"};                  // the account's only logging trail
  return {
      // 1 Identity and Access Management
      {"aws_iam_account_maintain_current_contact_details", manual()},
      {"aws_iam_account_security_contact_information_is_registered", manual()},
      {"aws_iam_account_security_questions_are_registered_in_the_aws_account", manual()},
      // moto: no root line in the credential report, no aws_root_user node (1.4 to 1.7).
      {"aws_iam_no_root_access_key", passed()},
      {"aws_iam_root_mfa_enabled", passed()},
      {"aws_iam_root_hardware_mfa_enabled", passed()},
      {"aws_iam_avoid_root_usage", passed()},
      {"aws_iam_password_policy_minimum_length_14", passed()},
      {"aws_iam_password_policy_reuse_24", failed({kAccount})},
      {"aws_iam_user_mfa_enabled_console_access", failed({user("console-no-mfa")})},
      {"aws_iam_user_uses_access_keys_console_access", failed({s.str("/unused_console_key")})},
      // moto: every password and key is as old as the seed; none can be made stale.
      {"aws_iam_disable_old_credentials", passed()},
      {"aws_iam_user_has_two_active_access_keys", failed({user("two-keys")})},
      // moto: as 1.12, no key can be made older than 90 days.
      {"aws_iam_rotate_access_keys_after_90_days", passed()},
      {"aws_iam_policy_attached_only_to_group_or_roles",
       failed({user("inline"), user("attached")})},
      // moto lists policies without PolicyId, so the collector names them by ARN.
      {"aws_iam_policy_with_administrative_privileges_not_in_use",
       failed({s.str("/admin_policy/arn")})},
      {"aws_iam_support_role_exists", passed()},
      {"aws_ec2_instance_profile_attached",
       failed({s.str("/instances/batch"), s.str("/instances/no-imds")})},
      // moto: every certificate expired on 2012-05-08 and has the same id, so the current and
      // the expired certificate are one node, and it fails.
      {"aws_iam_expired_server_certificates", failed({s.str("/server_certificates/current-cert"),
                                                      s.str("/server_certificates/expired-cert")})},
      {"aws_iam_access_analyzer_enabled", manual()},
      {"aws_iam_check_saml_providers_sts", manual()},
      {"aws_iam_check_cloudshell_access_restricted",
       failed({user("shell-user"), s.str("/roles/shell-role")})},

      // 2 Storage
      {"aws_s3_bucket_default_encryption", failed({"cis-legacy-trail"})},
      {"aws_s3_bucket_secure_transport_policy", failed({"cis-access-logs", "cis-legacy-trail"})},
      // moto ignores MFADelete, even on cis-trail-logs, which asked for it.
      {"aws_s3_bucket_no_mfa_delete",
       failed({"cis-access-logs", "cis-legacy-trail", "cis-public-acl", "cis-trail-logs"})},
      {"aws_s3_macie_is_enabled", manual()},
      // cis-access-logs passes only through the account's blocks of public ACLs.
      {"aws_s3_account_level_public_access_blocks", failed({"cis-legacy-trail", "cis-public-acl"})},
      // The seed leaves EBS encryption by default off in both regions.
      {"aws_ec2_ebs_encryption_by_default", failed({"us-east-1", "eu-west-1"})},
      {"aws_ec2_volume_not_encrypted", failed(s.ids("/plain_volumes"))},
      {"aws_rds_storage_encrypted", failed({"db-bad"})},
      {"aws_rds_auto_minor_version_upgrade", failed({"db-bad"})},
      {"aws_rds_no_public_access", failed({"db-bad"})},
      {"aws_efs_storage_encrypted", failed({s.str("/efs/plain")})},

      // 3 Logging
      {"aws_cloudtrail_logging_in_all_regions_enabled", passed()},
      {"aws_cloudtrail_log_file_validation_enabled", failed({"legacy"})},
      // archive's bucket has a public ACL, but the account ignores public ACLs.
      {"aws_cloudtrail_logs_s3_bucket_is_not_publicly_accessible", failed({"cis-legacy-trail"})},
      {"aws_cloudtrail_no_logging_enabled", failed({"legacy", "archive"})},
      // moto: no LatestCloudWatchLogsDeliveryTime, so every logging trail looks silent.
      {"aws_cloudtrail_no_recent_log_event", failed(main_trail)},
      // moto: eu-west-1's recorder records everything but stays PENDING; us-east-1's never ran.
      {"aws_config_enabled_in_all_regions", failed({kUs, kEu})},
      {"aws_cloudtrail_s3_bucket_logging_enabled", failed({"legacy"})},
      {"aws_cloudtrail_uses_encryption_at_rest", failed({"legacy"})},
      {"aws_kms_key_rotation_enabled", failed(s.ids("/unrotated_keys"))},
      {"aws_ec2_vpc_flow_logs_enabled",
       failed({s.str("/vpcs/default_us-east-1"), s.str("/vpcs/default_eu-west-1"),
               s.str("/vpcs/narrow")})},
      // moto: main logs S3 object events, but HasCustomEventSelectors stays false, so its
      // selectors are never read (3.10, 3.11).
      {"aws_cloudtrail_s3_data_events_write_enabled", failed({kUs, kEu})},
      {"aws_cloudtrail_s3_data_events_read_enabled", failed({kUs, kEu})},

      // 4 Monitoring: 4.1 to 4.12 have their filter, alarm and topic on main's log group.
      {"aws_cloudtrail_log_metric_filters_unauthorized_api_calls", passed()},
      {"aws_cloudtrail_log_metric_filters_console_login_no_mfa", passed()},
      {"aws_cloudtrail_log_metric_filters_root_account_usage", passed()},
      {"aws_cloudtrail_log_metric_filters_iam_policy_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_cloud_trail_configuration_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_authentication_failures", passed()},
      {"aws_cloudtrail_log_metric_filters_kms_key_deletion", passed()},
      {"aws_cloudtrail_log_metric_filters_s3_bucket_policy_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_config_configuration_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_security_group_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_network_acl_changes", passed()},
      {"aws_cloudtrail_log_metric_filters_network_gateway_changes", passed()},
      // The alarm notifies nobody.
      {"aws_cloudtrail_log_metric_filters_route_table_changes", failed(main_trail)},
      // The filter is on a log group no trail writes to.
      {"aws_cloudtrail_log_metric_filters_vpc_changes", failed(main_trail)},
      // No filter at all.
      {"aws_cloudtrail_log_metric_filters_aws_org_changes", failed(main_trail)},
      {"aws_cloudtrail_security_hub_enabled", manual()},

      // 5 Networking
      {"aws_ec2_allow_ingress_any_port_ipv4", failed(default_acls)},
      {"aws_ec2_allow_ingress_any_port_ipv6", failed({acl("all6")})},
      {"aws_ec2_allow_ingress_ssh_port_22_ipv4", failed(with(default_acls, {acl("ssh4")}))},
      {"aws_ec2_allow_ingress_ssh_port_22_ipv6", failed({acl("all6"), acl("ssh6")})},
      {"aws_ec2_allow_ingress_rdp_port_3389_ipv4", failed(with(default_acls, {acl("rdp4")}))},
      {"aws_ec2_allow_ingress_rdp_port_3389_ipv6", failed({acl("all6")})},
      {"aws_ec2_allow_ingress_from_internet_to_any_port_ipv4", failed({sg("all4")})},
      {"aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv4", failed({sg("ssh4"), sg("all4")})},
      {"aws_ec2_allow_ingress_from_internet_to_rdp_port_3389_ipv4", failed({sg("all4")})},
      {"aws_ec2_allow_ingress_from_internet_to_any_port_ipv6", failed({sg("all6")})},
      {"aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv6", failed({sg("all6"), sg("low6")})},
      {"aws_ec2_allow_ingress_from_internet_to_rdp_port_3389_ipv6",
       failed({sg("rdp6"), sg("all6")})},
      {"aws_ec2_default_restrict_traffic", failed(s.ids("/open_default_sg_vpcs"))},
      {"aws_ec2_routing_tables_with_least_privilege", failed({s.str("/vpcs/app_us-east-1")})},
      {"aws_ec2_instance_uses_imdsv2", failed({s.str("/instances/batch")})},
  };
}

class CisBenchmarks : public CollectFixture {
 protected:
  // The support role (1.17) and CloudShell (1.22) checks look for AWS managed policies,
  // which moto loads only when asked to.
  void SetUp() override {
    auto started = moto_.start({"MOTO_IAM_LOAD_MANAGED_POLICIES=true"});
    ASSERT_TRUE(started.ok) << started.error;
    data_ = temp_path("collect-data");
  }

  // The verdict of every check of a benchmark run.
  std::map<std::string, Verdict> run(const std::string& benchmark) {
    std::string out = exec("report benchmark run " + benchmark +
                           " --only-check-results | jq --no-rewrite '.reported | {id, outcome, "
                           "error, failing: [.resources_failing_by_account // {} | .[][] | .id]}' "
                           "| format --ndjson");
    std::map<std::string, Verdict> verdicts;
    simdjson::dom::parser parser;
    for (const std::string& line : lines_with(out, "")) {
      simdjson::dom::element e;
      std::string_view id, outcome, error;
      simdjson::dom::array failing;
      if (parser.parse(line).get(e) != simdjson::SUCCESS || e["id"].get(id) != simdjson::SUCCESS ||
          e["outcome"].get(outcome) != simdjson::SUCCESS ||
          e["failing"].get(failing) != simdjson::SUCCESS) {
        ADD_FAILURE() << "unexpected line: " << line;
        continue;
      }
      Verdict& v = verdicts[std::string(id)];
      v.outcome = outcome;
      if (e["error"].get(error) == simdjson::SUCCESS) v.error = error;
      for (auto f : failing) {
        std::string_view s;
        if (f.get(s) == simdjson::SUCCESS) v.failing.emplace(s);
      }
    }
    return verdicts;
  }
};

TEST_F(CisBenchmarks, EveryCheckGivesTheVerdictTheSeedImplies) {
  std::string out, err;
  ASSERT_EQ(moto_.run_python(kSeedScript, {}, &out, &err), 0) << err;
  Seed seed(out);
  ASSERT_TRUE(seed.ok()) << out;
  RunResult r = collect({kUs, kEu}, {});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::map<std::string, Verdict> want = expected(seed);
  std::set<std::string> seen;
  for (const char* benchmark : {"aws_cis_1_5", "aws_cis_2_0"}) {
    std::map<std::string, Verdict> got = run(benchmark);
    for (const auto& [check, verdict] : got) {
      seen.insert(check);
      auto it = want.find(check);
      if (it == want.end())
        ADD_FAILURE() << benchmark << " has " << check << " (" << verdict
                      << "), which the table does not know: add its expected verdict";
      else
        EXPECT_EQ(verdict, it->second) << benchmark << ": " << check;
    }
  }
  for (const auto& [check, verdict] : want)
    EXPECT_TRUE(seen.contains(check))
        << check << " is in neither benchmark: drop it from the table";
}

}  // namespace
}  // namespace canopy::testing
