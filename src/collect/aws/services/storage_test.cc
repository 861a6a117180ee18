// The storage collectors (S3 + S3 Control, CloudFront, Route 53, Glacier,
// EFS) against answers written from the AWS API references (the shapes of
// spec §7): paging, the mapping of a realistic answer, expected errors
// ("nothing configured"), and an unexpected error that becomes a warning
// while the rest is still collected.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collect/aws/services/cloudfront.h"
#include "collect/aws/services/efs.h"
#include "collect/aws/services/glacier.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/route53.h"
#include "collect/aws/services/route53_records.h"
#include "collect/aws/services/s3.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"
#include "core/json_out.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;
using testing::kAbsent;
using testing::query_error;

const std::string kAcc = "123456789012";
const std::string kGlobal = kAcc + ":region:global";
const std::string kEuWest = kAcc + ":region:eu-west-1";
const std::string kAccountNode = kAcc + ":account:" + kAcc;

const http::Headers kXml = {{"Content-Type", "application/xml"}};
const http::Headers kJson = {{"Content-Type", "application/json"}};

// One collect run against the fake, with the account and region nodes the
// edges hang from (the account collector makes them in a real run).
struct StorageRun : testing::ServiceRun {
  StorageRun() : ServiceRun(testing::fast_retry(2)) {
    add_node(kAccountNode, "aws_account", R"({"kind":"aws_account","id":"123456789012"})");
    add_node(kGlobal, "aws_region", R"({"kind":"aws_region","id":"us-east-1","name":"global"})");
    add_node(kEuWest, "aws_region", R"({"kind":"aws_region","id":"eu-west-1"})");
  }
  // The graph as written when first asked for.
  const Graph& graph() {
    if (!g) g = std::make_unique<Graph>(written());
    return *g;
  }

  std::unique_ptr<Graph> g;
};

std::string region_of(const testing::SeenRequest& r) {
  auto auth = r.headers("Authorization");
  if (auth.empty()) return "";
  std::string a = auth[0];
  size_t c = a.find("Credential=");
  // Credential=KEY/DATE/REGION/SERVICE/aws4_request
  size_t s1 = a.find('/', c), s2 = a.find('/', s1 + 1), s3 = a.find('/', s2 + 1);
  return a.substr(s2 + 1, s3 - s2 - 1);
}

// --- S3 ------------------------------------------------------------------------------------------

const std::string kS3Ns = R"( xmlns="http://s3.amazonaws.com/doc/2006-03-01/")";

http::Outcome s3_error(long status, const std::string& code, const std::string& bucket) {
  return testing::response(status,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code +
                               "</Code><Message>" + code +
                               " for this bucket</Message><BucketName>" + bucket +
                               "</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>"
                               "1JHcaD6Zq1Bfr0Zbd8fYq0mMQq0=</HostId></Error>",
                           kXml);
}

std::string list_buckets_page(const std::string& buckets, const std::string& token) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult" + kS3Ns +
         ">\n  <Buckets>" + buckets +
         "</Buckets>\n  <Owner><DisplayName>ops</DisplayName>"
         "<ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Owner>\n" +
         (token.empty() ? "" : "  <ContinuationToken>" + token + "</ContinuationToken>\n") +
         "</ListAllMyBucketsResult>\n";
}

const std::string kOwner =
    "<Owner><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID>"
    "<DisplayName>ops</DisplayName></Owner>";
const std::string kOwnerGrant =
    "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:type=\"CanonicalUser\"><ID>"
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    "</ID><DisplayName>ops</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>";

std::string acl(const std::string& extra_grants) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AccessControlPolicy" + kS3Ns + ">" + kOwner +
         "<AccessControlList>" + kOwnerGrant + extra_grants +
         "</AccessControlList></AccessControlPolicy>";
}

// The policy as AWS returns it: the document the owner put, pretty-printed.
const std::string kTlsPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::secure-data", "arn:aws:s3:::secure-data/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
})";

