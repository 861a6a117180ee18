#include "collect/aws/protocol/protocol.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collect/aws/testing/fake_http.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::FixedCredentials;
using testing::json_error;
using testing::query_error;

// KMS pages with Marker in and NextMarker out (JSON 1.1).
const Service kKms{"kms", "kms", "kms", "KMS", Protocol::Json, "", "TrentService", "1.1", false};

RetryOptions fast_retry() {
  RetryOptions r;
  r.max_attempts = 3;
  r.base_ms = 1;
  r.throttle_base_ms = 1;
  r.cap_ms = 2;
  return r;
}

class ProtocolTest : public ::testing::Test {
 protected:
  ProtocolTest() : client_(http_, creds_, {}, {}, stats_, fast_retry()) {}
  FakeHttp http_;
  FixedCredentials creds_;
  CallStats stats_;
  Client client_;
};

std::string list_users_page(const std::vector<std::string>& names, const std::string& marker) {
  std::string s =
      "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n"
      "  <ListUsersResult>\n    <Users>\n";
  for (const auto& n : names)
    s += "      <member><UserName>" + n + "</UserName><Path>/</Path></member>\n";
  s += "    </Users>\n";
  s += marker.empty()
           ? "    <IsTruncated>false</IsTruncated>\n"
           : "    <IsTruncated>true</IsTruncated>\n    <Marker>" + marker + "</Marker>\n";
  s += "  </ListUsersResult>\n"
       "  <ResponseMetadata><RequestId>0d5c3a1e-1234-4abc-9def-000000000000</RequestId>"
       "</ResponseMetadata>\n"
       "</ListUsersResponse>\n";
  return s;
}

