// CloudTrail, CloudWatch Logs, CloudWatch alarms and SNS collected from moto,
// and the CIS checks that read them (checks/aws/aws_cloudtrail.json).
//
// moto does not set HasCustomEventSelectors after PutEventSelectors, so the
// collector (which asks GetEventSelectors only for trails that say they have
// custom selectors, as AWS intends) gets no event selectors from it: those
// are covered by the unit tests (src/collect/aws/services/logging_test.cc).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

using Ids = std::set<std::string>;

const std::vector<std::string> kRegions = {"eu-west-1", "us-east-1"};
const std::vector<std::string> kServices = {"cloudtrail", "logs", "cloudwatch", "sns", "s3", "kms"};

// A multi-region trail "management" (eu-west-1, logging, log file validation,
// KMS, log group with the CIS 4.1 metric filter and an alarm on it that
// notifies a topic with a subscription) and "quiet" (not logging, none of it).
const char* kSeed = R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
s3 = boto3.client('s3', **kw)
s3.create_bucket(Bucket='trail-bucket',
                 CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
key = boto3.client('kms', **kw).create_key()['KeyMetadata']['Arn']
logs = boto3.client('logs', **kw)
logs.create_log_group(logGroupName='cloudtrail-logs', kmsKeyId=key, tags={'team': 'security'})
logs.put_retention_policy(logGroupName='cloudtrail-logs', retentionInDays=365)
logs.create_log_group(logGroupName='app-logs')
group = logs.describe_log_groups(logGroupNamePrefix='cloudtrail-logs')['logGroups'][0]['arn']
logs.put_metric_filter(
    logGroupName='cloudtrail-logs', filterName='unauthorized-api-calls',
    filterPattern='{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    metricTransformations=[{'metricName': 'UnauthorizedAPICalls',
                            'metricNamespace': 'CISBenchmark', 'metricValue': '1'}])
logs.put_metric_filter(
    logGroupName='app-logs', filterName='app-errors', filterPattern='ERROR',
    metricTransformations=[{'metricName': 'Errors', 'metricNamespace': 'App', 'metricValue': '1'}])
sns = boto3.client('sns', **kw)
topic = sns.create_topic(Name='security-alerts', Attributes={'KmsMasterKeyId': key},
                         Tags=[{'Key': 'team', 'Value': 'security'}])['TopicArn']
sns.create_topic(Name='plain')
sns.subscribe(TopicArn=topic, Protocol='email', Endpoint='secops@example.com')
cw = boto3.client('cloudwatch', **kw)
cw.put_metric_alarm(AlarmName='unauthorized-api-calls', MetricName='UnauthorizedAPICalls',
                    Namespace='CISBenchmark', Statistic='Sum', Period=300, EvaluationPeriods=1,
                    Threshold=1, ComparisonOperator='GreaterThanOrEqualToThreshold',
                    AlarmActions=[topic], Tags=[{'Key': 'cis', 'Value': '4.1'}])
role = boto3.client('iam', **kw).create_role(RoleName='cloudtrail-logs',
                                             AssumeRolePolicyDocument='{}')['Role']['Arn']
ct = boto3.client('cloudtrail', **kw)
ct.create_trail(Name='management', S3BucketName='trail-bucket', IsMultiRegionTrail=True,
                EnableLogFileValidation=True, KmsKeyId=key, CloudWatchLogsLogGroupArn=group,
                CloudWatchLogsRoleArn=role, SnsTopicName='security-alerts',
                TagsList=[{'Key': 'team', 'Value': 'security'}])
ct.start_logging(Name='management')
ct.create_trail(Name='quiet', S3BucketName='trail-bucket')
print(key.split('/')[-1])
)";

class LoggingCollect : public CollectFixture {
 protected:
  // The lines of a `list` search, sorted.
  std::vector<std::string> lines(const std::string& search) {
    std::vector<std::string> v = lines_with(exec(search), "");
    std::sort(v.begin(), v.end());
    return v;
  }
  std::string count(const std::string& search) {
    std::string out = exec(search + " | count");
    return out.substr(0, out.find('\n'));
  }
  // failing() for checks that may pass (the report then lists no resources).
  Ids failed(const std::string& check) {
    std::string line = exec("report check run " + check + " --only-check-results");
    if (line.substr(line.rfind(' ') + 1) == "0\n") return {};
    return failing(check);
  }
};

