// End to end: the real canopy binary collects IAM from a real moto server
// that the test starts, and the touchstone searches answer exactly what the
// seeding script created.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "e2e/collect_fixture.h"
#include "e2e/moto.h"
#include "e2e/run.h"

namespace canopy::testing {
namespace {

const std::string kSeed = std::string(CANOPY_SOURCE_DIR) + "/tests/e2e/seed_iam.py";
const std::string kProxy = std::string(CANOPY_SOURCE_DIR) + "/tests/e2e/fault_proxy.py";

const char* kTwoActiveKeys =
    "search is(aws_iam_user) {access_keys[]: --> is(access_key)} "
    "access_keys[0].reported.access_key_status==\"Active\" and "
    "access_keys[1].reported.access_key_status==\"Active\" | dump";
const char* kUnusedKeys =
    "search is(aws_iam_access_key) and access_key_status==\"Active\" and "
    "access_key_last_used.last_used==null and "
    "/ancestors.aws_iam_user.reported.password_enabled==true | dump";

// Names (reported.name) of the nodes a search dumps, sorted.
std::multiset<std::string> names_of(const std::string& dump) {
  auto names = lines_with(dump, "  name: ");
  return {names.begin(), names.end()};
}

class CollectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = moto_.start();
    ASSERT_TRUE(started.ok) << started.error;
    data_ = temp_path("collect-data");
  }

  // Seeds the IAM scenario and returns what it created.
  simdjson::dom::element seed() {
    std::string err;
    int rc = moto_.run_python(kSeed, {"--endpoint", moto_.url()}, &seed_out_, &err);
    EXPECT_EQ(rc, 0) << err;
    simdjson::dom::element doc;
    EXPECT_EQ(parser_.parse(seed_out_).get(doc), simdjson::SUCCESS) << seed_out_;
    return doc;
  }

  RunResult collect(const std::string& url, const std::vector<std::string>& extra = {},
                    const std::vector<std::string>& env = aws_env()) {
    std::vector<std::string> args = {"--data-dir",     data_, "collect",  "aws",
                                     "--endpoint-url", url,   "--region", "us-east-1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_canopy(args, "", env);
  }

  std::string exec(const std::string& line) {
    RunResult r = run_canopy({"--data-dir", data_, "exec", line});
    EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.err;
    return r.out;
  }

  MotoServer moto_;
  std::string data_;
  std::string seed_out_;
  simdjson::dom::parser parser_;
};

std::multiset<std::string> string_set(simdjson::simdjson_result<simdjson::dom::element> arr,
                                      const char* member) {
  std::multiset<std::string> out;
  simdjson::dom::array a;
  EXPECT_EQ(arr.get(a), simdjson::SUCCESS);
  for (auto e : a) {
    std::string_view s;
    if (member ? e[member].get(s) == simdjson::SUCCESS : e.get(s) == simdjson::SUCCESS)
      out.emplace(s);
  }
  return out;
}

TEST_F(CollectTest, TouchstoneSearchesFindExactlyTheSeededUsersAndKeys) {
  auto expected = seed();
  RunResult r = collect(moto_.url());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("api calls:"), std::string::npos) << r.err;

  // Users with two active keys.
  auto users = names_of(exec(kTwoActiveKeys));
  EXPECT_EQ(users, string_set(expected["two_active_keys_users"], nullptr));
  EXPECT_FALSE(users.empty());

  // Active, never used keys of users with a password: ids and owners.
  std::string dump = exec(kUnusedKeys);
  auto ids = lines_with(dump, "  id: ");
  EXPECT_EQ(std::multiset<std::string>(ids.begin(), ids.end()),
            string_set(expected["active_unused_keys_of_password_users"], "access_key_id"));
  EXPECT_EQ(names_of(dump), string_set(expected["active_unused_keys_of_password_users"], "user"));
}