TEST_F(ProtocolTest, QueryPaginationFollowsMarker) {
  // Markers are opaque and carry characters the form encoding must protect.
  const std::string m1 = "AAGp/d+Yp6k=", m2 = "AAFx&y=z";
  http_.on("ListUsers").reply(200, list_users_page({"alice", "bob"}, m1));
  http_.on("ListUsers", {{"Marker", m1}}).reply(200, list_users_page({"carol"}, m2));
  http_.on("ListUsers", {{"Marker", m2}}).reply(200, list_users_page({"dave"}, ""));
  std::vector<std::string> names;
  CallStatus st = query_pages(client_, services::kIam, "us-east-1", "ListUsers",
                              {{"PathPrefix", "/"}}, [&](const XmlReply& page) {
                                for (auto m : page.result.child("Users").children("member"))
                                  names.emplace_back(m.child_value("UserName"));
                              });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(names, (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_FALSE(seen[0].has_param("Marker"));
  EXPECT_EQ(seen[1].param("Marker"), m1);
  EXPECT_EQ(seen[2].param("Marker"), m2);
  for (const auto& s : seen) {
    EXPECT_EQ(s.param("Action"), "ListUsers");
    EXPECT_EQ(s.param("Version"), "2010-05-08");
    EXPECT_EQ(s.param("PathPrefix"), "/");  // the caller's parameters on every page
    EXPECT_FALSE(s.has_param("NextToken"));
  }
  EXPECT_TRUE(http_.unmatched().empty());
}

TEST_F(ProtocolTest, QueryMarkerWithoutIsTruncatedEndsTheList) {
  // A Marker element with IsTruncated false is not followed.
  http_.on("ListUsers")
      .reply(200,
             "<ListUsersResponse><ListUsersResult><Users/><IsTruncated>false</IsTruncated>"
             "<Marker>stale</Marker></ListUsersResult></ListUsersResponse>");
  int pages = 0;
  CallStatus st = query_pages(client_, services::kIam, "us-east-1", "ListUsers", {},
                              [&](const XmlReply&) { ++pages; });
  EXPECT_TRUE(st.ok);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(http_.total(), 1);
}

std::string volumes_page(const std::vector<std::string>& ids, const std::string& token) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<DescribeVolumesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
      "  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n"
      "  <volumeSet>\n";
  for (const auto& id : ids) s += "    <item><volumeId>" + id + "</volumeId></item>\n";
  s += "  </volumeSet>\n";
  if (!token.empty()) s += "  <nextToken>" + token + "</nextToken>\n";
  s += "</DescribeVolumesResponse>\n";
  return s;
}

TEST_F(ProtocolTest, Ec2PaginationFollowsNextToken) {
  http_.on("DescribeVolumes").reply(200, volumes_page({"vol-1", "vol-2"}, "tok 1/+"));
  http_.on("DescribeVolumes", {{"NextToken", "tok 1/+"}})
      .reply(200, volumes_page({"vol-3"}, "tok2"));
  http_.on("DescribeVolumes", {{"NextToken", "tok2"}}).reply(200, volumes_page({}, ""));
  std::vector<std::string> ids;
  CallStatus st = query_pages(client_, services::kEc2, "eu-west-1", "DescribeVolumes",
                              {{"MaxResults", "500"}}, [&](const XmlReply& page) {
                                // EC2: the result is the root element.
                                for (auto i : page.result.child("volumeSet").children("item"))
                                  ids.emplace_back(i.child_value("volumeId"));
                              });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(ids, (std::vector<std::string>{"vol-1", "vol-2", "vol-3"}));
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_FALSE(seen[0].has_param("NextToken"));
  EXPECT_EQ(seen[1].param("NextToken"), "tok 1/+");
  EXPECT_EQ(seen[2].param("NextToken"), "tok2");
  for (const auto& s : seen) {
    EXPECT_EQ(s.param("Version"), "2016-11-15");
    EXPECT_EQ(s.param("MaxResults"), "500");
    EXPECT_FALSE(s.has_param("Marker"));
    EXPECT_EQ(s.request.url, "https://ec2.eu-west-1.amazonaws.com/");
  }
}

std::string keys_page(const std::vector<std::string>& ids, const std::string& next) {
  std::string s = "{\"Keys\":[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += "{\"KeyArn\":\"arn:aws:kms:eu-west-1:123456789012:key/" + ids[i] + "\",\"KeyId\":\"" +
         ids[i] + "\"}";
  }
  s += "]";
  if (!next.empty())
    s += ",\"NextMarker\":\"" + next + "\",\"Truncated\":true";
  else
    s += ",\"Truncated\":false";
  return s + "}";
}

TEST_F(ProtocolTest, JsonPaginationWithDifferentTokenNames) {
  http_.on("ListKeys").reply(200, keys_page({"k1", "k2"}, "m/1=="));
  http_.on("ListKeys", {{"Marker", "m/1=="}}).reply(200, keys_page({"k3"}, "m2"));
  http_.on("ListKeys", {{"Marker", "m2"}}).reply(200, keys_page({"k4"}, ""));
  std::vector<std::string> ids;
  CallStatus st = json_pages(client_, kKms, "eu-west-1", "ListKeys", "\"Limit\":2", "Marker",
                             "NextMarker", [&](const JsonReply& page) {
                               simdjson::dom::array keys;
                               ASSERT_EQ(page.root["Keys"].get(keys), simdjson::SUCCESS);
                               for (auto k : keys) ids.emplace_back(json_string(k, "KeyId"));
                             });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(ids, (std::vector<std::string>{"k1", "k2", "k3", "k4"}));
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].request.body, "{\"Limit\":2}");
  EXPECT_EQ(seen[1].request.body, "{\"Limit\":2,\"Marker\":\"m/1==\"}");
  EXPECT_EQ(seen[2].request.body, "{\"Limit\":2,\"Marker\":\"m2\"}");
  for (const auto& s : seen) {
    EXPECT_FALSE(s.has_param("NextMarker"));
    ASSERT_EQ(s.headers("X-Amz-Target").size(), 1u);
    EXPECT_EQ(s.headers("X-Amz-Target")[0], "TrentService.ListKeys");
    EXPECT_EQ(s.headers("Content-Type")[0], "application/x-amz-json-1.1");
    EXPECT_EQ(s.request.url, "https://kms.eu-west-1.amazonaws.com/");
  }
}

TEST_F(ProtocolTest, JsonPaginationWithoutOtherMembers) {
  http_.on("ListKeys").reply(200, keys_page({"k1"}, "n1"));
  http_.on("ListKeys", {{"Marker", "n1"}}).reply(200, keys_page({"k2"}, ""));
  int pages = 0;
  CallStatus st = json_pages(client_, kKms, "eu-west-1", "ListKeys", "", "Marker", "NextMarker",
                             [&](const JsonReply&) { ++pages; });
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(pages, 2);
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].request.body, "{}");
  EXPECT_EQ(seen[1].request.body, "{\"Marker\":\"n1\"}");
}

