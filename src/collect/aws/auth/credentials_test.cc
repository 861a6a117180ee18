#include "collect/aws/auth/credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"

namespace canopy::aws {
namespace {

// Every secret in these tests contains this marker; no message may.
constexpr const char* kSecretMarker = "S3CR3T";
constexpr int64_t kNow = 1700000000;

void expect_no_secret(const std::string& text) {
  EXPECT_EQ(text.find(kSecretMarker), std::string::npos) << "a secret leaked into: " << text;
}

http::Outcome respond(long status, std::string body) {
  http::Outcome o;
  o.ok = true;
  o.response.status = status;
  o.response.body = std::move(body);
  return o;
}

http::Outcome refused() {
  http::Outcome o;
  o.error = {http::TransportError::Kind::Connect, "connection refused"};
  return o;
}

std::string header(const http::Request& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

std::string creds_json(const std::string& key, int64_t expiration,
                       const std::string& token_field = "Token") {
  return "{\"Code\":\"Success\",\"AccessKeyId\":\"" + key +
         "\",\"SecretAccessKey\":\"S3CR3T-secret\",\"" + token_field +
         "\":\"S3CR3T-token\",\"Expiration\":\"" + format_datetime(expiration) + "\"}";
}

class FakeServices : public CredentialServices {
 public:
  struct AssumeCall {
    Credentials source;
    AssumeRoleParams params;
  };
  struct WebCall {
    AssumeRoleParams params;
    std::string token;
  };

  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& p) override {
    assume_calls.push_back({source, p});
    if (!sts_error.empty()) return Error{sts_error};
    return issued("ASIA-" + p.role_arn.substr(p.role_arn.rfind('/') + 1) + "-" +
                  std::to_string(assume_calls.size()));
  }

  Result<Credentials> assume_role_with_web_identity(const AssumeRoleParams& p,
                                                    const std::string& token) override {
    web_calls.push_back({p, token});
    if (!sts_error.empty()) return Error{sts_error};
    return issued("ASIA-WEB-" + std::to_string(web_calls.size()));
  }

  http::Outcome send(const http::Request& request) override {
    requests.push_back(request);
    return handler ? handler(request) : refused();
  }

  int64_t now() override { return clock; }

  Credentials issued(const std::string& key) const {
    Credentials c;
    c.access_key_id = key;
    c.secret_access_key = "S3CR3T-" + key;
    c.session_token = "S3CR3T-token-" + key;
    c.expiration = clock + 3600;
    return c;
  }

  int64_t clock = kNow;
  std::string sts_error;
  std::function<http::Outcome(const http::Request&)> handler;
  std::vector<AssumeCall> assume_calls;
  std::vector<WebCall> web_calls;
  std::vector<http::Request> requests;
};

class Chain : public ::testing::Test {
 protected:
  Chain() {
    char templ[] = "/tmp/canopy-creds-test-XXXXXX";
    dir_ = ::mkdtemp(templ);
    vars["HOME"] = dir_;
  }
  ~Chain() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::string p = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  void credentials_file(const std::string& text) { write(".aws/credentials", text); }
  void config_file(const std::string& text) { write(".aws/config", text); }

