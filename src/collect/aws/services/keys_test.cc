// The KMS, Config, SQS, Secrets Manager and DynamoDB collectors against
// canned answers written from the AWS API reference shapes (aws-collector
// spec §3.7, §3.16, §7): paging, the mapping of realistic answers, expected
// errors (no data, no warning) and other errors (a warning, the rest is
// still collected). Every node written is also checked against the model.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/config.h"
#include "collect/aws/services/dynamodb.h"
#include "collect/aws/services/kms.h"
#include "collect/aws/services/refs.h"
#include "collect/aws/services/secretsmanager.h"
#include "collect/aws/services/sqs.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;
using testing::joined;
using testing::json_error;
using testing::kAbsent;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";
const std::string kRegionNode = kAcc + ":region:" + kRegion;

// Every resource node, not the region node every run starts with.
size_t resources(const Graph& g) {
  return g.nodes().size() - g.has(kRegionNode);
}

const http::Headers kJson10 = {{"Content-Type", "application/x-amz-json-1.0"}};
const http::Headers kJson11 = {{"Content-Type", "application/x-amz-json-1.1"}};

// One collector run against the fake, in eu-west-1.
struct Collector : testing::ServiceRun {
  Collector() : ServiceRun(testing::fast_retry(3)) {
    add_node(kRegionNode, "aws_region",
             R"({"kind":"aws_region","id":"eu-west-1","name":"eu-west-1"})");
  }
  Graph collect(void (*fn)(AccountContext&, const std::string&),
                const std::string& region = kRegion) {
    return ServiceRun::collect(fn, region);
  }
};

// --- KMS ----------------------------------------------------------------------------------------

const std::string kKey1 = "1234abcd-12ab-34cd-56ef-1234567890ab";  // customer, rotating
const std::string kKey2 = "0987dcba-09fe-87dc-65ba-ab0987654321";  // AWS managed
const std::string kKey3 = "11112222-3333-4444-5555-666677778888";  // pending deletion
const std::string kKey4 = "aaaabbbb-cccc-dddd-eeee-ffff00001111";  // asymmetric
const std::string kKey5 = "mrk-1234abcd12ab34cd56ef1234567890ab";  // multi-Region primary

std::string key_arn(const std::string& id) {
  return "arn:aws:kms:eu-west-1:123456789012:key/" + id;
}
// Multi-Region keys are named by region too: a replica keeps its primary's key id.
std::string key_node(const std::string& id, const std::string& region = "eu-west-1") {
  return kAcc + ":kms_key:" + (id.starts_with("mrk-") ? region + "/" : "") + id;
}
std::string key_entry(const std::string& id) {
  return R"({"KeyArn":")" + key_arn(id) + R"(","KeyId":")" + id + R"("})";
}

const std::string kKeysMarker = "AE0AAAACAHVzZXJLZXkyAAAAAQ==";
const std::string kTagsMarker = "dGFncy1wYWdlLTI=";
// AWS sends key policies pretty-printed, keys in document order.
const std::string kKey1Policy =
    R"({"Policy":"{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  )"
    R"(\"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    )"
    R"(\"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : )"
    R"(\"arn:aws:iam::123456789012:root\"\n    },\n    \"Action\" : \"kms:*\",\n    )"
    R"(\"Resource\" : \"*\"\n  } ]\n}","PolicyName":"default"})";

void route_kms(FakeHttp& http) {
  http.on("ListKeys")
      .reply(200,
             R"({"Keys":[)" + key_entry(kKey1) + "," + key_entry(kKey2) + R"(],"NextMarker":")" +
                 kKeysMarker + R"(","Truncated":true})",
             kJson11);
  http.on("ListKeys", {{"Marker", kKeysMarker}})
      .reply(200,
             R"({"Keys":[)" + key_entry(kKey3) + "," + key_entry(kKey4) + "," + key_entry(kKey5) +
                 R"(],"Truncated":false})",
             kJson11);
  http.on("DescribeKey", {{"KeyId", kKey1}})
      .reply(200,
             R"({"KeyMetadata":{"AWSAccountId":"123456789012","Arn":")" + key_arn(kKey1) +
                 R"(","CreationDate":1.700000000123E9,"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",)"
                 R"("Description":"orders data","Enabled":true,)"
                 R"("EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"KeyId":")" +
                 kKey1 +
                 R"(","KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT","KeyState":"Enabled",)"
                 R"("KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,"Origin":"AWS_KMS"}})",
             kJson11);
  http.on("DescribeKey", {{"KeyId", kKey2}})
      .reply(200,
             R"({"KeyMetadata":{"AWSAccountId":"123456789012","Arn":")" + key_arn(kKey2) +
                 R"(","CreationDate":1600000000,"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",)"
                 R"("Description":"Default key that protects my SQS messages when no other key )"
                 R"(is defined","Enabled":true,"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],)"
                 R"("KeyId":")" +
                 kKey2 +
                 R"(","KeyManager":"AWS","KeySpec":"SYMMETRIC_DEFAULT","KeyState":"Enabled",)"
                 R"("KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,"Origin":"AWS_KMS"}})",
             kJson11);
  http.on("DescribeKey", {{"KeyId", kKey3}})
      .reply(200,
             R"({"KeyMetadata":{"AWSAccountId":"123456789012","Arn":")" + key_arn(kKey3) +
                 R"(","CreationDate":1690000000,"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",)"
                 R"("DeletionDate":1700604800,"Description":"","Enabled":false,)"
                 R"("EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"KeyId":")" +
                 kKey3 +
                 R"(","KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT",)"
                 R"("KeyState":"PendingDeletion","KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,)"
                 R"("Origin":"AWS_KMS","PendingDeletionWindowInDays":7}})",
             kJson11);
  http.on("DescribeKey", {{"KeyId", kKey4}})
      .reply(200,
             R"({"KeyMetadata":{"AWSAccountId":"123456789012","Arn":")" + key_arn(kKey4) +
                 R"(","CreationDate":1695000000,"CustomerMasterKeySpec":"RSA_2048",)"
                 R"("Description":"code signing","Enabled":true,"KeyId":")" +
                 kKey4 +
                 R"(","KeyManager":"CUSTOMER","KeySpec":"RSA_2048","KeyState":"Enabled",)"
                 R"("KeyUsage":"SIGN_VERIFY","MultiRegion":false,"Origin":"AWS_KMS",)"
                 R"("SigningAlgorithms":["RSASSA_PSS_SHA_256","RSASSA_PKCS1_V1_5_SHA_256"]}})",
             kJson11);
  http.on("DescribeKey", {{"KeyId", kKey5}})
      .reply(200,
             R"({"KeyMetadata":{"AWSAccountId":"123456789012","Arn":")" + key_arn(kKey5) +
                 R"(","CreationDate":1698000000,"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",)"
                 R"("Description":"","Enabled":true,"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],)"
                 R"("KeyId":")" +
                 kKey5 +
                 R"(","KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT","KeyState":"Enabled",)"
                 R"("KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":true,)"
                 R"("MultiRegionConfiguration":{"MultiRegionKeyType":"PRIMARY",)"
                 R"("PrimaryKey":{"Arn":")" +
                 key_arn(kKey5) +
                 R"(","Region":"eu-west-1"},"ReplicaKeys":[{"Arn":"arn:aws:kms:us-east-1:)"
                 R"(123456789012:key/)" +
                 kKey5 + R"(","Region":"us-east-1"}]},"Origin":"AWS_KMS"}})",
             kJson11);
  http.on("ListResourceTags").reply(200, R"({"Tags":[],"Truncated":false})", kJson11);
  http.on("ListResourceTags", {{"KeyId", kKey1}})
      .reply(200,
             R"({"NextMarker":")" + kTagsMarker +
                 R"(","Tags":[{"TagKey":"team","TagValue":"data"}],"Truncated":true})",
             kJson11);
  http.on("ListResourceTags", {{"KeyId", kKey1}, {"Marker", kTagsMarker}})
      .reply(200, R"({"Tags":[{"TagKey":"env","TagValue":"prod"}],"Truncated":false})", kJson11);
  http.on("GetKeyPolicy")
      .reply(200,
             R"({"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[]}","PolicyName":"default"})",
             kJson11);
  http.on("GetKeyPolicy", {{"KeyId", kKey1}, {"PolicyName", "default"}})
      .reply(200, kKey1Policy, kJson11);
  http.on("GetKeyRotationStatus", {{"KeyId", kKey1}})
      .reply(200, R"({"KeyRotationEnabled":true})", kJson11);
  http.on("GetKeyRotationStatus", {{"KeyId", kKey4}})
      .reply(json_error(400, "UnsupportedOperationException",
                        key_arn(kKey4) + " key usage is not supported for rotation"));
  http.on("GetKeyRotationStatus", {{"KeyId", kKey5}})
      .reply(200, R"({"KeyRotationEnabled":false})", kJson11);
}

