// The Lambda, OpenSearch, API Gateway and EKS collectors against canned
// REST-JSON answers written from the AWS API reference shapes (aws-collector
// spec §7): paging, the mapping of realistic answers, expected errors that
// mean "no data", and unexpected errors that only warn.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/apigateway.h"
#include "collect/aws/services/eks.h"
#include "collect/aws/services/lambda.h"
#include "collect/aws/services/opensearch.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";

std::string node_id(const std::string& tag, const std::string& id) {
  return kAcc + ":" + tag + ":" + id;
}

// A REST-JSON error as AWS sends it: the type in x-amzn-ErrorType.
http::Outcome rest_error(long status, const std::string& type, const std::string& message = "") {
  return testing::response(status, "{\"message\":\"" + message + "\"}",
                           {{"x-amzn-ErrorType", type}, {"Content-Type", "application/json"}});
}

struct Collection : testing::ServiceRun {
  Collection() : ServiceRun(testing::fast_retry(2)) {
    other(node_id("region", kRegion), "aws_region");
  }

  Graph collect(void (*collector)(AccountContext&, const std::string&)) {
    Graph g = ServiceRun::collect(collector, kRegion);
    EXPECT_TRUE(http.unmatched().empty()) << "unanswered: " << http.unmatched().front().op;
    return g;
  }
};

// --- Lambda ------------------------------------------------------------------

const std::string kApiFn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";
const std::string kPlainFn = "arn:aws:lambda:eu-west-1:123456789012:function:nightly-report";
const std::string kKeyArn =
    "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const char* kFunctionsPage1 = R"({
  "Functions": [{
    "FunctionName": "orders-api",
    "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
    "Runtime": "python3.12",
    "Role": "arn:aws:iam::123456789012:role/orders-api-role",
    "Handler": "app.handler",
    "CodeSize": 5120,
    "Description": "Orders REST backend",
    "Timeout": 30,
    "MemorySize": 512,
    "LastModified": "2024-03-01T10:15:30.123+0000",
    "CodeSha256": "mX1mCGkQ0mWn3mrM9l3a0dQ2i0Q4s0HkI5u3mOxyz2A=",
    "Version": "$LATEST",
    "VpcConfig": {"SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0123abcd"],
                  "VpcId": "vpc-0f00ba11", "Ipv6AllowedForDualStack": false},
    "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"},
    "Environment": {"Variables": {"TABLE": "orders", "STAGE": "prod"}},
    "KMSKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "TracingConfig": {"Mode": "Active"},
    "RevisionId": "c8a3f7e2-1111-4e0b-9a55-0123456789ab",
    "Layers": [{"Arn": "arn:aws:lambda:eu-west-1:123456789012:layer:common:3", "CodeSize": 2048}],
    "State": "Active",
    "LastUpdateStatus": "Successful",
    "FileSystemConfigs": [{"Arn": "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0a1b2c3d4e5f60718",
                           "LocalMountPath": "/mnt/orders"}],
    "PackageType": "Zip",
    "Architectures": ["arm64"],
    "EphemeralStorage": {"Size": 512},
    "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
    "LoggingConfig": {"LogFormat": "Text", "LogGroup": "/aws/lambda/orders-api"}
  }],
  "NextMarker": "page/2+=="
})";

const char* kFunctionsPage2 = R"({
  "Functions": [{
    "FunctionName": "nightly-report",
    "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:nightly-report",
    "Runtime": "nodejs16.x",
    "Role": "arn:aws:iam::123456789012:role/report-role",
    "Handler": "index.handler",
    "CodeSize": 300,
    "Description": "",
    "Timeout": 3,
    "MemorySize": 128,
    "LastModified": "2023-11-20T08:00:00.000+0000",
    "Version": "$LATEST",
    "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""},
    "PackageType": "Zip",
    "Architectures": ["x86_64"]
  }]
})";

// Principal "*" (public) and API Gateway allowed for one route of API a1b2c3d4e5.
const char* kOrdersPolicy = R"({
  "Policy": "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:eu-west-1:123456789012:function:orders-api\"},{\"Sid\":\"apigw\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:eu-west-1:123456789012:function:orders-api\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/GET/orders/items\"}}}]}",
  "RevisionId": "c8a3f7e2-1111-4e0b-9a55-0123456789ab"
})";

const char* kOrdersUrl = R"({
  "FunctionUrl": "https://abcdefghijklmnop.lambda-url.eu-west-1.on.aws/",
  "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
  "AuthType": "NONE",
  "Cors": {"AllowCredentials": false, "AllowOrigins": ["*"], "AllowMethods": ["GET", "POST"],
           "MaxAge": 86400},
  "CreationTime": "2024-03-01T10:20:00.000Z",
  "LastModifiedTime": "2024-03-02T09:00:00.000Z",
  "InvokeMode": "BUFFERED"
})";

void route_functions(FakeHttp& http) {
  http.on("GET /2015-03-31/functions", {{"MaxItems", "50"}}).reply(200, kFunctionsPage1);
  http.on("GET /2015-03-31/functions", {{"Marker", "page/2+=="}}).reply(200, kFunctionsPage2);
}

std::string tags_path(const std::string& arn) {
  std::string out = "GET /2017-03-31/tags/";
  for (char c : arn) out += c == ':' ? std::string("%3A") : std::string(1, c);
  return out;
}

