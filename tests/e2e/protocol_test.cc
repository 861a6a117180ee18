// Each of the five AWS protocols makes real calls to a real moto server:
// request shape, signing, answer decoding and pagination.
#include <gtest/gtest.h>

#include "collect/aws/credential_services.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/http/curl_transport.h"
#include "e2e/moto.h"

namespace canopy::testing {
namespace {

using namespace canopy::aws;

class ProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = moto_.start();
    ASSERT_TRUE(started.ok) << started.error;
    client_ = std::make_unique<Client>(http_, creds_, EndpointConfig{moto_.url(), {}},
                                       PacingOptions{}, stats_);
  }
  MotoServer moto_;
  http::CurlTransport http_;
  FixedCredentials creds_{Credentials{"testing", "testing", "", 0, "test"}};
  CallStats stats_;
  std::unique_ptr<Client> client_;
};

TEST_F(ProtocolTest, QueryProtocolPagesWithMarker) {
  for (int i = 0; i < 5; ++i) {
    XmlReply r = query_call(*client_, services::kIam, "us-east-1", "CreateRole",
                            {{"RoleName", "role-" + std::to_string(i)},
                             {"AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"}});
    ASSERT_TRUE(r.ok) << r.error.describe();
  }
  std::vector<std::string> names;
  int pages = 0;
  auto st = query_pages(*client_, services::kIam, "us-east-1", "ListRoles", {{"MaxItems", "2"}},
                        [&](const XmlReply& page) {
                          ++pages;
                          for (auto m : page.result.child("Roles").children("member"))
                            names.emplace_back(m.child_value("RoleName"));
                        });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names.size(), 5u);
  // An error answer is decoded with its code.
  XmlReply missing =
      query_call(*client_, services::kIam, "us-east-1", "GetUser", {{"UserName", "nobody"}});
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.error.code, "NoSuchEntity");
}

TEST_F(ProtocolTest, Ec2ProtocolReadsItemLists) {
  XmlReply r = query_call(*client_, services::kEc2, "eu-west-1", "DescribeRegions");
  ASSERT_TRUE(r.ok) << r.error.describe();
  std::vector<std::string> regions;
  for (auto item : r.result.child("regionInfo").children("item"))
    regions.emplace_back(item.child_value("regionName"));
  EXPECT_GT(regions.size(), 10u);
  EXPECT_NE(std::find(regions.begin(), regions.end(), "eu-west-1"), regions.end());
  // Pages by NextToken: security groups created in a fresh region.
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(query_call(*client_, services::kEc2, "eu-west-1", "CreateSecurityGroup",
                           {{"GroupName", "sg-" + std::to_string(i)}, {"GroupDescription", "t"}})
                    .ok);
  int groups = 0, pages = 0;
  auto st = query_pages(*client_, services::kEc2, "eu-west-1", "DescribeSecurityGroups",
                        {{"MaxResults", "5"}}, [&](const XmlReply& page) {
                          ++pages;
                          for (auto it : page.result.child("securityGroupInfo").children("item")) {
                            (void)it;
                            ++groups;
                          }
                        });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_GE(groups, 4);  // ours and the default group
  EXPECT_GE(pages, 1);
}

TEST_F(ProtocolTest, Json10And11WithTokens) {
  // JSON 1.0 (DynamoDB): three tables read one per page.
  for (const char* t : {"a", "b", "c"}) {
    std::string body =
        std::string("\"TableName\":\"") + t +
        "\",\"KeySchema\":[{\"AttributeName\":\"k\",\"KeyType\":\"HASH\"}],"
        "\"AttributeDefinitions\":[{\"AttributeName\":\"k\",\"AttributeType\":\"S\"}],"
        "\"BillingMode\":\"PAY_PER_REQUEST\"";
    JsonReply r = json_call(*client_, services::kDynamoDb, "us-east-1", "CreateTable", body);
    ASSERT_TRUE(r.ok) << r.error.describe();
  }
  std::vector<std::string> tables;
  auto st =
      json_pages(*client_, services::kDynamoDb, "us-east-1", "ListTables", "\"Limit\":1",
                 "ExclusiveStartTableName", "LastEvaluatedTableName", [&](const JsonReply& page) {
                   simdjson::dom::array names;
                   if (page.root["TableNames"].get(names) != simdjson::SUCCESS) return;
                   for (auto n : names) tables.emplace_back(n.get_string().value_unsafe());
                 });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(tables, (std::vector<std::string>{"a", "b", "c"}));

  // JSON 1.1 (CloudWatch Logs) with nextToken, and its error type.
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(json_call(*client_, services::kLogs, "us-east-1", "CreateLogGroup",
                          "\"logGroupName\":\"g" + std::to_string(i) + "\"")
                    .ok);
  int groups = 0;
  st = json_pages(*client_, services::kLogs, "us-east-1", "DescribeLogGroups", "\"limit\":2",
                  "nextToken", "nextToken", [&](const JsonReply& page) {
                    simdjson::dom::array list;
                    if (page.root["logGroups"].get(list) == simdjson::SUCCESS)
                      groups += static_cast<int>(list.size());
                  });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(groups, 3);
  JsonReply dup = json_call(*client_, services::kLogs, "us-east-1", "CreateLogGroup",
                            "\"logGroupName\":\"g0\"");
  EXPECT_FALSE(dup.ok);
  EXPECT_EQ(dup.error.code, "ResourceAlreadyExistsException");
}

TEST_F(ProtocolTest, RestXmlAndRestJson) {
  // REST-XML (S3): a PUT with a body, then the list.
  XmlReply put = rest_xml_call(*client_, services::kS3, "us-east-1", "CreateBucket", "PUT",
                               "/canopy-test-bucket");
  ASSERT_TRUE(put.ok) << put.error.describe();
  XmlReply list = rest_xml_call(*client_, services::kS3, "us-east-1", "ListBuckets", "GET", "/");
  ASSERT_TRUE(list.ok) << list.error.describe();
  std::vector<std::string> buckets;
  for (auto b : list.result.child("Buckets").children("Bucket"))
    buckets.emplace_back(b.child_value("Name"));
  EXPECT_EQ(buckets, (std::vector<std::string>{"canopy-test-bucket"}));
  XmlReply none = rest_xml_call(*client_, services::kS3, "us-east-1", "GetBucketPolicy", "GET",
                                "/canopy-test-bucket", "policy=");
  EXPECT_FALSE(none.ok);
  EXPECT_EQ(none.error.code, "NoSuchBucketPolicy");

  // REST-JSON (Lambda): an empty list and a not-found error.
  JsonReply fns = rest_json_call(*client_, services::kLambda, "us-east-1", "ListFunctions", "GET",
                                 "/2015-03-31/functions/");
  ASSERT_TRUE(fns.ok) << fns.error.describe();
  simdjson::dom::array functions;
  ASSERT_EQ(fns.root["Functions"].get(functions), simdjson::SUCCESS);
  EXPECT_EQ(functions.size(), 0u);
  JsonReply missing = rest_json_call(*client_, services::kLambda, "us-east-1", "GetPolicy", "GET",
                                     "/2015-03-31/functions/nope/policy");
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.error.code, "ResourceNotFoundException");
  EXPECT_GT(stats_.calls.load(), 0u);
}

}  // namespace
}  // namespace canopy::testing