TEST(KmsCollect, EveryPageOfKeysAndTagsIsRead) {
  Collector run;
  route_kms(run.http);
  Graph g = run.collect(collect_kms);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
  EXPECT_EQ(run.http.count("ListKeys"), 2);
  for (const auto& id : {kKey1, kKey2, kKey3, kKey4, kKey5}) EXPECT_TRUE(g.has(key_node(id))) << id;
  EXPECT_EQ(resources(g), 5u);
  EXPECT_EQ(g.text(key_node(kKey1), "/tags"), R"({"team":"data","env":"prod"})");
  EXPECT_EQ(g.text(key_node(kKey2), "/tags"), "{}");
  EXPECT_EQ(run.http.count("ListResourceTags", {{"KeyId", kKey1}}), 2);
}

TEST(KmsCollect, KeyMetadataIsMapped) {
  Collector run;
  route_kms(run.http);
  Graph g = run.collect(collect_kms);
  std::string k1 = key_node(kKey1);
  EXPECT_EQ(g.text(k1, "/kind"), "aws_kms_key");
  EXPECT_EQ(g.text(k1, "/id"), kKey1);
  EXPECT_EQ(g.text(k1, "/name"), kKey1);
  EXPECT_EQ(g.text(k1, "/arn"), key_arn(kKey1));
  EXPECT_EQ(g.text(k1, "/ctime"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(g.text(k1, "/access_key_status"), "Enabled");
  EXPECT_EQ(g.text(k1, "/kms_aws_account_id"), kAcc);
  EXPECT_EQ(g.text(k1, "/kms_enabled"), "true");
  EXPECT_EQ(g.text(k1, "/kms_description"), "orders data");
  EXPECT_EQ(g.text(k1, "/kms_key_usage"), "ENCRYPT_DECRYPT");
  EXPECT_EQ(g.text(k1, "/kms_origin"), "AWS_KMS");
  EXPECT_EQ(g.text(k1, "/kms_key_manager"), "CUSTOMER");
  EXPECT_EQ(g.text(k1, "/kms_key_spec"), "SYMMETRIC_DEFAULT");
  EXPECT_EQ(g.text(k1, "/kms_customer_master_key_spec"), "SYMMETRIC_DEFAULT");
  EXPECT_EQ(g.text(k1, "/kms_encryption_algorithms"), R"(["SYMMETRIC_DEFAULT"])");
  EXPECT_EQ(g.text(k1, "/kms_signing_algorithms"), "[]");
  EXPECT_EQ(g.text(k1, "/kms_mac_algorithms"), "[]");
  EXPECT_EQ(g.text(k1, "/kms_multi_region"), "false");
  EXPECT_EQ(g.text(k1, "/kms_multiregion_configuration"), kAbsent);
  EXPECT_EQ(g.text(k1, "/kms_deletion_date"), kAbsent);
  EXPECT_EQ(g.text(k1, "/kms_key_rotation_enabled"), "true");

  std::string k3 = key_node(kKey3);
  EXPECT_EQ(g.text(k3, "/access_key_status"), "PendingDeletion");
  EXPECT_EQ(g.text(k3, "/kms_enabled"), "false");
  EXPECT_EQ(g.text(k3, "/kms_description"), "");
  EXPECT_EQ(g.text(k3, "/kms_deletion_date"), "2023-11-21T22:13:20Z");
  EXPECT_EQ(g.text(k3, "/kms_pending_deletion_window_in_days"), "7");

  std::string k4 = key_node(kKey4);
  EXPECT_EQ(g.text(k4, "/kms_key_spec"), "RSA_2048");
  EXPECT_EQ(g.text(k4, "/kms_signing_algorithms"),
            R"(["RSASSA_PSS_SHA_256","RSASSA_PKCS1_V1_5_SHA_256"])");
  EXPECT_EQ(g.text(k4, "/kms_encryption_algorithms"), "[]");

  std::string k5 = key_node(kKey5);
  EXPECT_EQ(g.text(k5, "/kms_multi_region"), "true");
  EXPECT_EQ(g.text(k5, "/kms_multiregion_configuration"),
            R"({"multi_region_key_type":"PRIMARY","primary_key":{"arn":")" + key_arn(kKey5) +
                R"(","region":"eu-west-1"},"replica_keys":[{"arn":"arn:aws:kms:us-east-1:)"
                R"(123456789012:key/)" +
                kKey5 + R"(","region":"us-east-1"}]})");
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(KmsCollect, RotationIsAskedOnlyForEnabledCustomerKeys) {
  Collector run;
  route_kms(run.http);
  Graph g = run.collect(collect_kms);
  EXPECT_EQ(run.http.count("GetKeyRotationStatus"), 3);
  for (const auto& id : {kKey2, kKey3})
    EXPECT_EQ(run.http.count("GetKeyRotationStatus", {{"KeyId", id}}), 0) << id;
  EXPECT_EQ(g.text(key_node(kKey1), "/kms_key_rotation_enabled"), "true");
  EXPECT_EQ(g.text(key_node(kKey5), "/kms_key_rotation_enabled"), "false");
  // Null, not false, where AWS has no answer (spec §5): AWS managed, pending
  // deletion, and a key type that cannot rotate (UnsupportedOperationException
  // is expected: no warning).
  EXPECT_EQ(g.text(key_node(kKey2), "/kms_key_rotation_enabled"), kAbsent);
  EXPECT_EQ(g.text(key_node(kKey3), "/kms_key_rotation_enabled"), kAbsent);
  EXPECT_EQ(g.text(key_node(kKey4), "/kms_key_rotation_enabled"), kAbsent);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
}