TEST(LambdaCollect, FunctionsOfEveryPageWithTagsPolicyAndUrl) {
  Collection run;
  route_functions(run.http);
  run.http.on(tags_path(kApiFn)).reply(200, R"({"Tags":{"team":"orders","env":"prod"}})");
  run.http.on(tags_path(kPlainFn)).reply(200, R"({"Tags":{}})");
  run.http.on("GET /2015-03-31/functions/orders-api/policy").reply(200, kOrdersPolicy);
  run.http.on("GET /2015-03-31/functions/nightly-report/policy")
      .reply(rest_error(404, "ResourceNotFoundException",
                        "The resource you requested does not exist."));
  run.http.on("GET /2021-10-31/functions/orders-api/url").reply(200, kOrdersUrl);
  run.http.on("GET /2021-10-31/functions/nightly-report/url")
      .reply(rest_error(404, "ResourceNotFoundException:http://internal.amazon.com/coral/",
                        "The resource you requested does not exist."));
  const std::string vpc = node_id("vpc", "vpc-0f00ba11");
  const std::string subnet = node_id("subnet", "subnet-0a1b2c3d");
  const std::string sg = node_id("security_group", "sg-0123abcd");
  const std::string key = node_id("kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab");
  const std::string api = node_id("apigateway_rest_api", kRegion + "/a1b2c3d4e5");
  const std::string resource = node_id("apigateway_resource", kRegion + "/a1b2c3d4e5/r0items");
  run.other(vpc, "aws_vpc");
  run.other(subnet, "aws_ec2_subnet");
  run.other(sg, "aws_ec2_security_group");
  run.other(key, "aws_kms_key");
  run.other(api, "aws_apigateway_rest_api");
  run.other(resource, "aws_apigateway_resource",
            node_id("apigateway_resource_path", kRegion + "/a1b2c3d4e5/orders/items"));
  Graph g = run.collect(collect_lambda);
  EXPECT_EQ(run.warning_text(), "");

  const std::string fn = node_id("lambda_function", kApiFn);
  const std::string plain = node_id("lambda_function", kPlainFn);
  ASSERT_TRUE(g.has(fn));
  ASSERT_TRUE(g.has(plain));
  EXPECT_EQ(g.count_of_kind("aws_lambda_function"), 2);
  EXPECT_EQ(g.val(fn, "/id"), "\"orders-api\"");
  EXPECT_EQ(g.val(fn, "/name"), "\"orders-api\"");
  EXPECT_EQ(g.val(fn, "/arn"), "\"" + kApiFn + "\"");
  EXPECT_EQ(g.val(fn, "/mtime"), "\"2024-03-01T10:15:30Z\"");
  EXPECT_EQ(g.val(fn, "/ctime"), "<absent>");
  EXPECT_EQ(g.val(fn, "/tags"), R"({"team":"orders","env":"prod"})");
  EXPECT_EQ(g.val(fn, "/function_runtime"), "\"python3.12\"");
  EXPECT_EQ(g.val(fn, "/function_code_size"), "5120");
  EXPECT_EQ(g.val(fn, "/function_environment"),
            R"({"variables":{"TABLE":"orders","STAGE":"prod"}})");
  EXPECT_EQ(g.val(fn, "/function_dead_letter_config"),
            "\"arn:aws:sqs:eu-west-1:123456789012:orders-dlq\"");
  EXPECT_EQ(g.val(fn, "/function_tracing_config"), "\"Active\"");
  EXPECT_EQ(g.val(fn, "/function_kms_key_arn"), "\"" + kKeyArn + "\"");
  EXPECT_EQ(g.val(fn, "/function_layers"),
            R"([{"arn":"arn:aws:lambda:eu-west-1:123456789012:layer:common:3","code_size":2048}])");
  EXPECT_EQ(g.val(fn, "/function_architectures"), R"(["arm64"])");
  EXPECT_EQ(g.val(fn, "/function_ephemeral_storage"), "512");
  EXPECT_EQ(g.val(fn, "/function_file_system_configs"),
            R"([{"arn":"arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/)"
            R"(fsap-0a1b2c3d4e5f60718"}])");
  // The policy keeps AWS's principal forms; the keys of a statement are lower-case.
  EXPECT_EQ(g.val(fn, "/function_policy/id"), "\"default\"");
  EXPECT_EQ(g.val(fn, "/function_policy/version"), "\"2012-10-17\"");
  EXPECT_EQ(g.val(fn, "/function_policy/statement/0/principal"), "\"*\"");
  EXPECT_EQ(g.val(fn, "/function_policy/statement/0/sid"), "\"public\"");
  EXPECT_EQ(g.val(fn, "/function_policy/statement/1/principal"),
            R"({"Service":"apigateway.amazonaws.com"})");
  EXPECT_EQ(g.val(fn, "/function_policy/statement/1/condition/ArnLike/AWS:SourceArn"),
            "\"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/GET/orders/items\"");
  EXPECT_EQ(g.val(fn, "/function_url_config"),
            R"({"function_url":"https://abcdefghijklmnop.lambda-url.eu-west-1.on.aws/",)"
            R"("function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:orders-api",)"
            R"("auth_type":"NONE","cors":{"allow_credentials":false,"allow_headers":[],)"
            R"("allow_methods":["GET","POST"],"allow_origins":["*"],"expose_headers":[],)"
            R"("max_age":86400},"creation_time":"2024-03-01T10:20:00.000Z",)"
            R"("last_modified_time":"2024-03-02T09:00:00.000Z"})");

  // Without policy and URL both stay null (spec §5); lists with a default are [].
  EXPECT_EQ(g.val(plain, "/function_policy"), "<absent>");
  EXPECT_EQ(g.val(plain, "/function_url_config"), "<absent>");
  EXPECT_EQ(g.val(plain, "/function_description"), "<absent>");
  EXPECT_EQ(g.val(plain, "/function_layers"), "[]");
  EXPECT_EQ(g.val(plain, "/function_file_system_configs"), "[]");
  EXPECT_EQ(g.val(plain, "/tags"), "{}");
  EXPECT_EQ(g.val(plain, "/function_runtime"), "\"nodejs16.x\"");

  const std::string region = node_id("region", kRegion);
  EXPECT_TRUE(g.edge(region, fn));
  EXPECT_TRUE(g.edge(region, plain));
  for (const std::string& net : {vpc, subnet, sg}) {
    EXPECT_TRUE(g.edge(net, fn)) << net;
    EXPECT_TRUE(g.edge(net, fn, true)) << net;
    EXPECT_FALSE(g.edge(net, plain)) << net;
  }
  EXPECT_TRUE(g.edge(fn, key));
  EXPECT_TRUE(g.edge(key, fn, true));
  EXPECT_TRUE(g.edge(api, fn));
  EXPECT_TRUE(g.edge(fn, api, true));
  EXPECT_TRUE(g.edge(resource, fn));
  EXPECT_TRUE(g.edge(fn, resource, true));

  auto lists = run.http.requests("GET /2015-03-31/functions");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_FALSE(lists[0].has_param("Marker"));
  EXPECT_EQ(lists[1].param("Marker"), "page/2+==");
  EXPECT_NE(lists[1].request.url.find("Marker=page%2F2%2B%3D%3D"), std::string::npos)
      << lists[1].request.url;
}

