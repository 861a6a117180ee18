// The CloudTrail, CloudWatch Logs, CloudWatch alarm and SNS collectors
// against answers written from the AWS API reference shapes (JSON 1.1 for
// CloudTrail and Logs, query/XML for CloudWatch and SNS). Account
// 123456789012, region eu-west-1:
//   trails      management (multi-region, logging, validation, KMS, log
//               group, topic, role, custom + advanced event selectors,
//               insights), quiet (not logging, no selectors), and in
//               ListTrails also a shadow of audit (home us-east-1) and an
//               organization trail of account 999999999999
//   log groups  cloudtrail-logs (KMS, 365 days, tags), app-logs (no retention)
//   filters     unauthorized-api-calls on cloudtrail-logs, app-errors on app-logs
//   alarms      unauthorized-api-calls (→ topic security-alerts), app-errors
//               (metric math, OK action to a topic only)
//   topics      security-alerts (KMS key ARN), fifo-orders.fifo (alias/aws/sns)
//   subscriptions two of security-alerts and one pending confirmation
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/cloudtrail.h"
#include "collect/aws/services/cloudwatch.h"
#include "collect/aws/services/sns.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;
using testing::json_error;
using testing::query_error;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";
const std::string kRegionNode = kAcc + ":region:eu-west-1";
const std::string kKeyId = "0d4e1c4a-6f1b-4a0e-9a53-0c4c2b7f1a11";
const std::string kKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/" + kKeyId;
const std::string kKeyNode = kAcc + ":kms_key:" + kKeyId;
const std::string kBucketNode = kAcc + ":s3_bucket:org-cloudtrail-logs";
const std::string kRoleArn = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role";
const std::string kRoleNode = kAcc + ":iam_role:AROAQCLOUDTRAILROLE01";

const std::string kTrailArn = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management";
const std::string kQuietArn = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/quiet";
const std::string kAuditArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit";
const std::string kOrgArn = "arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail";
const std::string kTrail = kAcc + ":cloud_trail:" + kTrailArn;
const std::string kQuiet = kAcc + ":cloud_trail:" + kQuietArn;

const std::string kGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs:*";
const std::string kGroup = kAcc + ":log_group:eu-west-1/cloudtrail-logs";
const std::string kAppGroup = kAcc + ":log_group:eu-west-1/app-logs";
const std::string kFilter =
    kAcc + ":metric_filter:eu-west-1/cloudtrail-logs/unauthorized-api-calls";
const std::string kAppFilter = kAcc + ":metric_filter:eu-west-1/app-logs/app-errors";

const std::string kAlarmArn =
    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:unauthorized-api-calls";
const std::string kAppAlarmArn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:app-errors";
const std::string kAlarm = kAcc + ":cloudwatch_alarm:" + kAlarmArn;
const std::string kAppAlarm = kAcc + ":cloudwatch_alarm:" + kAppAlarmArn;

const std::string kTopicArn = "arn:aws:sns:eu-west-1:123456789012:security-alerts";
const std::string kFifoArn = "arn:aws:sns:eu-west-1:123456789012:fifo-orders.fifo";
const std::string kTopic = kAcc + ":sns_topic:" + kTopicArn;
const std::string kFifo = kAcc + ":sns_topic:" + kFifoArn;
const std::string kMailSubArn = kTopicArn + ":5d2b2f5e-1f7a-4a8e-9c1b-3e0d8f6a7b21";
const std::string kQueueSubArn = kTopicArn + ":8a1c9e44-0b6d-4f3e-a2c5-7d9e1f2a3b4c";
const std::string kMailSub = kAcc + ":sns_subscription:" + kMailSubArn;
const std::string kQueueSub = kAcc + ":sns_subscription:" + kQueueSubArn;

// --- answers -------------------------------------------------------------------------------------

const http::Headers kJson = {{"Content-Type", "application/x-amz-json-1.1"}};
const http::Headers kXml = {{"Content-Type", "text/xml"}};

const char* kListTrails1 = R"({"Trails": [
  {"TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management",
   "Name": "management", "HomeRegion": "eu-west-1"},
  {"TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit",
   "Name": "audit", "HomeRegion": "us-east-1"}],
 "NextToken": "trails-page-2"})";
const char* kListTrails2 = R"({"Trails": [
  {"TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/quiet",
   "Name": "quiet", "HomeRegion": "eu-west-1"},
  {"TrailARN": "arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail",
   "Name": "org-trail", "HomeRegion": "us-east-1"}]})";

const char* kGetTrail = R"({"Trail": {
  "Name": "management", "S3BucketName": "org-cloudtrail-logs", "S3KeyPrefix": "ct",
  "SnsTopicName": "security-alerts",
  "SnsTopicARN": "arn:aws:sns:eu-west-1:123456789012:security-alerts",
  "IncludeGlobalServiceEvents": true, "IsMultiRegionTrail": true, "HomeRegion": "eu-west-1",
  "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management",
  "LogFileValidationEnabled": true,
  "CloudWatchLogsLogGroupArn": "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs:*",
  "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role",
  "KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/0d4e1c4a-6f1b-4a0e-9a53-0c4c2b7f1a11",
  "HasCustomEventSelectors": true, "HasInsightSelectors": true, "IsOrganizationTrail": false}})";
const char* kGetQuiet = R"({"Trail": {
  "Name": "quiet", "S3BucketName": "org-cloudtrail-logs", "IncludeGlobalServiceEvents": false,
  "IsMultiRegionTrail": false,
  "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/quiet",
  "LogFileValidationEnabled": false, "HasCustomEventSelectors": false,
  "HasInsightSelectors": false, "IsOrganizationTrail": false}})";

const char* kTrailStatus = R"({"IsLogging": true,
  "LatestDeliveryTime": 1717236000.482, "StartLoggingTime": 1685577600.0,
  "LatestCloudWatchLogsDeliveryTime": 1717236012.5, "LatestDigestDeliveryTime": 1717233600,
  "LatestDeliveryAttemptTime": "2024-06-01T10:00:00Z",
  "LatestNotificationAttemptTime": "",
  "LatestNotificationAttemptSucceeded": "",
  "LatestDeliveryAttemptSucceeded": "2024-06-01T10:00:00Z",
  "TimeLoggingStarted": "2023-06-01T00:00:00Z", "TimeLoggingStopped": ""})";