TEST(KmsCollect, PolicyIsParsedWithSortedKeys) {
  Collector run;
  route_kms(run.http);
  Graph g = run.collect(collect_kms);
  EXPECT_EQ(run.http.count("GetKeyPolicy", {{"PolicyName", "default"}}), 5);
  EXPECT_EQ(g.text(key_node(kKey1), "/kms_key_policy"),
            R"({"Id":"key-default-1","Statement":[{"Action":"kms:*","Effect":"Allow",)"
            R"("Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"*",)"
            R"("Sid":"Enable IAM User Permissions"}],"Version":"2012-10-17"})");
  EXPECT_EQ(g.text(key_node(kKey2), "/kms_key_policy"),
            R"({"Statement":[],"Version":"2012-10-17"})");
}

TEST(KmsCollect, KeysHangBelowTheirRegionAndAreNamedByArn) {
  Collector run;
  route_kms(run.http);
  run.out.node("probe", "probe", R"({"kind":"probe"})");
  run.out.edge("probe", key_arn(kKey3));
  Graph g = run.collect(collect_kms);
  for (const auto& id : {kKey1, kKey2, kKey3, kKey4, kKey5})
    EXPECT_TRUE(g.edge(kRegionNode, key_node(id))) << id;
  EXPECT_TRUE(g.edge("probe", key_node(kKey3)));
}

TEST(KmsCollect, AMultiRegionKeyIsOneNodeInEachRegion) {
  Collector run;
  const std::string us_east = kAcc + ":region:us-east-1";
  run.add_node(us_east, "aws_region", R"({"kind":"aws_region","id":"us-east-1"})");
  route_kms(run.http);
  run.collect(collect_kms, kRegion);
  Graph g = run.collect(collect_kms, "us-east-1");
  ASSERT_TRUE(g.has(key_node(kKey5, kRegion)));
  ASSERT_TRUE(g.has(key_node(kKey5, "us-east-1")));
  EXPECT_NE(key_node(kKey5, kRegion), key_node(kKey5, "us-east-1"));
  EXPECT_TRUE(g.edge(kRegionNode, key_node(kKey5, kRegion)));
  EXPECT_TRUE(g.edge(us_east, key_node(kKey5, "us-east-1")));
  EXPECT_FALSE(g.edge(kRegionNode, key_node(kKey5, "us-east-1")));
  // Single-Region key ids are unique in the account: one node, whatever the region.
  EXPECT_EQ(g.count_of_kind("aws_kms_key"), 6);
}

TEST(KmsCollect, ReferencesFindTheKeyOfTheirRegion) {
  Collector run;
  AccountContext& ctx = run.ctx;
  const std::string arn = "arn:aws:kms:us-east-1:123456789012:key/" + kKey5;
  EXPECT_EQ(kms_key_node(ctx, kRegion, kKey5), key_node(kKey5, kRegion));
  EXPECT_EQ(kms_key_node(ctx, kRegion, arn), key_node(kKey5, "us-east-1"));
  EXPECT_EQ(kms_key_node(ctx, kRegion, kKey1), key_node(kKey1));
  EXPECT_EQ(kms_key_node(ctx, "us-east-1", key_arn(kKey1)), key_node(kKey1));
  EXPECT_EQ(kms_key_node(ctx, kRegion, "alias/aws/sqs"), "");
  EXPECT_EQ(kms_key_node(ctx, kRegion, "arn:aws:kms:eu-west-1:123456789012:alias/orders"), "");
}

TEST(KmsCollect, ExpectedErrorsMeanNoDataOthersWarn) {
  Collector run;
  route_kms(run.http);
  // Deleted between ListKeys and DescribeKey: silently gone.
  run.http.fail(
      "DescribeKey", {{"KeyId", kKey2}},
      json_error(400, "NotFoundException", "Key '" + key_arn(kKey2) + "' does not exist"));
  run.http.fail(
      "GetKeyPolicy", {{"KeyId", kKey1}},
      json_error(400, "AccessDeniedException", "not authorized to perform kms:GetKeyPolicy"));
  run.http.fail("ListResourceTags", {{"KeyId", kKey5}},
                json_error(400, "AccessDeniedException", "not authorized"));
  run.http.fail("GetKeyRotationStatus", {{"KeyId", kKey1}},
                json_error(400, "KMSInvalidStateException", "invalid state"));
  Graph g = run.collect(collect_kms);
  EXPECT_FALSE(g.has(key_node(kKey2)));
  for (const auto& id : {kKey1, kKey3, kKey4, kKey5}) EXPECT_TRUE(g.has(key_node(id))) << id;
  EXPECT_EQ(g.text(key_node(kKey1), "/kms_key_policy"), kAbsent);
  EXPECT_EQ(g.text(key_node(kKey1), "/kms_key_rotation_enabled"), kAbsent);
  EXPECT_EQ(g.text(key_node(kKey1), "/tags"), R"({"team":"data","env":"prod"})");
  EXPECT_EQ(g.text(key_node(kKey5), "/tags"), "{}");
  auto w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 3u) << joined(w);
  EXPECT_EQ(w[0].rfind("kms eu-west-1 GetKeyPolicy " + kKey1 + ": AccessDeniedException", 0), 0u);
  EXPECT_EQ(w[1].rfind("kms eu-west-1 GetKeyRotationStatus " + kKey1 + ": KMSInvalidState", 0), 0u);
  EXPECT_EQ(w[2].rfind("kms eu-west-1 ListResourceTags " + kKey5 + ": AccessDenied", 0), 0u);
  EXPECT_EQ(run.warnings.fatal(), "");
}

TEST(KmsCollect, AFailedPageKeepsTheKeysBeforeIt) {
  Collector run;
  route_kms(run.http);
  run.http.fail("ListKeys", {{"Marker", kKeysMarker}},
                json_error(400, "AccessDeniedException", "not authorized to perform kms:ListKeys"));
  Graph g = run.collect(collect_kms);
  EXPECT_TRUE(g.has(key_node(kKey1)));
  EXPECT_TRUE(g.has(key_node(kKey2)));
  EXPECT_FALSE(g.has(key_node(kKey3)));
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(run.warnings.list()[0].rfind("kms eu-west-1 ListKeys: AccessDeniedException", 0), 0u);
}

// --- Config -------------------------------------------------------------------------------------

const std::string kRecorderArn =
    "arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/zjvbjdzzfk8amqjt";

void route_config(FakeHttp& http) {
  http.on("DescribeConfigurationRecorders")
      .reply(200,
             R"({"ConfigurationRecorders":[{"arn":")" + kRecorderArn +
                 R"(","name":"default","recordingGroup":{"allSupported":true,)"
                 R"("exclusionByResourceTypes":{"resourceTypes":[]},)"
                 R"("includeGlobalResourceTypes":true,"recordingStrategy":{"useOnly":)"
                 R"("ALL_SUPPORTED_RESOURCE_TYPES"},"resourceTypes":[]},"recordingMode":)"
                 R"({"recordingFrequency":"CONTINUOUS","recordingModeOverrides":[]},)"
                 R"("recordingScope":"PAID","roleARN":"arn:aws:iam::123456789012:role/)"
                 R"(aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"}]})",
             kJson11);
  http.on("DescribeConfigurationRecorderStatus")
      .reply(200,
             R"({"ConfigurationRecordersStatus":[{"arn":")" + kRecorderArn +
                 R"(","lastStartTime":1.700000000512E9,"lastStatus":"SUCCESS",)"
                 R"("lastStatusChangeTime":1.700003600E9,"name":"default","recording":true}]})",
             kJson11);
}