TEST(LambdaCollect, UnexpectedErrorsWarnAndTheRestIsCollected) {
  Collection run;
  route_functions(run.http);
  run.http.on(tags_path(kApiFn)).reply(rest_error(403, "AccessDeniedException", "no tags for you"));
  run.http.on(tags_path(kPlainFn)).reply(200, R"({"Tags":{"team":"reports"}})");
  run.http.on("GET /2015-03-31/functions/orders-api/policy").reply(200, kOrdersPolicy);
  run.http.on("GET /2015-03-31/functions/nightly-report/policy")
      .reply(rest_error(500, "ServiceException", "internal"));
  run.http.on("GET /2021-10-31/functions/orders-api/url")
      .reply(rest_error(404, "ResourceNotFoundException"));
  run.http.on("GET /2021-10-31/functions/nightly-report/url")
      .reply(rest_error(404, "ResourceNotFoundException"));
  Graph g = run.collect(collect_lambda);

  const std::string fn = node_id("lambda_function", kApiFn);
  const std::string plain = node_id("lambda_function", kPlainFn);
  std::string warnings = run.warning_text();
  EXPECT_NE(warnings.find("lambda eu-west-1 ListTags orders-api: AccessDeniedException"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("lambda eu-west-1 GetPolicy nightly-report: ServiceException"),
            std::string::npos)
      << warnings;
  EXPECT_EQ(run.warnings.list().size(), 2u) << warnings;
  EXPECT_EQ(g.val(fn, "/tags"), "{}");
  EXPECT_EQ(g.val(fn, "/function_policy/statement/0/principal"), "\"*\"");
  EXPECT_EQ(g.val(plain, "/tags"), R"({"team":"reports"})");
  EXPECT_EQ(g.val(plain, "/function_policy"), "<absent>");
  EXPECT_EQ(g.val(fn, "/function_url_config"), "<absent>");
}

TEST(LambdaCollect, AFailedListWarnsAndKeepsTheFunctionsSeen) {
  Collection run;
  run.http.on("GET /2015-03-31/functions", {{"MaxItems", "50"}}).reply(200, kFunctionsPage1);
  run.http.on("GET /2015-03-31/functions", {{"Marker", "page/2+=="}})
      .reply(rest_error(403, "AccessDeniedException", "not authorized"));
  run.http.on(tags_path(kApiFn)).reply(200, R"({"Tags":{}})");
  run.http.on("GET /2015-03-31/functions/orders-api/policy")
      .reply(rest_error(404, "ResourceNotFoundException"));
  run.http.on("GET /2021-10-31/functions/orders-api/url")
      .reply(rest_error(404, "ResourceNotFoundException"));
  Graph g = run.collect(collect_lambda);
  EXPECT_NE(run.warning_text().find("lambda eu-west-1 ListFunctions: AccessDeniedException"),
            std::string::npos)
      << run.warning_text();
  EXPECT_EQ(g.count_of_kind("aws_lambda_function"), 1);
  EXPECT_TRUE(g.has(node_id("lambda_function", kApiFn)));
}

// --- OpenSearch --------------------------------------------------------------

const std::string kLogsArn = "arn:aws:es:eu-west-1:123456789012:domain/logs";

std::string domain_status(const std::string& name) {
  return R"({"DomainId":"123456789012/)" + name + R"(","DomainName":")" + name +
         R"(","ARN":"arn:aws:es:eu-west-1:123456789012:domain/)" + name +
         R"(","Created":true,"Deleted":false,"Processing":false,"UpgradeProcessing":false,)"
         R"("EngineVersion":"OpenSearch_2.11","EncryptionAtRestOptions":{"Enabled":false},)"
         R"("CognitoOptions":{"Enabled":false}})";
}

// The domain "logs" as DescribeDomains describes it, with every option the
// checks read.
const char* kLogsDomain = R"({
  "DomainId": "123456789012/logs",
  "DomainName": "logs",
  "ARN": "arn:aws:es:eu-west-1:123456789012:domain/logs",
  "Created": true,
  "Deleted": false,
  "Endpoints": {"vpc": "vpc-logs-abc123.eu-west-1.es.amazonaws.com"},
  "Processing": false,
  "UpgradeProcessing": false,
  "EngineVersion": "OpenSearch_2.11",
  "ClusterConfig": {"InstanceType": "r6g.large.search", "InstanceCount": 3,
                    "DedicatedMasterEnabled": false, "ZoneAwarenessEnabled": true,
                    "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3}, "WarmEnabled": false,
                    "ColdStorageOptions": {"Enabled": false}, "MultiAZWithStandbyEnabled": false},
  "EBSOptions": {"EBSEnabled": true, "VolumeType": "gp3", "VolumeSize": 100, "Iops": 3000,
                 "Throughput": 125},
  "AccessPolicies": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:*\",\"Resource\":\"arn:aws:es:eu-west-1:123456789012:domain/logs/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"192.0.2.0/24\"]}}}]}",
  "IPAddressType": "ipv4",
  "SnapshotOptions": {"AutomatedSnapshotStartHour": 0},
  "VPCOptions": {"VPCId": "vpc-0f00ba11", "SubnetIds": ["subnet-0a1b2c3d"],
                 "AvailabilityZones": ["eu-west-1a"], "SecurityGroupIds": ["sg-0123abcd"]},
  "CognitoOptions": {"Enabled": false},
  "EncryptionAtRestOptions": {"Enabled": true, "KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
  "NodeToNodeEncryptionOptions": {"Enabled": true},
  "AdvancedOptions": {"rest.action.multi.allow_explicit_index": "true"},
  "LogPublishingOptions": {
    "AUDIT_LOGS": {"CloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/logs/audit", "Enabled": true},
    "SEARCH_SLOW_LOGS": {"CloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/logs/slow", "Enabled": false}
  },
  "ServiceSoftwareOptions": {"CurrentVersion": "OpenSearch_2_11_R20240502", "NewVersion": "OpenSearch_2_11_R20240701",
                             "UpdateAvailable": true, "Cancellable": false, "UpdateStatus": "ELIGIBLE",
                             "Description": "A newer release is available.", "AutomatedUpdateDate": 1719792000,
                             "OptionalDeployment": true},
  "DomainEndpointOptions": {"EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
                            "CustomEndpointEnabled": false},
  "AdvancedSecurityOptions": {"Enabled": true, "InternalUserDatabaseEnabled": true,
                              "SAMLOptions": {"Enabled": true, "Idp": {"MetadataContent": "<EntityDescriptor/>",
                                              "EntityId": "https://idp.example.com/saml"},
                                              "SubjectKey": "NameID", "RolesKey": "Role",
                                              "SessionTimeoutMinutes": 60},
                              "AnonymousAuthDisableDate": 1719792000, "AnonymousAuthEnabled": false},
  "AutoTuneOptions": {"State": "ENABLED", "UseOffPeakWindow": true},
  "ChangeProgressDetails": {"ChangeId": "4c3b2a10-0000-4000-8000-000000000001", "Message": "done"},
  "OffPeakWindowOptions": {"Enabled": true, "OffPeakWindow": {"WindowStartTime": {"Hours": 22, "Minutes": 30}}},
  "SoftwareUpdateOptions": {"AutoSoftwareUpdateEnabled": false},
  "DomainProcessingStatus": "Active"
})";