const char* kQuietStatus = R"({"IsLogging": false, "StopLoggingTime": 1704067200,
  "LatestDeliveryError": "AccessDenied", "LatestDeliveryAttemptSucceeded": "",
  "TimeLoggingStopped": "2024-01-01T00:00:00Z"})";

const char* kListTags = R"({"ResourceTagList": [
  {"ResourceId": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management",
   "TagsList": [{"Key": "team", "Value": "security"}]},
  {"ResourceId": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/quiet",
   "TagsList": [{"Key": "env", "Value": "test"}]}]})";

const char* kEventSelectors = R"({
  "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management",
  "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
    "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
    "ExcludeManagementEventSources": ["kms.amazonaws.com"]}],
  "AdvancedEventSelectors": [{"Name": "Log S3 writes",
    "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                       {"Field": "readOnly", "NotEquals": ["true"]}]}]})";
const char* kInsightSelectors = R"({
  "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management",
  "InsightSelectors": [{"InsightType": "ApiCallRateInsight"},
                       {"InsightType": "ApiErrorRateInsight"}]})";

const char* kLogGroups1 = R"({"logGroups": [{
  "logGroupName": "cloudtrail-logs", "creationTime": 1685577600123, "retentionInDays": 365,
  "metricFilterCount": 1,
  "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs:*",
  "logGroupArn": "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs",
  "storedBytes": 52428800,
  "kmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/0d4e1c4a-6f1b-4a0e-9a53-0c4c2b7f1a11",
  "dataProtectionStatus": "ACTIVATED", "logGroupClass": "STANDARD"}],
  "nextToken": "groups-page-2"})";
const char* kLogGroups2 = R"({"logGroups": [{
  "logGroupName": "app-logs", "creationTime": 1704067200000, "metricFilterCount": 1,
  "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:app-logs:*", "storedBytes": 0}]})";

const char* kMetricFilters1 = R"({"metricFilters": [{
  "filterName": "unauthorized-api-calls",
  "filterPattern": "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
  "metricTransformations": [{"metricName": "UnauthorizedAPICalls",
    "metricNamespace": "CISBenchmark", "metricValue": "1", "defaultValue": 0.0}],
  "creationTime": 1685577700000, "logGroupName": "cloudtrail-logs"}],
  "nextToken": "filters-page-2"})";
const char* kMetricFilters2 = R"({"metricFilters": [{
  "filterName": "app-errors", "filterPattern": "ERROR",
  "metricTransformations": [{"metricName": "Errors", "metricNamespace": "App",
    "metricValue": "1", "dimensions": {"Service": "$.service"}, "unit": "Count"}],
  "creationTime": 1704067300000, "logGroupName": "app-logs"}]})";

std::string describe_alarms(const std::string& alarms, const std::string& token) {
  return R"(<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <DescribeAlarmsResult><MetricAlarms>)" +
         alarms + "</MetricAlarms>" +
         (token.empty() ? "" : "<NextToken>" + token + "</NextToken>") +
         R"(</DescribeAlarmsResult>
  <ResponseMetadata><RequestId>f7a1c2d3-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</DescribeAlarmsResponse>)";
}

const char* kAlarm1 = R"(<member>
  <AlarmName>unauthorized-api-calls</AlarmName>
  <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:unauthorized-api-calls</AlarmArn>
  <AlarmDescription>CIS 4.1</AlarmDescription>
  <AlarmConfigurationUpdatedTimestamp>2024-05-01T08:30:00.123Z</AlarmConfigurationUpdatedTimestamp>
  <ActionsEnabled>true</ActionsEnabled>
  <OKActions/>
  <AlarmActions><member>arn:aws:sns:eu-west-1:123456789012:security-alerts</member></AlarmActions>
  <InsufficientDataActions/>
  <StateValue>OK</StateValue>
  <StateReason>Threshold Crossed: no datapoints were received</StateReason>
  <StateReasonData>{"version":"1.0"}</StateReasonData>
  <StateUpdatedTimestamp>2024-06-01T09:00:00.000Z</StateUpdatedTimestamp>
  <MetricName>UnauthorizedAPICalls</MetricName>
  <Namespace>CISBenchmark</Namespace>
  <Statistic>Sum</Statistic>
  <Dimensions/>
  <Period>300</Period>
  <EvaluationPeriods>1</EvaluationPeriods>
  <DatapointsToAlarm>1</DatapointsToAlarm>
  <Threshold>1.0</Threshold>
  <ComparisonOperator>GreaterThanOrEqualToThreshold</ComparisonOperator>
  <TreatMissingData>notBreaching</TreatMissingData>
</member>)";
const char* kAlarm2 = R"(<member>
  <AlarmName>app-errors</AlarmName>
  <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:app-errors</AlarmArn>
  <AlarmConfigurationUpdatedTimestamp>2024-05-02T00:00:00Z</AlarmConfigurationUpdatedTimestamp>
  <ActionsEnabled>false</ActionsEnabled>
  <OKActions><member>arn:aws:sns:eu-west-1:123456789012:fifo-orders.fifo</member></OKActions>
  <AlarmActions><member>arn:aws:automate:eu-west-1:ec2:stop</member></AlarmActions>
  <InsufficientDataActions/>
  <StateValue>INSUFFICIENT_DATA</StateValue>
  <EvaluationPeriods>3</EvaluationPeriods>
  <Threshold>2.5E-1</Threshold>
  <ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
  <Metrics>
    <member><Id>e1</Id><Expression>m1 / 60</Expression><Label>per second</Label>
      <ReturnData>true</ReturnData></member>
    <member><Id>m1</Id><ReturnData>false</ReturnData>
      <MetricStat><Metric><Namespace>App</Namespace><MetricName>Errors</MetricName>
        <Dimensions><member><Name>Service</Name><Value>api</Value></member></Dimensions>
      </Metric><Period>60</Period><Stat>Sum</Stat><Unit>Count</Unit></MetricStat></member>
  </Metrics>
</member>)";

std::string xml_tags(const std::string& action, const std::string& ns, const std::string& members) {
  return "<" + action + "Response xmlns=\"" + ns + "\"><" + action + "Result><Tags>" + members +
         "</Tags></" + action + "Result></" + action + "Response>";
}
std::string tag(const std::string& k, const std::string& v) {
  return "<member><Key>" + k + "</Key><Value>" + v + "</Value></member>";
}

