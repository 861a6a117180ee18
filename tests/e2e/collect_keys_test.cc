// End to end: the real canopy binary collects KMS, Config, SQS, Secrets
// Manager and DynamoDB from moto, and searches and the CIS checks that read
// these kinds answer what the seeding scripts created.
//
// Where moto differs from AWS (moto 5.2):
//   - no AWS managed KMS keys: the aws/* aliases point at keys ListKeys does
//     not list, so only customer keys are collected (AWS managed keys are
//     covered by the unit tests);
//   - GetKeyRotationStatus answers false for asymmetric keys instead of
//     UnsupportedOperationException;
//   - a started configuration recorder keeps lastStatus PENDING forever, so
//     no region passes aws_config_enabled_in_all_regions (the passing
//     verdict with SUCCESS is covered by the unit tests' mapping);
//   - a queue created with KmsMasterKeyId also reports SqsManagedSseEnabled true.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

const std::string kAcc = "123456789012";

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string count_line(int n) {
  return "total matched: " + std::to_string(n) + "\ntotal unmatched: 0\n";
}

class KeysCollect : public CollectFixture {};

TEST_F(KeysCollect, KmsKeysFeedTheRotationCheck) {
  auto ids = words(seed_python(R"(import boto3, os
kms = boto3.client('kms', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
def key(**kw):
    return kms.create_key(**kw)['KeyMetadata']['KeyId']
rotated = key(Description='rotated', Tags=[{'TagKey': 'team', 'TagValue': 'data'}])
kms.enable_key_rotation(KeyId=rotated)
unrotated = key(Description='unrotated')
pending = key(Description='pending')
kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)
disabled = key(Description='disabled')
kms.disable_key(KeyId=disabled)
signing = key(Description='signing', KeySpec='RSA_2048', KeyUsage='SIGN_VERIFY')
print(rotated, unrotated, pending, disabled, signing)
)"));
  ASSERT_EQ(ids.size(), 5u);
  const std::string &rotated = ids[0], &unrotated = ids[1], &pending = ids[2], &disabled = ids[3],
                    &signing = ids[4];
  RunResult r = collect({"eu-west-1"}, {"kms"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(exec("search is(aws_kms_key) | count"), count_line(5));
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_description == rotated | list id, "
                 "access_key_status, kms_key_manager, kms_key_spec, kms_key_rotation_enabled, "
                 "tags.team"),
            "id=" + rotated +
                ", access_key_status=Enabled, kms_key_manager=CUSTOMER, "
                "kms_key_spec=SYMMETRIC_DEFAULT, kms_key_rotation_enabled=true, team=data\n");
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_description == unrotated | list "
                 "kms_key_rotation_enabled, kms_origin, kms_enabled"),
            "kms_key_rotation_enabled=false, kms_origin=AWS_KMS, kms_enabled=true\n");
  // Rotation is asked only for enabled customer keys (spec §5: null otherwise).
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_description == pending | list id, "
                 "access_key_status, kms_key_rotation_enabled"),
            "id=" + pending + ", access_key_status=PendingDeletion\n");
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_description == disabled | list id, "
                 "access_key_status, kms_enabled, kms_key_rotation_enabled"),
            "id=" + disabled + ", access_key_status=Disabled, kms_enabled=false\n");
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_deletion_date != null | list id"),
            "id=" + pending + "\n");
  // The key policy is a parsed document.
  EXPECT_EQ(exec("search is(aws_kms_key) and kms_key_policy.Statement[*].Principal.AWS == "
                 "\"arn:aws:iam::123456789012:root\" | count"),
            count_line(5));
  // Every key hangs below its region, and its ARN is its arn.
  EXPECT_EQ(exec("search is(aws_region) and name == eu-west-1 --> is(aws_kms_key) | count"),
            count_line(5));
  EXPECT_EQ(
      exec("search is(aws_kms_key) and id == " + signing + " | list arn, kms_key_usage"),
      "arn=arn:aws:kms:eu-west-1:123456789012:key/" + signing + ", kms_key_usage=SIGN_VERIFY\n");

  // Only the enabled symmetric customer key without rotation fails; the
  // signing key cannot rotate, the others are not enabled.
  EXPECT_EQ(failing("aws_kms_key_rotation_enabled"), std::set<std::string>{unrotated});
}