TEST(OpenSearchCollect, MapsADomainWithItsOptionsTagsAndEdges) {
  Collection run;
  run.http.on("GET /2021-01-01/domain")
      .reply(200, R"({"DomainNames":[{"DomainName":"logs","EngineType":"OpenSearch"}]})");
  run.http.on("POST /2021-01-01/opensearch/domain-info")
      .reply(200, std::string("{\"DomainStatusList\":[") + kLogsDomain + "]}");
  run.http.on("GET /2021-01-01/tags/", {{"arn", kLogsArn}})
      .reply(200, R"({"TagList":[{"Key":"team","Value":"search"}]})");
  const std::string vpc = node_id("vpc", "vpc-0f00ba11");
  const std::string subnet = node_id("subnet", "subnet-0a1b2c3d");
  const std::string sg = node_id("security_group", "sg-0123abcd");
  const std::string key = node_id("kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab");
  run.other(vpc, "aws_vpc");
  run.other(subnet, "aws_ec2_subnet");
  run.other(sg, "aws_ec2_security_group");
  run.other(key, "aws_kms_key");
  Graph g = run.collect(collect_opensearch);
  EXPECT_EQ(run.warning_text(), "");

  const std::string d = node_id("opensearch_domain", kLogsArn);
  ASSERT_TRUE(g.has(d));
  EXPECT_EQ(g.val(d, "/id"), "\"123456789012/logs\"");
  EXPECT_EQ(g.val(d, "/name"), "\"logs\"");
  EXPECT_EQ(g.val(d, "/arn"), "\"" + kLogsArn + "\"");
  EXPECT_EQ(g.val(d, "/tags"), R"({"team":"search"})");
  EXPECT_EQ(g.val(d, "/engine_version"), "\"OpenSearch_2.11\"");
  EXPECT_EQ(g.val(d, "/endpoints"), R"({"vpc":"vpc-logs-abc123.eu-west-1.es.amazonaws.com"})");
  EXPECT_EQ(g.val(d, "/cluster_config"),
            R"({"instance_type":"r6g.large.search","instance_count":3,)"
            R"("dedicated_master_enabled":false,"zone_awareness_enabled":true,)"
            R"("zone_awareness_config":3,"warm_enabled":false,"cold_storage_options":false,)"
            R"("multi_az_with_standby_enabled":false})");
  EXPECT_EQ(g.val(d, "/ebs_options/volume_type"), "\"gp3\"");
  // Parsed, with keys and lists sorted.
  EXPECT_EQ(g.val(d, "/access_policies"),
            R"({"Statement":[{"Action":"es:*","Condition":{"IpAddress":{"aws:SourceIp":)"
            R"(["192.0.2.0/24","203.0.113.0/24"]}},"Effect":"Allow","Principal":{"AWS":"*"},)"
            R"("Resource":"arn:aws:es:eu-west-1:123456789012:domain/logs/*"}],)"
            R"("Version":"2012-10-17"})");
  EXPECT_EQ(g.val(d, "/snapshot_options"), "0");
  EXPECT_EQ(g.val(d, "/vpc_options/vpc_id"), "\"vpc-0f00ba11\"");
  EXPECT_EQ(g.val(d, "/cognito_options"), R"({"enabled":false})");
  EXPECT_EQ(g.val(d, "/encryption_at_rest_options/enabled"), "true");
  EXPECT_EQ(g.val(d, "/encryption_at_rest_options/kms_key_id"), "\"" + kKeyArn + "\"");
  EXPECT_EQ(g.val(d, "/node_to_node_encryption_options"), "true");
  EXPECT_EQ(g.val(d, "/log_publishing_options/AUDIT_LOGS/enabled"), "true");
  EXPECT_EQ(g.val(d, "/log_publishing_options/SEARCH_SLOW_LOGS"),
            R"({"cloud_watch_logs_log_group_arn":)"
            R"("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/logs/slow",)"
            R"("enabled":false})");
  EXPECT_EQ(g.val(d, "/service_software_options/update_available"), "true");
  EXPECT_EQ(g.val(d, "/service_software_options/automated_update_date"),
            "\"2024-07-01T00:00:00Z\"");
  EXPECT_EQ(g.val(d, "/domain_endpoint_options/tls_security_policy"),
            "\"Policy-Min-TLS-1-2-2019-07\"");
  EXPECT_EQ(
      g.val(d, "/advanced_security_options"),
      R"({"enabled":true,"internal_user_database_enabled":true,"saml_options":{)"
      R"("enabled":true,"idp":{"metadata_content":"<EntityDescriptor/>",)"
      R"("entity_id":"https://idp.example.com/saml"},"subject_key":"NameID",)"
      R"("roles_key":"Role","session_timeout_minutes":60},)"
      R"("anonymous_auth_disable_date":"2024-07-01T00:00:00Z","anonymous_auth_enabled":false})");
  EXPECT_EQ(g.val(d, "/off_peak_window_options/off_peak_window/window_start_time"),
            R"({"hours":22,"minutes":30})");
  EXPECT_EQ(g.val(d, "/software_update_options"), "false");
  EXPECT_EQ(g.val(d, "/DomainProcessingStatus"), "<absent>");

  EXPECT_TRUE(g.edge(node_id("region", kRegion), d));
  for (const std::string& net : {vpc, subnet, sg}) {
    EXPECT_TRUE(g.edge(net, d)) << net;
    EXPECT_TRUE(g.edge(net, d, true)) << net;
  }
  EXPECT_TRUE(g.edge(d, key));
  EXPECT_TRUE(g.edge(key, d, true));
  auto describe = run.http.requests("POST /2021-01-01/opensearch/domain-info");
  ASSERT_EQ(describe.size(), 1u);
  EXPECT_EQ(describe[0].request.body, R"({"DomainNames":["logs"]})");
}

TEST(OpenSearchCollect, DescribesAtMostFiveDomainsPerCall) {
  Collection run;
  std::string names, first, second;
  for (int i = 1; i <= 7; ++i) {
    std::string name = "d" + std::to_string(i);
    names += std::string(names.empty() ? "" : ",") + R"({"DomainName":")" + name +
             R"(","EngineType":"OpenSearch"})";
    std::string& batch = i <= 5 ? first : second;
    batch += (batch.empty() ? "" : ",") + domain_status(name);
  }
  run.http.on("GET /2021-01-01/domain").reply(200, "{\"DomainNames\":[" + names + "]}");
  // The second batch is denied.
  run.http.on("POST /2021-01-01/opensearch/domain-info")
      .reply(200, "{\"DomainStatusList\":[" + first + "]}")
      .reply(rest_error(403, "AccessDeniedException", "denied for d6, d7"));
  run.http.on("GET /2021-01-01/tags/").reply(rest_error(404, "ResourceNotFoundException"));
  Graph g = run.collect(collect_opensearch);

  auto describe = run.http.requests("POST /2021-01-01/opensearch/domain-info");
  ASSERT_EQ(describe.size(), 2u);
  EXPECT_EQ(describe[0].request.body, R"({"DomainNames":["d1","d2","d3","d4","d5"]})");
  EXPECT_EQ(describe[1].request.body, R"({"DomainNames":["d6","d7"]})");
  EXPECT_EQ(g.count_of_kind("aws_opensearch_domain"), 5);
  const std::string d1 =
      node_id("opensearch_domain", "arn:aws:es:eu-west-1:123456789012:domain/d1");
  EXPECT_EQ(g.val(d1, "/tags"), "{}");  // ListTags: not found, silently
  EXPECT_EQ(g.val(d1, "/encryption_at_rest_options/enabled"), "false");
  EXPECT_EQ(g.val(d1, "/access_policies"), "<absent>");
  EXPECT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_NE(run.warning_text().find("opensearch eu-west-1 DescribeDomains: AccessDeniedException"),
            std::string::npos)
      << run.warning_text();
}

TEST(OpenSearchCollect, NoDomainsMeansNoDescribeCall) {
  Collection run;
  run.http.on("GET /2021-01-01/domain").reply(200, R"({"DomainNames":[]})");
  Graph g = run.collect(collect_opensearch);
  EXPECT_EQ(run.http.count("POST /2021-01-01/opensearch/domain-info"), 0);
  EXPECT_EQ(g.count_of_kind("aws_opensearch_domain"), 0);
  EXPECT_EQ(run.warning_text(), "");
}

// --- API Gateway -------------------------------------------------------------

const char* kApisPage1 = R"({
  "item": [{
    "id": "a1b2c3d4e5",
    "name": "orders",
    "description": "Orders API",
    "createdDate": 1709287200.5,
    "version": "v1",
    "apiKeySource": "HEADER",
    "endpointConfiguration": {"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-0a1b2c3d4e5f60718"]},
    "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\"}]}",
    "tags": {"team": "orders"},
    "disableExecuteApiEndpoint": false,
    "rootResourceId": "r0root"
  }],
  "position": "cG9zaXRpb24y"
})";

const char* kApisPage2 = R"({
  "item": [{
    "id": "z9y8x7w6v5",
    "name": "legacy",
    "createdDate": 1577836800,
    "apiKeySource": "HEADER",
    "endpointConfiguration": {"types": ["EDGE"]},
    "disableExecuteApiEndpoint": false,
    "rootResourceId": "r1root"
  }]
})";

const char* kDeployments = R"({
  "item": [
    {"id": "dep111", "description": "first release", "createdDate": 1709290800,
     "apiSummary": {"/orders/items": {"GET": {"authorizationType": "CUSTOM", "apiKeyRequired": false}}}},
    {"id": "dep222", "createdDate": 1709377200}
  ]
})";

const char* kStages = R"({
  "item": [
    {"deploymentId": "dep111", "stageName": "prod", "description": "production",
     "cacheClusterEnabled": false, "cacheClusterStatus": "NOT_AVAILABLE",
     "methodSettings": {"*/*": {"metricsEnabled": true, "loggingLevel": "INFO", "dataTraceEnabled": false,
                                "throttlingBurstLimit": 5000, "throttlingRateLimit": 10000.0,
                                "cachingEnabled": false, "cacheTtlInSeconds": 300,
                                "cacheDataEncrypted": false, "requireAuthorizationForCacheControl": true,
                                "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}},
     "variables": {"table": "orders"},
     "accessLogSettings": {"format": "$context.requestId", "destinationArn": "arn:aws:logs:eu-west-1:123456789012:log-group:api-access"},
     "canarySettings": {"percentTraffic": 12.5, "deploymentId": "dep222", "useStageCache": false},
     "tracingEnabled": true,
     "webAclArn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api-acl/0a1b2c3d-0000-4000-8000-000000000000",
     "clientCertificateId": "cert9x",
     "tags": {"stage": "prod"},
     "createdDate": 1709290800, "lastUpdatedDate": 1709377200},
    {"deploymentId": "dep222", "stageName": "dev", "cacheClusterEnabled": false,
     "cacheClusterStatus": "NOT_AVAILABLE", "methodSettings": {}, "tracingEnabled": false,
     "createdDate": 1709377200, "lastUpdatedDate": 1709377200}
  ]
})";