const char* kSnsNs = "http://sns.amazonaws.com/doc/2010-03-31/";

std::string sns_reply(const std::string& action, const std::string& result) {
  return "<" + action + "Response xmlns=\"" + kSnsNs + "\"><" + action + "Result>" + result + "</" +
         action + "Result><ResponseMetadata><RequestId>0e7c1a</RequestId>" +
         "</ResponseMetadata></" + action + "Response>";
}
std::string entries(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out = "<Attributes>";
  for (const auto& [k, v] : kv)
    out += "<entry><key>" + k + "</key><value>" + v + "</value></entry>";
  return out + "</Attributes>";
}

const char* kTopicPolicy =
    R"({"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"arn:aws:sns:eu-west-1:123456789012:security-alerts","Condition":{"StringEquals":{"AWS:SourceOwner":"123456789012"}}}]})";

std::string xml_escape(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "&quot;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

std::string subscription_member(const std::string& arn, const std::string& protocol,
                                const std::string& endpoint) {
  return "<member><SubscriptionArn>" + arn + "</SubscriptionArn><Owner>123456789012</Owner>" +
         "<Protocol>" + protocol + "</Protocol><Endpoint>" + endpoint + "</Endpoint><TopicArn>" +
         kTopicArn + "</TopicArn></member>";
}

void route_cloudtrail(FakeHttp& http) {
  http.on("ListTrails").reply(200, kListTrails1, kJson);
  http.on("ListTrails", {{"NextToken", "trails-page-2"}}).reply(200, kListTrails2, kJson);
  http.on("GetTrail", {{"Name", kTrailArn}}).reply(200, kGetTrail, kJson);
  http.on("GetTrail", {{"Name", kQuietArn}}).reply(200, kGetQuiet, kJson);
  http.on("GetTrailStatus", {{"Name", kTrailArn}}).reply(200, kTrailStatus, kJson);
  http.on("GetTrailStatus", {{"Name", kQuietArn}}).reply(200, kQuietStatus, kJson);
  http.on("ListTags").reply(200, kListTags, kJson);
  http.on("GetEventSelectors", {{"TrailName", kTrailArn}}).reply(200, kEventSelectors, kJson);
  http.on("GetInsightSelectors", {{"TrailName", kTrailArn}}).reply(200, kInsightSelectors, kJson);
}

void route_logs(FakeHttp& http) {
  http.on("DescribeLogGroups").reply(200, kLogGroups1, kJson);
  http.on("DescribeLogGroups", {{"nextToken", "groups-page-2"}}).reply(200, kLogGroups2, kJson);
  http.on("ListTagsForResource",
          {{"resourceArn", "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs"}})
      .reply(200, R"({"tags": {"team": "security", "cis": "3.4"}})", kJson);
  http.on("ListTagsForResource",
          {{"resourceArn", "arn:aws:logs:eu-west-1:123456789012:log-group:app-logs"}})
      .reply(200, R"({"tags": {}})", kJson);
  http.on("DescribeMetricFilters").reply(200, kMetricFilters1, kJson);
  http.on("DescribeMetricFilters", {{"nextToken", "filters-page-2"}})
      .reply(200, kMetricFilters2, kJson);
}

void route_cloudwatch(FakeHttp& http) {
  http.on("DescribeAlarms").reply(200, describe_alarms(kAlarm1, "alarms-page-2"), kXml);
  http.on("DescribeAlarms", {{"NextToken", "alarms-page-2"}})
      .reply(200, describe_alarms(kAlarm2, ""), kXml);
  const std::string ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  http.on("ListTagsForResource", {{"ResourceARN", kAlarmArn}})
      .reply(200, xml_tags("ListTagsForResource", ns, tag("cis", "4.1")), kXml);
  http.on("ListTagsForResource", {{"ResourceARN", kAppAlarmArn}})
      .reply(200, xml_tags("ListTagsForResource", ns, ""), kXml);
}

void route_sns(FakeHttp& http) {
  http.on("ListTopics")
      .reply(200,
             sns_reply("ListTopics", "<Topics><member><TopicArn>" + kTopicArn +
                                         "</TopicArn></member></Topics><NextToken>topics-2</"
                                         "NextToken>"),
             kXml);
  http.on("ListTopics", {{"NextToken", "topics-2"}})
      .reply(200,
             sns_reply("ListTopics",
                       "<Topics><member><TopicArn>" + kFifoArn + "</TopicArn></member></Topics>"),
             kXml);
  http.on("GetTopicAttributes", {{"TopicArn", kTopicArn}})
      .reply(200,
             sns_reply("GetTopicAttributes",
                       entries({{"Policy", xml_escape(kTopicPolicy)},
                                {"Owner", "123456789012"},
                                {"SubscriptionsPending", "1"},
                                {"KmsMasterKeyId", kKeyArn},
                                {"TopicArn", kTopicArn},
                                {"EffectiveDeliveryPolicy",
                                 xml_escape(R"({"http":{"defaultHealthyRetryPolicy":{}}})")},
                                {"SubscriptionsConfirmed", "2"},
                                {"DisplayName", "Security alerts"},
                                {"SubscriptionsDeleted", "0"}})),
             kXml);
  http.on("GetTopicAttributes", {{"TopicArn", kFifoArn}})
      .reply(200,
             sns_reply("GetTopicAttributes", entries({{"Owner", "123456789012"},
                                                      {"KmsMasterKeyId", "alias/aws/sns"},
                                                      {"TopicArn", kFifoArn},
                                                      {"FifoTopic", "true"},
                                                      {"ContentBasedDeduplication", "false"},
                                                      {"SubscriptionsConfirmed", "0"}})),
             kXml);
  http.on("ListTagsForResource", {{"ResourceArn", kTopicArn}})
      .reply(200, sns_reply("ListTagsForResource", "<Tags>" + tag("team", "security") + "</Tags>"),
             kXml);
  http.on("ListTagsForResource", {{"ResourceArn", kFifoArn}})
      .reply(200, sns_reply("ListTagsForResource", "<Tags/>"), kXml);
  http.on("ListSubscriptions")
      .reply(200,
             sns_reply("ListSubscriptions",
                       "<Subscriptions>" +
                           subscription_member(kMailSubArn, "email", "secops@example.com") +
                           subscription_member("PendingConfirmation", "email", "new@example.com") +
                           "</Subscriptions><NextToken>subs-2</NextToken>"),
             kXml);
  http.on("ListSubscriptions", {{"NextToken", "subs-2"}})
      .reply(200,
             sns_reply("ListSubscriptions",
                       "<Subscriptions>" +
                           subscription_member(kQueueSubArn, "sqs",
                                               "arn:aws:sqs:eu-west-1:123456789012:alerts") +
                           "</Subscriptions>"),
             kXml);
  http.on("GetSubscriptionAttributes", {{"SubscriptionArn", kMailSubArn}})
      .reply(
          200,
          sns_reply("GetSubscriptionAttributes", entries({{"ConfirmationWasAuthenticated", "false"},
                                                          {"PendingConfirmation", "false"},
                                                          {"Owner", "123456789012"},
                                                          {"RawMessageDelivery", "false"},
                                                          {"TopicArn", kTopicArn},
                                                          {"Protocol", "email"},
                                                          {"Endpoint", "secops@example.com"},
                                                          {"SubscriptionArn", kMailSubArn}})),
          kXml);
  http.on("GetSubscriptionAttributes", {{"SubscriptionArn", kQueueSubArn}})
      .reply(200,
             sns_reply("GetSubscriptionAttributes",
                       entries({{"ConfirmationWasAuthenticated", "true"},
                                {"PendingConfirmation", "false"},
                                {"Owner", "123456789012"},
                                {"RawMessageDelivery", "true"},
                                {"FilterPolicy", xml_escape(R"({"severity":["high"]})")},
                                {"RedrivePolicy", xml_escape(R"({"deadLetterTargetArn":"x"})")},
                                {"TopicArn", kTopicArn},
                                {"Protocol", "sqs"},
                                {"Endpoint", "arn:aws:sqs:eu-west-1:123456789012:alerts"},
                                {"SubscriptionArn", kQueueSubArn}})),
             kXml);
}

// One account with a region node and the nodes of other services that the
// edges of these four name (bucket, key, role), as their collectors register them.
struct LoggingRun : testing::ServiceRun {
  LoggingRun() : ServiceRun(testing::fast_retry(2)) {
    add_node(kRegionNode, "aws_region", R"({"kind":"aws_region","id":"eu-west-1"})");
    add_node(kBucketNode, "aws_s3_bucket", R"({"kind":"aws_s3_bucket","id":"b"})");
    add_node(kKeyNode, "aws_kms_key", R"({"kind":"aws_kms_key","id":"k"})");
    add_node(kRoleNode, "aws_iam_role", R"({"kind":"aws_iam_role","id":"r"})");
    out.alias(kRoleArn, kRoleNode);
  }

  void all_routes() {
    route_cloudtrail(http);
    route_logs(http);
    route_cloudwatch(http);
    route_sns(http);
  }

  const Graph& collect(bool trails = true, bool logs = true, bool alarms = true, bool sns = true) {
    if (trails) collect_cloudtrail(ctx, kRegion);
    if (logs) collect_logs(ctx, kRegion);
    if (alarms) collect_cloudwatch(ctx, kRegion);
    if (sns) collect_sns(ctx, kRegion);
    graph = std::make_unique<Graph>(written());
    return *graph;
  }

  std::unique_ptr<Graph> graph;
};

// The full account, collected once for the tests that only read it.
class LoggingCollectTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new LoggingRun();
    run_->all_routes();
    run_->collect();
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  const Graph& g() const { return *run_->graph; }
  static LoggingRun* run_;
};
LoggingRun* LoggingCollectTest::run_ = nullptr;