TEST_F(ProtocolTest, JsonNullOrEmptyTokenEndsTheList) {
  http_.on("ListKeys").reply(200, "{\"Keys\":[],\"NextMarker\":null}");
  int pages = 0;
  EXPECT_TRUE(json_pages(client_, kKms, "eu-west-1", "ListKeys", "", "Marker", "NextMarker",
                         [&](const JsonReply&) { ++pages; })
                  .ok);
  http_.on("ListAliases").reply(200, "{\"Aliases\":[],\"NextMarker\":\"\"}");
  EXPECT_TRUE(json_pages(client_, kKms, "eu-west-1", "ListAliases", "", "Marker", "NextMarker",
                         [&](const JsonReply&) { ++pages; })
                  .ok);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(http_.total(), 2);
}

TEST_F(ProtocolTest, RepeatedQueryMarkerStopsWithAnError) {
  http_.on("ListUsers").reply(200, list_users_page({"alice"}, "same"));
  int pages = 0;
  CallStatus st = query_pages(client_, services::kIam, "us-east-1", "ListUsers", {},
                              [&](const XmlReply&) { ++pages; });
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_NE(st.error.message.find("repeated"), std::string::npos) << st.error.message;
  EXPECT_EQ(http_.total(), 2);
  EXPECT_LE(pages, 2);
}

TEST_F(ProtocolTest, RepeatedEc2TokenAfterSomePagesStopsWithAnError) {
  http_.on("DescribeVolumes").reply(200, volumes_page({"vol-1"}, "a"));
  http_.on("DescribeVolumes", {{"NextToken", "a"}}).reply(200, volumes_page({"vol-2"}, "b"));
  http_.on("DescribeVolumes", {{"NextToken", "b"}}).reply(200, volumes_page({"vol-3"}, "a"));
  CallStatus st = query_pages(client_, services::kEc2, "eu-west-1", "DescribeVolumes", {},
                              [&](const XmlReply&) {});
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_EQ(http_.total(), 3);
}

TEST_F(ProtocolTest, RepeatedJsonTokenStopsWithAnError) {
  http_.on("ListKeys").reply(200, keys_page({"k1"}, "again"));
  CallStatus st = json_pages(client_, kKms, "eu-west-1", "ListKeys", "", "Marker", "NextMarker",
                             [&](const JsonReply&) {});
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_TRUE(st.error.is_fatal());
  EXPECT_EQ(http_.total(), 2);
}

TEST_F(ProtocolTest, TruncatedXmlIsMalformed) {
  std::string page = list_users_page({"alice", "bob"}, "");
  http_.on("ListUsers").reply(200, page.substr(0, page.size() / 2));
  XmlReply r = query_call(client_, services::kIam, "us-east-1", "ListUsers");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "MalformedResponse");
  EXPECT_TRUE(r.error.is_fatal());
  EXPECT_FALSE(r.error.is_retryable());
  EXPECT_EQ(http_.total(), 1);  // a broken answer is not asked again
}

TEST_F(ProtocolTest, TruncatedXmlOnALaterPageIsMalformed) {
  std::string page2 = list_users_page({"carol"}, "");
  http_.on("ListUsers").reply(200, list_users_page({"alice"}, "m1"));
  http_.on("ListUsers", {{"Marker", "m1"}}).reply(200, page2.substr(0, page2.size() - 30));
  int pages = 0;
  CallStatus st = query_pages(client_, services::kIam, "us-east-1", "ListUsers", {},
                              [&](const XmlReply&) { ++pages; });
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_EQ(pages, 1);
}

TEST_F(ProtocolTest, TruncatedEc2XmlIsMalformed) {
  std::string page = volumes_page({"vol-1", "vol-2"}, "");
  http_.on("DescribeVolumes").reply(200, page.substr(0, page.size() - 10));
  XmlReply r = query_call(client_, services::kEc2, "eu-west-1", "DescribeVolumes");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "MalformedResponse");
}

TEST_F(ProtocolTest, UnexpectedXmlRootIsMalformed) {
  http_.on("ListUsers").reply(200, "<html><body>Captive portal</body></html>");
  XmlReply r = query_call(client_, services::kIam, "us-east-1", "ListUsers");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "MalformedResponse");
  http_.on("ListRoles").reply(200, "");
  r = query_call(client_, services::kIam, "us-east-1", "ListRoles");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "MalformedResponse");
}