  ChainOptions options(const std::string& profile = "") {
    ChainOptions o;
    o.profile = profile;
    o.env = [this](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
    return o;
  }

  Result<std::unique_ptr<CredentialProvider>> resolve(const std::string& profile = "") {
    auto r = resolve_chain(options(profile), services);
    if (r) {
      expect_no_secret(r.value()->describe());
    } else {
      expect_no_secret(r.message());
    }
    return r;
  }

  // The provider the chain resolves to; fails the test when there is none.
  std::unique_ptr<CredentialProvider> provider(const std::string& profile = "") {
    auto r = resolve(profile);
    EXPECT_TRUE(r) << r.message();
    if (!r) return nullptr;
    return std::move(r).value();
  }

  // Credentials from `p`; fails the test on an error.
  Credentials get(CredentialProvider& p) {
    Result<Credentials> c = p.get();
    EXPECT_TRUE(c) << c.message();
    if (!c) return {};
    expect_no_secret(c->source);
    return c.value();
  }

  std::string error_of(const std::string& profile = "") {
    auto r = resolve(profile);
    EXPECT_FALSE(r);
    return r ? "" : r.message();
  }

  std::string get_error(CredentialProvider& p) {
    Result<Credentials> c = p.get();
    EXPECT_FALSE(c);
    if (c) return "";
    expect_no_secret(c.message());
    return c.message();
  }

  std::string dir_;
  std::map<std::string, std::string> vars;
  FakeServices services;
};

#define EXPECT_CONTAINS(text, part)                          \
  do {                                                       \
    const std::string text_ = (text);                        \
    EXPECT_NE(text_.find(part), std::string::npos) << text_; \
  } while (0)

// --- Environment -------------------------------------------------------------

TEST_F(Chain, EnvironmentKeysWithSessionToken) {
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  vars["AWS_SESSION_TOKEN"] = "S3CR3T-envtoken";
  auto p = provider();
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKENV");
  EXPECT_EQ(c.secret_access_key, "S3CR3T-env");
  EXPECT_EQ(c.session_token, "S3CR3T-envtoken");
  EXPECT_EQ(c.expiration, 0);
  EXPECT_EQ(c.source, "environment variables");
  EXPECT_TRUE(services.requests.empty());
}

TEST_F(Chain, EnvironmentKeysWithoutSessionToken) {
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  auto p = provider();
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKENV");
  EXPECT_EQ(c.session_token, "");
}

TEST_F(Chain, LegacySecurityTokenVariable) {
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  vars["AWS_SECURITY_TOKEN"] = "S3CR3T-legacy";
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).session_token, "S3CR3T-legacy");
}

TEST_F(Chain, AccessKeyWithoutSecretIsAnError) {
  // botocore raises PartialCredentialsError here rather than moving on.
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  credentials_file("[default]\naws_access_key_id = AKFILE\naws_secret_access_key = S3CR3T-f\n");
  std::string e = error_of();
  EXPECT_CONTAINS(e, "AWS_SECRET_ACCESS_KEY");
}

TEST_F(Chain, SecretWithoutAccessKeyIsSkipped) {
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  credentials_file("[default]\naws_access_key_id = AKFILE\naws_secret_access_key = S3CR3T-f\n");
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKFILE");
}

TEST_F(Chain, EnvironmentCredentialsWithExpirationAreReadAgain) {
  vars["AWS_ACCESS_KEY_ID"] = "AKENV1";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  vars["AWS_CREDENTIAL_EXPIRATION"] = format_datetime(kNow + 3600);
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).expiration, kNow + 3600);
  vars["AWS_ACCESS_KEY_ID"] = "AKENV2";
  vars["AWS_CREDENTIAL_EXPIRATION"] = format_datetime(kNow + 7200);
  services.clock = kNow + 3600 - 301;
  EXPECT_EQ(get(*p).access_key_id, "AKENV1");
  services.clock = kNow + 3600 - 299;
  EXPECT_EQ(get(*p).access_key_id, "AKENV2");
}

// --- Profiles and precedence -------------------------------------------------

TEST_F(Chain, EnvironmentBeatsProfileEvenWithAwsProfile) {
  credentials_file("[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = S3CR3T-dev\n");
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  vars["AWS_PROFILE"] = "dev";
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKENV");
}

TEST_F(Chain, ExplicitProfileSkipsEnvironmentKeys) {
  credentials_file("[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = S3CR3T-dev\n");
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  auto p = provider("dev");
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKDEV");
  EXPECT_EQ(c.source, "profile 'dev' (credentials file)");
}

TEST_F(Chain, ProfileFlagBeatsAwsProfile) {
  credentials_file(
      "[a]\naws_access_key_id = AKA\naws_secret_access_key = S3CR3T-a\n"
      "[b]\naws_access_key_id = AKB\naws_secret_access_key = S3CR3T-b\n");
  vars["AWS_PROFILE"] = "a";
  auto from_var = provider();
  ASSERT_TRUE(from_var);
  EXPECT_EQ(get(*from_var).access_key_id, "AKA");
  auto from_flag = provider("b");
  ASSERT_TRUE(from_flag);
  EXPECT_EQ(get(*from_flag).access_key_id, "AKB");
}

TEST_F(Chain, RequestedProfileThatDoesNotExistIsAnError) {
  config_file("[profile dev]\nregion = eu-west-1\n");
  std::string e = error_of("nope");
  EXPECT_CONTAINS(e, "profile 'nope' does not exist");
  EXPECT_CONTAINS(e, dir_ + "/.aws/config");
  vars["AWS_PROFILE"] = "missing";
  EXPECT_CONTAINS(error_of(), "profile 'missing' does not exist");
}