const char* kAuthorizers = R"({
  "item": [{
    "id": "auth77",
    "name": "token-check",
    "type": "TOKEN",
    "authType": "custom",
    "authorizerUri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-auth/invocations",
    "authorizerCredentials": "arn:aws:iam::123456789012:role/apigw-invoke",
    "identitySource": "method.request.header.Authorization",
    "authorizerResultTtlInSeconds": 300
  }]
})";

const char* kResources = R"({
  "item": [
    {"id": "r0root", "path": "/"},
    {"id": "r0items", "parentId": "r0orders", "pathPart": "items", "path": "/orders/items",
     "resourceMethods": {"GET": {
       "httpMethod": "GET", "authorizationType": "CUSTOM", "authorizerId": "auth77",
       "apiKeyRequired": false, "requestParameters": {"method.request.querystring.limit": false},
       "methodResponses": {"200": {"statusCode": "200", "responseModels": {"application/json": "Empty"}}},
       "methodIntegration": {"type": "AWS_PROXY", "httpMethod": "POST",
         "uri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-api/invocations",
         "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "cacheNamespace": "r0items",
         "cacheKeyParameters": [], "integrationResponses": {"200": {"statusCode": "200", "responseTemplates": {"application/json": ""}}}}}}}
  ]
})";

void route_apis(FakeHttp& http) {
  http.on("GET /restapis", {{"limit", "500"}}).reply(200, kApisPage1);
  http.on("GET /restapis", {{"position", "cG9zaXRpb24y"}}).reply(200, kApisPage2);
  http.on("GET /restapis/a1b2c3d4e5/deployments").reply(200, kDeployments);
  http.on("GET /restapis/a1b2c3d4e5/stages").reply(200, kStages);
  http.on("GET /restapis/a1b2c3d4e5/authorizers").reply(200, kAuthorizers);
  http.on("GET /restapis/a1b2c3d4e5/resources").reply(200, kResources);
  http.on("GET /restapis/z9y8x7w6v5/deployments").reply(200, R"({"item":[]})");
  http.on("GET /restapis/z9y8x7w6v5/stages").reply(200, R"({"item":[]})");
  http.on("GET /restapis/z9y8x7w6v5/authorizers").reply(200, "{}");
  http.on("GET /restapis/z9y8x7w6v5/resources")
      .reply(200, R"({"item":[{"id":"r1root","path":"/"}]})");
}

std::string api_node(const std::string& tag, const std::string& id) {
  return node_id(tag, kRegion + "/" + id);
}