TEST_F(CollectTest, TheTwoSeedChecksReportTheSeededUsersAndKeys) {
  auto expected = seed();
  ASSERT_EQ(collect(moto_.url()).exit_code, 0);
  auto failing = [&](const std::string& check) {
    std::string out = exec("report check run " + check +
                           " --only-check-results | jq --no-rewrite "
                           "'.reported.resources_failing_by_account[][] | .id' | format --ndjson");
    std::multiset<std::string> ids;
    for (const auto& line : lines_with(out, "")) {
      if (line.empty() || line == "[" || line == "]") continue;
      // one JSON value per line: "id" or ["id", …]
      size_t pos = 0;
      while ((pos = line.find('"', pos)) != std::string::npos) {
        size_t end = line.find('"', pos + 1);
        ids.insert(line.substr(pos + 1, end - pos - 1));
        pos = end + 1;
      }
    }
    return ids;
  };
  // Users are reported by their user id, keys by their key id.
  std::multiset<std::string> user_ids;
  simdjson::dom::object users;
  ASSERT_EQ(expected["users"].get(users), simdjson::SUCCESS);
  for (const auto& name : string_set(expected["two_active_keys_users"], nullptr)) {
    std::string_view uid;
    ASSERT_EQ(users[name]["user_id"].get(uid), simdjson::SUCCESS);
    user_ids.emplace(uid);
  }
  EXPECT_EQ(failing("aws_iam_user_has_two_active_access_keys"), user_ids);
  EXPECT_EQ(failing("aws_iam_user_uses_access_keys_console_access"),
            string_set(expected["active_unused_keys_of_password_users"], "access_key_id"));
  // The Markdown report names them too, and --fail-on turns failures into an exit code.
  RunResult md = run_canopy({"--data-dir", data_, "exec", "--fail-on", "medium",
                             "report check run aws_iam_user_has_two_active_access_keys"});
  EXPECT_EQ(md.exit_code, 4) << md.err;
  EXPECT_NE(md.out.find("There are " + std::to_string(user_ids.size()) + " `aws_iam_user`"),
            std::string::npos)
      << md.out;
  RunResult high = run_canopy({"--data-dir", data_, "exec", "--fail-on", "high",
                               "report check run aws_iam_user_has_two_active_access_keys"});
  EXPECT_EQ(high.exit_code, 0) << high.err;
}