TEST_F(Chain, MissingDefaultProfileJustMeansNoCredentials) {
  std::string e = error_of();
  EXPECT_CONTAINS(e, "no AWS credentials found for profile 'default'");
  EXPECT_CONTAINS(e, "environment variables");
  EXPECT_CONTAINS(e, "container credentials");
  EXPECT_CONTAINS(e, "EC2 instance metadata");
}

TEST_F(Chain, MalformedFileIsAnErrorWithFileAndLine) {
  config_file("[default]\nregion = us-east-1\n\nthis is S3CR3T garbage\n");
  std::string e = error_of();
  EXPECT_CONTAINS(e, dir_ + "/.aws/config:4:");
}

TEST_F(Chain, CredentialsFileKeysBeatConfigFileKeys) {
  config_file("[profile dev]\naws_access_key_id = AKCONFIG\naws_secret_access_key = S3CR3T-c\n");
  credentials_file("[dev]\naws_access_key_id = AKCREDS\naws_secret_access_key = S3CR3T-k\n");
  auto p = provider("dev");
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKCREDS");
}

TEST_F(Chain, ConfigFileKeysWhenTheCredentialsFileHasNone) {
  config_file(
      "[profile dev]\naws_access_key_id = AKCONFIG\naws_secret_access_key = S3CR3T-c\n"
      "aws_session_token = S3CR3T-t\n");
  credentials_file("[dev]\n");
  auto p = provider("dev");
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKCONFIG");
  EXPECT_EQ(c.session_token, "S3CR3T-t");
  EXPECT_EQ(c.source, "profile 'dev' (config file)");
}

TEST_F(Chain, PartialKeysInAFileAreAnErrorNamingProfileAndFile) {
  credentials_file("[dev]\naws_access_key_id = AKDEV\n");
  std::string e = error_of("dev");
  EXPECT_CONTAINS(e, "profile 'dev'");
  EXPECT_CONTAINS(e, dir_ + "/.aws/credentials");
}

TEST_F(Chain, ProfileBeatsContainerAndContainerBeatsInstanceMetadata) {
  vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  services.handler = [](const http::Request& r) {
    if (r.url.find("169.254.170.2") != std::string::npos)
      return respond(200, creds_json("AKCONTAINER", kNow + 3600));
    return respond(200, "role");
  };
  credentials_file("[default]\naws_access_key_id = AKFILE\naws_secret_access_key = S3CR3T-f\n");
  auto from_profile = provider();
  ASSERT_TRUE(from_profile);
  EXPECT_EQ(get(*from_profile).access_key_id, "AKFILE");
  EXPECT_TRUE(services.requests.empty());

  credentials_file("");
  auto from_container = provider();
  ASSERT_TRUE(from_container);
  EXPECT_EQ(get(*from_container).access_key_id, "AKCONTAINER");
  for (const http::Request& r : services.requests)
    EXPECT_EQ(r.url.find("169.254.169.254"), std::string::npos) << r.url;
}

TEST_F(Chain, NoCredentialsMentionsIamIdentityCenterProfiles) {
  config_file("[profile sso]\nsso_session = corp\nsso_account_id = 1\n[sso-session corp]\n");
  std::string e = error_of("sso");
  EXPECT_CONTAINS(e, "IAM Identity Center");
}

// --- Assume role -------------------------------------------------------------