// --- the full account ----------------------------------------------------------------------------

TEST_F(LoggingCollectTest, NoWarningsAndEveryRequestAnswered) {
  EXPECT_EQ(run_->warning_text(), "");
  EXPECT_EQ(run_->warnings.fatal(), "");
  EXPECT_EQ(run_->unmatched(), "");
}

TEST_F(LoggingCollectTest, EveryPageIsRead) {
  EXPECT_EQ(run_->http.count("ListTrails"), 2);
  EXPECT_EQ(run_->http.count("DescribeLogGroups"), 2);
  EXPECT_EQ(run_->http.count("DescribeMetricFilters"), 2);
  EXPECT_EQ(run_->http.count("DescribeAlarms"), 2);
  EXPECT_EQ(run_->http.count("ListTopics"), 2);
  EXPECT_EQ(run_->http.count("ListSubscriptions"), 2);
  EXPECT_EQ(g().ids_of_kind("aws_cloud_trail"), (std::set<std::string>{kTrail, kQuiet}));
  EXPECT_EQ(g().ids_of_kind("aws_cloudwatch_log_group"),
            (std::set<std::string>{kGroup, kAppGroup}));
  EXPECT_EQ(g().ids_of_kind("aws_cloudwatch_metric_filter"),
            (std::set<std::string>{kFilter, kAppFilter}));
  EXPECT_EQ(g().ids_of_kind("aws_cloudwatch_alarm"), (std::set<std::string>{kAlarm, kAppAlarm}));
  EXPECT_EQ(g().ids_of_kind("aws_sns_topic"), (std::set<std::string>{kTopic, kFifo}));
  EXPECT_EQ(g().ids_of_kind("aws_sns_subscription"), (std::set<std::string>{kMailSub, kQueueSub}));
}

TEST_F(LoggingCollectTest, OnlyOwnTrailsOfThisRegionAreDescribed) {
  EXPECT_EQ(run_->http.count("GetTrail"), 2);
  EXPECT_EQ(run_->http.count("GetTrail", {{"Name", kAuditArn}}), 0);
  EXPECT_EQ(run_->http.count("GetTrail", {{"Name", kOrgArn}}), 0);
  // Selectors only where the trail says it has them.
  EXPECT_EQ(run_->http.count("GetEventSelectors"), 1);
  EXPECT_EQ(run_->http.count("GetInsightSelectors"), 1);
  for (const auto& r : run_->http.requests("ListTags"))
    EXPECT_NE(r.request.body.find("ResourceIdList"), std::string::npos) << r.request.body;
}