TEST_F(ProtocolTest, QueryActionWithoutResultElement) {
  http_.on("DeleteUser")
      .reply(200,
             "<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
             "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
             "</DeleteUserResponse>");
  XmlReply r = query_call(client_, services::kIam, "us-east-1", "DeleteUser", {{"UserName", "x"}});
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_STREQ(r.result.name(), "DeleteUserResponse");
}

TEST_F(ProtocolTest, TruncatedJsonIsMalformed) {
  std::string page = keys_page({"k1", "k2"}, "");
  http_.on("ListKeys").reply(200, page.substr(0, page.size() - 12));
  JsonReply r = json_call(client_, kKms, "eu-west-1", "ListKeys");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "MalformedResponse");
  EXPECT_TRUE(r.error.is_fatal());
  CallStatus st = json_pages(client_, kKms, "eu-west-1", "ListKeys", "", "Marker", "NextMarker",
                             [&](const JsonReply&) { ADD_FAILURE() << "no page expected"; });
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
}

TEST_F(ProtocolTest, JsonErrorsAreParsed) {
  http_.on("DescribeOrganization")
      .reply(json_error(400, "AWSOrganizationsNotInUseException", "not in an organization"));
  JsonReply r = json_call(client_, services::kOrganizations, "us-east-1", "DescribeOrganization");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "AWSOrganizationsNotInUseException");
  EXPECT_EQ(r.error.message, "not in an organization");
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].headers("X-Amz-Target")[0], "AWSOrganizationsV20161128.DescribeOrganization");
  EXPECT_EQ(seen[0].request.body, "{}");
}

TEST_F(ProtocolTest, QueryErrorsStopPagination) {
  http_.on("ListUsers").reply(200, list_users_page({"alice"}, "m1"));
  http_.on("ListUsers", {{"Marker", "m1"}}).reply(query_error(403, "AccessDenied", "no"));
  int pages = 0;
  CallStatus st = query_pages(client_, services::kIam, "us-east-1", "ListUsers", {},
                              [&](const XmlReply&) { ++pages; });
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "AccessDenied");
  EXPECT_EQ(pages, 1);
}

TEST(FormEncodeTest, SpecialCharacters) {
  EXPECT_EQ(form_encode({}), "");
  EXPECT_EQ(form_encode({{"Action", "ListUsers"}, {"Version", "2010-05-08"}}),
            "Action=ListUsers&Version=2010-05-08");
  EXPECT_EQ(form_encode({{"PathPrefix", "/a b/"}}), "PathPrefix=%2Fa%20b%2F");
  EXPECT_EQ(form_encode({{"Marker", "a+b=c&d"}}), "Marker=a%2Bb%3Dc%26d");
  EXPECT_EQ(form_encode({{"Name", "\xC3\xA9t\xC3\xA9"}}), "Name=%C3%A9t%C3%A9");
  EXPECT_EQ(form_encode({{"Keep", "AZaz09-_.~"}}), "Keep=AZaz09-_.~");
  EXPECT_EQ(form_encode({{"Filter.1.Name", "tag:Env"}, {"Filter.1.Value.1", "a*?%"}}),
            "Filter.1.Name=tag%3AEnv&Filter.1.Value.1=a%2A%3F%25");
  EXPECT_EQ(form_encode({{"Empty", ""}}), "Empty=");
}

TEST_F(ProtocolTest, QueryParametersRoundTrip) {
  http_.on("GetUser").reply(200, "<GetUserResponse><GetUserResult/></GetUserResponse>");
  XmlReply r = query_call(client_, services::kIam, "us-east-1", "GetUser",
                          {{"UserName", "jane+doe@example.com"}, {"Note", "a b&c=d/é"}});
  ASSERT_TRUE(r.ok) << r.error.describe();
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].request.body,
            "Action=GetUser&Version=2010-05-08&UserName=jane%2Bdoe%40example.com&"
            "Note=a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(seen[0].param("UserName"), "jane+doe@example.com");
  EXPECT_EQ(seen[0].param("Note"), "a b&c=d/é");
  EXPECT_EQ(seen[0].headers("Content-Type")[0], "application/x-www-form-urlencoded; charset=utf-8");
}

