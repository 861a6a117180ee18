#include "collect/aws/endpoints.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace canopy::aws {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Endpoint resolve(const Service& s, std::string_view region, EndpointConfig config = {}) {
  return resolve_endpoint(s, region, config);
}

TEST(EndpointsTest, Partitions) {
  EXPECT_EQ(partition_of("us-east-1"), "aws");
  EXPECT_EQ(partition_of("eu-central-2"), "aws");
  EXPECT_EQ(partition_of("cn-north-1"), "aws-cn");
  EXPECT_EQ(partition_of("cn-northwest-1"), "aws-cn");
  EXPECT_EQ(partition_of("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(partition_of("us-gov-east-1"), "aws-us-gov");
  EXPECT_EQ(global_region("aws"), "us-east-1");
  EXPECT_EQ(global_region("aws-cn"), "cn-north-1");
  EXPECT_EQ(global_region("aws-us-gov"), "us-gov-west-1");
}

TEST(EndpointsTest, RegionalDefaultsPerPartition) {
  Endpoint e = resolve(services::kEc2, "eu-west-1");
  EXPECT_EQ(e.url, "https://ec2.eu-west-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "eu-west-1");

  e = resolve(services::kEc2, "cn-northwest-1");
  EXPECT_EQ(e.url, "https://ec2.cn-northwest-1.amazonaws.com.cn");
  EXPECT_EQ(e.signing_region, "cn-northwest-1");

  e = resolve(services::kEc2, "us-gov-east-1");
  EXPECT_EQ(e.url, "https://ec2.us-gov-east-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "us-gov-east-1");

  e = resolve(services::kLogs, "ap-southeast-2");
  EXPECT_EQ(e.url, "https://logs.ap-southeast-2.amazonaws.com");
  e = resolve(services::kDynamoDb, "cn-north-1");
  EXPECT_EQ(e.url, "https://dynamodb.cn-north-1.amazonaws.com.cn");
}

TEST(EndpointsTest, IamGlobalEndpointPerPartition) {
  // Whatever region the caller names, IAM goes to its partition's endpoint.
  for (const char* region : {"us-east-1", "eu-west-1", "ap-northeast-1"}) {
    SCOPED_TRACE(region);
    Endpoint e = resolve(services::kIam, region);
    EXPECT_EQ(e.url, "https://iam.amazonaws.com");
    EXPECT_EQ(e.signing_region, "us-east-1");
  }
  for (const char* region : {"cn-north-1", "cn-northwest-1"}) {
    SCOPED_TRACE(region);
    Endpoint e = resolve(services::kIam, region);
    EXPECT_EQ(e.url, "https://iam.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(e.signing_region, "cn-north-1");
  }
  for (const char* region : {"us-gov-west-1", "us-gov-east-1"}) {
    SCOPED_TRACE(region);
    Endpoint e = resolve(services::kIam, region);
    EXPECT_EQ(e.url, "https://iam.us-gov.amazonaws.com");
    EXPECT_EQ(e.signing_region, "us-gov-west-1");
  }
}

TEST(EndpointsTest, StsIsRegional) {
  Endpoint e = resolve(services::kSts, "eu-west-1");
  EXPECT_EQ(e.url, "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "eu-west-1");
  e = resolve(services::kSts, "us-east-1");
  EXPECT_EQ(e.url, "https://sts.us-east-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "us-east-1");
  e = resolve(services::kSts, "cn-northwest-1");
  EXPECT_EQ(e.url, "https://sts.cn-northwest-1.amazonaws.com.cn");
  EXPECT_EQ(e.signing_region, "cn-northwest-1");
  e = resolve(services::kSts, "us-gov-east-1");
  EXPECT_EQ(e.url, "https://sts.us-gov-east-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "us-gov-east-1");
}

TEST(EndpointsTest, OrganizationsAwsAndGovCloud) {
  Endpoint e = resolve(services::kOrganizations, "eu-west-1");
  EXPECT_EQ(e.url, "https://organizations.us-east-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "us-east-1");
  e = resolve(services::kOrganizations, "us-gov-east-1");
  EXPECT_EQ(e.url, "https://organizations.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "us-gov-west-1");
}

// Regression: Organizations in aws-cn lives at
// organizations.cn-northwest-1.amazonaws.com.cn and its credential scope is
// cn-northwest-1, not the partition's global region cn-north-1.
TEST(EndpointsTest, OrganizationsInChinaIsSignedForCnNorthwest1) {
  Endpoint e = resolve(services::kOrganizations, "cn-north-1");
  EXPECT_EQ(e.url, "https://organizations.cn-northwest-1.amazonaws.com.cn");
  EXPECT_EQ(e.signing_region, "cn-northwest-1");
}

TEST(EndpointsTest, EndpointUrlBeatsEnvironment) {
  EndpointConfig c;
  c.endpoint_url = "http://localhost:5000/";
  c.env = env_of(
      {{"AWS_ENDPOINT_URL_EC2", "http://ec2.local:1"}, {"AWS_ENDPOINT_URL", "http://all.local:2"}});
  Endpoint e = resolve(services::kEc2, "eu-west-1", c);
  EXPECT_EQ(e.url, "http://localhost:5000");  // trailing slash dropped
  EXPECT_EQ(e.signing_region, "eu-west-1");
  // Global services keep their partition's signing region with an override.
  e = resolve(services::kIam, "eu-west-1", c);
  EXPECT_EQ(e.url, "http://localhost:5000");
  EXPECT_EQ(e.signing_region, "us-east-1");
}

TEST(EndpointsTest, ServiceVariableBeatsGeneralVariable) {
  EndpointConfig c;
  c.env = env_of({{"AWS_ENDPOINT_URL_EC2", "http://ec2.local:1//"},
                  {"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs.local:3"},
                  {"AWS_ENDPOINT_URL", "http://all.local:2"}});
  EXPECT_EQ(resolve(services::kEc2, "eu-west-1", c).url, "http://ec2.local:1");
  EXPECT_EQ(resolve(services::kLogs, "eu-west-1", c).url, "http://logs.local:3");
  // Services without their own variable take the general one.
  Endpoint e = resolve(services::kIam, "us-east-1", c);
  EXPECT_EQ(e.url, "http://all.local:2");
  EXPECT_EQ(e.signing_region, "us-east-1");
  EXPECT_EQ(resolve(services::kSts, "eu-west-1", c).url, "http://all.local:2");
  EXPECT_EQ(resolve(services::kSts, "eu-west-1", c).signing_region, "eu-west-1");
}

TEST(EndpointsTest, EmptyVariablesAreIgnored) {
  EndpointConfig c;
  c.env = env_of({{"AWS_ENDPOINT_URL_IAM", ""}, {"AWS_ENDPOINT_URL", "http://all.local:2"}});
  EXPECT_EQ(resolve(services::kIam, "us-east-1", c).url, "http://all.local:2");
  c.env = env_of({{"AWS_ENDPOINT_URL_IAM", ""}, {"AWS_ENDPOINT_URL", ""}});
  EXPECT_EQ(resolve(services::kIam, "us-east-1", c).url, "https://iam.amazonaws.com");
  c.env = env_of({});
  EXPECT_EQ(resolve(services::kEc2, "eu-west-1", c).url, "https://ec2.eu-west-1.amazonaws.com");
}

TEST(EndpointsTest, EnvironmentVariableNames) {
  EXPECT_EQ(services::kIam.env_name, "IAM");
  EXPECT_EQ(services::kSts.env_name, "STS");
  EXPECT_EQ(services::kEc2.env_name, "EC2");
  EXPECT_EQ(services::kS3.env_name, "S3");
  EXPECT_EQ(services::kOrganizations.env_name, "ORGANIZATIONS");
  EXPECT_EQ(services::kLambda.env_name, "LAMBDA");
  EXPECT_EQ(services::kDynamoDb.env_name, "DYNAMODB");
  EXPECT_EQ(services::kLogs.env_name, "CLOUDWATCH_LOGS");
}

TEST(EndpointsTest, FindService) {
  ASSERT_NE(find_service("iam"), nullptr);
  EXPECT_EQ(find_service("iam"), &services::kIam);
  EXPECT_EQ(find_service("organizations"), &services::kOrganizations);
  EXPECT_EQ(find_service("nope"), nullptr);
  EXPECT_TRUE(services::kIam.global);
  EXPECT_TRUE(services::kOrganizations.global);
  EXPECT_FALSE(services::kSts.global);
  EXPECT_EQ(services::kIam.protocol, Protocol::Query);
  EXPECT_EQ(services::kEc2.protocol, Protocol::Ec2);
  EXPECT_EQ(services::kOrganizations.json_target, "AWSOrganizationsV20161128");
  EXPECT_EQ(services::kOrganizations.json_version, "1.1");
}

}  // namespace
}  // namespace canopy::aws