const std::string kRecorder = kAcc + ":config_recorder:eu-west-1/default";

TEST(ConfigCollect, RecorderIsJoinedWithItsStatus) {
  Collector run;
  route_config(run.http);
  Graph g = run.collect(collect_config);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
  ASSERT_TRUE(g.has(kRecorder));
  EXPECT_EQ(g.text(kRecorder, "/id"), "default");
  EXPECT_EQ(g.text(kRecorder, "/name"), "default");
  EXPECT_EQ(g.text(kRecorder, "/arn"), kRecorderArn);
  EXPECT_EQ(g.text(kRecorder, "/recorder_group"),
            R"({"all_supported":true,"include_global_resource_types":true,"resource_types":[]})");
  EXPECT_EQ(g.text(kRecorder, "/recorder_status"),
            R"({"last_start_time":"2023-11-14T22:13:20Z","recording":true,)"
            R"("last_status":"SUCCESS","last_status_change_time":"2023-11-14T23:13:20Z"})");
  EXPECT_TRUE(g.edge(kRegionNode, kRecorder));
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(ConfigCollect, StoppedRecorderWithSelectedTypes) {
  Collector run;
  run.http.on("DescribeConfigurationRecorders")
      .reply(200,
             R"({"ConfigurationRecorders":[{"name":"default","recordingGroup":{)"
             R"("allSupported":false,"includeGlobalResourceTypes":false,"resourceTypes":)"
             R"(["AWS::EC2::Instance","AWS::S3::Bucket"]},"roleARN":"arn:aws:iam::)"
             R"(123456789012:role/config-role"}]})",
             kJson11);
  run.http.on("DescribeConfigurationRecorderStatus")
      .reply(200,
             R"({"ConfigurationRecordersStatus":[{"lastErrorCode":"NoAvailableDeliveryChannel",)"
             R"("lastErrorMessage":"Delivery channel is not available to start configuration )"
             R"(recorder.","lastStartTime":1690000000,"lastStatus":"FAILURE",)"
             R"("lastStatusChangeTime":1690000060,"lastStopTime":1690000060,"name":"default",)"
             R"("recording":false}]})",
             kJson11);
  Graph g = run.collect(collect_config);
  EXPECT_EQ(g.text(kRecorder, "/recorder_group/all_supported"), "false");
  EXPECT_EQ(g.text(kRecorder, "/recorder_group/resource_types"),
            R"(["AWS::EC2::Instance","AWS::S3::Bucket"])");
  EXPECT_EQ(g.text(kRecorder, "/recorder_status/recording"), "false");
  EXPECT_EQ(g.text(kRecorder, "/recorder_status/last_status"), "FAILURE");
  EXPECT_EQ(g.text(kRecorder, "/recorder_status/last_error_code"), "NoAvailableDeliveryChannel");
  EXPECT_EQ(g.text(kRecorder, "/recorder_status/last_stop_time"), "2023-07-22T04:27:40Z");
  // The role is no ARN of the recorder's own (Resoto put it in `arn`).
  EXPECT_EQ(g.text(kRecorder, "/arn"), kAbsent);
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(ConfigCollect, NoRecorderNoNode) {
  Collector run;
  run.http.on("DescribeConfigurationRecorders")
      .reply(200, R"({"ConfigurationRecorders":[]})", kJson11);
  Graph g = run.collect(collect_config);
  EXPECT_EQ(resources(g), 0u);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
}

TEST(ConfigCollect, FailedStatusKeepsTheRecorder) {
  Collector run;
  route_config(run.http);
  run.http.fail("DescribeConfigurationRecorderStatus", {},
                json_error(400, "AccessDeniedException", "not authorized"));
  Graph g = run.collect(collect_config);
  ASSERT_TRUE(g.has(kRecorder));
  EXPECT_EQ(g.text(kRecorder, "/recorder_status"), kAbsent);
  EXPECT_EQ(g.text(kRecorder, "/recorder_group/all_supported"), "true");
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(run.warnings.list()[0].rfind(
                "config eu-west-1 DescribeConfigurationRecorderStatus: AccessDenied", 0),
            0u);
}

TEST(ConfigCollect, FailedRecordersCallWarns) {
  Collector run;
  route_config(run.http);
  run.http.fail("DescribeConfigurationRecorders", {},
                json_error(400, "AccessDeniedException", "not authorized"));
  Graph g = run.collect(collect_config);
  EXPECT_EQ(resources(g), 0u);
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(
      run.warnings.list()[0].rfind("config eu-west-1 DescribeConfigurationRecorders: Access", 0),
      0u);
}

// --- SQS ----------------------------------------------------------------------------------------

const std::string kQueueBase = "https://sqs.eu-west-1.amazonaws.com/123456789012/";
const std::string kQueuesToken = "ZXlKMGIydGxiaUk2SW1GMVpHbDBJbjA9";

std::string queue_node(const std::string& name) {
  return kAcc + ":sqs_queue:arn:aws:sqs:eu-west-1:123456789012:" + name;
}

std::string queue_attributes(const std::string& name, const std::string& extra) {
  return R"({"Attributes":{"QueueArn":"arn:aws:sqs:eu-west-1:123456789012:)" + name +
         R"(","ApproximateNumberOfMessages":"0","ApproximateNumberOfMessagesNotVisible":"0",)"
         R"("ApproximateNumberOfMessagesDelayed":"0","CreatedTimestamp":"1690000000",)"
         R"("LastModifiedTimestamp":"1690000000","VisibilityTimeout":"30",)"
         R"("MaximumMessageSize":"262144","MessageRetentionPeriod":"345600",)"
         R"("DelaySeconds":"0","ReceiveMessageWaitTimeSeconds":"0")" +
         extra + "}}";
}