TEST_F(LoggingCollect, TrailsLogGroupsAlarmsAndTopics) {
  std::string key_id = seed_python(kSeed);
  RunResult r = collect(kRegions, kServices);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(
      lines("search is(aws_cloud_trail) | list name, trail_is_multi_region_trail, "
            "trail_log_file_validation_enabled, trail_status.is_logging"),
      (std::vector<std::string>{"name=management, trail_is_multi_region_trail=true, "
                                "trail_log_file_validation_enabled=true, is_logging=true",
                                "name=quiet, trail_is_multi_region_trail=false, "
                                "trail_log_file_validation_enabled=false, is_logging=false"}));
  EXPECT_EQ(lines("search is(aws_cloud_trail) and name==management | list trail_s3_bucket_name, "
                  "trail_home_region, tags.team"),
            (std::vector<std::string>{
                "trail_s3_bucket_name=trail-bucket, trail_home_region=eu-west-1, team=security"}));
  EXPECT_EQ(
      lines("search is(aws_cloud_trail) and trail_kms_key_id=~\"" + key_id + "\" | list name"),
      (std::vector<std::string>{"name=management"}));
  // Started logging: ctime and the delivery times of its status.
  EXPECT_EQ(count("search is(aws_cloud_trail) and ctime!=null and "
                  "trail_status.start_logging_time!=null"),
            "total matched: 1");

  // Both regions reach the multi-region trail: its own directly, the other
  // through the shadow ListTrails shows there.
  for (const char* region : {"eu-west-1", "us-east-1"})
    EXPECT_EQ(lines(std::string("search is(aws_region) and id==") + region +
                    " --> is(aws_cloud_trail) and trail_is_multi_region_trail==true | list name"),
              (std::vector<std::string>{"name=management"}))
        << region;
  EXPECT_EQ(count("search is(aws_cloud_trail) and name==management <-- is(aws_region)"),
            "total matched: 2");

  // trail → log group → metric filter → alarm → topic → subscription
  EXPECT_EQ(lines("search is(aws_cloud_trail) --> is(aws_cloudwatch_log_group) | list name, "
                  "group_retention_in_days, tags.team"),
            (std::vector<std::string>{
                "name=cloudtrail-logs, group_retention_in_days=365, team=security"}));
  EXPECT_EQ(lines("search is(aws_cloudwatch_log_group) and name==app-logs | list name, "
                  "group_retention_in_days"),
            (std::vector<std::string>{"name=app-logs"}));
  EXPECT_EQ(
      lines("search is(aws_cloudwatch_log_group) --> is(aws_cloudwatch_metric_filter) | "
            "list name, log_group_name, filter_transformations[0].metric_name"),
      (std::vector<std::string>{"name=app-errors, log_group_name=app-logs, metric_name=Errors",
                                "name=unauthorized-api-calls, log_group_name=cloudtrail-logs, "
                                "metric_name=UnauthorizedAPICalls"}));
  EXPECT_EQ(lines("search is(aws_cloudwatch_metric_filter) --> is(aws_cloudwatch_alarm) | list "
                  "name, cloudwatch_namespace, cloudwatch_actions_enabled, tags.cis"),
            (std::vector<std::string>{"name=unauthorized-api-calls, "
                                      "cloudwatch_namespace=CISBenchmark, "
                                      "cloudwatch_actions_enabled=true, cis=4.1"}));
  EXPECT_EQ(
      lines("search is(aws_cloudwatch_alarm) --> is(aws_sns_topic) | list name, "
            "topic_owner, tags.team"),
      (std::vector<std::string>{"name=security-alerts, topic_owner=123456789012, team=security"}));
  EXPECT_EQ(lines("search is(aws_sns_topic) --> is(aws_sns_subscription) | list "
                  "subscription_protocol, subscription_endpoint"),
            (std::vector<std::string>{
                "subscription_protocol=email, subscription_endpoint=secops@example.com"}));
  EXPECT_EQ(lines("search is(aws_cloud_trail) --> is(aws_sns_topic) | list name"),
            (std::vector<std::string>{"name=security-alerts"}));
  EXPECT_EQ(count("search is(aws_sns_topic)"), "total matched: 2");
  EXPECT_EQ(lines("search is(aws_sns_topic) and topic_policy.Statement[*].Effect==Allow and "
                  "topic_kms_master_key_id!=null | list name"),
            (std::vector<std::string>{"name=security-alerts"}));
}

TEST_F(LoggingCollect, CisTrailChecks) {
  seed_python(kSeed);
  RunResult r = collect(kRegions, kServices);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(failed("aws_cloudtrail_log_file_validation_enabled"), Ids{"quiet"});
  EXPECT_EQ(failed("aws_cloudtrail_uses_encryption_at_rest"), Ids{"quiet"});
  EXPECT_EQ(failed("aws_cloudtrail_no_logging_enabled"), Ids{"quiet"});
  // moto delivers nothing to CloudWatch Logs.
  EXPECT_EQ(failed("aws_cloudtrail_no_recent_log_event"), Ids{"management"});
  // Every region (but the synthetic global one) reaches a logging multi-region trail.
  EXPECT_EQ(failed("aws_cloudtrail_logging_in_all_regions_enabled"), Ids{});
  // No trail logs S3 data events.
  EXPECT_EQ(failed("aws_cloudtrail_s3_data_events_read_enabled"), (Ids{"eu-west-1", "us-east-1"}));

  // CIS 4.1 has its filter, alarm and topic; the other filters are missing,
  // so those checks report the account's logging trails.
  EXPECT_EQ(failed("aws_cloudtrail_log_metric_filters_unauthorized_api_calls"), Ids{});
  for (const char* check : {"aws_cloudtrail_log_metric_filters_root_account_usage",
                            "aws_cloudtrail_log_metric_filters_console_login_no_mfa",
                            "aws_cloudtrail_log_metric_filters_iam_policy_changes",
                            "aws_cloudtrail_log_metric_filters_vpc_changes"})
    EXPECT_EQ(failing(check), Ids{"management"}) << check;
}