TEST_F(KeysCollect, ConfigRecordersHangBelowTheirRegion) {
  seed_python(R"(import boto3, os
cfg = boto3.client('config', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
cfg.put_configuration_recorder(ConfigurationRecorder={
    'name': 'default', 'roleARN': 'arn:aws:iam::123456789012:role/config',
    'recordingGroup': {'allSupported': True, 'includeGlobalResourceTypes': True}})
cfg.put_delivery_channel(DeliveryChannel={'name': 'default', 's3BucketName': 'config-bucket'})
cfg.start_configuration_recorder(ConfigurationRecorderName='default')
# A recorder of a few types that was never started.
cfg = boto3.client('config', endpoint_url=os.environ['MOTO_URL'], region_name='us-west-2')
cfg.put_configuration_recorder(ConfigurationRecorder={
    'name': 'partial', 'roleARN': 'arn:aws:iam::123456789012:role/config',
    'recordingGroup': {'allSupported': False, 'includeGlobalResourceTypes': False,
                       'resourceTypes': ['AWS::EC2::Instance']}})
)");
  RunResult r = collect({"eu-west-1", "us-west-2", "eu-central-1"}, {"config"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(exec("search is(aws_config_recorder) | count"), count_line(2));
  EXPECT_EQ(exec("search is(aws_region) and name == eu-west-1 --> is(aws_config_recorder) | list "
                 "name, recorder_group.all_supported, recorder_status.recording, "
                 "recorder_status.last_status"),
            "name=default, all_supported=true, recording=true, last_status=PENDING\n");
  EXPECT_EQ(exec("search is(aws_region) and name == us-west-2 --> is(aws_config_recorder) | list "
                 "name, recorder_group.all_supported, recorder_group.resource_types[0], "
                 "recorder_status.recording"),
            "name=partial, all_supported=false, resource_types=AWS::EC2::Instance, "
            "recording=false\n");
  EXPECT_EQ(exec("search is(aws_region) and name == eu-central-1 --> is(aws_config_recorder) | "
                 "count"),
            count_line(0));

  // eu-central-1 has no recorder, us-west-2's does not record, and moto
  // leaves eu-west-1's recording recorder at PENDING (not SUCCESS).
  EXPECT_EQ(failing("aws_config_enabled_in_all_regions"),
            (std::set<std::string>{"eu-west-1", "us-west-2", "eu-central-1"}));
}

TEST_F(KeysCollect, QueuesLinkToTheirKey) {
  auto out = words(seed_python(R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
kms = boto3.client('kms', **kw)
sqs = boto3.client('sqs', **kw)
key = kms.create_key(Description='queues')['KeyMetadata']['KeyId']
sqs.create_queue(QueueName='encrypted', Attributes={'KmsMasterKeyId': key},
                 tags={'team': 'shop'})
sqs.create_queue(QueueName='aliased', Attributes={'KmsMasterKeyId': 'alias/aws/sqs'})
sqs.create_queue(QueueName='managed', Attributes={'SqsManagedSseEnabled': 'true'})
sqs.create_queue(QueueName='plain', Attributes={'SqsManagedSseEnabled': 'false'})
dlq = sqs.create_queue(QueueName='dlq.fifo', Attributes={'FifoQueue': 'true'})['QueueUrl']
dlq = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
sqs.create_queue(QueueName='jobs.fifo', Attributes={
    'FifoQueue': 'true', 'SqsManagedSseEnabled': 'false',
    'RedrivePolicy': '{"deadLetterTargetArn": "%s", "maxReceiveCount": "4"}' % dlq})
print(key)
)"));
  ASSERT_EQ(out.size(), 1u);
  const std::string& key = out[0];
  RunResult r = collect({"eu-west-1"}, {"kms", "sqs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(exec("search is(aws_sqs_queue) | count"), count_line(6));
  EXPECT_EQ(exec("search is(aws_sqs_queue) and name == encrypted | list id, arn, "
                 "sqs_kms_master_key_id, tags.team"),
            "id=encrypted, arn=arn:aws:sqs:eu-west-1:123456789012:encrypted, "
            "sqs_kms_master_key_id=" +
                key + ", team=shop\n");
  EXPECT_EQ(
      exec("search is(aws_sqs_queue) and sqs_managed_sse_enabled == false sort name | list name"),
      "name=jobs.fifo\nname=plain\n");
  EXPECT_EQ(
      exec("search is(aws_sqs_queue) and name == jobs.fifo | list sqs_fifo_queue, "
           "sqs_redrive_policy.dead_letter_target_arn, sqs_redrive_policy.max_receive_count"),
      "sqs_fifo_queue=true, dead_letter_target_arn=arn:aws:sqs:eu-west-1:123456789012:dlq.fifo, "
      "max_receive_count=4\n");
  EXPECT_EQ(exec("search is(aws_sqs_queue) and name == plain and ctime != null and mtime != null "
                 "| list sqs_visibility_timeout, sqs_queue_url"),
            "sqs_visibility_timeout=30, sqs_queue_url=" + moto_.url() + "/123456789012/plain\n");
  // queue --> key (the alias/aws/sqs queue names no key node); the key is used.
  EXPECT_EQ(exec("search is(aws_sqs_queue) --> is(aws_kms_key) | list id"), "id=" + key + "\n");
  EXPECT_EQ(exec("search is(aws_kms_key) <-- is(aws_sqs_queue) | count"), count_line(1));
  EXPECT_EQ(exec("search is(aws_region) and name == eu-west-1 --> is(aws_sqs_queue) | count"),
            count_line(6));
}

TEST_F(KeysCollect, SecretsWithAndWithoutRotation) {
  auto out = words(seed_python(R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
kms = boto3.client('kms', **kw)
sm = boto3.client('secretsmanager', **kw)
key = kms.create_key(Description='secrets')['KeyMetadata']['KeyId']
sm.create_secret(Name='plain', SecretString='not-a-real-secret', Description='never rotated')
sm.create_secret(Name='rotated', SecretString='not-a-real-secret', KmsKeyId=key,
                 Tags=[{'Key': 'team', 'Value': 'data'}])
sm.rotate_secret(SecretId='rotated', RotationRules={'AutomaticallyAfterDays': 30})
print(key)
)"));
  ASSERT_EQ(out.size(), 1u);
  const std::string& key = out[0];
  RunResult r = collect({"eu-west-1"}, {"kms", "secretsmanager"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(exec("search is(aws_secretsmanager_secret) sort name | list name, rotation_enabled"),
            "name=plain, rotation_enabled=false\nname=rotated, rotation_enabled=true\n");
  EXPECT_EQ(exec("search is(aws_secretsmanager_secret) and last_rotated_date != null and "
                 "next_rotation_date != null | list name, rotation_rules.automatically_after_days, "
                 "tags.team"),
            "name=rotated, automatically_after_days=30, team=data\n");
  EXPECT_EQ(exec("search is(aws_secretsmanager_secret) and ctime != null and mtime != null and "
                 "arn =~ \"^arn:aws:secretsmanager:eu-west-1:123456789012:secret:plain-\" | list "
                 "description"),
            "description=never rotated\n");
  EXPECT_EQ(exec("search is(aws_secretsmanager_secret) --> is(aws_kms_key) | list id"),
            "id=" + key + "\n");
  EXPECT_EQ(exec("search is(aws_kms_key) <-- is(aws_secretsmanager_secret) | count"),
            count_line(1));
}

TEST_F(KeysCollect, TablesWithKmsEncryption) {
  auto out = words(seed_python(R"(import boto3, os
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
kms = boto3.client('kms', **kw)
ddb = boto3.client('dynamodb', **kw)
key = kms.create_key(Description='tables')['KeyMetadata']['KeyId']
schema = dict(KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
              AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
              BillingMode='PAY_PER_REQUEST')
ddb.create_table(TableName='orders', SSESpecification={
    'Enabled': True, 'SSEType': 'KMS', 'KMSMasterKeyId': key},
    Tags=[{'Key': 'team', 'Value': 'shop'}], **schema)
ddb.create_table(TableName='events', **schema)
print(key)
)"));
  ASSERT_EQ(out.size(), 1u);
  const std::string& key = out[0];
  RunResult r = collect({"eu-west-1"}, {"kms", "dynamodb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(
      exec(
          "search is(aws_dynamodb_table) sort name | list name, dynamodb_sse_description.sse_type, "
          "dynamodb_billing_mode_summary.billing_mode"),
      "name=events, billing_mode=PAY_PER_REQUEST\n"
      "name=orders, sse_type=KMS, billing_mode=PAY_PER_REQUEST\n");
  EXPECT_EQ(exec("search is(aws_dynamodb_table) and name == orders | list arn, tags.team, "
                 "dynamodb_key_schema[0].attribute_name, dynamodb_table_status"),
            "arn=arn:aws:dynamodb:eu-west-1:123456789012:table/orders, team=shop, "
            "attribute_name=pk, dynamodb_table_status=ACTIVE\n");
  EXPECT_EQ(exec("search is(aws_dynamodb_table) --> is(aws_kms_key) | list id"),
            "id=" + key + "\n");
  EXPECT_EQ(exec("search is(aws_region) and name == eu-west-1 --> is(aws_dynamodb_table) | count"),
            count_line(2));
}

// All five services in two regions in one run: the store accepts every
// node (an unknown property would reject the account) and nothing warns.
TEST_F(KeysCollect, AllServicesTogether) {
  seed_python(R"(import boto3, os
for region in ('eu-west-1', 'us-east-1'):
    kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name=region)
    key = boto3.client('kms', **kw).create_key()['KeyMetadata']['KeyId']
    boto3.client('sqs', **kw).create_queue(QueueName='q', Attributes={'KmsMasterKeyId': key})
    boto3.client('secretsmanager', **kw).create_secret(Name='s', SecretString='x', KmsKeyId=key)
    boto3.client('dynamodb', **kw).create_table(
        TableName='t', KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
        BillingMode='PAY_PER_REQUEST',
        SSESpecification={'Enabled': True, 'SSEType': 'KMS', 'KMSMasterKeyId': key})
    cfg = boto3.client('config', **kw)
    cfg.put_configuration_recorder(ConfigurationRecorder={
        'name': 'default', 'roleARN': 'arn:aws:iam::123456789012:role/config',
        'recordingGroup': {'allSupported': True}})
)");
  RunResult r =
      collect({"eu-west-1", "us-east-1"}, {"kms", "config", "sqs", "secretsmanager", "dynamodb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  for (const char* kind : {"aws_kms_key", "aws_config_recorder", "aws_sqs_queue",
                           "aws_secretsmanager_secret", "aws_dynamodb_table"})
    EXPECT_EQ(exec(std::string("search is(") + kind + ") | count"), count_line(2)) << kind;
  // Each region's queue, secret and table use that region's key.
  for (const char* region : {"eu-west-1", "us-east-1"})
    EXPECT_EQ(exec(std::string("search is(aws_region) and name == ") + region +
                   " --> is(aws_kms_key) <-- is(aws_sqs_queue, aws_secretsmanager_secret, "
                   "aws_dynamodb_table) | count"),
              count_line(3))
        << region;
}

}  // namespace
}  // namespace canopy::testing