// Three buckets over two ListBuckets pages:
//   logs-archive  us-east-1 (named by ListBuckets), SSE-S3, versioning suspended
//   secure-data   eu-west-1 (GetBucketLocation says EU): tags, KMS encryption,
//                 TLS-only policy, versioning + MFA delete, public access block,
//                 logging to logs-archive with a target grant
//   public-site   us-east-1 (empty location): nothing configured, AllUsers READ
void route_buckets(FakeHttp& http) {
  http.on("GET /", {{"max-buckets", "1000"}})
      .reply(200,
             list_buckets_page("<Bucket><BucketRegion>us-east-1</BucketRegion><CreationDate>"
                               "2019-12-11T23:32:47.000Z</CreationDate><Name>logs-archive</Name>"
                               "</Bucket><Bucket><CreationDate>2021-03-04T08:15:00.000Z"
                               "</CreationDate><Name>secure-data</Name></Bucket>",
                               "eyJDb250aW51YXRpb25Ub2tlbiI6IDJ9/+="),
             kXml);
  http.on("GET /", {{"continuation-token", "eyJDb250aW51YXRpb25Ub2tlbiI6IDJ9/+="}})
      .reply(200,
             list_buckets_page("<Bucket><CreationDate>2023-07-01T10:00:00+00:00</CreationDate>"
                               "<Name>public-site</Name></Bucket>",
                               ""),
             kXml);
  http.on("GET /secure-data", {{"location", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint" + kS3Ns +
                 ">EU</LocationConstraint>",
             kXml);
  http.on("GET /public-site", {{"location", ""}})
      .reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint" + kS3Ns + "/>",
             kXml);

  // secure-data
  http.on("GET /secure-data", {{"tagging", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tagging" + kS3Ns +
                 "><TagSet><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>owner</Key>"
                 "<Value>data-team</Value></Tag></TagSet></Tagging>",
             kXml);
  http.on("GET /secure-data", {{"encryption", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ServerSideEncryptionConfiguration" +
                 kS3Ns +
                 "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                 "<KMSMasterKeyID>arn:aws:kms:eu-west-1:123456789012:key/"
                 "1234abcd-12ab-34cd-56ef-1234567890ab</KMSMasterKeyID>"
                 "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled>"
                 "</Rule></ServerSideEncryptionConfiguration>",
             kXml);
  http.on("GET /secure-data", {{"policy", ""}})
      .reply(200, kTlsPolicy, {{"Content-Type", "application/json"}});
  http.on("GET /secure-data", {{"versioning", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration" + kS3Ns +
                 "><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>"
                 "</VersioningConfiguration>",
             kXml);
  http.on("GET /secure-data", {{"publicAccessBlock", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PublicAccessBlockConfiguration" + kS3Ns +
                 "><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true"
                 "</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy>"
                 "<RestrictPublicBuckets>true</RestrictPublicBuckets>"
                 "</PublicAccessBlockConfiguration>",
             kXml);
  http.on("GET /secure-data", {{"acl", ""}}).reply(200, acl(""), kXml);
  http.on("GET /secure-data", {{"logging", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BucketLoggingStatus" + kS3Ns +
                 "><LoggingEnabled><TargetBucket>logs-archive</TargetBucket><TargetPrefix>"
                 "secure-data/</TargetPrefix><TargetGrants><Grant><Grantee "
                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:type=\"AmazonCustomerByEmail\"><EmailAddress>auditor@example.com"
                 "</EmailAddress></Grantee><Permission>READ</Permission></Grant></TargetGrants>"
                 "</LoggingEnabled></BucketLoggingStatus>",
             kXml);

  // public-site
  http.on("GET /public-site", {{"tagging", ""}})
      .reply(s3_error(404, "NoSuchTagSet", "public-site"));
  http.on("GET /public-site", {{"encryption", ""}})
      .reply(s3_error(404, "ServerSideEncryptionConfigurationNotFoundError", "public-site"));
  http.on("GET /public-site", {{"policy", ""}})
      .reply(s3_error(404, "NoSuchBucketPolicy", "public-site"));
  http.on("GET /public-site", {{"versioning", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration" + kS3Ns + "/>",
             kXml);
  http.on("GET /public-site", {{"publicAccessBlock", ""}})
      .reply(s3_error(404, "NoSuchPublicAccessBlockConfiguration", "public-site"));
  http.on("GET /public-site", {{"acl", ""}})
      .reply(200,
             acl("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>"
                 "</Grantee><Permission>READ</Permission></Grant>"),
             kXml);
  http.on("GET /public-site", {{"logging", ""}})
      .reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BucketLoggingStatus" + kS3Ns + "/>",
             kXml);

  // logs-archive
  http.on("GET /logs-archive", {{"tagging", ""}})
      .reply(s3_error(404, "NoSuchTagSet", "logs-archive"));
  http.on("GET /logs-archive", {{"encryption", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ServerSideEncryptionConfiguration" +
                 kS3Ns +
                 "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                 "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>"
                 "</Rule></ServerSideEncryptionConfiguration>",
             kXml);
  http.on("GET /logs-archive", {{"policy", ""}})
      .reply(s3_error(404, "NoSuchBucketPolicy", "logs-archive"));
  http.on("GET /logs-archive", {{"versioning", ""}})
      .reply(200,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration" + kS3Ns +
                 "><Status>Suspended</Status><MfaDelete>Disabled</MfaDelete>"
                 "</VersioningConfiguration>",
             kXml);
  http.on("GET /logs-archive", {{"publicAccessBlock", ""}})
      .reply(s3_error(404, "NoSuchPublicAccessBlockConfiguration", "logs-archive"));
  http.on("GET /logs-archive", {{"acl", ""}})
      .reply(200,
             acl("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI>"
                 "</Grantee><Permission>WRITE</Permission></Grant>"),
             kXml);
  http.on("GET /logs-archive", {{"logging", ""}})
      .reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BucketLoggingStatus" + kS3Ns + "/>",
             kXml);
}

void route_account_block(FakeHttp& http, bool on) {
  auto& route = http.on("GET /v20180820/configuration/publicAccessBlock");
  if (on)
    route.reply(200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PublicAccessBlockConfiguration>"
                "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>"
                "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false"
                "</RestrictPublicBuckets></PublicAccessBlockConfiguration>",
                kXml);
  else
    route.reply(404,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Sender"
                "</Type><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public "
                "access block configuration was not found</Message></Error><RequestId>"
                "A1B2C3D4E5F6</RequestId></ErrorResponse>",
                kXml);
}

std::string bucket(const std::string& name) {
  return kAcc + ":s3_bucket:" + name;
}
const std::string kSettings = kAcc + ":s3_account_settings:" + kAcc;

TEST(StorageS3, BucketsAreMappedFromEveryCall) {
  StorageRun run;
  route_buckets(run.http);
  route_account_block(run.http, true);
  collect_s3(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_s3_bucket"), 3);

  std::string s = bucket("secure-data");
  EXPECT_EQ(g.text(s, "/id"), "secure-data");
  EXPECT_EQ(g.text(s, "/name"), "secure-data");
  EXPECT_EQ(g.text(s, "/arn"), "arn:aws:s3:::secure-data");
  EXPECT_EQ(g.text(s, "/ctime"), "2021-03-04T08:15:00Z");
  EXPECT_EQ(g.val(s, "/tags"), R"({"env":"prod","owner":"data-team"})");
  EXPECT_EQ(
      g.val(s, "/bucket_encryption_rules"),
      R"([{"sse_algorithm":"aws:kms","kms_master_key_id":"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","bucket_key_enabled":true}])");
  // Parsed, keys sorted, stored compact.
  EXPECT_EQ(
      g.val(s, "/bucket_policy"),
      R"({"Statement":[{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},)"
      R"("Effect":"Deny","Principal":"*","Resource":["arn:aws:s3:::secure-data",)"
      R"("arn:aws:s3:::secure-data/*"],"Sid":"DenyInsecureTransport"}],"Version":"2012-10-17"})");
  EXPECT_EQ(g.val(s, "/bucket_versioning"), "true");
  EXPECT_EQ(g.val(s, "/bucket_mfa_delete"), "true");
  EXPECT_EQ(
      g.val(s, "/bucket_public_access_block_configuration"),
      R"({"block_public_acls":true,"ignore_public_acls":true,"block_public_policy":false,"restrict_public_buckets":true})");
  EXPECT_EQ(
      g.val(s, "/bucket_acl/owner"),
      R"({"id":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","display_name":"ops"})");
  EXPECT_EQ(
      g.val(s, "/bucket_acl/grants"),
      R"([{"grantee":{"type":"CanonicalUser","id":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","display_name":"ops"},"permission":"FULL_CONTROL"}])");
  EXPECT_EQ(
      g.val(s, "/bucket_logging"),
      R"({"target_bucket":"logs-archive","target_prefix":"secure-data/","target_grants":[{"grantee":{"type":"AmazonCustomerByEmail","email_address":"auditor@example.com"},"permission":"READ"}]})");

  // Nothing configured: [] rules, false flags, no policy/block/logging, {} tags.
  std::string p = bucket("public-site");
  EXPECT_EQ(g.text(p, "/ctime"), "2023-07-01T10:00:00Z");
  EXPECT_EQ(g.val(p, "/tags"), "{}");
  EXPECT_EQ(g.val(p, "/bucket_encryption_rules"), "[]");
  EXPECT_EQ(g.val(p, "/bucket_policy"), kAbsent);
  EXPECT_EQ(g.val(p, "/bucket_versioning"), "false");
  EXPECT_EQ(g.val(p, "/bucket_mfa_delete"), "false");
  EXPECT_EQ(g.val(p, "/bucket_public_access_block_configuration"), kAbsent);
  EXPECT_EQ(g.val(p, "/bucket_logging"), kAbsent);
  EXPECT_EQ(g.text(p, "/bucket_acl/grants/1/grantee/uri"),
            "http://acs.amazonaws.com/groups/global/AllUsers");
  EXPECT_EQ(g.text(p, "/bucket_acl/grants/1/grantee/type"), "Group");
  EXPECT_EQ(g.text(p, "/bucket_acl/grants/1/permission"), "READ");

  std::string l = bucket("logs-archive");
  EXPECT_EQ(g.val(l, "/bucket_encryption_rules"),
            R"([{"sse_algorithm":"AES256","bucket_key_enabled":false}])");
  EXPECT_EQ(g.val(l, "/bucket_versioning"), "false");  // Suspended
  EXPECT_EQ(g.val(l, "/bucket_mfa_delete"), "false");

  // Every bucket hangs below the global region, whatever its own region.
  for (const auto& b : {s, p, l}) EXPECT_TRUE(g.edge(kGlobal, b)) << b;
  EXPECT_FALSE(g.edge(kEuWest, s));
}

TEST(StorageS3, ListBucketsPagesAndBucketCallsGoToTheBucketsRegion) {
  StorageRun run;
  route_buckets(run.http);
  route_account_block(run.http, true);
  collect_s3(run.ctx, "us-east-1");
  auto lists = run.http.requests("GET /");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_FALSE(lists[0].has_param("continuation-token"));
  EXPECT_EQ(lists[1].param("continuation-token"), "eyJDb250aW51YXRpb25Ub2tlbiI6IDJ9/+=");
  EXPECT_EQ(lists[1].param("max-buckets"), "1000");
  EXPECT_EQ(lists[0].request.url.rfind("https://s3.us-east-1.amazonaws.com/?", 0), 0u);

  // Only the buckets ListBuckets gave no region for are located, in the global region.
  EXPECT_EQ(run.http.count("GET /logs-archive", {{"location", ""}}), 0);
  for (const auto& r : run.http.requests("GET /secure-data")) {
    SCOPED_TRACE(r.request.url);
    if (r.has_param("location")) {
      EXPECT_EQ(region_of(r), "us-east-1");
      continue;
    }
    EXPECT_EQ(r.request.url.rfind("https://s3.eu-west-1.amazonaws.com/secure-data?", 0), 0u);
    EXPECT_EQ(region_of(r), "eu-west-1");
    EXPECT_EQ(r.headers("x-amz-content-sha256").size(), 1u);  // S3 signing
  }
  for (const auto& r : run.http.requests("GET /public-site"))
    EXPECT_EQ(region_of(r), "us-east-1") << r.request.url;
  // Seven calls per bucket, plus the two locations.
  EXPECT_EQ(run.http.requests("GET /secure-data").size(), 8u);
  EXPECT_EQ(run.http.requests("GET /public-site").size(), 8u);
  EXPECT_EQ(run.http.requests("GET /logs-archive").size(), 7u);
}

TEST(StorageS3, AccountSettingsFromS3Control) {
  StorageRun run;
  run.http.on("GET /", {{"max-buckets", "1000"}}).reply(200, list_buckets_page("", ""), kXml);
  route_account_block(run.http, true);
  collect_s3(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  auto seen = run.http.requests("GET /v20180820/configuration/publicAccessBlock");
  ASSERT_EQ(seen.size(), 1u);
  // The account id goes in the header and, on AWS, in the host.
  EXPECT_EQ(seen[0].request.url,
            "https://123456789012.s3-control.us-east-1.amazonaws.com/v20180820/configuration/"
            "publicAccessBlock");
  ASSERT_EQ(seen[0].headers("x-amz-account-id").size(), 1u);
  EXPECT_EQ(seen[0].headers("x-amz-account-id")[0], kAcc);
  EXPECT_NE(seen[0].headers("Authorization")[0].find("/us-east-1/s3/aws4_request"),
            std::string::npos);
  const Graph& g = run.graph();
  EXPECT_EQ(g.text(kSettings, "/kind"), "aws_s3_account_settings");
  EXPECT_EQ(g.text(kSettings, "/id"), kAcc);
  EXPECT_EQ(
      g.val(kSettings, "/bucket_public_access_block_configuration"),
      R"({"block_public_acls":true,"ignore_public_acls":false,"block_public_policy":true,"restrict_public_buckets":false})");
  EXPECT_TRUE(g.edge(kAccountNode, kSettings));
  EXPECT_TRUE(g.edge(kGlobal, kSettings));
  EXPECT_EQ(g.count_of_kind("aws_s3_bucket"), 0);
}

TEST(StorageS3, AccountWithoutBlockHasFourFalseSettings) {
  StorageRun run;
  run.http.on("GET /", {{"max-buckets", "1000"}}).reply(200, list_buckets_page("", ""), kXml);
  route_account_block(run.http, false);
  collect_s3(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(
      run.graph().val(kSettings, "/bucket_public_access_block_configuration"),
      R"({"block_public_acls":false,"ignore_public_acls":false,"block_public_policy":false,"restrict_public_buckets":false})");
}

TEST(StorageS3, UnexpectedErrorsWarnAndTheRestIsCollected) {
  StorageRun run;
  route_buckets(run.http);
  run.http.on("GET /v20180820/configuration/publicAccessBlock")
      .reply(403,
             "<ErrorResponse><Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
             "</Error></ErrorResponse>",
             kXml);
  run.http.on("GET /secure-data", {{"acl", ""}})
      .reply(s3_error(403, "AccessDenied", "secure-data"));
  run.http.on("GET /secure-data", {{"encryption", ""}})
      .reply(s3_error(403, "AccessDenied", "secure-data"));
  run.http.on("GET /secure-data", {{"versioning", ""}})
      .reply(s3_error(500, "InternalError", "secure-data"));
  run.http.on("GET /public-site", {{"location", ""}})
      .reply(s3_error(403, "AccessDenied", "public-site"));
  run.http.on("GET /logs-archive", {{"policy", ""}}).reply(200, "not a policy", kJson);
  collect_s3(run.ctx, "us-east-1");
  auto list = run.warnings.list();
  std::set<std::string> parts;
  for (const auto& w : list) parts.insert(w.substr(0, w.find(':')));
  EXPECT_EQ(parts, (std::set<std::string>{"s3control us-east-1 GetPublicAccessBlock",
                                          "s3 eu-west-1 GetBucketAcl secure-data",
                                          "s3 eu-west-1 GetBucketEncryption secure-data",
                                          "s3 eu-west-1 GetBucketVersioning secure-data",
                                          "s3 us-east-1 GetBucketLocation public-site",
                                          "s3 us-east-1 GetBucketPolicy logs-archive"}))
      << run.warning_text();
  EXPECT_EQ(run.warnings.fatal(), "");
  const Graph& g = run.graph();
  EXPECT_FALSE(g.has(kSettings));  // unknown is not "no block"
  EXPECT_EQ(g.count_of_kind("aws_s3_bucket"), 3);
  std::string s = bucket("secure-data");
  EXPECT_EQ(g.val(s, "/bucket_acl"), kAbsent);
  EXPECT_EQ(g.val(s, "/bucket_encryption_rules"), kAbsent);  // unknown, not []
  EXPECT_EQ(g.val(s, "/bucket_versioning"), kAbsent);
  EXPECT_EQ(g.text(s, "/bucket_logging/target_bucket"), "logs-archive");
  EXPECT_NE(g.val(s, "/bucket_policy"), kAbsent);
  // Not located: asked in the global region, which answered.
  EXPECT_EQ(g.text(bucket("public-site"), "/bucket_acl/grants/1/permission"), "READ");
  EXPECT_EQ(g.val(bucket("logs-archive"), "/bucket_policy"), kAbsent);
  EXPECT_EQ(g.text(bucket("logs-archive"), "/bucket_encryption_rules/0/sse_algorithm"), "AES256");
}

TEST(StorageS3, BucketsDeletedSinceTheListingAreLeftOut) {
  StorageRun run;
  route_buckets(run.http);
  route_account_block(run.http, true);
  run.http.on("GET /public-site", {{"location", ""}})
      .reply(s3_error(404, "NoSuchBucket", "public-site"));
  run.http.on("GET /logs-archive", {{"acl", ""}})
      .reply(s3_error(404, "NoSuchBucket", "logs-archive"));
  collect_s3(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_s3_bucket"), 1);
  EXPECT_TRUE(g.has(bucket("secure-data")));
  EXPECT_EQ(run.http.requests("GET /public-site").size(), 1u);  // only the location
}

TEST(StorageS3, ListBucketsFailureWarnsAndKeepsTheAccountSettings) {
  StorageRun run;
  run.http.on("GET /", {{"max-buckets", "1000"}})
      .reply(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", kXml);
  route_account_block(run.http, true);
  collect_s3(run.ctx, "us-east-1");
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(run.warnings.list()[0].rfind("s3 us-east-1 ListBuckets: AccessDenied", 0), 0u);
  EXPECT_TRUE(run.graph().has(kSettings));
}

TEST(StorageS3, PolicyJsonSortsKeysAndRejectsNonObjects) {
  EXPECT_EQ(fields::policy_json(R"({ "b": [ {"z": 1, "a": 2} ], "a": "x" })").value_or(""),
            R"({"a":"x","b":[{"a":2,"z":1}]})");
  EXPECT_EQ(fields::policy_json("[1,2]").value_or(""), "");
  EXPECT_EQ(fields::policy_json("<xml/>").value_or(""), "");
  EXPECT_EQ(fields::policy_json("").value_or(""), "");
}

// --- CloudFront
// -----------------------------------------------------------------------------------

const std::string kCfNs = R"( xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/")";

std::string summary(const std::string& id) {
  return "<DistributionSummary><Id>" + id +
         "</Id><ARN>arn:aws:cloudfront::123456789012:distribution/" + id +
         "</ARN><Status>Deployed</Status><LastModifiedTime>2023-05-02T13:52:18.493Z</"
         "LastModifiedTime>"
         "<DomainName>d111111abcdef8.cloudfront.net</DomainName><Aliases><Quantity>0</Quantity>"
         "</Aliases><Origins><Quantity>1</Quantity><Items><Origin><Id>site</Id><DomainName>"
         "static-site.s3.eu-west-1.amazonaws.com</DomainName><OriginPath></OriginPath>"
         "<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig></Origin>"
         "</Items></Origins><DefaultCacheBehavior><TargetOriginId>site</TargetOriginId>"
         "<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy></DefaultCacheBehavior>"
         "<Comment></Comment><PriceClass>PriceClass_100</PriceClass><Enabled>true</Enabled>"
         "<WebACLId></WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled>"
         "<Staging>false</Staging></DistributionSummary>";
}

std::string distribution_list(const std::string& items, const std::string& marker,
                              const std::string& next) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DistributionList" + kCfNs + "><Marker>" +
         marker + "</Marker>" + (next.empty() ? "" : "<NextMarker>" + next + "</NextMarker>") +
         "<MaxItems>100</MaxItems><IsTruncated>" + (next.empty() ? "false" : "true") +
         "</IsTruncated><Quantity>1</Quantity><Items>" + items + "</Items></DistributionList>";
}

// GetDistribution as the API reference shows it: S3 and custom origins, a
// Lambda@Edge association, a cache behavior, logging, WAF and an ACM certificate.
const std::string kDistribution = R"(<?xml version="1.0" encoding="UTF-8"?>
<Distribution xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <Id>E2QWRUHEXAMPLE</Id>
  <ARN>arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE</ARN>
  <Status>Deployed</Status>
  <LastModifiedTime>2023-05-02T13:52:18.493Z</LastModifiedTime>
  <InProgressInvalidationBatches>1</InProgressInvalidationBatches>
  <DomainName>d111111abcdef8.cloudfront.net</DomainName>
  <ActiveTrustedSigners><Enabled>true</Enabled><Quantity>1</Quantity><Items><Signer>
    <AwsAccountNumber>self</AwsAccountNumber>
    <KeyPairIds><Quantity>1</Quantity><Items><KeyPairId>APKAEIBAERJR2EXAMPLE</KeyPairId></Items></KeyPairIds>
  </Signer></Items></ActiveTrustedSigners>
  <ActiveTrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></ActiveTrustedKeyGroups>
  <DistributionConfig>
    <CallerReference>cli-example</CallerReference>
    <Aliases><Quantity>1</Quantity><Items><CNAME>www.example.com</CNAME></Items></Aliases>
    <DefaultRootObject>index.html</DefaultRootObject>
    <Origins><Quantity>2</Quantity><Items>
      <Origin>
        <Id>site</Id>
        <DomainName>static-site.s3.eu-west-1.amazonaws.com</DomainName>
        <OriginPath>/public</OriginPath>
        <CustomHeaders><Quantity>1</Quantity><Items><OriginCustomHeader><HeaderName>X-Origin</HeaderName><HeaderValue>cf</HeaderValue></OriginCustomHeader></Items></CustomHeaders>
        <S3OriginConfig><OriginAccessIdentity>origin-access-identity/cloudfront/E74FTE3EXAMPLE</OriginAccessIdentity></S3OriginConfig>
        <ConnectionAttempts>3</ConnectionAttempts>
        <ConnectionTimeout>10</ConnectionTimeout>
        <OriginShield><Enabled>true</Enabled><OriginShieldRegion>eu-west-1</OriginShieldRegion></OriginShield>
        <OriginAccessControlId>E2T5ABCDEXAMPLE</OriginAccessControlId>
      </Origin>
      <Origin>
        <Id>api</Id>
        <DomainName>api.example.com</DomainName>
        <OriginPath></OriginPath>
        <CustomHeaders><Quantity>0</Quantity></CustomHeaders>
        <CustomOriginConfig>
          <HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>
          <OriginProtocolPolicy>https-only</OriginProtocolPolicy>
          <OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols>
          <OriginReadTimeout>30</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout>
        </CustomOriginConfig>
        <ConnectionAttempts>3</ConnectionAttempts><ConnectionTimeout>10</ConnectionTimeout>
      </Origin>
    </Items></Origins>
    <OriginGroups><Quantity>0</Quantity></OriginGroups>
    <DefaultCacheBehavior>
      <TargetOriginId>site</TargetOriginId>
      <TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>
      <TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>
      <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
      <AllowedMethods><Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items>
        <CachedMethods><Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items></CachedMethods></AllowedMethods>
      <SmoothStreaming>false</SmoothStreaming>
      <Compress>true</Compress>
      <LambdaFunctionAssociations><Quantity>1</Quantity><Items><LambdaFunctionAssociation>
        <LambdaFunctionARN>arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3</LambdaFunctionARN>
        <EventType>viewer-request</EventType><IncludeBody>false</IncludeBody>
      </LambdaFunctionAssociation></Items></LambdaFunctionAssociations>
      <FunctionAssociations><Quantity>0</Quantity></FunctionAssociations>
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>
    </DefaultCacheBehavior>
    <CacheBehaviors><Quantity>1</Quantity><Items><CacheBehavior>
      <PathPattern>/api/*</PathPattern>
      <TargetOriginId>api</TargetOriginId>
      <TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>
      <TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>
      <ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>
      <AllowedMethods><Quantity>1</Quantity><Items><Method>GET</Method></Items></AllowedMethods>
      <SmoothStreaming>false</SmoothStreaming><Compress>false</Compress>
      <LambdaFunctionAssociations><Quantity>0</Quantity></LambdaFunctionAssociations>
      <FunctionAssociations><Quantity>0</Quantity></FunctionAssociations>
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <ForwardedValues><QueryString>true</QueryString><Cookies><Forward>whitelist</Forward>
        <WhitelistedNames><Quantity>1</Quantity><Items><Name>session</Name></Items></WhitelistedNames></Cookies>
        <Headers><Quantity>1</Quantity><Items><Name>Authorization</Name></Items></Headers>
        <QueryStringCacheKeys><Quantity>0</Quantity></QueryStringCacheKeys></ForwardedValues>
      <MinTTL>0</MinTTL><DefaultTTL>86400</DefaultTTL><MaxTTL>31536000</MaxTTL>
    </CacheBehavior></Items></CacheBehaviors>
    <CustomErrorResponses><Quantity>1</Quantity><Items><CustomErrorResponse>
      <ErrorCode>404</ErrorCode><ResponsePagePath>/404.html</ResponsePagePath>
      <ResponseCode>404</ResponseCode><ErrorCachingMinTTL>300</ErrorCachingMinTTL>
    </CustomErrorResponse></Items></CustomErrorResponses>
    <Comment>www site</Comment>
    <Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies><Bucket>cf-logs.s3.amazonaws.com</Bucket><Prefix>www/</Prefix></Logging>
    <PriceClass>PriceClass_All</PriceClass>
    <Enabled>true</Enabled>
    <ViewerCertificate>
      <CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>
      <ACMCertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012</ACMCertificateArn>
      <SSLSupportMethod>sni-only</SSLSupportMethod>
      <MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>
      <Certificate>arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012</Certificate>
      <CertificateSource>acm</CertificateSource>
    </ViewerCertificate>
    <Restrictions><GeoRestriction><RestrictionType>blacklist</RestrictionType><Quantity>2</Quantity>
      <Items><Location>KP</Location><Location>IR</Location></Items></GeoRestriction></Restrictions>
    <WebACLId>arn:aws:wafv2:us-east-1:123456789012:global/webacl/www/473e64fd-f30b-4765-81a0-62ad96dd167a</WebACLId>
    <HttpVersion>http2and3</HttpVersion>
    <IsIPV6Enabled>true</IsIPV6Enabled>
    <Staging>false</Staging>
  </DistributionConfig>
  <AliasICPRecordals><AliasICPRecordal><CNAME>www.example.com</CNAME><ICPRecordalStatus>APPROVED</ICPRecordalStatus></AliasICPRecordal></AliasICPRecordals>
</Distribution>
)";

const std::string kDist1 = kAcc + ":cloudfront_distribution:E2QWRUHEXAMPLE";
const std::string kDist2 = kAcc + ":cloudfront_distribution:E1OTHEREXAMPLE";

void route_cloudfront(FakeHttp& http) {
  http.on("GET /2020-05-31/distribution", {{"MaxItems", "100"}})
      .reply(200, distribution_list(summary("E2QWRUHEXAMPLE"), "", "E2QWRUHEXAMPLE"), kXml);
  http.on("GET /2020-05-31/distribution", {{"Marker", "E2QWRUHEXAMPLE"}})
      .reply(200, distribution_list(summary("E1OTHEREXAMPLE"), "E2QWRUHEXAMPLE", ""), kXml);
  http.on("GET /2020-05-31/distribution/E2QWRUHEXAMPLE").reply(200, kDistribution, kXml);
  http.on("GET /2020-05-31/distribution/E1OTHEREXAMPLE")
      .reply(403,
             "<?xml version=\"1.0\"?><ErrorResponse" + kCfNs +
                 "><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not "
                 "authorized to perform: cloudfront:GetDistribution</Message></Error><RequestId>"
                 "8f6f1d2e-0000-4000-8000-000000000001</RequestId></ErrorResponse>",
             kXml);
  http.on("GET /2020-05-31/tagging")
      .reply(200, "<?xml version=\"1.0\"?><Tags" + kCfNs + "><Items></Items></Tags>", kXml);
  http.on("GET /2020-05-31/tagging",
          {{"Resource", "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE"}})
      .reply(200,
             "<?xml version=\"1.0\"?><Tags" + kCfNs +
                 "><Items><Tag><Key>team</Key><Value>web</Value></Tag></Items></Tags>",
             kXml);
}

TEST(StorageCloudFront, DistributionsAreMappedWithTheirConfiguration) {
  StorageRun run;
  route_cloudfront(run.http);
  run.other(bucket("static-site"), "aws_s3_bucket");
  run.other(kAcc + ":lambda_function:edge-auth", "aws_lambda_function",
            "arn:aws:lambda:us-east-1:123456789012:function:edge-auth");
  run.other(kAcc + ":waf_web_acl:www", "aws_waf_web_acl",
            "arn:aws:wafv2:us-east-1:123456789012:global/webacl/www/"
            "473e64fd-f30b-4765-81a0-62ad96dd167a");
  run.other(kAcc + ":acm_certificate:c", "aws_acm_certificate",
            "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012");
  collect_cloudfront(run.ctx, "us-east-1");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  const std::string& d = kDist1;
  EXPECT_EQ(g.text(d, "/id"), "E2QWRUHEXAMPLE");
  EXPECT_EQ(g.text(d, "/arn"), "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE");
  EXPECT_EQ(g.text(d, "/mtime"), "2023-05-02T13:52:18Z");
  EXPECT_EQ(g.val(d, "/tags"), R"({"team":"web"})");
  EXPECT_EQ(g.text(d, "/distribution_status"), "Deployed");
  EXPECT_EQ(g.val(d, "/distribution_in_progress_invalidation_batches"), "1");
  EXPECT_EQ(
      g.val(d, "/distribution_active_trusted_signers"),
      R"({"enabled":true,"quantity":1,"items":[{"aws_account_number":"self","key_pair_ids":["APKAEIBAERJR2EXAMPLE"]}]})");
  EXPECT_EQ(
      g.val(d, "/distribution_config/logging"),
      R"({"enabled":true,"include_cookies":false,"bucket":"cf-logs.s3.amazonaws.com","prefix":"www/"})");
  EXPECT_EQ(g.text(d, "/distribution_config/web_acl_id"),
            "arn:aws:wafv2:us-east-1:123456789012:global/webacl/www/"
            "473e64fd-f30b-4765-81a0-62ad96dd167a");
  EXPECT_EQ(g.val(d, "/distribution_config/aliases"), R"(["www.example.com"])");
  EXPECT_EQ(
      g.val(d, "/distribution_config/origins/0"),
      R"({"id":"site","domain_name":"static-site.s3.eu-west-1.amazonaws.com","origin_path":"/public",)"
      R"("custom_header":{"X-Origin":"cf"},"s3_origin_config":"origin-access-identity/cloudfront/E74FTE3EXAMPLE",)"
      R"("connection_attempts":3,"connection_timeout":10,"origin_shield":{"enabled":true,)"
      R"("origin_shield_region":"eu-west-1"},"origin_access_control_id":"E2T5ABCDEXAMPLE"})");
  EXPECT_EQ(
      g.val(d, "/distribution_config/origins/1/custom_origin_config"),
      R"({"http_port":80,"https_port":443,"origin_protocol_policy":"https-only",)"
      R"("origin_ssl_protocol":["TLSv1.2"],"origin_read_timeout":30,"origin_keepalive_timeout":5})");
  EXPECT_EQ(g.val(d, "/distribution_config/default_cache_behavior/allowed_methods"),
            R"(["HEAD","GET"])");
  EXPECT_EQ(
      g.val(d, "/distribution_config/default_cache_behavior/lambda_function_associations"),
      R"([{"lambda_function_arn":"arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3",)"
      R"("event_type":"viewer-request","include_body":false}])");
  EXPECT_EQ(g.text(d, "/distribution_config/cache_behaviors/0/path_pattern"), "/api/*");
  EXPECT_EQ(
      g.val(d, "/distribution_config/cache_behaviors/0/forwarded_values"),
      R"({"query_string":true,"cookies":{"forward":"whitelist","whitelisted_names":["session"]},)"
      R"("headers":["Authorization"],"query_string_cache_keys":[]})");
  EXPECT_EQ(g.val(d, "/distribution_config/cache_behaviors/0/default_ttl"), "86400");
  EXPECT_EQ(
      g.val(d, "/distribution_config/custom_error_responses"),
      R"([{"error_code":404,"response_page_path":"/404.html","response_code":"404","error_caching_min_ttl":300}])");
  EXPECT_EQ(g.text(d, "/distribution_config/viewer_certificate/certificate_source"), "acm");
  EXPECT_EQ(g.val(d, "/distribution_config/restrictions/geo_restriction"), R"(["KP","IR"])");
  EXPECT_EQ(g.val(d, "/distribution_config/is_ipv6_enabled"), "true");
  EXPECT_EQ(g.val(d, "/distribution_alias_icp_recordals"),
            R"([{"cname":"www.example.com","icp_recordal_status":"APPROVED"}])");

  EXPECT_TRUE(g.edge(kGlobal, d));
  EXPECT_TRUE(g.edge(d, bucket("static-site")));
  EXPECT_TRUE(g.edge(d, kAcc + ":lambda_function:edge-auth"));  // version stripped
  EXPECT_TRUE(g.edge(d, kAcc + ":waf_web_acl:www"));
  EXPECT_TRUE(g.edge(d, kAcc + ":acm_certificate:c"));
}

TEST(StorageCloudFront, PagesAndAFailedGetDistributionKeepsTheSummary) {
  StorageRun run;
  route_cloudfront(run.http);
  run.other(bucket("static-site"), "aws_s3_bucket");
  collect_cloudfront(run.ctx, "us-east-1");
  auto lists = run.http.requests("GET /2020-05-31/distribution");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_FALSE(lists[0].has_param("Marker"));
  EXPECT_EQ(lists[1].param("Marker"), "E2QWRUHEXAMPLE");
  // Global endpoint, signed for us-east-1.
  EXPECT_EQ(lists[0].request.url.rfind("https://cloudfront.amazonaws.com/2020-05-31/", 0), 0u);
  EXPECT_EQ(region_of(lists[0]), "us-east-1");
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(run.warnings.list()[0].rfind(
                "cloudfront us-east-1 GetDistribution E1OTHEREXAMPLE: AccessDenied (403)", 0),
            0u);
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_cloudfront_distribution"), 2);
  EXPECT_EQ(g.text(kDist2, "/distribution_status"), "Deployed");
  EXPECT_EQ(g.val(kDist2, "/distribution_config"), kAbsent);
  EXPECT_EQ(g.val(kDist2, "/tags"), "{}");
  EXPECT_TRUE(g.edge(kDist2, bucket("static-site")));  // origins of the summary
}

// --- Route 53
// -------------------------------------------------------------------------------------

const std::string kR53Ns = R"( xmlns="https://route53.amazonaws.com/doc/2013-04-01/")";

void route_record_sets(FakeHttp& http);

void route_route53(FakeHttp& http) {
  http.on("GET /2013-04-01/hostedzone", {{"maxitems", "100"}})
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListHostedZonesResponse" + kR53Ns +
                 "><HostedZones><HostedZone><Id>/hostedzone/Z1D633PJN98FT9</Id><Name>example.com."
                 "</Name><CallerReference>2017-03-01T11:22:14Z</CallerReference><Config><Comment>"
                 "public zone</Comment><PrivateZone>false</PrivateZone></Config>"
                 "<ResourceRecordSetCount>17</ResourceRecordSetCount></HostedZone></HostedZones>"
                 "<Marker></Marker><IsTruncated>true</IsTruncated><NextMarker>Z3M3LMPEXAMPLE"
                 "</NextMarker><MaxItems>100</MaxItems></ListHostedZonesResponse>",
             kXml);
  http.on("GET /2013-04-01/hostedzone", {{"marker", "Z3M3LMPEXAMPLE"}})
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListHostedZonesResponse" + kR53Ns +
                 "><HostedZones><HostedZone><Id>/hostedzone/Z3M3LMPEXAMPLE</Id><Name>internal."
                 "example.com.</Name><CallerReference>vpc-zone</CallerReference><Config>"
                 "<PrivateZone>true</PrivateZone></Config><ResourceRecordSetCount>4"
                 "</ResourceRecordSetCount><LinkedService><ServicePrincipal>"
                 "servicediscovery.amazonaws.com</ServicePrincipal><Description>arn:aws:"
                 "servicediscovery:us-east-1:123456789012:namespace/ns-abc</Description>"
                 "</LinkedService></HostedZone></HostedZones><Marker>Z3M3LMPEXAMPLE</Marker>"
                 "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                 "</ListHostedZonesResponse>",
             kXml);
  http.on("GET /2013-04-01/queryloggingconfig", {{"maxresults", "100"}})
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListQueryLoggingConfigsResponse" + kR53Ns +
                 "><QueryLoggingConfigs><QueryLoggingConfig><Id>87654321-dcba-1234-abcd-"
                 "1a2b3c4d5e6f</Id><HostedZoneId>Z1D633PJN98FT9</HostedZoneId>"
                 "<CloudWatchLogsLogGroupArn>arn:aws:logs:us-east-1:123456789012:log-group:/aws/"
                 "route53/example.com</CloudWatchLogsLogGroupArn></QueryLoggingConfig>"
                 "</QueryLoggingConfigs><NextToken>page2token</NextToken>"
                 "</ListQueryLoggingConfigsResponse>",
             kXml);
  http.on("GET /2013-04-01/queryloggingconfig", {{"nexttoken", "page2token"}})
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListQueryLoggingConfigsResponse" + kR53Ns +
                 "><QueryLoggingConfigs><QueryLoggingConfig><Id>second-config</Id><HostedZoneId>"
                 "Z1D633PJN98FT9</HostedZoneId><CloudWatchLogsLogGroupArn>arn:aws:logs:us-east-1:"
                 "123456789012:log-group:/other</CloudWatchLogsLogGroupArn></QueryLoggingConfig>"
                 "</QueryLoggingConfigs></ListQueryLoggingConfigsResponse>",
             kXml);
  http.on("GET /2013-04-01/tags/hostedzone/Z1D633PJN98FT9")
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListTagsForResourceResponse" + kR53Ns +
                 "><ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>"
                 "Z1D633PJN98FT9</ResourceId><Tags><Tag><Key>team</Key><Value>dns</Value></Tag>"
                 "</Tags></ResourceTagSet></ListTagsForResourceResponse>",
             kXml);
  http.on("GET /2013-04-01/tags/hostedzone/Z3M3LMPEXAMPLE")
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListTagsForResourceResponse" + kR53Ns +
                 "><ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>"
                 "Z3M3LMPEXAMPLE</ResourceId><Tags/></ResourceTagSet>"
                 "</ListTagsForResourceResponse>",
             kXml);
  route_record_sets(http);
}

// Zone 1's record sets come in two pages; zone 2 has none yet.
void route_record_sets(FakeHttp& http) {
  const std::string head =
      "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse" + kR53Ns + ">";
  http.on("GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset", {{"maxitems", "300"}})
      .reply(200,
             head +
                 "<ResourceRecordSets><ResourceRecordSet><Name>example.com.</Name><Type>MX</Type>"
                 "<TTL>300</TTL><ResourceRecords><ResourceRecord><Value>10 mail.example.com."
                 "</Value></ResourceRecord><ResourceRecord><Value>20 backup.example.com.</Value>"
                 "</ResourceRecord></ResourceRecords></ResourceRecordSet><ResourceRecordSet><Name>"
                 "example.com.</Name><Type>SOA</Type><TTL>900</TTL><ResourceRecords>"
                 "<ResourceRecord><Value>ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 "
                 "900 1209600 86400</Value></ResourceRecord></ResourceRecords>"
                 "</ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated>"
                 "<NextRecordName>\\052.example.com.</NextRecordName><NextRecordType>A"
                 "</NextRecordType><NextRecordIdentifier>eu</NextRecordIdentifier><MaxItems>2"
                 "</MaxItems></ListResourceRecordSetsResponse>",
             kXml);
  http.on("GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset",
          {{"name", "\\052.example.com."}, {"type", "A"}, {"identifier", "eu"}})
      .reply(200,
             head +
                 "<ResourceRecordSets><ResourceRecordSet><Name>\\052.example.com.</Name><Type>A"
                 "</Type><SetIdentifier>eu</SetIdentifier><Weight>10</Weight><AliasTarget>"
                 "<HostedZoneId>Z32O12XQLNTSW2</HostedZoneId><DNSName>web-1.eu-west-1.elb."
                 "amazonaws.com.</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth>"
                 "</AliasTarget></ResourceRecordSet><ResourceRecordSet><Name>\\052.example.com."
                 "</Name><Type>A</Type><SetIdentifier>us</SetIdentifier><GeoLocation>"
                 "<ContinentCode>NA</ContinentCode></GeoLocation><TTL>60</TTL><ResourceRecords>"
                 "<ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords>"
                 "<HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>"
                 "</ResourceRecordSet><ResourceRecordSet><Name>example.com.</Name><Type>CAA"
                 "</Type><TTL>3600</TTL><ResourceRecords><ResourceRecord><Value>0 issue "
                 "\"amazon.com\"</Value></ResourceRecord><ResourceRecord><Value>0 iodef "
                 "\"mailto:security@example.com\"</Value></ResourceRecord></ResourceRecords>"
                 "</ResourceRecordSet>"
                 "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>"
                 "</ListResourceRecordSetsResponse>",
             kXml);
  http.on("GET /2013-04-01/hostedzone/Z3M3LMPEXAMPLE/rrset")
      .reply(200,
             head +
                 "<ResourceRecordSets/><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>"
                 "</ListResourceRecordSetsResponse>",
             kXml);
}

const std::string kZone1 = kAcc + ":route53_zone:Z1D633PJN98FT9";
const std::string kZone2 = kAcc + ":route53_zone:Z3M3LMPEXAMPLE";

TEST(StorageRoute53, ZonesWithTheirQueryLogging) {
  StorageRun run;
  route_route53(run.http);
  collect_route53(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_route53_zone"), 2);
  EXPECT_EQ(g.text(kZone1, "/id"), "Z1D633PJN98FT9");
  EXPECT_EQ(g.text(kZone1, "/name"), "example.com.");
  EXPECT_EQ(g.text(kZone1, "/arn"), "arn:aws:route53:::hostedzone/Z1D633PJN98FT9");
  EXPECT_EQ(g.val(kZone1, "/tags"), R"({"team":"dns"})");
  EXPECT_EQ(g.val(kZone1, "/zone_resource_record_set_count"), "17");
  EXPECT_EQ(g.text(kZone1, "/zone_caller_reference"), "2017-03-01T11:22:14Z");
  EXPECT_EQ(g.val(kZone1, "/zone_config"), R"({"comment":"public zone","private_zone":false})");
  // The first configuration of the zone.
  EXPECT_EQ(
      g.val(kZone1, "/zone_logging_config"),
      R"({"id":"87654321-dcba-1234-abcd-1a2b3c4d5e6f","cloud_watch_logs_log_group_arn":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/example.com"})");
  EXPECT_EQ(g.val(kZone2, "/zone_logging_config"), kAbsent);
  EXPECT_EQ(g.val(kZone2, "/tags"), "{}");
  EXPECT_EQ(g.val(kZone2, "/zone_config"), R"({"private_zone":true})");
  EXPECT_EQ(
      g.val(kZone2, "/zone_linked_service"),
      R"({"service_principal":"servicediscovery.amazonaws.com","description":"arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abc"})");
  EXPECT_TRUE(g.edge(kGlobal, kZone1));
  EXPECT_TRUE(g.edge(kGlobal, kZone2));

  auto zones = run.http.requests("GET /2013-04-01/hostedzone");
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_FALSE(zones[0].has_param("marker"));
  EXPECT_EQ(zones[1].param("marker"), "Z3M3LMPEXAMPLE");
  EXPECT_EQ(zones[0].request.url.rfind("https://route53.amazonaws.com/", 0), 0u);
  EXPECT_EQ(run.http.requests("GET /2013-04-01/queryloggingconfig").size(), 2u);
}

TEST(StorageRoute53, FailedCallsWarnAndZonesStay) {
  StorageRun run;
  route_route53(run.http);
  run.http.on("GET /2013-04-01/queryloggingconfig", {{"maxresults", "100"}})
      .reply(403,
             "<?xml version=\"1.0\"?>\n<ErrorResponse" + kR53Ns +
                 "><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized"
                 "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
             kXml);
  run.http.on("GET /2013-04-01/tags/hostedzone/Z3M3LMPEXAMPLE")
      .reply(400,
             "<?xml version=\"1.0\"?>\n<ErrorResponse" + kR53Ns +
                 "><Error><Type>Sender</Type><Code>InvalidInput</Code><Message>bad id"
                 "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>",
             kXml);
  collect_route53(run.ctx, "us-east-1");
  std::set<std::string> parts;
  for (const auto& w : run.warnings.list()) parts.insert(w.substr(0, w.find(':')));
  EXPECT_EQ(parts, (std::set<std::string>{"route53 us-east-1 ListQueryLoggingConfigs",
                                          "route53 us-east-1 ListTagsForResource Z3M3LMPEXAMPLE"}));
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_route53_zone"), 2);
  EXPECT_EQ(g.val(kZone1, "/zone_logging_config"), kAbsent);
  EXPECT_EQ(g.val(kZone2, "/tags"), kAbsent);
  EXPECT_EQ(g.val(kZone1, "/tags"), R"({"team":"dns"})");
}

TEST(StorageRoute53, RecordSetsAndTheirRecordsBelowTheirZone) {
  StorageRun run;
  route_route53(run.http);
  collect_route53(run.ctx, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_route53_resource_record_set"), 5);
  EXPECT_EQ(g.count_of_kind("aws_route53_resource_record"), 6);  // the alias has no values
  auto set = [](const std::string& id) {
    return kAcc + ":route53_record_set:Z1D633PJN98FT9/" + id;
  };
  auto record = [&](const std::string& id) {
    return kAcc + ":route53_record:Z1D633PJN98FT9/" + id;
  };
  std::string mx = set("example.com./MX");
  EXPECT_EQ(g.text(mx, "/name"), "example.com.");
  EXPECT_EQ(g.val(mx, "/record_ttl"), "300");
  EXPECT_EQ(g.val(mx, "/record_values"), R"(["10 mail.example.com.","20 backup.example.com."])");
  EXPECT_TRUE(g.edge(kZone1, mx));
  std::string mail = record("example.com./MX/10 mail.example.com.");
  EXPECT_TRUE(g.edge(mx, mail));
  EXPECT_EQ(g.val(mail, "/record_priority"), "10");
  EXPECT_EQ(g.text(mail, "/record_value"), "mail.example.com.");
  EXPECT_EQ(g.text(mail, "/record_data"), "10 mail.example.com.");
  EXPECT_EQ(g.text(mail, "/record_type"), "MX");

  std::string soa = record(
      "example.com./SOA/ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400");
  EXPECT_EQ(g.text(soa, "/record_mname"), "ns-2048.awsdns-64.net.");
  EXPECT_EQ(g.text(soa, "/record_rname"), "hostmaster.example.com.");
  EXPECT_EQ(g.val(soa, "/record_expire"), "1209600");
  EXPECT_EQ(g.val(soa, "/record_minimum"), "86400");
  std::string caa = record("example.com./CAA/0 issue \"amazon.com\"");
  EXPECT_EQ(g.val(caa, "/record_flags"), "0");
  EXPECT_EQ(g.text(caa, "/record_tag"), "issue");
  EXPECT_EQ(g.text(caa, "/record_value"), "amazon.com");
  std::string iodef = record("example.com./CAA/0 iodef \"mailto:security@example.com\"");
  EXPECT_EQ(g.text(iodef, "/record_tag"), "iodef");
  EXPECT_EQ(g.text(iodef, "/record_value"), "mailto:security@example.com");

  // Octal escapes are undone; sets of a routing policy differ by identifier.
  std::string weighted = set("*.example.com./A/eu");
  EXPECT_EQ(g.text(weighted, "/record_name"), "*.example.com.");
  EXPECT_EQ(g.val(weighted, "/record_weight"), "10");
  EXPECT_EQ(g.val(weighted, "/record_ttl"), kAbsent);
  EXPECT_EQ(g.val(weighted, "/record_values"), "[]");
  EXPECT_EQ(
      g.val(weighted, "/record_alias_target"),
      R"({"hosted_zone_id":"Z32O12XQLNTSW2","dns_name":"web-1.eu-west-1.elb.amazonaws.com.","evaluate_target_health":true})");
  std::string geo = set("*.example.com./A/us");
  EXPECT_EQ(g.val(geo, "/record_geo_location"), R"({"continent_code":"NA"})");
  EXPECT_EQ(g.text(geo, "/record_health_check_id"), "abcdef11-2222-3333-4444-555555fedcba");
  EXPECT_EQ(g.text(geo, "/record_set_identifier"), "us");
  EXPECT_EQ(g.successors(kZone2), std::set<std::string>{});
  EXPECT_EQ(testing::model_errors(g), "");

  auto pages = run.http.requests("GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_FALSE(pages[0].has_param("name"));
  EXPECT_EQ(pages[1].param("name"), "\\052.example.com.");
  EXPECT_EQ(pages[1].param("identifier"), "eu");
}

TEST(StorageRoute53, AFailedRecordListingKeepsTheZone) {
  StorageRun run;
  route_route53(run.http);
  run.http.fail("GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset", {{"name", "\\052.example.com."}},
                query_error(403, "AccessDenied", "not authorized"));
  collect_route53(run.ctx, "us-east-1");
  EXPECT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_EQ(run.warning_text().rfind(
                "route53 us-east-1 ListResourceRecordSets Z1D633PJN98FT9: AccessDenied", 0),
            0u)
      << run.warning_text();
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_route53_zone"), 2);
  EXPECT_EQ(g.count_of_kind("aws_route53_resource_record_set"), 2);  // the first page
}

TEST(StorageRoute53, RecordNamesLoseTheirOctalEscapes) {
  EXPECT_EQ(unescape_record_name("\\052.example.com."), "*.example.com.");
  EXPECT_EQ(unescape_record_name("a\\100b"), "a@b");
  EXPECT_EQ(unescape_record_name("plain.example."), "plain.example.");
  EXPECT_EQ(unescape_record_name("end\\05"), "end\\05");  // too short to be an escape
  EXPECT_EQ(unescape_record_name("x\\09y"), "x\\09y");    // 9 is no octal digit
}

TEST(StorageRoute53, NoZonesNoFurtherCalls) {
  StorageRun run;
  run.http.on("GET /2013-04-01/hostedzone")
      .reply(200,
             "<?xml version=\"1.0\"?>\n<ListHostedZonesResponse" + kR53Ns +
                 "><HostedZones/><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                 "</ListHostedZonesResponse>",
             kXml);
  collect_route53(run.ctx, "us-east-1");
  EXPECT_EQ(run.http.total(), 1);
  EXPECT_EQ(run.warning_text(), "");
}

// --- Glacier
// --------------------------------------------------------------------------------------

http::Outcome glacier_error(long status, const std::string& code, const std::string& message) {
  return testing::response(
      status, R"({"code":")" + code + R"(","message":")" + message + R"(","type":"Client"})",
      kJson);
}

const std::string kVaultPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"cross-account-upload","Principal":{"AWS":["arn:aws:iam::444455556666:root"]},"Effect":"Allow","Action":["glacier:UploadArchive"],"Resource":["arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault"]}]})";

void route_glacier(FakeHttp& http) {
  http.on("GET /-/vaults")
      .reply(
          200,
          R"({"Marker":"arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault",)"
          R"("VaultList":[{"CreationDate":"2012-03-16T22:22:47.214Z",)"
          R"("LastInventoryDate":"2012-03-21T22:06:51.218Z","NumberOfArchives":2,)"
          R"("SizeInBytes":12334,"VaultARN":"arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault",)"
          R"("VaultName":"examplevault"}]})",
          kJson);
  http.on("GET /-/vaults",
          {{"marker", "arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault"}})
      .reply(200,
             R"({"Marker":null,"VaultList":[{"CreationDate":"2012-03-19T22:06:51.218Z",)"
             R"("NumberOfArchives":0,"SizeInBytes":0,)"
             R"("VaultARN":"arn:aws:glacier:eu-west-1:123456789012:vaults/emptyvault",)"
             R"("VaultName":"emptyvault"}]})",
             kJson);
  http.on("GET /-/vaults/examplevault/tags")
      .reply(200, R"({"Tags":{"date":"july2015","id":"1"}})", kJson);
  http.on("GET /-/vaults/emptyvault/tags").reply(200, R"({"Tags":{}})", kJson);
  http.on("GET /-/vaults/examplevault/access-policy")
      .reply(200, R"({"Policy":)" + json::quote(kVaultPolicy) + "}", kJson);
  http.on("GET /-/vaults/emptyvault/access-policy")
      .reply(glacier_error(404, "ResourceNotFoundException",
                           "No vault access policy is set for: emptyvault"));
  http.on("GET /-/vaults/examplevault/jobs")
      .reply(200,
             R"({"JobList":[{"Action":"ArchiveRetrieval","ArchiveId":"NkbByEEwGEXAMPLE",)"
             R"("ArchiveSizeInBytes":3145728,"ArchiveSHA256TreeHash":"9628195fcdbcbbe7",)"
             R"("Completed":true,"CompletionDate":"2012-05-15T17:21:39.339Z",)"
             R"("CreationDate":"2012-05-15T17:21:39.339Z","JobDescription":"restore photos",)"
             R"("JobId":"HkF9p6o7yjhFx-EXAMPLE","RetrievalByteRange":"0-3145727",)"
             R"("SHA256TreeHash":"9628195fcdbcbbe7","SNSTopic":"arn:aws:sns:eu-west-1:)"
             R"(123456789012:glacier-jobs","StatusCode":"Succeeded","StatusMessage":"Succeeded",)"
             R"("Tier":"Bulk","OutputLocation":{"S3":{"BucketName":"restores","Prefix":"photos/",)"
             R"("Encryption":{"EncryptionType":"aws:kms","KMSKeyId":"arn:aws:kms:eu-west-1:)"
             R"(123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},"AccessControlList":[)"
             R"({"Grantee":{"Type":"CanonicalUser","ID":"abc123"},"Permission":"READ"}],)"
             R"("Tagging":{"team":"media"},"StorageClass":"STANDARD"}},)"
             R"("VaultARN":"arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault"}],)"
             R"("Marker":"HkF9p6o7yjhFx-EXAMPLE"})",
             kJson);
  http.on("GET /-/vaults/examplevault/jobs", {{"marker", "HkF9p6o7yjhFx-EXAMPLE"}})
      .reply(200,
             R"({"JobList":[{"Action":"InventoryRetrieval","Completed":false,)"
             R"("CreationDate":"2012-05-15T23:18:13.224Z","InventorySizeInBytes":0,)"
             R"("InventoryRetrievalParameters":{"Format":"JSON","StartDate":)"
             R"("2012-05-01T00:00:00Z","Limit":"1000"},"JobId":"QBvzH8nGQ-EXAMPLE",)"
             R"("StatusCode":"InProgress","VaultARN":"arn:aws:glacier:eu-west-1:)"
             R"(123456789012:vaults/examplevault"}],"Marker":null})",
             kJson);
  http.on("GET /-/vaults/emptyvault/jobs").reply(200, R"({"JobList":[],"Marker":null})", kJson);
}

const std::string kVault1 =
    kAcc + ":glacier_vault:arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault";
const std::string kVault2 =
    kAcc + ":glacier_vault:arn:aws:glacier:eu-west-1:123456789012:vaults/emptyvault";

TEST(StorageGlacier, VaultsWithTagsAndPolicies) {
  StorageRun run;
  route_glacier(run.http);
  collect_glacier(run.ctx, "eu-west-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_glacier_vault"), 2);
  EXPECT_EQ(g.text(kVault1, "/id"), "examplevault");
  EXPECT_EQ(g.text(kVault1, "/name"), "examplevault");
  EXPECT_EQ(g.text(kVault1, "/arn"), "arn:aws:glacier:eu-west-1:123456789012:vaults/examplevault");
  EXPECT_EQ(g.text(kVault1, "/ctime"), "2012-03-16T22:22:47Z");
  EXPECT_EQ(g.val(kVault1, "/tags"), R"({"date":"july2015","id":"1"})");
  EXPECT_EQ(g.text(kVault1, "/glacier_last_inventory_date"), "2012-03-21T22:06:51Z");
  EXPECT_EQ(g.val(kVault1, "/glacier_number_of_archives"), "2");
  EXPECT_EQ(g.val(kVault1, "/glacier_size_in_bytes"), "12334");
  EXPECT_EQ(g.val(kVault1, "/glacier_access_policy/Statement/0/Principal"),
            R"({"AWS":["arn:aws:iam::444455556666:root"]})");
  EXPECT_EQ(g.text(kVault1, "/glacier_access_policy/Statement/0/Effect"), "Allow");
  EXPECT_EQ(g.val(kVault2, "/glacier_access_policy"), kAbsent);
  EXPECT_EQ(g.val(kVault2, "/glacier_last_inventory_date"), kAbsent);
  EXPECT_EQ(g.val(kVault2, "/tags"), "{}");
  EXPECT_TRUE(g.edge(kEuWest, kVault1));
  EXPECT_TRUE(g.edge(kEuWest, kVault2));

  for (const auto& r : run.http.requests()) {
    SCOPED_TRACE(r.op);
    ASSERT_EQ(r.headers("x-amz-glacier-version").size(), 1u);
    EXPECT_EQ(r.headers("x-amz-glacier-version")[0], "2012-06-01");
    EXPECT_EQ(r.request.url.rfind("https://glacier.eu-west-1.amazonaws.com/-/vaults", 0), 0u);
  }
  auto lists = run.http.requests("GET /-/vaults");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_FALSE(lists[0].has_param("marker"));
}

TEST(StorageGlacier, JobsBelowTheirVaultWithTheirKeyAndTopic) {
  StorageRun run;
  route_glacier(run.http);
  const std::string topic_arn = "arn:aws:sns:eu-west-1:123456789012:glacier-jobs";
  const std::string topic = kAcc + ":sns_topic:" + topic_arn;
  const std::string key = kAcc + ":kms_key:1234abcd-12ab-34cd-56ef-1234567890ab";
  run.other(topic, "aws_sns_topic", topic_arn);
  run.other(key, "aws_kms_key");
  collect_glacier(run.ctx, "eu-west-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_glacier_job"), 2);
  const std::string restore = kAcc + ":glacier_job:HkF9p6o7yjhFx-EXAMPLE";
  const std::string inventory = kAcc + ":glacier_job:QBvzH8nGQ-EXAMPLE";
  EXPECT_TRUE(g.edge(kVault1, restore));
  EXPECT_TRUE(g.edge(kVault1, inventory));
  EXPECT_EQ(g.successors(kVault2), std::set<std::string>{});
  EXPECT_EQ(g.text(restore, "/description"), "restore photos");
  EXPECT_EQ(g.text(restore, "/ctime"), "2012-05-15T17:21:39Z");
  EXPECT_EQ(g.text(restore, "/glacier_job_action"), "ArchiveRetrieval");
  EXPECT_EQ(g.val(restore, "/glacier_job_completed"), "true");
  EXPECT_EQ(g.val(restore, "/glacier_job_archive_size_in_bytes"), "3145728");
  EXPECT_EQ(g.text(restore, "/glacier_job_tier"), "Bulk");
  EXPECT_EQ(
      g.val(restore, "/glacier_job_output_location"),
      R"({"s3":{"bucket_name":"restores","prefix":"photos/","encryption":{"encryption_type":"aws:kms","kms_key_id":"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},"access_control_list":[{"grantee":{"Type":"CanonicalUser","ID":"abc123"},"permission":"READ"}],"tagging":{"team":"media"},"storage_class":"STANDARD"}})");
  EXPECT_TRUE(g.edge(restore, key));
  EXPECT_TRUE(g.edge(restore, topic));
  EXPECT_EQ(g.val(inventory, "/glacier_job_inventory_retrieval_parameters"),
            R"({"output_format":"JSON","start_date":"2012-05-01T00:00:00Z","limit":"1000"})");
  EXPECT_EQ(g.val(inventory, "/glacier_job_completed"), "false");
  EXPECT_EQ(g.edges_touching(inventory), 1);  // its vault's edge only
  EXPECT_EQ(testing::model_errors(g), "");
  EXPECT_EQ(run.http.requests("GET /-/vaults/examplevault/jobs").size(), 2u);
}

TEST(StorageGlacier, FailedCallsWarnAndVaultsStay) {
  StorageRun run;
  route_glacier(run.http);
  run.http.on("GET /-/vaults/examplevault/tags")
      .reply(glacier_error(403, "AccessDeniedException", "not authorized"));
  run.http.on("GET /-/vaults/emptyvault/access-policy")
      .reply(glacier_error(400, "InvalidParameterValueException", "bad"));
  run.http.on("GET /-/vaults/examplevault/jobs", {{"marker", "HkF9p6o7yjhFx-EXAMPLE"}})
      .reply(glacier_error(403, "AccessDeniedException", "not authorized"));
  collect_glacier(run.ctx, "eu-west-1");
  std::set<std::string> parts;
  for (const auto& w : run.warnings.list()) parts.insert(w.substr(0, w.find(':')));
  EXPECT_EQ(parts, (std::set<std::string>{"glacier eu-west-1 ListTagsForVault examplevault",
                                          "glacier eu-west-1 GetVaultAccessPolicy emptyvault",
                                          "glacier eu-west-1 ListJobs examplevault"}));
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_glacier_vault"), 2);
  EXPECT_EQ(g.val(kVault1, "/tags"), kAbsent);
  EXPECT_NE(g.val(kVault1, "/glacier_access_policy"), kAbsent);
  EXPECT_EQ(g.count_of_kind("aws_glacier_job"), 1);  // the page before the failed one
}

// --- EFS
// ------------------------------------------------------------------------------------------

http::Outcome efs_error(long status, const std::string& code, const std::string& message) {
  return testing::response(
      status, R"({"ErrorCode":")" + code + R"(","Message":")" + message + R"("})",
      {{"Content-Type", "application/json"},
       {"x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.magnolia/"}});
}

const std::string kFsPolicy =
    R"({"Version":"2012-10-17","Id":"efs-policy","Statement":[{"Sid":"tls","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})";

void route_efs(FakeHttp& http) {
  http.on("GET /2015-02-01/file-systems", {{"MaxItems", "100"}})
      .reply(
          200,
          R"({"FileSystems":[{"OwnerId":"123456789012","CreationToken":"console-1",)"
          R"("FileSystemId":"fs-0a1b2c3d4e5f60718",)"
          R"("FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0a1b2c3d4e5f60718",)"
          R"("CreationTime":1681818123.581,"LifeCycleState":"available","Name":"shared",)"
          R"("NumberOfMountTargets":2,"SizeInBytes":{"Value":6144,"Timestamp":1681818500.0,)"
          R"("ValueInIA":0,"ValueInStandard":6144,"ValueInArchive":0},)"
          R"("PerformanceMode":"generalPurpose","Encrypted":true,)"
          R"("KmsKeyId":"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",)"
          R"("ThroughputMode":"provisioned","ProvisionedThroughputInMibps":128.5,)"
          R"("Tags":[{"Key":"Name","Value":"shared"},{"Key":"team","Value":"data"}],)"
          R"("FileSystemProtection":{"ReplicationOverwriteProtection":"ENABLED"}}],)"
          R"("NextMarker":"fs-page-2"})",
          kJson);
  http.on("GET /2015-02-01/file-systems", {{"Marker", "fs-page-2"}})
      .reply(
          200,
          R"({"FileSystems":[{"OwnerId":"123456789012","CreationToken":"scratch",)"
          R"("FileSystemId":"fs-0123456789abcdef0",)"
          R"("FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0",)"
          R"("CreationTime":1700000000,"LifeCycleState":"available",)"
          R"("NumberOfMountTargets":0,"SizeInBytes":{"Value":0},)"
          R"("PerformanceMode":"maxIO","Encrypted":false,"ThroughputMode":"bursting",)"
          R"("AvailabilityZoneName":"eu-west-1a","AvailabilityZoneId":"euw1-az1","Tags":[]}]})",
          kJson);
  http.on("GET /2015-02-01/file-systems/fs-0a1b2c3d4e5f60718/policy")
      .reply(200,
             R"({"FileSystemId":"fs-0a1b2c3d4e5f60718","Policy":)" + json::quote(kFsPolicy) + "}",
             kJson);
  http.on("GET /2015-02-01/file-systems/fs-0123456789abcdef0/policy")
      .reply(efs_error(404, "PolicyNotFound", "No policy found for file system"));
  http.on("GET /2015-02-01/mount-targets", {{"FileSystemId", "fs-0a1b2c3d4e5f60718"}})
      .reply(200,
             R"({"MountTargets":[{"OwnerId":"123456789012","MountTargetId":"fsmt-0a1",)"
             R"("FileSystemId":"fs-0a1b2c3d4e5f60718","SubnetId":"subnet-1",)"
             R"("LifeCycleState":"available","IpAddress":"10.0.1.25",)"
             R"("NetworkInterfaceId":"eni-1","AvailabilityZoneId":"euw1-az1",)"
             R"("AvailabilityZoneName":"eu-west-1a","VpcId":"vpc-1"}],"NextMarker":"mt-2"})",
             kJson);
  http.on("GET /2015-02-01/mount-targets",
          {{"FileSystemId", "fs-0a1b2c3d4e5f60718"}, {"Marker", "mt-2"}})
      .reply(200,
             R"({"MountTargets":[{"OwnerId":"123456789012","MountTargetId":"fsmt-0b2",)"
             R"("FileSystemId":"fs-0a1b2c3d4e5f60718","SubnetId":"subnet-2",)"
             R"("LifeCycleState":"available","IpAddress":"10.0.2.25",)"
             R"("AvailabilityZoneName":"eu-west-1b","VpcId":"vpc-1"}]})",
             kJson);
}

const std::string kFs1 = kAcc + ":efs_file_system:fs-0a1b2c3d4e5f60718";
const std::string kFs2 = kAcc + ":efs_file_system:fs-0123456789abcdef0";
const std::string kKey = kAcc + ":kms_key:1234abcd-12ab-34cd-56ef-1234567890ab";

TEST(StorageEfs, FileSystemsWithPoliciesAndMountTargets) {
  StorageRun run;
  route_efs(run.http);
  run.other(kKey, "aws_kms_key");
  collect_efs(run.ctx, "eu-west-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_efs_file_system"), 2);
  EXPECT_EQ(g.text(kFs1, "/id"), "fs-0a1b2c3d4e5f60718");
  EXPECT_EQ(g.text(kFs1, "/name"), "shared");
  EXPECT_EQ(g.text(kFs1, "/arn"),
            "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0a1b2c3d4e5f60718");
  EXPECT_EQ(g.text(kFs1, "/ctime"), "2023-04-18T11:42:03Z");
  EXPECT_EQ(g.val(kFs1, "/tags"), R"({"Name":"shared","team":"data"})");
  EXPECT_EQ(g.val(kFs1, "/share_encrypted"), "true");
  EXPECT_EQ(g.val(kFs1, "/share_size"), "6144");
  EXPECT_EQ(g.text(kFs1, "/share_status"), "available");
  EXPECT_EQ(g.val(kFs1, "/number_of_mount_targets"), "2");
  EXPECT_EQ(g.text(kFs1, "/throughput_mode"), "provisioned");
  EXPECT_EQ(g.val(kFs1, "/provisioned_throughput_in_mibps"), "128.5");
  EXPECT_EQ(g.text(kFs1, "/creation_token"), "console-1");
  EXPECT_EQ(g.text(kFs1, "/owner_id"), "123456789012");
  EXPECT_EQ(
      g.val(kFs1, "/file_system_policy"),
      R"({"Id":"efs-policy","Statement":[{"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}},)"
      R"("Effect":"Deny","Principal":{"AWS":"*"},"Sid":"tls"}],"Version":"2012-10-17"})");

  EXPECT_EQ(g.text(kFs2, "/name"), "fs-0123456789abcdef0");  // no Name: the id
  EXPECT_EQ(g.text(kFs2, "/ctime"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(g.val(kFs2, "/share_encrypted"), "false");
  EXPECT_EQ(g.val(kFs2, "/file_system_policy"), kAbsent);
  EXPECT_EQ(g.text(kFs2, "/availability_zone_name"), "eu-west-1a");
  EXPECT_EQ(g.val(kFs2, "/tags"), "{}");

  std::string mt1 = kAcc + ":efs_mount_target:fsmt-0a1", mt2 = kAcc + ":efs_mount_target:fsmt-0b2";
  EXPECT_EQ(g.count_of_kind("aws_efs_mount_target"), 2);
  EXPECT_EQ(g.text(mt1, "/ip_address"), "10.0.1.25");
  EXPECT_EQ(g.text(mt1, "/life_cycle_state"), "available");
  EXPECT_EQ(g.text(mt2, "/availability_zone_name"), "eu-west-1b");
  EXPECT_TRUE(g.edge(kFs1, mt1));
  EXPECT_TRUE(g.edge(kFs1, mt2));
  EXPECT_TRUE(g.edge(kEuWest, mt1));
  EXPECT_TRUE(g.edge(kFs1, kKey));
  EXPECT_TRUE(g.edge(kEuWest, kFs1));
  EXPECT_TRUE(g.edge(kEuWest, kFs2));

  // No mount targets asked for the file system that has none.
  EXPECT_EQ(
      run.http.count("GET /2015-02-01/mount-targets", {{"FileSystemId", "fs-0123456789abcdef0"}}),
      0);
  auto lists = run.http.requests("GET /2015-02-01/file-systems");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[1].param("Marker"), "fs-page-2");
  EXPECT_EQ(lists[0].request.url.rfind("https://elasticfilesystem.eu-west-1.amazonaws.com/", 0),
            0u);
  EXPECT_EQ(region_of(lists[0]), "eu-west-1");
}

TEST(StorageEfs, FailedCallsWarnAndFileSystemsStay) {
  StorageRun run;
  route_efs(run.http);
  run.http.on("GET /2015-02-01/file-systems/fs-0a1b2c3d4e5f60718/policy")
      .reply(efs_error(403, "AccessDeniedException", "not authorized"));
  run.http.on("GET /2015-02-01/mount-targets", {{"FileSystemId", "fs-0a1b2c3d4e5f60718"}})
      .reply(efs_error(400, "BadRequest", "bad"));
  collect_efs(run.ctx, "eu-west-1");
  std::set<std::string> parts;
  for (const auto& w : run.warnings.list()) parts.insert(w.substr(0, w.find(':')));
  EXPECT_EQ(parts,
            (std::set<std::string>{"efs eu-west-1 DescribeFileSystemPolicy fs-0a1b2c3d4e5f60718",
                                   "efs eu-west-1 DescribeMountTargets fs-0a1b2c3d4e5f60718"}))
      << run.warning_text();
  const Graph& g = run.graph();
  EXPECT_EQ(g.count_of_kind("aws_efs_file_system"), 2);
  EXPECT_EQ(g.count_of_kind("aws_efs_mount_target"), 0);
  EXPECT_EQ(g.val(kFs1, "/file_system_policy"), kAbsent);
  EXPECT_EQ(g.val(kFs1, "/share_encrypted"), "true");
}

TEST(StorageEfs, FailedListingWarns) {
  StorageRun run;
  run.http.on("GET /2015-02-01/file-systems")
      .reply(efs_error(403, "AccessDeniedException", "not authorized"));
  collect_efs(run.ctx, "eu-west-1");
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(
      run.warnings.list()[0].rfind("efs eu-west-1 DescribeFileSystems: AccessDeniedException", 0),
      0u);
  EXPECT_EQ(run.graph().count_of_kind("aws_efs_file_system"), 0);
}

}  // namespace
}  // namespace canopy::aws