TEST_F(Chain, RoleChainOfTwoHops) {
  config_file(
      "[profile top]\n"
      "role_arn = arn:aws:iam::111111111111:role/top\n"
      "source_profile = mid\n"
      "external_id = ext-123\n"
      "role_session_name = my-session\n"
      "duration_seconds = 1800\n"
      "region = eu-central-1\n"
      "[profile mid]\n"
      "role_arn = arn:aws:iam::222222222222:role/mid\n"
      "source_profile = base\n");
  credentials_file("[base]\naws_access_key_id = AKBASE\naws_secret_access_key = S3CR3T-base\n");
  auto p = provider("top");
  ASSERT_TRUE(p);
  EXPECT_TRUE(services.assume_calls.empty());  // STS is called on first use
  Credentials c = get(*p);
  ASSERT_EQ(services.assume_calls.size(), 2u);

  const auto& first = services.assume_calls[0];
  EXPECT_EQ(first.source.access_key_id, "AKBASE");
  EXPECT_EQ(first.source.secret_access_key, "S3CR3T-base");
  EXPECT_EQ(first.params.role_arn, "arn:aws:iam::222222222222:role/mid");
  EXPECT_EQ(first.params.session_name, "canopy-" + std::to_string(kNow));
  EXPECT_EQ(first.params.external_id, "");
  EXPECT_EQ(first.params.duration_seconds, 0);
  EXPECT_EQ(first.params.region, "eu-central-1");

  const auto& second = services.assume_calls[1];
  EXPECT_EQ(second.source.access_key_id, "ASIA-mid-1");
  EXPECT_EQ(second.source.session_token, "S3CR3T-token-ASIA-mid-1");
  EXPECT_EQ(second.params.role_arn, "arn:aws:iam::111111111111:role/top");
  EXPECT_EQ(second.params.external_id, "ext-123");
  EXPECT_EQ(second.params.session_name, "my-session");
  EXPECT_EQ(second.params.duration_seconds, 1800);
  EXPECT_EQ(second.params.region, "eu-central-1");

  EXPECT_EQ(c.access_key_id, "ASIA-top-2");
  EXPECT_EQ(c.expiration, kNow + 3600);
  EXPECT_CONTAINS(c.source, "role arn:aws:iam::111111111111:role/top of profile 'top'");
  EXPECT_CONTAINS(c.source, "profile 'base' (credentials file)");
}

TEST_F(Chain, RoleCredentialsAreRefreshedFiveMinutesBeforeExpiry) {
  config_file(
      "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = mid\n"
      "[profile mid]\nrole_arn = arn:aws:iam::1:role/mid\nsource_profile = base\n"
      "[profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = S3CR3T-b\n");
  auto p = provider("top");
  ASSERT_TRUE(p);
  get(*p);
  ASSERT_EQ(services.assume_calls.size(), 2u);
  services.clock = kNow + 3600 - 301;
  EXPECT_EQ(get(*p).access_key_id, "ASIA-top-2");
  EXPECT_EQ(services.assume_calls.size(), 2u);
  services.clock = kNow + 3600 - 299;
  EXPECT_EQ(get(*p).access_key_id, "ASIA-top-4");
  ASSERT_EQ(services.assume_calls.size(), 4u);
  EXPECT_EQ(services.assume_calls[2].params.role_arn, "arn:aws:iam::1:role/mid");
  EXPECT_EQ(services.assume_calls[3].source.access_key_id, "ASIA-mid-3");
}