void route_sqs(FakeHttp& http) {
  http.on("ListQueues")
      .reply(200,
             R"({"NextToken":")" + kQueuesToken + R"(","QueueUrls":[")" + kQueueBase +
                 R"(orders",")" + kQueueBase + R"(audit.fifo",")" + kQueueBase + R"(sse"]})",
             kJson10);
  http.on("ListQueues", {{"NextToken", kQueuesToken}})
      .reply(200, R"({"QueueUrls":[")" + kQueueBase + R"(plain",")" + kQueueBase + R"(gone"]})",
             kJson10);
  http.on("GetQueueAttributes", {{"QueueUrl", kQueueBase + "orders"}})
      .reply(200,
             R"({"Attributes":{"QueueArn":"arn:aws:sqs:eu-west-1:123456789012:orders",)"
             R"("ApproximateNumberOfMessages":"12","ApproximateNumberOfMessagesNotVisible":"1",)"
             R"("ApproximateNumberOfMessagesDelayed":"2","CreatedTimestamp":"1700000000",)"
             R"("LastModifiedTimestamp":"1700003600","VisibilityTimeout":"30",)"
             R"("MaximumMessageSize":"262144","MessageRetentionPeriod":"345600",)"
             R"("DelaySeconds":"0","ReceiveMessageWaitTimeSeconds":"20",)"
             R"("KmsMasterKeyId":"arn:aws:kms:eu-west-1:123456789012:key/)" +
                 kKey1 +
                 R"(","KmsDataKeyReusePeriodSeconds":"300","SqsManagedSseEnabled":"false",)"
                 R"("Policy":"{\"Version\":\"2012-10-17\",\"Id\":\"orders-policy\",)"
                 R"(\"Statement\":[{\"Sid\":\"sns\",\"Effect\":\"Allow\",\"Principal\":)"
                 R"({\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",)"
                 R"(\"Resource\":\"arn:aws:sqs:eu-west-1:123456789012:orders\"}]}",)"
                 R"("RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:)"
                 R"(123456789012:orders-dlq\",\"maxReceiveCount\":5}"}})",
             kJson10);
  http.on("GetQueueAttributes", {{"QueueUrl", kQueueBase + "audit.fifo"}})
      .reply(200,
             queue_attributes("audit.fifo",
                              R"(,"FifoQueue":"true","ContentBasedDeduplication":"true",)"
                              R"("DeduplicationScope":"messageGroup","FifoThroughputLimit":)"
                              R"("perMessageGroupId","KmsMasterKeyId":"alias/aws/sqs",)"
                              R"("KmsDataKeyReusePeriodSeconds":"300",)"
                              R"("SqsManagedSseEnabled":"false","RedrivePolicy":)"
                              R"("{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:)"
                              R"(123456789012:audit-dlq.fifo\",\"maxReceiveCount\":\"3\"}")"),
             kJson10);
  http.on("GetQueueAttributes", {{"QueueUrl", kQueueBase + "sse"}})
      .reply(200, queue_attributes("sse", R"(,"SqsManagedSseEnabled":"true")"), kJson10);
  http.on("GetQueueAttributes", {{"QueueUrl", kQueueBase + "plain"}})
      .reply(200, queue_attributes("plain", R"(,"SqsManagedSseEnabled":"false")"), kJson10);
  http.on("GetQueueAttributes", {{"QueueUrl", kQueueBase + "gone"}})
      .reply(json_error(400, "com.amazonaws.sqs#QueueDoesNotExist",
                        "The specified queue does not exist."));
  http.on("ListQueueTags").reply(200, "{}", kJson10);
  http.on("ListQueueTags", {{"QueueUrl", kQueueBase + "orders"}})
      .reply(200, R"({"Tags":{"team":"shop","cost-center":"42"}})", kJson10);
}

TEST(SqsCollect, EveryPageOfQueuesIsRead) {
  Collector run;
  route_sqs(run.http);
  Graph g = run.collect(collect_sqs);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
  EXPECT_EQ(run.http.count("ListQueues"), 2);
  for (const char* q : {"orders", "audit.fifo", "sse", "plain"})
    EXPECT_TRUE(g.has(queue_node(q))) << q;
  // Deleted between ListQueues and GetQueueAttributes: expected, no node.
  EXPECT_EQ(resources(g), 4u);
  // Every queue asks for all attributes.
  for (const auto& r : run.http.requests("GetQueueAttributes"))
    EXPECT_NE(r.request.body.find(R"("AttributeNames":["All"])"), std::string::npos);
}