TEST_F(LoggingCollectTest, TrailProperties) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kTrail, "/id"), "\"management\"");
  EXPECT_EQ(gr.val(kTrail, "/name"), "\"management\"");
  EXPECT_EQ(gr.val(kTrail, "/arn"), "\"" + kTrailArn + "\"");
  EXPECT_EQ(gr.val(kTrail, "/tags"), R"({"team":"security"})");
  EXPECT_EQ(gr.val(kTrail, "/trail_s3_bucket_name"), "\"org-cloudtrail-logs\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_s3_key_prefix"), "\"ct\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_sns_topic_name"), "\"security-alerts\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_sns_topic_arn"), "\"" + kTopicArn + "\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_include_global_service_events"), "true");
  EXPECT_EQ(gr.val(kTrail, "/trail_is_multi_region_trail"), "true");
  EXPECT_EQ(gr.val(kTrail, "/trail_home_region"), "\"eu-west-1\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_log_file_validation_enabled"), "true");
  EXPECT_EQ(gr.val(kTrail, "/trail_cloud_watch_logs_log_group_arn"), "\"" + kGroupArn + "\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_cloud_watch_logs_role_arn"), "\"" + kRoleArn + "\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_kms_key_id"), "\"" + kKeyArn + "\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_has_custom_event_selectors"), "true");
  EXPECT_EQ(gr.val(kTrail, "/trail_has_insight_selectors"), "true");
  EXPECT_EQ(gr.val(kTrail, "/trail_is_organization_trail"), "false");
  EXPECT_EQ(gr.val(kTrail, "/trail_insight_selectors"),
            R"(["ApiCallRateInsight","ApiErrorRateInsight"])");
}

TEST_F(LoggingCollectTest, TrailStatusTimesAreUtcSeconds) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kTrail, "/ctime"), "\"2023-06-01T00:00:00Z\"");
  EXPECT_EQ(gr.val(kTrail, "/mtime"), "\"2024-06-01T10:00:00Z\"");
  EXPECT_EQ(gr.val(kTrail, "/trail_status"),
            R"({"is_logging":true,"latest_delivery_time":"2024-06-01T10:00:00Z",)"
            R"("start_logging_time":"2023-06-01T00:00:00Z",)"
            R"("latest_cloud_watch_logs_delivery_time":"2024-06-01T10:00:12Z",)"
            R"("latest_digest_delivery_time":"2024-06-01T09:20:00Z",)"
            R"("latest_delivery_attempt_time":"2024-06-01T10:00:00Z",)"
            R"("latest_delivery_attempt_succeeded":"2024-06-01T10:00:00Z",)"
            R"("time_logging_started":"2023-06-01T00:00:00Z"})");
  // Empty strings in the status are no value.
  EXPECT_EQ(gr.val(kQuiet, "/trail_status"),
            R"({"is_logging":false,"latest_delivery_error":"AccessDenied",)"
            R"("stop_logging_time":"2024-01-01T00:00:00Z",)"
            R"("time_logging_stopped":"2024-01-01T00:00:00Z"})");
  EXPECT_EQ(gr.val(kQuiet, "/ctime"), "<absent>");
}

TEST_F(LoggingCollectTest, EventSelectors) {
  EXPECT_EQ(g().val(kTrail, "/trail_event_selectors"),
            R"({"event_selectors":[{"read_write_type":"All","include_management_events":true,)"
            R"("data_resources":[{"type":"AWS::S3::Object","values":["arn:aws:s3"]}],)"
            R"("exclude_management_event_sources":["kms.amazonaws.com"]}],)"
            R"("advanced_event_selectors":[{"name":"Log S3 writes","field_selectors":[)"
            R"({"selector_field":"eventCategory","equals":["Data"]},)"
            R"({"selector_field":"readOnly","not_equals":["true"]}]}]})");
  // No custom selectors: null, as the checks expect.
  EXPECT_EQ(g().val(kQuiet, "/trail_event_selectors"), "<absent>");
  EXPECT_EQ(g().val(kQuiet, "/trail_insight_selectors"), "<absent>");
  EXPECT_EQ(g().val(kQuiet, "/trail_kms_key_id"), "<absent>");
  EXPECT_EQ(g().val(kQuiet, "/tags"), R"({"env":"test"})");
  // Without HomeRegion in GetTrail (moto): the region ListTrails named.
  EXPECT_EQ(g().val(kQuiet, "/trail_home_region"), "\"eu-west-1\"");
}

TEST_F(LoggingCollectTest, TrailEdges) {
  const Graph& gr = g();
  EXPECT_TRUE(gr.edge(kRegionNode, kTrail));
  EXPECT_TRUE(gr.edge(kRegionNode, kQuiet));
  EXPECT_EQ(gr.successors(kTrail),
            (std::set<std::string>{kBucketNode, kKeyNode, kGroup, kTopic, kRoleNode}));
  EXPECT_EQ(gr.successors(kQuiet), (std::set<std::string>{kBucketNode}));
}

TEST_F(LoggingCollectTest, TrailsOfOtherRegionsAndAccountsAreNamedByArn) {
  // The shadow of audit (home us-east-1) links this region to it by ARN:
  // the alias resolves once us-east-1 is collected too.
  LoggingRun run;
  route_cloudtrail(run.http);
  collect_cloudtrail(run.ctx, kRegion);
  const std::string audit = kAcc + ":cloud_trail:" + kAuditArn;
  run.out.node(audit, "aws_cloud_trail", R"({"kind":"aws_cloud_trail","id":"audit"})");
  run.out.alias(kAuditArn, audit);
  Graph gr(run.out.text());
  EXPECT_TRUE(gr.edge(kRegionNode, audit));
  EXPECT_EQ(gr.successors(kRegionNode), (std::set<std::string>{kTrail, kQuiet, audit}));
}