TEST_F(Chain, ConcurrentCallersShareOneRefresh) {
  config_file(
      "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n"
      "[profile k]\naws_access_key_id = AK\naws_secret_access_key = S3CR3T-k\n");
  auto p = provider("r");
  ASSERT_TRUE(p);
  std::vector<std::thread> threads;
  std::vector<std::string> keys(8);
  for (size_t i = 0; i < keys.size(); ++i)
    threads.emplace_back([&, i] {
      Result<Credentials> c = p->get();
      if (c) keys[i] = c->access_key_id;
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(services.assume_calls.size(), 1u);
  for (const std::string& k : keys) EXPECT_EQ(k, "ASIA-r-1");
}

TEST_F(Chain, RoleSourceLoopIsDetected) {
  config_file(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
      "[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n");
  std::string e = error_of("a");
  EXPECT_CONTAINS(e, "loop");
  EXPECT_CONTAINS(e, "'a' -> 'b' -> 'a'");
  EXPECT_CONTAINS(error_of("self"), "loop");
  EXPECT_TRUE(services.assume_calls.empty());
}

TEST_F(Chain, RoleMayUseItsOwnStaticKeys) {
  config_file("[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n");
  credentials_file("[self]\naws_access_key_id = AKSELF\naws_secret_access_key = S3CR3T-s\n");
  auto p = provider("self");
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "ASIA-self-1");
  ASSERT_EQ(services.assume_calls.size(), 1u);
  EXPECT_EQ(services.assume_calls[0].source.access_key_id, "AKSELF");
}

TEST_F(Chain, RoleConfigurationErrorsNameTheProfile) {
  config_file(
      "[profile nosource]\nrole_arn = arn:aws:iam::1:role/x\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n"
      "credential_source = Environment\n"
      "[profile ghost]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = nowhere\n"
      "[profile weird]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Moon\n"
      "[profile empty]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n"
      "[profile base]\nregion = us-east-1\n"
      "[profile long]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = k\n"
      "duration_seconds = soon\n"
      "[profile k]\naws_access_key_id = AK\naws_secret_access_key = S3CR3T-k\n");
  vars["AWS_EC2_METADATA_DISABLED"] = "true";
  EXPECT_CONTAINS(error_of("nosource"), "profile 'nosource' has role_arn but neither");
  EXPECT_CONTAINS(error_of("both"), "profile 'both' has both source_profile and credential_source");
  EXPECT_CONTAINS(error_of("ghost"), "source_profile 'nowhere' does not exist");
  EXPECT_CONTAINS(error_of("weird"), "credential_source 'Moon' is not one of");
  EXPECT_CONTAINS(error_of("empty"), "source_profile 'base' has no credentials");
  EXPECT_CONTAINS(error_of("long"), "duration_seconds 'soon'");
}

TEST_F(Chain, RoleWithCredentialSourceEnvironment) {
  config_file("[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n");
  vars["AWS_ACCESS_KEY_ID"] = "AKENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "S3CR3T-env";
  // Named with --profile: the chain skips the environment, the role's source does not.
  auto p = provider("r");
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "ASIA-r-1");
  ASSERT_EQ(services.assume_calls.size(), 1u);
  EXPECT_EQ(services.assume_calls[0].source.access_key_id, "AKENV");

  vars.erase("AWS_ACCESS_KEY_ID");
  EXPECT_CONTAINS(error_of("r"), "credential_source 'Environment' has no credentials");
}

TEST_F(Chain, RoleWithCredentialSourceInstanceMetadataFailsWithoutIt) {
  config_file(
      "[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Ec2InstanceMetadata\n");
  std::string e = error_of("r");
  EXPECT_CONTAINS(e, "profile 'r': credential_source 'Ec2InstanceMetadata'");
}

TEST_F(Chain, StsFailureNamesProfileAndRole) {
  config_file("[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n");
  credentials_file("[k]\naws_access_key_id = AK\naws_secret_access_key = S3CR3T-k\n");
  services.sts_error = "AccessDenied: not authorized to perform sts:AssumeRole";
  auto p = provider("r");
  ASSERT_TRUE(p);
  std::string e = get_error(*p);
  EXPECT_CONTAINS(e, "profile 'r'");
  EXPECT_CONTAINS(e, "arn:aws:iam::1:role/r");
  EXPECT_CONTAINS(e, "AccessDenied");
}

// --- credential_process ------------------------------------------------------

TEST_F(Chain, CredentialProcessSuccess) {
  config_file(
      "[profile p]\ncredential_process = printf '%s' "
      "'{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"S3CR3T-p\", "
      "\"SessionToken\": \"S3CR3T-t\"}'\n");
  auto p = provider("p");
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKPROC");
  EXPECT_EQ(c.secret_access_key, "S3CR3T-p");
  EXPECT_EQ(c.session_token, "S3CR3T-t");
  EXPECT_EQ(c.expiration, 0);
  EXPECT_EQ(c.source, "credential_process of profile 'p'");
}

TEST_F(Chain, CredentialProcessFailuresNameTheProfileAndNotTheOutput) {
  config_file(
      "[profile fails]\ncredential_process = echo S3CR3T-partial-output; exit 3\n"
      "[profile garbage]\ncredential_process = echo S3CR3T-not-json\n"
      "[profile v2]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"A\", "
      "\"SecretAccessKey\": \"S3CR3T\"}'\n"
      "[profile nokey]\ncredential_process = echo '{\"Version\": 1, \"SecretAccessKey\": "
      "\"S3CR3T\"}'\n");
  std::string e = error_of("fails");
  EXPECT_CONTAINS(e, "profile 'fails'");
  EXPECT_CONTAINS(e, "exited with status 3");
  EXPECT_CONTAINS(error_of("garbage"), "profile 'garbage'");
  EXPECT_CONTAINS(error_of("v2"), "Version");
  EXPECT_CONTAINS(error_of("nokey"), "AccessKeyId");
}