TEST(ApiGatewayCollect, ApisWithDeploymentsStagesAuthorizersAndResources) {
  Collection run;
  route_apis(run.http);
  const std::string auth_fn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-auth";
  const std::string role = "arn:aws:iam::123456789012:role/apigw-invoke";
  run.other(node_id("lambda_function", auth_fn), "aws_lambda_function", auth_fn);
  run.other(node_id("iam_role", "AROAQAPIGW"), "aws_iam_role", role);
  run.other(node_id("vpc_endpoint", "vpce-0a1b2c3d4e5f60718"), "aws_vpc_endpoint");
  Graph g = run.collect(collect_apigateway);
  EXPECT_EQ(run.warning_text(), "");

  const std::string api = api_node("apigateway_rest_api", "a1b2c3d4e5");
  const std::string legacy = api_node("apigateway_rest_api", "z9y8x7w6v5");
  EXPECT_EQ(g.count_of_kind("aws_apigateway_rest_api"), 2);
  EXPECT_EQ(g.val(api, "/id"), "\"a1b2c3d4e5\"");
  EXPECT_EQ(g.val(api, "/name"), "\"orders\"");
  EXPECT_EQ(g.val(api, "/arn"), "\"arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5\"");
  EXPECT_EQ(g.val(api, "/ctime"), "\"2024-03-01T10:00:00Z\"");
  EXPECT_EQ(g.val(api, "/tags"), R"({"team":"orders"})");
  EXPECT_EQ(g.val(api, "/api_version"), "\"v1\"");
  EXPECT_EQ(g.val(api, "/api_endpoint_configuration"),
            R"({"types":["PRIVATE"],"vpc_endpoint_ids":["vpce-0a1b2c3d4e5f60718"]})");
  EXPECT_EQ(g.val(api, "/api_warnings"), "[]");
  EXPECT_EQ(g.val(api, "/api_binary_media_types"), "[]");
  EXPECT_NE(g.val(api, "/api_policy").find("execute-api:Invoke"), std::string::npos);
  EXPECT_EQ(g.val(legacy, "/ctime"), "\"2020-01-01T00:00:00Z\"");
  EXPECT_EQ(g.val(legacy, "/api_endpoint_configuration"),
            R"({"types":["EDGE"],"vpc_endpoint_ids":[]})");

  const std::string dep1 = api_node("apigateway_deployment", "a1b2c3d4e5/dep111");
  const std::string dep2 = api_node("apigateway_deployment", "a1b2c3d4e5/dep222");
  EXPECT_EQ(g.val(dep1, "/id"), "\"dep111\"");
  EXPECT_EQ(g.val(dep1, "/name"), "\"dep111\"");
  EXPECT_EQ(g.val(dep1, "/api_link"), "\"a1b2c3d4e5\"");
  EXPECT_EQ(g.val(dep1, "/ctime"), "\"2024-03-01T11:00:00Z\"");
  EXPECT_EQ(g.val(dep1, "/deployment_api_summary"),
            R"({"/orders/items":{"GET":{"authorizationType":"CUSTOM","apiKeyRequired":false}}})");
  EXPECT_EQ(g.val(dep1, "/arn"),
            "\"arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/deployments/dep111\"");

  const std::string prod = api_node("apigateway_stage", "a1b2c3d4e5_prod");
  const std::string dev = api_node("apigateway_stage", "a1b2c3d4e5_dev");
  EXPECT_EQ(g.val(prod, "/id"), "\"a1b2c3d4e5_prod\"");
  EXPECT_EQ(g.val(prod, "/name"), "\"prod\"");
  EXPECT_EQ(g.val(prod, "/arn"),
            "\"arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod\"");
  EXPECT_EQ(g.val(prod, "/ctime"), "\"2024-03-01T11:00:00Z\"");
  EXPECT_EQ(g.val(prod, "/mtime"), "\"2024-03-02T11:00:00Z\"");
  EXPECT_EQ(g.val(prod, "/stage_client_certificate_id"), "\"cert9x\"");
  EXPECT_EQ(g.val(prod, "/stage_method_settings/*~1*/loggingLevel"), "\"INFO\"");
  EXPECT_EQ(g.val(prod, "/stage_method_settings/*~1*/metricsEnabled"), "true");
  EXPECT_NE(g.val(prod, "/stage_web_acl_arn").find("regional/webacl/api-acl"), std::string::npos);
  EXPECT_EQ(g.val(prod, "/stage_variables"), R"({"table":"orders"})");
  EXPECT_EQ(g.val(prod, "/stage_access_log_settings/format"), "\"$context.requestId\"");
  EXPECT_EQ(g.val(prod, "/stage_canary_settings"),
            R"({"percent_traffic":12,"deployment_id":"dep222","use_stage_cache":false})");
  EXPECT_EQ(g.val(prod, "/stage_tracing_enabled"), "true");
  EXPECT_EQ(g.val(prod, "/tags"), R"({"stage":"prod"})");
  // Checks tell an empty map from none: {} stays {} (spec §5).
  EXPECT_EQ(g.val(dev, "/stage_method_settings"), "{}");
  EXPECT_EQ(g.val(dev, "/stage_web_acl_arn"), "<absent>");
  EXPECT_EQ(g.val(dev, "/stage_client_certificate_id"), "<absent>");

  const std::string auth = api_node("apigateway_authorizer", "a1b2c3d4e5/auth77");
  EXPECT_EQ(g.val(auth, "/name"), "\"token-check\"");
  EXPECT_EQ(g.val(auth, "/authorizer_type"), "\"TOKEN\"");
  EXPECT_EQ(g.val(auth, "/authorizer_provider_arns"), "[]");
  EXPECT_EQ(g.val(auth, "/authorizer_result_ttl_in_seconds"), "300");

  const std::string items = api_node("apigateway_resource", "a1b2c3d4e5/r0items");
  const std::string root = api_node("apigateway_resource", "a1b2c3d4e5/r0root");
  EXPECT_EQ(g.val(items, "/resource_path"), "\"/orders/items\"");
  EXPECT_EQ(g.val(items, "/resource_parent_id"), "\"r0orders\"");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/authorizer_id"), "\"auth77\"");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/request_parameters"),
            R"({"method.request.querystring.limit":false})");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/method_responses/200"),
            R"({"status_code":"200","response_models":{"application/json":"Empty"}})");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/method_integration/integration_type"),
            "\"AWS_PROXY\"");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/method_integration/timeout_in_millis"), "29000");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/method_integration/integration_responses/200"),
            R"({"status_code":"200","response_templates":{"application/json":""}})");
  EXPECT_EQ(g.val(items, "/resource_methods/GET/authorization_scopes"), "[]");
  EXPECT_EQ(g.val(root, "/resource_methods"), "<absent>");
  EXPECT_EQ(g.count_of_kind("aws_apigateway_resource"), 3);

  const std::string region = node_id("region", kRegion);
  for (const std::string& n : {api, legacy, dep1, dep2, prod, dev, auth, items, root})
    EXPECT_TRUE(g.edge(region, n)) << n;
  EXPECT_TRUE(g.edge(api, dep1));
  EXPECT_TRUE(g.edge(api, dep2));
  EXPECT_TRUE(g.edge(dep1, prod));
  EXPECT_TRUE(g.edge(dep2, dev));
  EXPECT_FALSE(g.edge(dep1, dev));
  EXPECT_TRUE(g.edge(api, auth));
  EXPECT_TRUE(g.edge(api, items));
  EXPECT_TRUE(g.edge(api, root));
  EXPECT_TRUE(g.edge(items, auth));
  EXPECT_TRUE(g.edge(auth, node_id("lambda_function", auth_fn)));
  EXPECT_TRUE(g.edge(node_id("lambda_function", auth_fn), auth, true));
  EXPECT_TRUE(g.edge(node_id("iam_role", "AROAQAPIGW"), auth));
  EXPECT_TRUE(g.edge(node_id("iam_role", "AROAQAPIGW"), auth, true));
  EXPECT_TRUE(g.edge(api, node_id("vpc_endpoint", "vpce-0a1b2c3d4e5f60718")));
  EXPECT_TRUE(g.edge(api, node_id("vpc_endpoint", "vpce-0a1b2c3d4e5f60718"), true));

  auto resources = run.http.requests("GET /restapis/a1b2c3d4e5/resources");
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(resources[0].param("embed"), "methods");
  EXPECT_EQ(resources[0].param("limit"), "500");
  EXPECT_EQ(run.http.count("GET /restapis"), 2);
}