TEST_F(LoggingCollectTest, LogGroups) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kGroup, "/id"), "\"cloudtrail-logs\"");
  EXPECT_EQ(gr.val(kGroup, "/name"), "\"cloudtrail-logs\"");
  EXPECT_EQ(gr.val(kGroup, "/arn"), "\"" + kGroupArn + "\"");
  EXPECT_EQ(gr.val(kGroup, "/ctime"), "\"2023-06-01T00:00:00Z\"");
  EXPECT_EQ(gr.val(kGroup, "/group_retention_in_days"), "365");
  EXPECT_EQ(gr.val(kGroup, "/group_metric_filter_count"), "1");
  EXPECT_EQ(gr.val(kGroup, "/group_stored_bytes"), "52428800");
  EXPECT_EQ(gr.val(kGroup, "/group_data_protection_status"), "\"ACTIVATED\"");
  EXPECT_EQ(gr.val(kGroup, "/tags"), R"({"team":"security","cis":"3.4"})");
  // Never expiring: no retention at all.
  EXPECT_EQ(gr.val(kAppGroup, "/group_retention_in_days"), "<absent>");
  EXPECT_EQ(gr.val(kAppGroup, "/tags"), "{}");
  EXPECT_EQ(gr.val(kAppGroup, "/ctime"), "\"2024-01-01T00:00:00Z\"");
}

TEST_F(LoggingCollectTest, LogGroupEdges) {
  const Graph& gr = g();
  EXPECT_TRUE(gr.edge(kRegionNode, kGroup));
  EXPECT_TRUE(gr.edge(kGroup, kKeyNode));
  EXPECT_TRUE(gr.edge(kKeyNode, kGroup, true));
  EXPECT_EQ(gr.successors(kGroup), (std::set<std::string>{kKeyNode, kFilter}));
  EXPECT_EQ(gr.successors(kAppGroup), (std::set<std::string>{kAppFilter}));
}

TEST_F(LoggingCollectTest, LogGroupIsKnownByItsArnWithAndWithoutTheStar) {
  LoggingRun run;
  route_logs(run.http);
  collect_logs(run.ctx, kRegion);
  run.out.edge(kRoleNode, "arn:aws:logs:eu-west-1:123456789012:log-group:app-logs");
  run.out.edge(kBucketNode, "arn:aws:logs:eu-west-1:123456789012:log-group:app-logs:*");
  Graph gr(run.out.text());
  EXPECT_TRUE(gr.edge(kRoleNode, kAppGroup));
  EXPECT_TRUE(gr.edge(kBucketNode, kAppGroup));
}

TEST_F(LoggingCollectTest, MetricFilters) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kFilter, "/id"), "\"unauthorized-api-calls\"");
  EXPECT_EQ(gr.val(kFilter, "/name"), "\"unauthorized-api-calls\"");
  EXPECT_EQ(gr.val(kFilter, "/ctime"), "\"2023-06-01T00:01:40Z\"");
  EXPECT_EQ(gr.val(kFilter, "/log_group_name"), "\"cloudtrail-logs\"");
  EXPECT_EQ(
      gr.val(kFilter, "/filter_pattern"),
      R"("{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }")");
  EXPECT_EQ(gr.val(kFilter, "/filter_transformations"),
            R"([{"metric_name":"UnauthorizedAPICalls","metric_namespace":"CISBenchmark",)"
            R"("metric_value":"1","default_value":0.0}])");
  EXPECT_EQ(gr.val(kAppFilter, "/filter_transformations"),
            R"([{"metric_name":"Errors","metric_namespace":"App","metric_value":"1",)"
            R"("dimensions":{"Service":"$.service"},"unit":"Count"}])");
}

TEST_F(LoggingCollectTest, MetricFilterEdges) {
  const Graph& gr = g();
  EXPECT_TRUE(gr.edge(kRegionNode, kFilter));
  EXPECT_TRUE(gr.edge(kFilter, kGroup, true));
  // To the alarms on the metric it writes (also through metric math).
  EXPECT_EQ(gr.successors(kFilter), (std::set<std::string>{kAlarm}));
  EXPECT_EQ(gr.successors(kAppFilter), (std::set<std::string>{kAppAlarm}));
}

TEST_F(LoggingCollectTest, Alarms) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kAlarm, "/id"), "\"unauthorized-api-calls\"");
  EXPECT_EQ(gr.val(kAlarm, "/arn"), "\"" + kAlarmArn + "\"");
  EXPECT_EQ(gr.val(kAlarm, "/tags"), R"({"cis":"4.1"})");
  EXPECT_EQ(gr.val(kAlarm, "/mtime"), "\"2024-05-01T08:30:00Z\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_alarm_description"), "\"CIS 4.1\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_actions_enabled"), "true");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_ok_actions"), "[]");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_alarm_actions"), "[\"" + kTopicArn + "\"]");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_insufficient_data_actions"), "[]");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_state_value"), "\"OK\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_state_reason_data"), R"("{\"version\":\"1.0\"}")");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_state_updated_timestamp"), "\"2024-06-01T09:00:00Z\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_metric_name"), "\"UnauthorizedAPICalls\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_namespace"), "\"CISBenchmark\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_statistic"), "\"Sum\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_dimensions"), "[]");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_period"), "300");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_evaluation_periods"), "1");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_datapoints_to_alarm"), "1");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_threshold"), "1.0");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_comparison_operator"), "\"GreaterThanOrEqualToThreshold\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_treat_missing_data"), "\"notBreaching\"");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_metrics"), "[]");
}

TEST_F(LoggingCollectTest, MetricMathAlarm) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kAppAlarm, "/cloudwatch_actions_enabled"), "false");
  EXPECT_EQ(gr.val(kAppAlarm, "/cloudwatch_threshold"), "0.25");
  EXPECT_EQ(gr.val(kAppAlarm, "/cloudwatch_metric_name"), "<absent>");
  EXPECT_EQ(gr.val(kAppAlarm, "/cloudwatch_period"), "<absent>");
  EXPECT_EQ(gr.val(kAppAlarm, "/tags"), "{}");
  EXPECT_EQ(gr.val(kAppAlarm, "/cloudwatch_metrics"),
            R"([{"id":"e1","expression":"m1 / 60","label":"per second","return_data":true},)"
            R"({"id":"m1","metric_stat":{"metric":{"namespace":"App","metric_name":"Errors",)"
            R"("dimensions":[{"name":"Service","value":"api"}]},"period":60,"stat":"Sum",)"
            R"("unit":"Count"},"return_data":false}])");
}

TEST_F(LoggingCollectTest, AlarmEdgesToTheirTopics) {
  const Graph& gr = g();
  EXPECT_TRUE(gr.edge(kRegionNode, kAlarm));
  EXPECT_EQ(gr.successors(kAlarm), (std::set<std::string>{kTopic}));
  // Topics in any action list; other actions (EC2 automation) are no nodes.
  EXPECT_EQ(gr.successors(kAppAlarm), (std::set<std::string>{kFifo}));
}