TEST_F(Chain, CredentialProcessIsRunAgainBeforeItsCredentialsExpire) {
  std::string counter = dir_ + "/count";
  std::string expiration = write("exp", format_datetime(kNow + 3600));
  std::string fail = dir_ + "/fail";
  std::string script = write(
      "proc.sh", "[ -e " + fail + " ] && exit 1\n" + "n=$(cat " + counter +
                     " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + counter + "\n" +
                     "printf '{\"Version\":1,\"AccessKeyId\":\"AKPROC%s\",\"SecretAccessKey\":"
                     "\"S3CR3T\",\"SessionToken\":\"S3CR3T-t\",\"Expiration\":\"%s\"}' $n $(cat " +
                     expiration + ")\n");
  config_file("[default]\ncredential_process = /bin/sh " + script + "\n");
  auto p = provider();
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKPROC1");
  EXPECT_EQ(c.expiration, kNow + 3600);

  services.clock = kNow + 3600 - 301;
  EXPECT_EQ(get(*p).access_key_id, "AKPROC1");
  write("exp", format_datetime(kNow + 7200));
  services.clock = kNow + 3600 - 299;
  c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKPROC2");
  EXPECT_EQ(c.expiration, kNow + 7200);

  // A failed refresh keeps credentials that have not expired yet, and is an
  // error once they have.
  write("fail", "");
  services.clock = kNow + 7200 - 60;
  EXPECT_EQ(get(*p).access_key_id, "AKPROC2");
  services.clock = kNow + 7200;
  EXPECT_CONTAINS(get_error(*p), "credential_process of profile 'default' exited with status 1");
}

TEST_F(Chain, CredentialProcessReturningExpiredCredentialsIsAnError) {
  config_file(
      "[default]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"A\","
      "\"SecretAccessKey\":\"S3CR3T\",\"Expiration\":\"2001-01-01T00:00:00Z\"}'\n");
  EXPECT_CONTAINS(error_of(), "already expired");
}

TEST_F(Chain, StaticKeysOrderAroundCredentialProcess) {
  // botocore: credentials-file keys, then credential_process, then config-file keys.
  const std::string process =
      "credential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKPROC\","
      "\"SecretAccessKey\":\"S3CR3T\"}'\n";
  config_file("[profile a]\n" + process + "[profile b]\n" + process +
              "aws_access_key_id = AKCONFIG\naws_secret_access_key = S3CR3T-c\n");
  credentials_file("[a]\naws_access_key_id = AKCREDS\naws_secret_access_key = S3CR3T-k\n");
  auto a = provider("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(get(*a).access_key_id, "AKCREDS");
  auto b = provider("b");
  ASSERT_TRUE(b);
  EXPECT_EQ(get(*b).access_key_id, "AKPROC");
}

// --- Web identity ------------------------------------------------------------

TEST_F(Chain, WebIdentityFromProfileRereadsTheTokenAtRefresh) {
  std::string token = write("token", "S3CR3T-jwt-1\n");
  config_file("[profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = " +
              token + "\nrole_session_name = sess\nregion = ap-south-1\n");
  auto p = provider("web");
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "ASIA-WEB-1");
  ASSERT_EQ(services.web_calls.size(), 1u);
  EXPECT_EQ(services.web_calls[0].token, "S3CR3T-jwt-1");
  EXPECT_EQ(services.web_calls[0].params.role_arn, "arn:aws:iam::1:role/web");
  EXPECT_EQ(services.web_calls[0].params.session_name, "sess");
  EXPECT_EQ(services.web_calls[0].params.region, "ap-south-1");
  EXPECT_TRUE(services.assume_calls.empty());  // role_arn here is web identity's

  write("token", "S3CR3T-jwt-2");
  services.clock = kNow + 3600 - 10;
  EXPECT_EQ(get(*p).access_key_id, "ASIA-WEB-2");
  ASSERT_EQ(services.web_calls.size(), 2u);
  EXPECT_EQ(services.web_calls[1].token, "S3CR3T-jwt-2");
}