TEST(ApiGatewayCollect, DeletedApisAreSilentOtherErrorsWarn) {
  Collection run;
  route_apis(run.http);
  run.http.on("GET /restapis/a1b2c3d4e5/deployments")
      .reply(rest_error(403, "AccessDeniedException", "not allowed"));
  run.http.on("GET /restapis/z9y8x7w6v5/stages")
      .reply(rest_error(404, "NotFoundException", "Invalid API identifier specified"));
  run.http.on("GET /restapis/z9y8x7w6v5/authorizers")
      .reply(rest_error(404, "NotFoundException", "Invalid API identifier specified"));
  Graph g = run.collect(collect_apigateway);
  EXPECT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_NE(run.warning_text().find("apigateway eu-west-1 GetDeployments a1b2c3d4e5: "
                                    "AccessDeniedException"),
            std::string::npos)
      << run.warning_text();
  EXPECT_EQ(g.count_of_kind("aws_apigateway_deployment"), 0);
  // The stages are still there, without a deployment to hang below.
  EXPECT_EQ(g.count_of_kind("aws_apigateway_stage"), 2);
  EXPECT_EQ(g.count_of_kind("aws_apigateway_authorizer"), 1);
  EXPECT_EQ(g.count_of_kind("aws_apigateway_resource"), 3);
}

TEST(ApiGatewayCollect, ListFailureWarns) {
  Collection run;
  run.http.on("GET /restapis").reply(rest_error(403, "AccessDeniedException", "denied"));
  Graph g = run.collect(collect_apigateway);
  EXPECT_NE(run.warning_text().find("apigateway eu-west-1 GetRestApis: AccessDeniedException"),
            std::string::npos)
      << run.warning_text();
  EXPECT_EQ(g.count_of_kind("aws_apigateway_rest_api"), 0);
}

// --- EKS ---------------------------------------------------------------------

const std::string kProdArn = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";
const std::string kDevArn = "arn:aws:eks:eu-west-1:123456789012:cluster/dev";
const std::string kClusterRole = "arn:aws:iam::123456789012:role/eks-cluster";

const char* kProdCluster = R"({"cluster": {
  "name": "prod",
  "arn": "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
  "createdAt": 1709287200.123,
  "version": "1.29",
  "endpoint": "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com",
  "roleArn": "arn:aws:iam::123456789012:role/eks-cluster",
  "resourcesVpcConfig": {"subnetIds": ["subnet-0a1b2c3d", "subnet-0e0f0a0b"],
                         "securityGroupIds": ["sg-0123abcd"],
                         "clusterSecurityGroupId": "sg-0cluster0000000",
                         "vpcId": "vpc-0f00ba11", "endpointPublicAccess": true,
                         "endpointPrivateAccess": false, "publicAccessCidrs": ["0.0.0.0/0"]},
  "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4"},
  "logging": {"clusterLogging": [
    {"types": ["api", "audit"], "enabled": true},
    {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": false}]},
  "identity": {"oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789"}},
  "status": "ACTIVE",
  "certificateAuthority": {"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="},
  "platformVersion": "eks.7",
  "tags": {"env": "prod"},
  "encryptionConfig": [{"resources": ["secrets"],
                        "provider": {"keyArn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}],
  "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}
}})";

const char* kDevCluster = R"({"cluster": {
  "name": "dev",
  "arn": "arn:aws:eks:eu-west-1:123456789012:cluster/dev",
  "createdAt": 1704067200,
  "version": "1.28",
  "roleArn": "arn:aws:iam::123456789012:role/eks-cluster",
  "resourcesVpcConfig": {"subnetIds": [], "securityGroupIds": [], "vpcId": "vpc-0f00ba11",
                         "endpointPublicAccess": false, "endpointPrivateAccess": true},
  "logging": {"clusterLogging": [{"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                                  "enabled": false}]},
  "status": "ACTIVE",
  "tags": {}
}})";

const char* kProdNodegroup = R"({"nodegroup": {
  "nodegroupName": "workers",
  "nodegroupArn": "arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/workers/3ec6f0c2-0000-4000-8000-000000000000",
  "clusterName": "prod",
  "version": "1.29",
  "releaseVersion": "1.29.0-20240227",
  "createdAt": 1709290800,
  "modifiedAt": 1709377200,
  "status": "ACTIVE",
  "capacityType": "ON_DEMAND",
  "scalingConfig": {"minSize": 2, "maxSize": 6, "desiredSize": 3},
  "instanceTypes": ["m6i.large"],
  "subnets": ["subnet-0a1b2c3d"],
  "remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroups": ["sg-0123abcd"]},
  "amiType": "AL2_x86_64",
  "nodeRole": "arn:aws:iam::123456789012:role/eks-node",
  "labels": {"pool": "general"},
  "taints": [{"key": "dedicated", "value": "batch", "effect": "NO_SCHEDULE"}],
  "resources": {"autoScalingGroups": [{"name": "eks-workers-3ec6f0c2"}],
                "remoteAccessSecurityGroup": "sg-0remote000000000"},
  "diskSize": 20,
  "health": {"issues": []},
  "updateConfig": {"maxUnavailable": 1},
  "launchTemplate": {"name": "workers-lt", "version": "3", "id": "lt-0a1b2c3d4e5f60718"},
  "tags": {"env": "prod"}
}})";

void route_clusters(FakeHttp& http) {
  http.on("GET /clusters", {{"maxResults", "100"}})
      .reply(200, R"({"clusters":["prod"],"nextToken":"tok/2"})");
  http.on("GET /clusters", {{"nextToken", "tok/2"}})
      .reply(200, R"({"clusters":["dev"],"nextToken":null})");
  http.on("GET /clusters/prod").reply(200, kProdCluster);
  http.on("GET /clusters/dev").reply(200, kDevCluster);
  http.on("GET /clusters/prod/node-groups").reply(200, R"({"nodegroups":["workers"]})");
  http.on("GET /clusters/dev/node-groups").reply(200, R"({"nodegroups":[]})");
  http.on("GET /clusters/prod/node-groups/workers").reply(200, kProdNodegroup);
}