TEST_F(LoggingCollectTest, Topics) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kTopic, "/id"), "\"" + kTopicArn + "\"");
  EXPECT_EQ(gr.val(kTopic, "/name"), "\"security-alerts\"");
  EXPECT_EQ(gr.val(kTopic, "/arn"), "\"" + kTopicArn + "\"");
  EXPECT_EQ(gr.val(kTopic, "/tags"), R"({"team":"security"})");
  EXPECT_EQ(gr.val(kTopic, "/topic_subscriptions_confirmed"), "2");
  EXPECT_EQ(gr.val(kTopic, "/topic_subscriptions_deleted"), "0");
  EXPECT_EQ(gr.val(kTopic, "/topic_subscriptions_pending"), "1");
  EXPECT_EQ(gr.val(kTopic, "/topic_policy/Statement/0/Principal/AWS"), "\"*\"");
  EXPECT_EQ(gr.val(kTopic, "/topic_policy/Statement/0/Action"),
            R"(["SNS:Publish","SNS:Subscribe"])");
  EXPECT_EQ(gr.val(kTopic, "/topic_delivery_policy"), "<absent>");
  EXPECT_EQ(gr.val(kTopic, "/topic_effective_delivery_policy"),
            R"("{\"http\":{\"defaultHealthyRetryPolicy\":{}}}")");
  EXPECT_EQ(gr.val(kTopic, "/topic_owner"), "\"123456789012\"");
  EXPECT_EQ(gr.val(kTopic, "/topic_kms_master_key_id"), "\"" + kKeyArn + "\"");
  EXPECT_EQ(gr.val(kTopic, "/topic_fifo_topic"), "false");
  EXPECT_EQ(gr.val(kTopic, "/topic_content_based_deduplication"), "false");
  EXPECT_EQ(gr.val(kFifo, "/name"), "\"fifo-orders.fifo\"");
  EXPECT_EQ(gr.val(kFifo, "/topic_fifo_topic"), "true");
  EXPECT_EQ(gr.val(kFifo, "/topic_policy"), "<absent>");
  EXPECT_EQ(gr.val(kFifo, "/topic_kms_master_key_id"), "\"alias/aws/sns\"");
  EXPECT_EQ(gr.val(kFifo, "/tags"), "{}");
}

TEST_F(LoggingCollectTest, TopicEdges) {
  const Graph& gr = g();
  EXPECT_TRUE(gr.edge(kRegionNode, kTopic));
  EXPECT_TRUE(gr.edge(kKeyNode, kTopic, true));
  EXPECT_EQ(gr.successors(kTopic), (std::set<std::string>{kKeyNode, kMailSub, kQueueSub}));
  // A key named by an alias names no key node.
  EXPECT_EQ(gr.successors(kFifo), (std::set<std::string>{}));
}

TEST_F(LoggingCollectTest, Subscriptions) {
  const Graph& gr = g();
  EXPECT_EQ(gr.val(kMailSub, "/id"), "\"" + kMailSubArn + "\"");
  EXPECT_EQ(gr.val(kMailSub, "/arn"), "\"" + kMailSubArn + "\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_protocol"), "\"email\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_endpoint"), "\"secops@example.com\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_topic_arn"), "\"" + kTopicArn + "\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_owner"), "\"123456789012\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_confirmation_was_authenticated"), "false");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_pending_confirmation"), "false");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_filter_policy"), "<absent>");
  EXPECT_EQ(gr.val(kQueueSub, "/subscription_raw_message_delivery"), "true");
  EXPECT_EQ(gr.val(kQueueSub, "/subscription_filter_policy"), R"("{\"severity\":[\"high\"]}")");
  EXPECT_EQ(gr.val(kQueueSub, "/subscription_redrive_policy"),
            R"("{\"deadLetterTargetArn\":\"x\"}")");
  EXPECT_EQ(gr.val(kQueueSub, "/subscription_endpoint"),
            "\"arn:aws:sqs:eu-west-1:123456789012:alerts\"");
  // Deleting the topic deletes its subscriptions.
  EXPECT_TRUE(gr.edge(kTopic, kQueueSub, true));
  EXPECT_TRUE(gr.edge(kRegionNode, kQueueSub));
  // Not yet confirmed: no ARN, so neither a node nor a call.
  EXPECT_EQ(run_->http.count("GetSubscriptionAttributes"), 2);
}

// --- errors --------------------------------------------------------------------------------------

TEST(LoggingErrorTest, ExpectedErrorsMeanNoData) {
  LoggingRun run;
  run.all_routes();
  run.http.on("GetTrail", {{"Name", kQuietArn}})
      .reply(json_error(400, "TrailNotFoundException", "Unknown trail"));
  run.http.on("GetInsightSelectors", {{"TrailName", kTrailArn}})
      .reply(json_error(400, "InsightNotEnabledException", "no insights"));
  run.http
      .on("ListTagsForResource",
          {{"resourceArn", "arn:aws:logs:eu-west-1:123456789012:log-group:app-logs"}})
      .reply(json_error(400, "ResourceNotFoundException", "gone"));
  run.http.on("GetTopicAttributes", {{"TopicArn", kFifoArn}})
      .reply(query_error(404, "NotFound", "Topic does not exist"));
  run.http.on("GetSubscriptionAttributes", {{"SubscriptionArn", kQueueSubArn}})
      .reply(query_error(404, "NotFound", "Subscription does not exist"));
  const Graph& gr = run.collect();
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.stats.errors.load(), 0u);
  EXPECT_FALSE(gr.has(kQuiet));
  EXPECT_TRUE(gr.has(kTrail));
  EXPECT_EQ(gr.val(kTrail, "/trail_insight_selectors"), "<absent>");
  EXPECT_EQ(gr.val(kAppGroup, "/tags"), "{}");
  EXPECT_FALSE(gr.has(kFifo));
  EXPECT_FALSE(gr.has(kQueueSub));
  EXPECT_TRUE(gr.has(kMailSub));
}