TEST_F(ProtocolTest, RestXmlEmptyBodySucceeds) {
  http_.on("GET /my-bucket").reply(200, "");
  XmlReply r = rest_xml_call(client_, services::kS3, "eu-west-1", "GetBucketEncryption", "GET",
                             "/my-bucket", "encryption");
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_TRUE(r.doc != nullptr);
  EXPECT_FALSE(r.result);
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].request.url, "https://s3.eu-west-1.amazonaws.com/my-bucket?encryption");
  EXPECT_EQ(seen[0].request.method, "GET");
  EXPECT_EQ(seen[0].headers("X-Amz-Content-SHA256").size(), 1u);  // S3 signing

  http_.on("PUT /my-bucket").reply(204, "");
  r = rest_xml_call(client_, services::kS3, "eu-west-1", "PutBucketTagging", "PUT", "/my-bucket",
                    "tagging", "<Tagging><TagSet/></Tagging>");
  ASSERT_TRUE(r.ok) << r.error.describe();
}

TEST_F(ProtocolTest, RestXmlBodyIsTheRoot) {
  http_.on("GET /my-bucket")
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
             "<Status>Enabled</Status></VersioningConfiguration>");
  XmlReply r = rest_xml_call(client_, services::kS3, "eu-west-1", "GetBucketVersioning", "GET",
                             "/my-bucket", "versioning");
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_STREQ(r.result.name(), "VersioningConfiguration");
  EXPECT_STREQ(r.result.child_value("Status"), "Enabled");
}

std::string buckets_page(const std::string& name, const std::string& token) {
  return "<ListAllMyBucketsResult><Buckets><Bucket><Name>" + name + "</Name></Bucket></Buckets>" +
         (token.empty() ? "" : "<ContinuationToken>" + token + "</ContinuationToken>") +
         "</ListAllMyBucketsResult>";
}

TEST_F(ProtocolTest, RestXmlPagesFollowTheNextQueryAndStopOnARepeat) {
  http_.on("GET /").reply(200, buckets_page("a", "t/1"));
  http_.on("GET /", {{"continuation-token", "t/1"}}).reply(200, buckets_page("b", ""));
  auto next = [](const XmlReply& page) {
    return query_param("continuation-token", page.result.child_value("ContinuationToken"));
  };
  std::vector<std::string> names;
  auto on_page = [&](const XmlReply& page) {
    names.push_back(page.result.child("Buckets").child("Bucket").child_value("Name"));
  };
  CallStatus st = rest_xml_pages(client_, services::kS3, "eu-west-1", "ListBuckets", "/",
                                 "max-buckets=1", next, on_page);
  ASSERT_TRUE(st.ok) << st.error.describe();
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
  auto seen = http_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].param("max-buckets"), "1");
  EXPECT_FALSE(seen[0].has_param("continuation-token"));
  EXPECT_EQ(seen[1].param("max-buckets"), "1");
  EXPECT_EQ(seen[1].param("continuation-token"), "t/1");

  // The second page names the same token again: an error, not a loop.
  http_.on("GET /", {{"continuation-token", "t/1"}}).reply(200, buckets_page("c", "t/1"));
  names.clear();
  st = rest_xml_pages(client_, services::kS3, "eu-west-1", "ListBuckets", "/", "max-buckets=1",
                      next, on_page);
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_NE(st.error.message.find("repeated"), std::string::npos) << st.error.message;
  EXPECT_EQ(names, (std::vector<std::string>{"a", "c"}));
}

TEST(QueryParamTest, EncodesTheValueAndDropsEmptyOnes) {
  EXPECT_EQ(query_param("name", "a b/*.example.com."), "name=a%20b%2F%2A.example.com.");
  EXPECT_EQ(query_param("marker", ""), "");
}

TEST_F(ProtocolTest, RestJsonEmptyBodyIsAnEmptyObject) {
  http_.on("GET /2015-03-31/functions/f/url").reply(200, "");
  JsonReply r = rest_json_call(client_, services::kLambda, "eu-west-1", "GetFunctionUrlConfig",
                               "GET", "/2015-03-31/functions/f/url");
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_TRUE(r.root.is_object());
  EXPECT_EQ(json_string(r.root, "FunctionUrl"), "");
}

TEST(JsonStringTest, ReadsStringMembersOnly) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  ASSERT_EQ(parser.parse(std::string_view("{\"a\":\"x\",\"b\":1,\"c\":null}")).get(e),
            simdjson::SUCCESS);
  EXPECT_EQ(json_string(e, "a"), "x");
  EXPECT_EQ(json_string(e, "b"), "");
  EXPECT_EQ(json_string(e, "c"), "");
  EXPECT_EQ(json_string(e, "missing"), "");
}

}  // namespace
}  // namespace canopy::aws