TEST(SqsCollect, AttributesAreMapped) {
  Collector run;
  route_sqs(run.http);
  Graph g = run.collect(collect_sqs);
  std::string q = queue_node("orders");
  EXPECT_EQ(g.text(q, "/kind"), "aws_sqs_queue");
  EXPECT_EQ(g.text(q, "/id"), "orders");
  EXPECT_EQ(g.text(q, "/name"), "orders");
  EXPECT_EQ(g.text(q, "/arn"), "arn:aws:sqs:eu-west-1:123456789012:orders");
  EXPECT_EQ(g.text(q, "/sqs_queue_url"), kQueueBase + "orders");
  EXPECT_EQ(g.text(q, "/tags"), R"({"team":"shop","cost-center":"42"})");
  EXPECT_EQ(g.text(q, "/ctime"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(g.text(q, "/mtime"), "2023-11-14T23:13:20Z");
  EXPECT_EQ(g.text(q, "/sqs_approximate_number_of_messages"), "12");
  EXPECT_EQ(g.text(q, "/sqs_approximate_number_of_messages_not_visible"), "1");
  EXPECT_EQ(g.text(q, "/sqs_approximate_number_of_messages_delayed"), "2");
  EXPECT_EQ(g.text(q, "/sqs_receive_message_wait_time_seconds"), "20");
  EXPECT_EQ(g.text(q, "/sqs_maximum_message_size"), "262144");
  EXPECT_EQ(g.text(q, "/sqs_kms_master_key_id"), key_arn(kKey1));
  EXPECT_EQ(g.text(q, "/sqs_kms_data_key_reuse_period_seconds"), "300");
  EXPECT_EQ(g.text(q, "/sqs_managed_sse_enabled"), "false");
  EXPECT_EQ(g.text(q, "/sqs_policy/Statement/0/Principal/Service"), "sns.amazonaws.com");
  EXPECT_EQ(g.text(q, "/sqs_redrive_policy"),
            R"({"dead_letter_target_arn":"arn:aws:sqs:eu-west-1:123456789012:orders-dlq",)"
            R"("max_receive_count":5})");
  EXPECT_EQ(g.text(q, "/sqs_fifo_queue"), kAbsent);

  std::string fifo = queue_node("audit.fifo");
  EXPECT_EQ(g.text(fifo, "/sqs_fifo_queue"), "true");
  EXPECT_EQ(g.text(fifo, "/sqs_content_based_deduplication"), "true");
  EXPECT_EQ(g.text(fifo, "/sqs_deduplication_scope"), "messageGroup");
  EXPECT_EQ(g.text(fifo, "/sqs_fifo_throughput_limit"), "perMessageGroupId");
  EXPECT_EQ(g.text(fifo, "/sqs_redrive_policy/max_receive_count"), "3");
  EXPECT_EQ(g.text(fifo, "/tags"), "{}");

  EXPECT_EQ(g.text(queue_node("sse"), "/sqs_managed_sse_enabled"), "true");
  EXPECT_EQ(g.text(queue_node("sse"), "/sqs_kms_master_key_id"), kAbsent);
  EXPECT_EQ(g.text(queue_node("plain"), "/sqs_managed_sse_enabled"), "false");
  EXPECT_EQ(g.text(queue_node("plain"), "/sqs_policy"), kAbsent);
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(SqsCollect, QueueLinksToItsKeyButNotToAnAlias) {
  Collector run;
  route_sqs(run.http);
  run.out.node(key_node(kKey1), "aws_kms_key", R"({"kind":"aws_kms_key","id":")" + kKey1 + "\"}");
  run.out.node("probe", "probe", R"({"kind":"probe"})");
  run.out.edge("probe", "arn:aws:sqs:eu-west-1:123456789012:sse");
  Graph g = run.collect(collect_sqs);
  EXPECT_TRUE(g.edge(queue_node("orders"), key_node(kKey1)));
  EXPECT_TRUE(g.edge(key_node(kKey1), queue_node("orders"), true));
  for (const char* q : {"orders", "audit.fifo", "sse", "plain"})
    EXPECT_TRUE(g.edge(kRegionNode, queue_node(q))) << q;
  EXPECT_TRUE(g.edge("probe", queue_node("sse")));  // the alias by ARN
  // alias/aws/sqs names no key node; no other edge leaves a queue.
  for (const char* q : {"audit.fifo", "sse", "plain"})
    EXPECT_FALSE(g.edge(queue_node(q), key_node(kKey1))) << q;
}

TEST(SqsCollect, FailuresWarnAndTheRestIsCollected) {
  Collector run;
  route_sqs(run.http);
  run.http.fail(
      "GetQueueAttributes", {{"QueueUrl", kQueueBase + "sse"}},
      json_error(400, "com.amazonaws.sqs#AccessDenied", "Access to the resource is denied."));
  run.http.fail(
      "ListQueueTags", {{"QueueUrl", kQueueBase + "orders"}},
      json_error(400, "com.amazonaws.sqs#AccessDenied", "Access to the resource is denied."));
  Graph g = run.collect(collect_sqs);
  EXPECT_FALSE(g.has(queue_node("sse")));
  EXPECT_TRUE(g.has(queue_node("orders")));
  EXPECT_EQ(g.text(queue_node("orders"), "/tags"), "{}");
  EXPECT_EQ(g.text(queue_node("orders"), "/sqs_kms_master_key_id"), key_arn(kKey1));
  EXPECT_TRUE(g.has(queue_node("plain")));
  auto w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 2u) << joined(w);
  EXPECT_EQ(w[0].rfind("sqs eu-west-1 GetQueueAttributes " + kQueueBase + "sse: AccessDenied", 0),
            0u);
  EXPECT_EQ(w[1].rfind("sqs eu-west-1 ListQueueTags " + kQueueBase + "orders: AccessDenied", 0),
            0u);
}

// --- Secrets Manager ----------------------------------------------------------------------------

const std::string kDbSecretArn =
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf";
const std::string kTokenSecretArn =
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-token-XyZ123";
const std::string kDbSecret = kAcc + ":secretsmanager_secret:" + kDbSecretArn;
const std::string kTokenSecret = kAcc + ":secretsmanager_secret:" + kTokenSecretArn;
const std::string kSecretsToken = "AYADeNpQ4zA0cGFnZTI=";

void route_secrets(FakeHttp& http) {
  http.on("ListSecrets")
      .reply(
          200,
          R"({"NextToken":")" + kSecretsToken + R"(","SecretList":[{"ARN":")" + kDbSecretArn +
              R"(","CreatedDate":1.690000000123E9,"Description":"database password",)"
              R"("KmsKeyId":"arn:aws:kms:eu-west-1:123456789012:key/)" +
              kKey1 +
              R"(","LastAccessedDate":1.6999200E9,"LastChangedDate":1.70000010025E9,)"
              R"("LastRotatedDate":1.7000000005E9,"Name":"prod/db","NextRotationDate":1702592000,)"
              R"("PrimaryRegion":"eu-west-1","RotationEnabled":true,"RotationLambdaARN":)"
              R"("arn:aws:lambda:eu-west-1:123456789012:function:rotate-db","RotationRules":)"
              R"j({"AutomaticallyAfterDays":30,"ScheduleExpression":"rate(30 days)"},)j"
              R"("SecretVersionsToStages":{"a1b2c3d4-5678-90ab-cdef-EXAMPLE22222":)"
              R"(["AWSCURRENT"],"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111":["AWSPREVIOUS"]},)"
              R"("Tags":[{"Key":"team","Value":"data"}]}]})",
          kJson11);
  http.on("ListSecrets", {{"NextToken", kSecretsToken}})
      .reply(200,
             R"({"SecretList":[{"ARN":")" + kTokenSecretArn +
                 R"(","CreatedDate":1600000000,"LastChangedDate":1600000000,)"
                 R"("Name":"legacy-token","SecretVersionsToStages":{)"
                 R"("a1b2c3d4-5678-90ab-cdef-EXAMPLE33333":["AWSCURRENT"]}}]})",
             kJson11);
}