TEST(LoggingErrorTest, OtherErrorsAreWarningsAndTheRestIsCollected) {
  LoggingRun run;
  run.all_routes();
  run.http.on("GetTrail", {{"Name", kQuietArn}})
      .reply(json_error(400, "AccessDeniedException", "not allowed"));
  run.http.on("GetTrailStatus", {{"Name", kTrailArn}})
      .reply(json_error(400, "AccessDeniedException", "not allowed"));
  run.http.on("GetEventSelectors", {{"TrailName", kTrailArn}})
      .reply(json_error(400, "AccessDeniedException", "not allowed"));
  run.http
      .on("ListTagsForResource",
          {{"resourceArn", "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail-logs"}})
      .reply(json_error(400, "AccessDeniedException", "not allowed"));
  run.http.on("DescribeMetricFilters").reply(json_error(400, "AccessDeniedException", "no"));
  run.http.on("ListTagsForResource", {{"ResourceARN", kAlarmArn}})
      .reply(query_error(403, "AccessDenied", "not allowed"));
  run.http.on("GetTopicAttributes", {{"TopicArn", kTopicArn}})
      .reply(query_error(403, "AuthorizationError", "not allowed"));
  run.http.on("GetSubscriptionAttributes", {{"SubscriptionArn", kMailSubArn}})
      .reply(query_error(403, "AuthorizationError", "not allowed"));
  const Graph& gr = run.collect();
  std::string w = run.warning_text();
  for (const std::string& part :
       {"cloudtrail eu-west-1 GetTrail " + kQuietArn,
        "cloudtrail eu-west-1 GetTrailStatus " + kTrailArn,
        "cloudtrail eu-west-1 GetEventSelectors " + kTrailArn,
        std::string("logs eu-west-1 ListTagsForResource cloudtrail-logs"),
        std::string("logs eu-west-1 DescribeMetricFilters"),
        std::string("cloudwatch eu-west-1 ListTagsForResource unauthorized-api-calls"),
        "sns eu-west-1 GetTopicAttributes " + kTopicArn,
        "sns eu-west-1 GetSubscriptionAttributes " + kMailSubArn})
    EXPECT_NE(w.find(part), std::string::npos) << part << "\n" << w;
  EXPECT_EQ(run.warnings.list().size(), 8u) << w;
  EXPECT_EQ(run.warnings.fatal(), "");
  // A trail that could not be described is left out (its checks would
  // misfire on missing values); what failed later is simply absent.
  EXPECT_FALSE(gr.has(kQuiet));
  EXPECT_EQ(gr.val(kTrail, "/trail_status"), "<absent>");
  EXPECT_EQ(gr.val(kTrail, "/trail_event_selectors"), "<absent>");
  EXPECT_EQ(gr.val(kTrail, "/trail_kms_key_id"), "\"" + kKeyArn + "\"");
  EXPECT_EQ(gr.val(kGroup, "/tags"), "{}");
  EXPECT_EQ(gr.val(kGroup, "/group_retention_in_days"), "365");
  EXPECT_EQ(gr.ids_of_kind("aws_cloudwatch_metric_filter"), (std::set<std::string>{}));
  EXPECT_EQ(gr.val(kAlarm, "/tags"), "{}");
  EXPECT_EQ(gr.val(kAlarm, "/cloudwatch_namespace"), "\"CISBenchmark\"");
  EXPECT_FALSE(gr.has(kTopic));
  EXPECT_TRUE(gr.has(kFifo));
  // The listing already says what the subscription is.
  EXPECT_EQ(gr.val(kMailSub, "/subscription_endpoint"), "\"secops@example.com\"");
  EXPECT_EQ(gr.val(kMailSub, "/subscription_pending_confirmation"), "<absent>");
}

TEST(LoggingErrorTest, FailedListsAreWarningsPerService) {
  LoggingRun run;
  run.http.on("ListTrails").reply(json_error(400, "AccessDeniedException", "no"));
  run.http.on("DescribeLogGroups").reply(json_error(400, "AccessDeniedException", "no"));
  run.http.on("DescribeMetricFilters").reply(200, R"({"metricFilters": []})", kJson);
  run.http.on("DescribeAlarms").reply(query_error(403, "AccessDenied", "no"));
  run.http.on("ListTopics").reply(query_error(403, "AuthorizationError", "no"));
  run.http.on("ListSubscriptions").reply(query_error(403, "AuthorizationError", "no"));
  run.collect();
  std::string w = run.warning_text();
  for (const char* part : {"cloudtrail eu-west-1 ListTrails", "logs eu-west-1 DescribeLogGroups",
                           "cloudwatch eu-west-1 DescribeAlarms", "sns eu-west-1 ListTopics",
                           "sns eu-west-1 ListSubscriptions"})
    EXPECT_NE(w.find(part), std::string::npos) << part << "\n" << w;
  EXPECT_EQ(run.warnings.fatal(), "");
  EXPECT_EQ(run.unmatched(), "");
}

TEST(LoggingErrorTest, ThrottledPageIsRetried) {
  LoggingRun run;
  run.all_routes();
  run.http.fail("DescribeAlarms", {{"NextToken", "alarms-page-2"}},
                query_error(400, "Throttling", "Rate exceeded"), 1);
  run.http.fail("DescribeLogGroups", {{"nextToken", "groups-page-2"}},
                json_error(400, "ThrottlingException", "Rate exceeded"), 1);
  const Graph& gr = run.collect();
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_TRUE(gr.has(kAppAlarm));
  EXPECT_TRUE(gr.has(kAppGroup));
}

TEST(LoggingErrorTest, RepeatedPageTokenStopsWithAWarning) {
  LoggingRun run;
  route_sns(run.http);
  run.http.on("ListTopics", {{"NextToken", "topics-2"}})
      .reply(200,
             sns_reply("ListTopics", "<Topics><member><TopicArn>" + kFifoArn +
                                         "</TopicArn></member></Topics><NextToken>topics-2"
                                         "</NextToken>"),
             kXml);
  run.collect(false, false, false, true);
  EXPECT_NE(run.warning_text().find("sns eu-west-1 ListTopics"), std::string::npos)
      << run.warning_text();
  EXPECT_EQ(run.http.count("ListTopics"), 2);
  // What the pages said before the repetition is kept.
  EXPECT_TRUE(run.graph->has(kTopic));
  EXPECT_TRUE(run.graph->has(kFifo));
}

}  // namespace
}  // namespace canopy::aws