TEST_F(CollectTest, RegionsAreCollectedInParallelWithTheirSecurityGroups) {
  std::string script = temp_path("sg.py");
  std::ofstream(script) << R"(import boto3, os
ec2 = boto3.client('ec2', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
vpc = ec2.create_vpc(CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
sg = ec2.create_security_group(GroupName='ssh-open', Description='t', VpcId=vpc)['GroupId']
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{'IpProtocol': 'tcp',
    'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
print(sg)
)";
  std::string out, err;
  ASSERT_EQ(moto_.run_python(script, {}, &out, &err), 0) << err;
  std::string sg = out.substr(0, out.find('\n'));
  RunResult r = run_canopy({"--data-dir", data_, "collect", "aws", "--endpoint-url", moto_.url(),
                            "--region", "eu-west-1", "--region", "us-east-1", "--services", "ec2"},
                           "", aws_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ec2 "), std::string::npos) << r.err;
  // Each region's default VPC and group, plus ours, linked to their VPCs.
  EXPECT_EQ(exec("search is(aws_ec2_security_group) <-- is(aws_vpc) | count"),
            "total matched: 3\ntotal unmatched: 0\n");
  EXPECT_EQ(exec("search is(aws_ec2_security_group) and name==ssh-open | list id, "
                 "/ancestors.region.reported.name"),
            "id=" + sg + ", name=eu-west-1\n");
  std::string failing = exec(
      "report check run aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv4 "
      "--only-check-results | jq --no-rewrite '.reported.resources_failing_by_account[][] | .id' "
      "| format --ndjson");
  EXPECT_NE(failing.find(sg), std::string::npos) << failing;
  EXPECT_EQ(exec("search is(aws_iam_user) | count"), "total matched: 0\ntotal unmatched: 0\n")
      << "--services ec2 leaves IAM out";
}

TEST_F(CollectTest, ProgressIsShownOnATerminalOnly) {
  seed();
  // `script` gives the command a pseudo-terminal.
  std::string cmd = std::string(CANOPY_BINARY) + " --data-dir " + data_ +
                    " collect aws --endpoint-url " + moto_.url() + " --region us-east-1";
  std::string out, err;
  int rc = run_process({"/usr/bin/script", "-qec", cmd, "/dev/null"}, aws_env(), {"AWS_"}, &out,
                       &err, 120);
  ASSERT_EQ(rc, 0) << out << err;
  EXPECT_NE(out.find("\r\033[Kcollecting: 0/1 accounts done"), std::string::npos) << out;
  EXPECT_NE(out.find("api calls:"), std::string::npos) << out;
  RunResult piped = collect(moto_.url());
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find("collecting:"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find('\033'), std::string::npos) << "no terminal codes in a pipe";
}

TEST_F(CollectTest, InstancesAndVolumesFeedTheirChecks) {
  std::string script = temp_path("ec2.py");
  std::ofstream(script) << R"(import boto3, os
ec2 = boto3.client('ec2', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
r = ec2.run_instances(ImageId='ami-03cf127a', InstanceType='t3.micro', MinCount=1, MaxCount=1,
                      MetadataOptions={'HttpTokens': 'optional', 'HttpEndpoint': 'enabled'})
i = r['Instances'][0]['InstanceId']
plain = ec2.create_volume(AvailabilityZone='eu-west-1a', Size=8, Encrypted=False)['VolumeId']
ec2.attach_volume(VolumeId=plain, InstanceId=i, Device='/dev/sdf')
ec2.create_volume(AvailabilityZone='eu-west-1a', Size=8, Encrypted=True)
print(i, plain)
)";
  std::string out, err;
  ASSERT_EQ(moto_.run_python(script, {}, &out, &err), 0) << err;
  std::string instance = out.substr(0, out.find(' '));
  std::string plain = out.substr(out.find(' ') + 1);
  plain.erase(plain.find_last_not_of("\n") + 1);
  RunResult r = run_canopy({"--data-dir", data_, "collect", "aws", "--endpoint-url", moto_.url(),
                            "--region", "eu-west-1", "--services", "ec2"},
                           "", aws_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(exec("search is(aws_ec2_instance) | list id, instance_status, "
                 "instance_metadata_options.http_tokens"),
            "id=" + instance + ", instance_status=running, http_tokens=optional\n");
  // The attached volume hangs below its instance.
  EXPECT_NE(exec("search id(\"" + std::string("123456789012:instance:") + instance +
                 "\") --> is(aws_ec2_volume) | list id")
                .find(plain),
            std::string::npos);
  auto count_of = [&](const std::string& check) {
    std::string line = exec("report check run " + check + " --only-check-results");
    return line.substr(line.rfind(' ') + 1);
  };
  EXPECT_EQ(count_of("aws_ec2_instance_uses_imdsv2"), "1\n");
  EXPECT_EQ(count_of("aws_ec2_instance_profile_attached"), "1\n");
  // The unencrypted volume we made and the instance's unencrypted root volume.
  EXPECT_EQ(count_of("aws_ec2_volume_not_encrypted"), "2\n");
}

TEST_F(CollectTest, IamPropertiesAndEdgesAreCollected) {
  auto expected = seed();
  RunResult r = collect(moto_.url());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Every user, the account's password policy, MFA, group membership and policies.
  simdjson::dom::object users;
  ASSERT_EQ(expected["users"].get(users), simdjson::SUCCESS);
  EXPECT_EQ(exec("search is(aws_iam_user) | count"),
            "total matched: " + std::to_string(users.size()) + "\ntotal unmatched: 0\n");
  EXPECT_EQ(
      exec("search is(aws_account) | list minimum_password_length, password_reuse_prevention"),
      "minimum_password_length=14, password_reuse_prevention=24\n");
  EXPECT_EQ(exec("search is(aws_iam_user) and user_virtual_mfa_devices[*].serial_number!=null "
                 "| list name"),
            "name=erin\n");
  EXPECT_EQ(exec("search is(aws_iam_group) and name==admins --> is(aws_iam_user) | list name"),
            "name=alice\n");
  EXPECT_EQ(exec("search is(aws_iam_role) and name==app-role --> is(aws_iam_policy) | list name"),
            "name=DeployPolicy\n");
  EXPECT_EQ(exec("search is(aws_iam_policy) and name==DeployPolicy | list "
                 "policy_default_version_id"),
            "policy_default_version_id=v2\n");
  EXPECT_EQ(exec("search is(aws_iam_user) and user_policies[*].policy_document.Statement[*]."
                 "Action==\"*\" | list name"),
            "name=alice\n");
  EXPECT_EQ(exec("search is(aws_iam_role) and role_assume_role_policy_document.Statement[*]."
                 "Principal.Service==\"support.amazonaws.com\" | list name"),
            "name=support-role\n");
  // Keys hang below their user; exactly the keys that were used have a last-used date.
  std::set<std::string> all_keys, used_keys;
  for (auto [name, user] : users) {
    simdjson::dom::array keys;
    ASSERT_EQ(user["access_keys"].get(keys), simdjson::SUCCESS);
    for (auto k : keys) {
      std::string id(std::string_view(k["id"].get_string().value_unsafe()));
      all_keys.insert(id);
      if (k["used"].get_bool().value_unsafe()) used_keys.insert(id);
    }
  }
  auto ids = [&](const std::string& line) {
    auto v = lines_with(exec(line), "id=");
    return std::set<std::string>(v.begin(), v.end());
  };
  EXPECT_EQ(ids("search is(aws_iam_user) --> is(aws_iam_access_key) | list id"), all_keys);
  EXPECT_EQ(ids("search is(aws_iam_access_key) and access_key_last_used.last_used!=null | list id"),
            used_keys);
  EXPECT_FALSE(used_keys.empty());
}

TEST_F(CollectTest, SignaturesAreCheckedByMoto) {
  moto_.stop();
  // The first requests (the seeding of an admin user and its key) go unchecked.
  auto started = moto_.start({"INITIAL_NO_AUTH_ACTION_COUNT=4"});
  ASSERT_TRUE(started.ok) << started.error;
  std::string out, err;
  std::string script = temp_path("admin.py");
  std::ofstream(script) << "import boto3, json, os\n"
                           "iam = boto3.client('iam', endpoint_url=os.environ['MOTO_URL'])\n"
                           "iam.create_user(UserName='admin')\n"
                           "iam.put_user_policy(UserName='admin', PolicyName='all', "
                           "PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': "
                           "[{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))\n"
                           "k = iam.create_access_key(UserName='admin')['AccessKey']\n"
                           "print(k['AccessKeyId'], k['SecretAccessKey'])\n";
  ASSERT_EQ(moto_.run_python(script, {}, &out, &err), 0) << err;
  std::string key = out.substr(0, out.find(' '));
  std::string secret = out.substr(out.find(' ') + 1);
  secret.erase(secret.find_last_not_of("\n") + 1);

  // In this mode moto checks the signatures of query, EC2 and JSON requests
  // as AWS does, but rejects those of REST requests with a query string and
  // of several REST-JSON services, even boto3's: IAM and EC2 it is.
  const std::vector<std::string> services = {"--services", "iam,ec2"};
  RunResult wrong = collect(moto_.url(), services, aws_env(key, secret + "x"));
  EXPECT_EQ(wrong.exit_code, 1) << wrong.err;
  EXPECT_NE(wrong.err.find("SignatureDoesNotMatch"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find(secret), std::string::npos) << "the secret must never be printed";

  RunResult right = collect(moto_.url(), services, aws_env(key, secret));
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(right.err.find("warning"), std::string::npos) << right.err;
  EXPECT_EQ(exec("search is(aws_iam_user) | list name"), "name=admin\n");
}

// The fault-injecting proxy, started in the background; stopped by its PID.
class FaultProxy {
 public:
  bool start(const std::string& upstream, const std::vector<std::string>& faults) {
    out_ = temp_path("proxy.out");
    stats_ = temp_path("proxy.json");
    std::vector<std::string> argv = {MotoServer::find_executable("python3"),
                                     kProxy,
                                     "--upstream",
                                     upstream,
                                     "--port",
                                     "0",
                                     "--stats",
                                     stats_};
    argv.insert(argv.end(), faults.begin(), faults.end());
    pid_ = fork();
    if (pid_ == 0) {
      FILE* f = std::fopen(out_.c_str(), "w");
      dup2(fileno(f), 1);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      auto port = lines_with(read_file(out_), "PORT ");
      if (!port.empty()) {
        url_ = "http://127.0.0.1:" + port[0];
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Stops the proxy and returns its counts (JSON).
  std::string stop() {
    if (pid_ <= 0) return "";
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return read_file(stats_);
  }
  ~FaultProxy() { stop(); }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string out_, stats_, url_;
};

TEST_F(CollectTest, ThrottlingErrorsAndDroppedConnectionsLoseNothing) {
  seed();
  // The proxy injects faults in the query/EC2 error format, so the services
  // are those that speak it.
  const std::vector<std::string> services = {"--services", "iam,ec2"};
  RunResult direct = collect(moto_.url(), services);
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  std::string reference = exec("search all | list kind, id");

  FaultProxy proxy;
  ASSERT_TRUE(proxy.start(moto_.url(),
                          {"--throttle-every", "3", "--error500-every", "5", "--drop-every", "7"}));
  data_ = temp_path("collect-faults");
  RunResult faulty = collect(proxy.url(), services);
  std::string counts = proxy.stop();
  ASSERT_EQ(faulty.exit_code, 0) << faulty.err;
  EXPECT_EQ(faulty.err.find("warning"), std::string::npos) << faulty.err;
  EXPECT_EQ(exec("search all | list kind, id"), reference);
  // The faults really happened and were retried.
  simdjson::dom::parser p;
  simdjson::dom::element c;
  ASSERT_EQ(p.parse(counts).get(c), simdjson::SUCCESS) << counts;
  int64_t throttled = 0, errors500 = 0;
  EXPECT_EQ(c["throttled"].get(throttled), simdjson::SUCCESS);
  EXPECT_EQ(c["errors500"].get(errors500), simdjson::SUCCESS);
  EXPECT_GT(throttled, 0) << counts;
  EXPECT_GT(errors500, 0) << counts;
  EXPECT_EQ(faulty.err.find("retries: 0;"), std::string::npos) << faulty.err;
}

TEST_F(CollectTest, ATruncatedAnswerFailsTheAccountAndKeepsItsData) {
  seed();
  ASSERT_EQ(collect(moto_.url()).exit_code, 0);
  std::string before = exec("search all | list kind, id");
  FaultProxy proxy;
  ASSERT_TRUE(proxy.start(moto_.url(), {"--truncate-action", "GetAccountAuthorizationDetails"}));
  RunResult r = collect(proxy.url());
  proxy.stop();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("GetAccountAuthorizationDetails: MalformedResponse"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing stored"), std::string::npos) << r.err;
  EXPECT_EQ(exec("search all | list kind, id"), before);
}

TEST_F(CollectTest, FailuresNameTheirCauseAndKeepThePreviousData) {
  seed();
  ASSERT_EQ(collect(moto_.url()).exit_code, 0);
  std::string before = exec("search all | count");

  // A profile that does not exist.
  RunResult missing = collect(moto_.url(), {"--profile", "nosuchprofile"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nosuchprofile"), std::string::npos) << missing.err;

  // An endpoint that is down.
  int port = free_loopback_port();
  RunResult down = collect("http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("sts GetCallerIdentity"), std::string::npos) << down.err;

  // No credentials at all.
  RunResult none = collect(moto_.url(), {},
                           {"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/nonexistent/config",
                            "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/creds",
                            "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("credentials"), std::string::npos) << none.err;

  EXPECT_EQ(exec("search all | count"), before);
}

}  // namespace
}  // namespace canopy::testing

namespace canopy::testing {
namespace {

// An organization with two member accounts, a user in each and one in the
// management account. Prints the member account ids as JSON.
const char* kOrgScript = R"(import boto3, json, os
url = os.environ['MOTO_URL']
org = boto3.client('organizations', endpoint_url=url)
org.create_organization(FeatureSet='ALL')
ids = {}
for name in ('dev', 'prod'):
    ids[name] = org.create_account(Email=name + '@example.com',
                                   AccountName=name)['CreateAccountStatus']['AccountId']
sts = boto3.client('sts', endpoint_url=url)
for name, account in ids.items():
    c = sts.assume_role(RoleArn=f'arn:aws:iam::{account}:role/OrganizationAccountAccessRole',
                        RoleSessionName='seed')['Credentials']
    iam = boto3.client('iam', endpoint_url=url, aws_access_key_id=c['AccessKeyId'],
                       aws_secret_access_key=c['SecretAccessKey'],
                       aws_session_token=c['SessionToken'])
    iam.create_user(UserName=name + '-user')
boto3.client('iam', endpoint_url=url).create_user(UserName='mgmt-user')
print(json.dumps(ids))
)";

class MultiAccountTest : public CollectTest {
 protected:
  // Returns the member account ids by name.
  std::map<std::string, std::string> seed_organization() {
    std::string script = temp_path("seed_orgs.py");
    std::ofstream(script) << kOrgScript;
    std::string out, err;
    EXPECT_EQ(moto_.run_python(script, {}, &out, &err), 0) << err;
    simdjson::dom::object ids;
    EXPECT_EQ(parser_.parse(out).get(ids), simdjson::SUCCESS) << out;
    std::map<std::string, std::string> result;
    for (auto [name, id] : ids)
      result[std::string(name)] = std::string(id.get_string().value_unsafe());
    return result;
  }
};

TEST_F(MultiAccountTest, AssumeRoleIntoEveryOrganizationAccount) {
  auto ids = seed_organization();
  RunResult r = collect(moto_.url(), {"--assume-role", "OrganizationAccountAccessRole"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(exec("search is(aws_iam_user) | list name, /ancestors.account.reported.id"),
            "name=dev-user, id=" + ids["dev"] + "\nname=mgmt-user, id=123456789012\n" +
                "name=prod-user, id=" + ids["prod"] + "\n");
  // Account names come from Organizations.
  auto names = lines_with(exec("search is(aws_account) | list name"), "name=");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
            (std::set<std::string>{"dev", "prod", "master"}));
}

TEST_F(MultiAccountTest, SeveralProfilesOneRunAndARoleProfile) {
  auto ids = seed_organization();
  std::string creds = temp_path("credentials"), config = temp_path("config");
  std::ofstream(creds) << "[mgmt]\naws_access_key_id = testing\naws_secret_access_key = testing\n";
  std::ofstream(config) << "[profile mgmt]\nregion = us-east-1\n\n[profile dev]\nrole_arn = "
                           "arn:aws:iam::" +
                               ids["dev"] +
                               ":role/OrganizationAccountAccessRole\nsource_profile = mgmt\n";
  RunResult r = collect(moto_.url(), {"--profile", "mgmt", "--profile", "dev"},
                        {"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=" + config,
                         "AWS_SHARED_CREDENTIALS_FILE=" + creds});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(exec("search is(aws_iam_user) | list name, /ancestors.account.reported.id"),
            "name=dev-user, id=" + ids["dev"] + "\nname=mgmt-user, id=123456789012\n");
  EXPECT_EQ(exec("search is(aws_account) and id==123456789012 | list profile"), "profile=mgmt\n");

  // Collecting one account again replaces only its subtree.
  RunResult again = collect(moto_.url(), {"--profile", "dev"},
                            {"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=" + config,
                             "AWS_SHARED_CREDENTIALS_FILE=" + creds});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(exec("search is(aws_iam_user) | count"), "total matched: 2\ntotal unmatched: 0\n");
}

}  // namespace
}  // namespace canopy::testing