TEST(SecretsManagerCollect, EveryPageIsReadAndMapped) {
  Collector run;
  route_secrets(run.http);
  Graph g = run.collect(collect_secretsmanager);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
  EXPECT_EQ(run.http.count("ListSecrets"), 2);
  ASSERT_TRUE(g.has(kDbSecret));
  ASSERT_TRUE(g.has(kTokenSecret));
  EXPECT_EQ(g.text(kDbSecret, "/kind"), "aws_secretsmanager_secret");
  EXPECT_EQ(g.text(kDbSecret, "/id"), "prod/db");
  EXPECT_EQ(g.text(kDbSecret, "/name"), "prod/db");
  EXPECT_EQ(g.text(kDbSecret, "/arn"), kDbSecretArn);
  EXPECT_EQ(g.text(kDbSecret, "/tags"), R"({"team":"data"})");
  EXPECT_EQ(g.text(kDbSecret, "/description"), "database password");
  EXPECT_EQ(g.text(kDbSecret, "/ctime"), "2023-07-22T04:26:40Z");
  EXPECT_EQ(g.text(kDbSecret, "/created_date"), "2023-07-22T04:26:40Z");
  EXPECT_EQ(g.text(kDbSecret, "/mtime"), "2023-11-14T22:15:00Z");
  EXPECT_EQ(g.text(kDbSecret, "/last_changed_date"), "2023-11-14T22:15:00Z");
  // AWS reports access by day.
  EXPECT_EQ(g.text(kDbSecret, "/atime"), "2023-11-14T00:00:00Z");
  EXPECT_EQ(g.text(kDbSecret, "/last_accessed_date"), "2023-11-14T00:00:00Z");
  EXPECT_EQ(g.text(kDbSecret, "/last_rotated_date"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(g.text(kDbSecret, "/next_rotation_date"), "2023-12-14T22:13:20Z");
  EXPECT_EQ(g.text(kDbSecret, "/rotation_enabled"), "true");
  EXPECT_EQ(g.text(kDbSecret, "/rotation_lambda_arn"),
            "arn:aws:lambda:eu-west-1:123456789012:function:rotate-db");
  EXPECT_EQ(g.text(kDbSecret, "/rotation_rules"),
            R"j({"automatically_after_days":30,"schedule_expression":"rate(30 days)"})j");
  EXPECT_EQ(g.text(kDbSecret, "/secret_versions_to_stages"),
            R"({"a1b2c3d4-5678-90ab-cdef-EXAMPLE22222":["AWSCURRENT"],)"
            R"("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111":["AWSPREVIOUS"]})");
  EXPECT_EQ(g.text(kDbSecret, "/primary_region"), "eu-west-1");
  // AWS leaves RotationEnabled out when rotation was never set up: false.
  EXPECT_EQ(g.text(kTokenSecret, "/rotation_enabled"), "false");
  EXPECT_EQ(g.text(kTokenSecret, "/rotation_rules"), kAbsent);
  EXPECT_EQ(g.text(kTokenSecret, "/atime"), kAbsent);
  EXPECT_EQ(g.text(kTokenSecret, "/tags"), "{}");
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(SecretsManagerCollect, SecretLinksToItsKey) {
  Collector run;
  route_secrets(run.http);
  run.out.node(key_node(kKey1), "aws_kms_key", R"({"kind":"aws_kms_key","id":")" + kKey1 + "\"}");
  Graph g = run.collect(collect_secretsmanager);
  EXPECT_TRUE(g.edge(kRegionNode, kDbSecret));
  EXPECT_TRUE(g.edge(kRegionNode, kTokenSecret));
  EXPECT_TRUE(g.edge(kDbSecret, key_node(kKey1)));
  EXPECT_TRUE(g.edge(key_node(kKey1), kDbSecret, true));
  EXPECT_FALSE(g.edge(kTokenSecret, key_node(kKey1)));
}

TEST(SecretsManagerCollect, AFailedPageWarnsAndKeepsTheFirst) {
  Collector run;
  route_secrets(run.http);
  run.http.fail("ListSecrets", {{"NextToken", kSecretsToken}},
                json_error(400, "AccessDeniedException", "not authorized"));
  Graph g = run.collect(collect_secretsmanager);
  EXPECT_TRUE(g.has(kDbSecret));
  EXPECT_FALSE(g.has(kTokenSecret));
  ASSERT_EQ(run.warnings.list().size(), 1u);
  EXPECT_EQ(run.warnings.list()[0].rfind(
                "secretsmanager eu-west-1 ListSecrets: AccessDeniedException", 0),
            0u);
}

// --- DynamoDB -----------------------------------------------------------------------------------

const std::string kOrdersArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
const std::string kEventsArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/events";
const std::string kOrders = kAcc + ":dynamodb_table:" + kOrdersArn;
const std::string kEvents = kAcc + ":dynamodb_table:" + kEventsArn;
const std::string kTableTagsToken = "dGFncy0y";

void route_dynamodb(FakeHttp& http) {
  http.on("ListTables")
      .reply(200, R"({"LastEvaluatedTableName":"events","TableNames":["events"]})", kJson10);
  http.on("ListTables", {{"ExclusiveStartTableName", "events"}})
      .reply(200, R"({"TableNames":["orders","removed"]})", kJson10);
  http.on("DescribeTable", {{"TableName", "orders"}})
      .reply(200,
             R"({"Table":{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
             R"({"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"customer",)"
             R"("AttributeType":"S"}],"BillingModeSummary":{"BillingMode":"PROVISIONED"},)"
             R"("CreationDateTime":1.690000000456E9,"DeletionProtectionEnabled":true,)"
             R"("GlobalSecondaryIndexes":[{"IndexArn":")" +
                 kOrdersArn +
                 R"(/index/by-customer","IndexName":"by-customer","IndexSizeBytes":1024,)"
                 R"("IndexStatus":"ACTIVE","ItemCount":10,"KeySchema":[{"AttributeName":)"
                 R"("customer","KeyType":"HASH"}],"Projection":{"NonKeyAttributes":["total"],)"
                 R"("ProjectionType":"INCLUDE"},"ProvisionedThroughput":{)"
                 R"("NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5}}],)"
                 R"("ItemCount":10,"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                 R"({"AttributeName":"sk","KeyType":"RANGE"}],"LatestStreamArn":")" +
                 kOrdersArn +
                 R"(/stream/2023-07-22T04:26:40.456","LatestStreamLabel":)"
                 R"("2023-07-22T04:26:40.456","LocalSecondaryIndexes":[{"IndexArn":")" +
                 kOrdersArn +
                 R"(/index/by-date","IndexName":"by-date","IndexSizeBytes":512,"ItemCount":10,)"
                 R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk",)"
                 R"("KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],)"
                 R"("ProvisionedThroughput":{"LastIncreaseDateTime":1.6950000E9,)"
                 R"("NumberOfDecreasesToday":0,"ReadCapacityUnits":10,"WriteCapacityUnits":5},)"
                 R"("SSEDescription":{"KMSMasterKeyArn":"arn:aws:kms:eu-west-1:123456789012:)"
                 R"(key/)" +
                 kKey1 +
                 R"(","SSEType":"KMS","Status":"ENABLED"},"StreamSpecification":{)"
                 R"("StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},)"
                 R"("TableArn":")" +
                 kOrdersArn +
                 R"(","TableClassSummary":{"TableClass":"STANDARD"},"TableId":)"
                 R"("a1b2c3d4-0000-4000-8000-00000000aaaa","TableName":"orders",)"
                 R"("TableSizeBytes":4096,"TableStatus":"ACTIVE"}})",
             kJson10);
  http.on("DescribeTable", {{"TableName", "events"}})
      .reply(200,
             R"({"Table":{"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
             R"("BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST",)"
             R"("LastUpdateToPayPerRequestDateTime":1695000000},"CreationDateTime":1600000000,)"
             R"("ItemCount":0,"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
             R"("ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,)"
             R"("WriteCapacityUnits":0},"TableArn":")" +
                 kEventsArn +
                 R"(","TableId":"a1b2c3d4-0000-4000-8000-00000000bbbb","TableName":"events",)"
                 R"("TableSizeBytes":0,"TableStatus":"ACTIVE"}})",
             kJson10);
  http.on("DescribeTable", {{"TableName", "removed"}})
      .reply(json_error(400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                        "Requested resource not found: Table: removed not found"));
  http.on("ListTagsOfResource").reply(200, R"({"Tags":[]})", kJson10);
  http.on("ListTagsOfResource", {{"ResourceArn", kOrdersArn}})
      .reply(200,
             R"({"NextToken":")" + kTableTagsToken + R"(","Tags":[{"Key":"team","Value":"shop"}]})",
             kJson10);
  http.on("ListTagsOfResource", {{"ResourceArn", kOrdersArn}, {"NextToken", kTableTagsToken}})
      .reply(200, R"({"Tags":[{"Key":"env","Value":"prod"}]})", kJson10);
}

TEST(DynamoDbCollect, EveryPageOfTablesAndTagsIsRead) {
  Collector run;
  route_dynamodb(run.http);
  Graph g = run.collect(collect_dynamodb);
  EXPECT_TRUE(run.warnings.list().empty()) << joined(run.warnings.list());
  EXPECT_EQ(run.unmatched(), "");
  EXPECT_EQ(run.http.count("ListTables"), 2);
  EXPECT_TRUE(g.has(kOrders));
  EXPECT_TRUE(g.has(kEvents));
  EXPECT_EQ(resources(g), 2u);  // "removed" went away after ListTables: expected
  EXPECT_EQ(g.text(kOrders, "/tags"), R"({"team":"shop","env":"prod"})");
  EXPECT_EQ(g.text(kEvents, "/tags"), "{}");
}