TEST_F(Chain, WebIdentityFromEnvironment) {
  std::string token = write("token", "S3CR3T-jwt");
  vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = token;
  vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/pod";
  vars["AWS_ROLE_SESSION_NAME"] = "pod-session";
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "ASIA-WEB-1");
  ASSERT_EQ(services.web_calls.size(), 1u);
  EXPECT_EQ(services.web_calls[0].params.role_arn, "arn:aws:iam::1:role/pod");
  EXPECT_EQ(services.web_calls[0].params.session_name, "pod-session");
  EXPECT_EQ(services.web_calls[0].token, "S3CR3T-jwt");
  EXPECT_CONTAINS(p->describe(), "from environment");

  // With --profile the environment's web identity is not used either.
  config_file("[profile other]\nregion = us-east-1\n");
  vars["AWS_EC2_METADATA_DISABLED"] = "true";
  EXPECT_CONTAINS(error_of("other"), "no AWS credentials found for profile 'other'");
}

TEST_F(Chain, WebIdentityErrors) {
  vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_ + "/missing-token";
  EXPECT_CONTAINS(error_of(), "no role_arn");
  vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/pod";
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_CONTAINS(get_error(*p), dir_ + "/missing-token");
}

// --- Container ---------------------------------------------------------------

TEST_F(Chain, ContainerRelativeUriWithAuthorizationToken) {
  vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "S3CR3T-auth";
  services.handler = [](const http::Request&) {
    return respond(200, creds_json("AKCONTAINER", kNow + 3600));
  };
  auto p = provider();
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKCONTAINER");
  EXPECT_EQ(c.session_token, "S3CR3T-token");
  EXPECT_EQ(c.expiration, kNow + 3600);
  ASSERT_EQ(services.requests.size(), 1u);
  EXPECT_EQ(services.requests[0].method, "GET");
  EXPECT_EQ(services.requests[0].url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(header(services.requests[0], "Authorization"), "S3CR3T-auth");
  EXPECT_EQ(p->describe(), "container credentials endpoint http://169.254.170.2");
}

TEST_F(Chain, ContainerFullUriWithTokenFile) {
  vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
  vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "S3CR3T-variable";
  vars["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = write("eks-token", "S3CR3T-file\n");
  services.handler = [](const http::Request&) {
    return respond(200, creds_json("AKPOD", kNow + 3600));
  };
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKPOD");
  ASSERT_EQ(services.requests.size(), 1u);
  EXPECT_EQ(services.requests[0].url, "http://169.254.170.23/v1/credentials");
  // As botocore, the file wins over the variable.
  EXPECT_EQ(header(services.requests[0], "Authorization"), "S3CR3T-file");
}

TEST_F(Chain, ContainerFullUriHostIsChecked) {
  vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/creds";
  EXPECT_CONTAINS(error_of(), "example.com");
  EXPECT_TRUE(services.requests.empty());
  services.handler = [](const http::Request&) {
    return respond(200, creds_json("AK", kNow + 3600));
  };
  for (const char* ok : {"https://example.com/creds", "http://127.0.0.1:8080/creds",
                         "http://localhost/creds", "http://[::1]:9/creds"}) {
    vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = ok;
    EXPECT_TRUE(resolve()) << ok;
  }
}

TEST_F(Chain, ContainerFailureIsAnErrorNotAFallThrough) {
  vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  services.handler = [](const http::Request&) { return respond(500, "S3CR3T-ish body"); };
  std::string e = error_of();
  EXPECT_CONTAINS(e, "container credentials endpoint http://169.254.170.2");
  EXPECT_CONTAINS(e, "500");
  EXPECT_EQ(services.requests.size(), 2u);  // one retry, then no instance metadata
}

TEST_F(Chain, ContainerTokenWithLineBreakIsRejected) {
  vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "S3CR3T\r\nX-Injected: 1";
  EXPECT_CONTAINS(error_of(), "line break");
  EXPECT_TRUE(services.requests.empty());
}

// --- Instance metadata -------------------------------------------------------

std::function<http::Outcome(const http::Request&)> imds(std::string base, bool v2 = true) {
  return [base, v2](const http::Request& r) {
    if (r.url == base + "/latest/api/token")
      return v2 ? respond(200, "S3CR3T-imds-token") : respond(403, "");
    if (r.url == base + "/latest/meta-data/iam/security-credentials/")
      return respond(200, "instance-role\n");
    if (r.url == base + "/latest/meta-data/iam/security-credentials/instance-role")
      return respond(200, creds_json("AKIMDS", kNow + 6 * 3600));
    return respond(404, "");
  };
}

TEST_F(Chain, InstanceMetadataV2TokenFlow) {
  services.handler = imds("http://169.254.169.254");
  auto p = provider();
  ASSERT_TRUE(p);
  Credentials c = get(*p);
  EXPECT_EQ(c.access_key_id, "AKIMDS");
  EXPECT_EQ(c.session_token, "S3CR3T-token");
  EXPECT_EQ(c.expiration, kNow + 6 * 3600);
  ASSERT_EQ(services.requests.size(), 3u);
  const auto& put = services.requests[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(header(put, "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(services.requests[i].method, "GET");
    EXPECT_EQ(header(services.requests[i], "X-aws-ec2-metadata-token"), "S3CR3T-imds-token");
  }
  EXPECT_EQ(services.requests[2].url,
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/instance-role");
  for (const auto& r : services.requests) {
    EXPECT_EQ(r.timeout_ms, 1000);
    EXPECT_EQ(r.connect_timeout_ms, 1000);
  }
  EXPECT_EQ(c.source, "EC2 instance metadata (http://169.254.169.254)");
}

TEST_F(Chain, InstanceMetadataEndpointOverride) {
  vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://[fd00:ec2::254]/";
  services.handler = imds("http://[fd00:ec2::254]");
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKIMDS");
}

TEST_F(Chain, InstanceMetadataDisabled) {
  vars["AWS_EC2_METADATA_DISABLED"] = "TRUE";
  services.handler = imds("http://169.254.169.254");
  EXPECT_CONTAINS(error_of(), "disabled by AWS_EC2_METADATA_DISABLED");
  EXPECT_TRUE(services.requests.empty());
}

TEST_F(Chain, InstanceMetadataUnreachableMeansNoCredentials) {
  std::string e = error_of();
  EXPECT_CONTAINS(e, "no AWS credentials found");
  EXPECT_CONTAINS(e, "EC2 instance metadata");
  EXPECT_EQ(services.requests.size(), 2u);  // the token request and its one retry

  // A timeout is not retried: it may mean an IMDS too slow for tokens (IMDSv1
  // is tried), or none at all.
  services.requests.clear();
  services.handler = [](const http::Request&) {
    http::Outcome o;
    o.error = {http::TransportError::Kind::Timeout, "timed out"};
    return o;
  };
  EXPECT_CONTAINS(error_of(), "timed out");
  ASSERT_EQ(services.requests.size(), 2u);
  EXPECT_EQ(services.requests[0].method, "PUT");
  EXPECT_EQ(services.requests[1].method, "GET");
}

TEST_F(Chain, InstanceMetadataRetriesOnceAndFallsBackToV1WhenTokensAreRefused) {
  int role_requests = 0;
  auto base = imds("http://169.254.169.254", /*v2=*/false);
  services.handler = [&](const http::Request& r) {
    if (r.url.ends_with("/security-credentials/") && ++role_requests == 1) return respond(500, "");
    return base(r);
  };
  auto p = provider();
  ASSERT_TRUE(p);
  EXPECT_EQ(get(*p).access_key_id, "AKIMDS");
  EXPECT_EQ(role_requests, 2);
  for (const auto& r : services.requests)
    EXPECT_EQ(header(r, "X-aws-ec2-metadata-token"), "") << r.url;

  // Unless IMDSv1 is switched off.
  vars["AWS_EC2_METADATA_V1_DISABLED"] = "true";
  EXPECT_CONTAINS(error_of(), "403");
}

// --- Region ------------------------------------------------------------------

TEST_F(Chain, ConfiguredRegionPrecedence) {
  config_file("[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n");
  EXPECT_EQ(configured_region(options()), "us-west-2");
  EXPECT_EQ(configured_region(options("dev")), "eu-west-1");
  vars["AWS_PROFILE"] = "dev";
  EXPECT_EQ(configured_region(options()), "eu-west-1");
  vars["AWS_DEFAULT_REGION"] = "ap-northeast-1";
  EXPECT_EQ(configured_region(options("dev")), "ap-northeast-1");
  vars["AWS_REGION"] = "sa-east-1";
  EXPECT_EQ(configured_region(options("dev")), "sa-east-1");
  EXPECT_EQ(configured_region(options("nope")), "sa-east-1");
  vars.clear();
  vars["HOME"] = dir_;
  EXPECT_EQ(configured_region(options("nope")), "");
}

}  // namespace
}  // namespace canopy::aws