TEST(EksCollect, ClustersOfEveryPageWithTheirNodegroups) {
  Collection run;
  route_clusters(run.http);
  const std::string key = node_id("kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab");
  const std::string role = node_id("iam_role", "AROAQEKSCLUSTER");
  run.other(key, "aws_kms_key");
  run.other(role, "aws_iam_role", kClusterRole);
  Graph g = run.collect(collect_eks);
  EXPECT_EQ(run.warning_text(), "");

  const std::string prod = node_id("eks_cluster", kProdArn);
  const std::string dev = node_id("eks_cluster", kDevArn);
  EXPECT_EQ(g.count_of_kind("aws_eks_cluster"), 2);
  EXPECT_EQ(g.val(prod, "/id"), "\"prod\"");
  EXPECT_EQ(g.val(prod, "/name"), "\"prod\"");
  EXPECT_EQ(g.val(prod, "/arn"), "\"" + kProdArn + "\"");
  EXPECT_EQ(g.val(prod, "/ctime"), "\"2024-03-01T10:00:00Z\"");
  EXPECT_EQ(g.val(prod, "/tags"), R"({"env":"prod"})");
  EXPECT_EQ(g.val(prod, "/cluster_version"), "\"1.29\"");
  EXPECT_EQ(g.val(prod, "/cluster_role_arn"), "\"" + kClusterRole + "\"");
  EXPECT_EQ(g.val(prod, "/cluster_resources_vpc_config"),
            R"({"subnet_ids":["subnet-0a1b2c3d","subnet-0e0f0a0b"],"security_group_ids":)"
            R"(["sg-0123abcd"],"cluster_security_group_id":"sg-0cluster0000000",)"
            R"("vpc_id":"vpc-0f00ba11","endpoint_public_access":true,)"
            R"("endpoint_private_access":false,"public_access_cidrs":["0.0.0.0/0"]})");
  EXPECT_EQ(g.val(prod, "/cluster_kubernetes_network_config"),
            R"({"service_ipv4_cidr":"10.100.0.0/16","ip_family":"ipv4"})");
  EXPECT_EQ(g.val(prod, "/cluster_logging"),
            R"({"cluster_logging":[{"types":["api","audit"],"enabled":true},)"
            R"({"types":["authenticator","controllerManager","scheduler"],"enabled":false}]})");
  EXPECT_EQ(g.val(prod, "/cluster_identity/oidc"),
            "\"https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789\"");
  EXPECT_EQ(g.val(prod, "/cluster_certificate_authority"),
            "\"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\"");
  EXPECT_EQ(g.val(prod, "/cluster_platform_version"), "\"eks.7\"");
  EXPECT_EQ(g.val(prod, "/cluster_status"), "\"ACTIVE\"");
  EXPECT_EQ(g.val(prod, "/cluster_encryption_config"),
            R"([{"resources":["secrets"],"provider":")" + kKeyArn + R"("}])");
  // No encryption configured: [] (spec §5), and no public-access CIDRs: [].
  EXPECT_EQ(g.val(dev, "/cluster_encryption_config"), "[]");
  EXPECT_EQ(g.val(dev, "/cluster_resources_vpc_config/public_access_cidrs"), "[]");
  EXPECT_EQ(g.val(dev, "/cluster_resources_vpc_config/endpoint_public_access"), "false");
  EXPECT_EQ(g.val(dev, "/tags"), "{}");

  const std::string workers = node_id("eks_nodegroup",
                                      "arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/workers/"
                                      "3ec6f0c2-0000-4000-8000-000000000000");
  EXPECT_EQ(g.count_of_kind("aws_eks_nodegroup"), 1);
  EXPECT_EQ(g.val(workers, "/id"), "\"workers\"");
  EXPECT_EQ(g.val(workers, "/cluster_name"), "\"prod\"");
  EXPECT_EQ(g.val(workers, "/group_version"), "\"1.29\"");
  EXPECT_EQ(g.val(workers, "/group_modified_at"), "\"2024-03-02T11:00:00Z\"");
  EXPECT_EQ(g.val(workers, "/group_scaling_config"),
            R"({"min_size":2,"max_size":6,"desired_size":3})");
  EXPECT_EQ(g.val(workers, "/group_taints"),
            R"([{"key":"dedicated","value":"batch","effect":"NO_SCHEDULE"}])");
  EXPECT_EQ(g.val(workers, "/group_resources"),
            R"({"auto_scaling_groups":["eks-workers-3ec6f0c2"],)"
            R"("remote_access_security_group":"sg-0remote000000000"})");
  EXPECT_EQ(g.val(workers, "/group_health"), R"({"issues":[]})");
  EXPECT_EQ(g.val(workers, "/group_labels"), R"({"pool":"general"})");
  EXPECT_EQ(g.val(workers, "/group_remote_access"),
            R"({"ec2_ssh_key":"ops","source_security_groups":["sg-0123abcd"]})");
  EXPECT_EQ(g.val(workers, "/group_launch_template"),
            R"({"name":"workers-lt","version":"3","id":"lt-0a1b2c3d4e5f60718"})");

  const std::string region = node_id("region", kRegion);
  for (const std::string& n : {prod, dev, workers}) EXPECT_TRUE(g.edge(region, n)) << n;
  EXPECT_TRUE(g.edge(role, prod));
  EXPECT_TRUE(g.edge(role, prod, true));
  EXPECT_TRUE(g.edge(role, dev));
  EXPECT_TRUE(g.edge(prod, key));
  EXPECT_TRUE(g.edge(key, prod, true));
  EXPECT_FALSE(g.edge(dev, key));
  EXPECT_TRUE(g.edge(prod, workers));
  EXPECT_TRUE(g.edge(prod, workers, true));

  auto lists = run.http.requests("GET /clusters");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[1].param("nextToken"), "tok/2");
  EXPECT_NE(lists[1].request.url.find("nextToken=tok%2F2"), std::string::npos);
}

TEST(EksCollect, DeletedClustersAreSilentOtherErrorsWarn) {
  Collection run;
  run.http.on("GET /clusters").reply(200, R"({"clusters":["prod","gone","dev"]})");
  run.http.on("GET /clusters/prod").reply(200, kProdCluster);
  run.http.on("GET /clusters/gone")
      .reply(rest_error(404, "ResourceNotFoundException", "No cluster found for name: gone."));
  run.http.on("GET /clusters/dev").reply(rest_error(403, "AccessDeniedException", "denied"));
  run.http.on("GET /clusters/prod/node-groups").reply(200, R"({"nodegroups":["workers"]})");
  run.http.on("GET /clusters/prod/node-groups/workers")
      .reply(rest_error(500, "ServerException", "try later"));
  Graph g = run.collect(collect_eks);
  EXPECT_EQ(g.count_of_kind("aws_eks_cluster"), 1);
  EXPECT_TRUE(g.has(node_id("eks_cluster", kProdArn)));
  EXPECT_EQ(g.count_of_kind("aws_eks_nodegroup"), 0);
  std::string w = run.warning_text();
  EXPECT_EQ(run.warnings.list().size(), 2u) << w;
  EXPECT_NE(w.find("eks eu-west-1 DescribeCluster dev: AccessDeniedException"), std::string::npos)
      << w;
  EXPECT_NE(w.find("eks eu-west-1 DescribeNodegroup prod/workers: ServerException"),
            std::string::npos)
      << w;
}

}  // namespace
}  // namespace canopy::aws