TEST(DynamoDbCollect, TableIsMapped) {
  Collector run;
  route_dynamodb(run.http);
  Graph g = run.collect(collect_dynamodb);
  EXPECT_EQ(g.text(kOrders, "/kind"), "aws_dynamodb_table");
  EXPECT_EQ(g.text(kOrders, "/id"), "a1b2c3d4-0000-4000-8000-00000000aaaa");
  EXPECT_EQ(g.text(kOrders, "/name"), "orders");
  EXPECT_EQ(g.text(kOrders, "/arn"), kOrdersArn);
  EXPECT_EQ(g.text(kOrders, "/ctime"), "2023-07-22T04:26:40Z");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_table_status"), "ACTIVE");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_table_size_bytes"), "4096");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_item_count"), "10");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_attribute_definitions/2"),
            R"({"attribute_name":"customer","attribute_type":"S"})");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_key_schema"),
            R"([{"attribute_name":"pk","key_type":"HASH"},{"attribute_name":"sk",)"
            R"("key_type":"RANGE"}])");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_provisioned_throughput"),
            R"({"last_increase_date_time":"2023-09-18T01:20:00Z","number_of_decreases_today":0,)"
            R"("read_capacity_units":10,"write_capacity_units":5})");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_billing_mode_summary"), R"({"billing_mode":"PROVISIONED"})");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_global_secondary_indexes/0/index_name"), "by-customer");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_global_secondary_indexes/0/projection"),
            R"({"projection_type":"INCLUDE","non_key_attributes":["total"]})");
  EXPECT_EQ(g.text(kOrders,
                   "/dynamodb_global_secondary_indexes/0/provisioned_throughput/"
                   "read_capacity_units"),
            "5");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_global_secondary_indexes/0/index_status"), "ACTIVE");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_local_secondary_indexes/0/index_name"), "by-date");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_local_secondary_indexes/0/projection/non_key_attributes"),
            "[]");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_stream_specification"),
            R"({"stream_enabled":true,"stream_view_type":"NEW_AND_OLD_IMAGES"})");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_latest_stream_label"), "2023-07-22T04:26:40.456");
  EXPECT_EQ(
      g.text(kOrders, "/dynamodb_sse_description"),
      R"({"status":"ENABLED","sse_type":"KMS","kms_master_key_arn":")" + key_arn(kKey1) + "\"}");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_table_class_summary"), R"({"table_class":"STANDARD"})");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_replicas"), "[]");

  // Encrypted with an AWS owned key: no SSEDescription at all.
  EXPECT_EQ(g.text(kEvents, "/dynamodb_sse_description"), kAbsent);
  EXPECT_EQ(g.text(kEvents, "/dynamodb_billing_mode_summary"),
            R"({"billing_mode":"PAY_PER_REQUEST",)"
            R"("last_update_to_pay_per_request_date_time":"2023-09-18T01:20:00Z"})");
  EXPECT_EQ(g.text(kEvents, "/dynamodb_global_secondary_indexes"), "[]");
  EXPECT_EQ(g.text(kEvents, "/dynamodb_local_secondary_indexes"), "[]");
  EXPECT_EQ(g.text(kEvents, "/dynamodb_stream_specification"), kAbsent);
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(DynamoDbCollect, GlobalTableReplicasAreMapped) {
  Collector run;
  run.http.on("ListTables").reply(200, R"({"TableNames":["global"]})", kJson10);
  run.http.on("ListTagsOfResource").reply(200, R"({"Tags":[]})", kJson10);
  run.http.on("DescribeTable", {{"TableName", "global"}})
      .reply(200,
             R"({"Table":{"AttributeDefinitions":[],"CreationDateTime":1600000000,)"
             R"("GlobalTableVersion":"2019.11.21","KeySchema":[],"Replicas":[{)"
             R"("GlobalSecondaryIndexes":[{"IndexName":"gsi","ProvisionedThroughputOverride":)"
             R"({"ReadCapacityUnits":7}}],"KMSMasterKeyId":"arn:aws:kms:us-east-1:)"
             R"(123456789012:key/mrk-1","ProvisionedThroughputOverride":{"ReadCapacityUnits":9},)"
             R"("RegionName":"us-east-1","ReplicaStatus":"ACTIVE","ReplicaTableClassSummary":{)"
             R"("LastUpdateDateTime":1600000000,"TableClass":"STANDARD"}}],"TableArn":)"
             R"("arn:aws:dynamodb:eu-west-1:123456789012:table/global","TableId":"t-global",)"
             R"("TableName":"global","TableStatus":"ACTIVE"}})",
             kJson10);
  Graph g = run.collect(collect_dynamodb);
  std::string t = kAcc + ":dynamodb_table:arn:aws:dynamodb:eu-west-1:123456789012:table/global";
  EXPECT_EQ(g.text(t, "/dynamodb_global_table_version"), "2019.11.21");
  EXPECT_EQ(
      g.text(t, "/dynamodb_replicas"),
      R"([{"region_name":"us-east-1","replica_status":"ACTIVE","kms_master_key_id":)"
      R"("arn:aws:kms:us-east-1:123456789012:key/mrk-1","provisioned_throughput_override":9,)"
      R"("global_secondary_indexes":[{"index_name":"gsi","provisioned_throughput_override":7}],)"
      R"("replica_table_class_summary":{"table_class":"STANDARD",)"
      R"("last_update_date_time":"2020-09-13T12:26:40Z"}}])");
  EXPECT_EQ(testing::model_errors(g), "");
}

TEST(DynamoDbCollect, TableLinksToItsKey) {
  Collector run;
  route_dynamodb(run.http);
  run.out.node(key_node(kKey1), "aws_kms_key", R"({"kind":"aws_kms_key","id":")" + kKey1 + "\"}");
  run.out.node("probe", "probe", R"({"kind":"probe"})");
  run.out.edge("probe", kEventsArn);
  Graph g = run.collect(collect_dynamodb);
  EXPECT_TRUE(g.edge(kRegionNode, kOrders));
  EXPECT_TRUE(g.edge(kRegionNode, kEvents));
  EXPECT_TRUE(g.edge(kOrders, key_node(kKey1)));
  EXPECT_TRUE(g.edge(key_node(kKey1), kOrders, true));
  EXPECT_FALSE(g.edge(kEvents, key_node(kKey1)));
  EXPECT_TRUE(g.edge("probe", kEvents));
}

TEST(DynamoDbCollect, FailuresWarnAndTheRestIsCollected) {
  Collector run;
  route_dynamodb(run.http);
  run.http.fail("DescribeTable", {{"TableName", "events"}},
                json_error(400, "com.amazonaws.dynamodb.v20120810#AccessDeniedException",
                           "not authorized to perform dynamodb:DescribeTable"));
  run.http.fail("ListTagsOfResource", {{"ResourceArn", kOrdersArn}},
                json_error(400, "com.amazonaws.dynamodb.v20120810#AccessDeniedException",
                           "not authorized to perform dynamodb:ListTagsOfResource"));
  Graph g = run.collect(collect_dynamodb);
  EXPECT_FALSE(g.has(kEvents));
  ASSERT_TRUE(g.has(kOrders));
  EXPECT_EQ(g.text(kOrders, "/tags"), "{}");
  EXPECT_EQ(g.text(kOrders, "/dynamodb_sse_description/sse_type"), "KMS");
  auto w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 2u) << joined(w);
  EXPECT_EQ(w[0].rfind("dynamodb eu-west-1 DescribeTable events: AccessDeniedException", 0), 0u);
  EXPECT_EQ(w[1].rfind("dynamodb eu-west-1 ListTagsOfResource orders: AccessDeniedException", 0),
            0u);
}

}  // namespace
}  // namespace canopy::aws