TEST_F(LoggingCollect, MetricFilterWithoutAlarmOrOnAQuietTrailDoesNotCount) {
  // The CIS 4.3 filter exists, but its alarm notifies no topic; the CIS 4.1
  // filter is complete but on the group of a trail that does not log.
  seed_python(R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
boto3.client('s3', **kw).create_bucket(
    Bucket='trail-bucket', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
logs = boto3.client('logs', **kw)
cw = boto3.client('cloudwatch', **kw)
topic = boto3.client('sns', **kw).create_topic(Name='alerts')['TopicArn']
for name in ['root-usage', 'unauthorized']:
    logs.create_log_group(logGroupName=name)
pattern = {
  'root-usage': '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
                '&& $.eventType != "AwsServiceEvent" }',
  'unauthorized': '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'}
for name, p in pattern.items():
    logs.put_metric_filter(logGroupName=name, filterName=name, filterPattern=p,
                           metricTransformations=[{'metricName': name, 'metricNamespace': 'CIS',
                                                   'metricValue': '1'}])
cw.put_metric_alarm(AlarmName='root-usage', MetricName='root-usage', Namespace='CIS',
                    Statistic='Sum', Period=300, EvaluationPeriods=1, Threshold=1,
                    ComparisonOperator='GreaterThanOrEqualToThreshold')
cw.put_metric_alarm(AlarmName='unauthorized', MetricName='unauthorized', Namespace='CIS',
                    Statistic='Sum', Period=300, EvaluationPeriods=1, Threshold=1,
                    ComparisonOperator='GreaterThanOrEqualToThreshold', AlarmActions=[topic])
arn = {g['logGroupName']: g['arn'] for g in logs.describe_log_groups()['logGroups']}
role = boto3.client('iam', **kw).create_role(RoleName='ct', AssumeRolePolicyDocument='{}')
ct = boto3.client('cloudtrail', **kw)
ct.create_trail(Name='root-trail', S3BucketName='trail-bucket', IsMultiRegionTrail=True,
                CloudWatchLogsLogGroupArn=arn['root-usage'],
                CloudWatchLogsRoleArn=role['Role']['Arn'])
ct.start_logging(Name='root-trail')
ct.create_trail(Name='stopped', S3BucketName='trail-bucket', IsMultiRegionTrail=True,
                CloudWatchLogsLogGroupArn=arn['unauthorized'],
                CloudWatchLogsRoleArn=role['Role']['Arn'])
)");
  RunResult r = collect({"eu-west-1"}, {"cloudtrail", "logs", "cloudwatch", "sns"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines("search is(aws_cloudwatch_metric_filter) --> is(aws_cloudwatch_alarm) | list "
                  "name, cloudwatch_alarm_actions"),
            (std::vector<std::string>{"name=root-usage, cloudwatch_alarm_actions=[]",
                                      "name=unauthorized, cloudwatch_alarm_actions=[arn:aws:sns:"
                                      "eu-west-1:123456789012:alerts]"}));
  EXPECT_EQ(failed("aws_cloudtrail_log_metric_filters_root_account_usage"), Ids{"root-trail"});
  EXPECT_EQ(failed("aws_cloudtrail_log_metric_filters_unauthorized_api_calls"), Ids{"root-trail"});
  EXPECT_EQ(failed("aws_cloudtrail_no_logging_enabled"), Ids{"stopped"});
}

TEST_F(LoggingCollect, RegionsWithoutAMultiRegionTrail) {
  seed_python(R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
boto3.client('s3', **kw).create_bucket(
    Bucket='trail-bucket', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
ct = boto3.client('cloudtrail', **kw)
ct.create_trail(Name='local', S3BucketName='trail-bucket', EnableLogFileValidation=True)
ct.start_logging(Name='local')
)");
  RunResult r = collect(kRegions, {"cloudtrail"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count("search is(aws_cloud_trail)"), "total matched: 1");
  EXPECT_EQ(failed("aws_cloudtrail_logging_in_all_regions_enabled"),
            (Ids{"eu-west-1", "us-east-1"}));
  EXPECT_EQ(failed("aws_cloudtrail_log_file_validation_enabled"), Ids{});
  EXPECT_EQ(failed("aws_cloudtrail_uses_encryption_at_rest"), Ids{"local"});
  // No multi-region logging trail with the filter: the account's logging
  // trails are reported.
  EXPECT_EQ(failed("aws_cloudtrail_log_metric_filters_root_account_usage"), Ids{"local"});
}

}  // namespace
}  // namespace canopy::testing
