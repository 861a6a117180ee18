// S3 (with the S3 Control account settings), EFS, Route 53, CloudFront and
// Glacier collected from moto, and the CIS checks that read them
// (checks/aws/aws_s3.json, aws_efs.json, and the two CloudTrail checks that
// look at the trail's bucket).
//
// What moto 5.2 cannot do, covered by the unit tests
// (src/collect/aws/services/storage_test.cc) instead:
//   - MFA delete: PutBucketVersioning ignores MFADelete, GetBucketVersioning
//     never returns MfaDelete, so no bucket passes bucket_no_mfa_delete;
//   - ListBuckets without BucketRegion and ContinuationToken (every bucket is
//     located with GetBucketLocation; max-buckets truncates without a token);
//   - Glacier GetVaultAccessPolicy, SetVaultAccessPolicy and ListTagsForVault
//     are not implemented (404 pages): vaults are collected, with a warning
//     for each of these calls, and never have a policy or tags;
//   - Route 53 ListQueryLoggingConfigs?hostedzoneid=… fails with
//     NoSuchHostedZone (the collector lists all configurations at once).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

using Ids = std::set<std::string>;

const std::vector<std::string> kRegions = {"eu-west-1", "us-east-1"};

// boto3 puts the account id in front of the S3 Control host, which does not
// resolve for 127.0.0.1; moto takes the account from the x-amz-account-id
// header as well.
const char* kPrelude = R"(import boto3, json, os
kw = dict(endpoint_url=os.environ['MOTO_URL'])
def s3control():
    c = boto3.client('s3control', region_name='us-east-1', **kw)
    def no_host_prefix(request, **_):
        request.url = request.url.replace('//123456789012.', '//')
    c.meta.events.register('before-send.s3-control', no_host_prefix)
    return c
)";

// open-bucket    us-east-1: public-read ACL, nothing else
// tls-bucket     us-east-1: policy denying plain HTTP, versioning on
// secure-bucket  eu-west-1: KMS default encryption, all four public access
//                blocks, tags, access logs to log-bucket
// log-bucket     eu-west-1: log-delivery ACL, SSE-S3
const char* kBuckets = R"(
s3 = boto3.client('s3', region_name='us-east-1', **kw)
eu = {'CreateBucketConfiguration': {'LocationConstraint': 'eu-west-1'}}
s3.create_bucket(Bucket='open-bucket', ACL='public-read')
s3.create_bucket(Bucket='tls-bucket')
s3.put_bucket_policy(Bucket='tls-bucket', Policy=json.dumps({
    'Version': '2012-10-17',
    'Statement': [{'Sid': 'DenyHttp', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*',
                   'Resource': ['arn:aws:s3:::tls-bucket', 'arn:aws:s3:::tls-bucket/*'],
                   'Condition': {'Bool': {'aws:SecureTransport': 'false'}}}]}))
s3.put_bucket_versioning(Bucket='tls-bucket', VersioningConfiguration={'Status': 'Enabled'})
s3.create_bucket(Bucket='log-bucket', ACL='log-delivery-write', **eu)
s3.put_bucket_encryption(Bucket='log-bucket', ServerSideEncryptionConfiguration={
    'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
s3.create_bucket(Bucket='secure-bucket', **eu)
s3.put_bucket_encryption(Bucket='secure-bucket', ServerSideEncryptionConfiguration={
    'Rules': [{'ApplyServerSideEncryptionByDefault': {
        'SSEAlgorithm': 'aws:kms',
        'KMSMasterKeyID': 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'},
        'BucketKeyEnabled': True}]})
s3.put_public_access_block(Bucket='secure-bucket', PublicAccessBlockConfiguration={
    'BlockPublicAcls': True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True,
    'RestrictPublicBuckets': True})
s3.put_bucket_tagging(Bucket='secure-bucket', Tagging={'TagSet': [{'Key': 'env', 'Value': 'prod'}]})
s3.put_bucket_logging(Bucket='secure-bucket', BucketLoggingStatus={
    'LoggingEnabled': {'TargetBucket': 'log-bucket', 'TargetPrefix': 'secure/'}})
)";

class StorageCollect : public CollectFixture {
 protected:
  // The lines of a search, sorted.
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
  // The warnings a collect printed.
  static std::vector<std::string> warnings(const RunResult& r) {
    std::vector<std::string> out;
    for (const std::string& text : {r.out, r.err})
      for (const std::string& line : lines_with(text, "  warning: ")) out.push_back(line);
    return out;
  }
};

TEST_F(StorageCollect, BucketsAccountSettingsAndTheS3Checks) {
  seed_python(std::string(kPrelude) + kBuckets);
  RunResult r = collect(kRegions, {"s3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(warnings(r), std::vector<std::string>{});

  EXPECT_EQ(lines("search is(aws_s3_bucket) | list id, arn, bucket_versioning, bucket_mfa_delete"),
            (std::vector<std::string>{
                "id=log-bucket, arn=arn:aws:s3:::log-bucket, bucket_versioning=false, "
                "bucket_mfa_delete=false",
                "id=open-bucket, arn=arn:aws:s3:::open-bucket, bucket_versioning=false, "
                "bucket_mfa_delete=false",
                "id=secure-bucket, arn=arn:aws:s3:::secure-bucket, bucket_versioning=false, "
                "bucket_mfa_delete=false",
                "id=tls-bucket, arn=arn:aws:s3:::tls-bucket, bucket_versioning=true, "
                "bucket_mfa_delete=false"}));
  // Buckets of both regions are read in their region and hang below `global`.
  EXPECT_EQ(count("search is(aws_region) and name==global --> is(aws_s3_bucket)"),
            "total matched: 4");
  EXPECT_EQ(lines("search is(aws_s3_bucket) and id==secure-bucket | list "
                  "bucket_encryption_rules[0].sse_algorithm, "
                  "bucket_encryption_rules[0].bucket_key_enabled, tags.env, "
                  "bucket_public_access_block_configuration.block_public_acls, "
                  "bucket_public_access_block_configuration.restrict_public_buckets, "
                  "bucket_logging.target_bucket, bucket_logging.target_prefix"),
            (std::vector<std::string>{
                "sse_algorithm=aws:kms, bucket_key_enabled=true, env=prod, block_public_acls=true, "
                "restrict_public_buckets=true, target_bucket=log-bucket, target_prefix=secure/"}));
  // Nothing configured: no rules ([]), no block, no logging, no policy.
  EXPECT_EQ(count("search is(aws_s3_bucket) and bucket_encryption_rules==[] and "
                  "bucket_public_access_block_configuration==null and bucket_logging==null and "
                  "bucket_policy==null and id==open-bucket"),
            "total matched: 1");
  EXPECT_EQ(lines("search is(aws_s3_bucket) and bucket_acl.grants[*].grantee.uri=="
                  "\"http://acs.amazonaws.com/groups/global/AllUsers\" | list id"),
            (std::vector<std::string>{"id=open-bucket"}));
  EXPECT_EQ(lines("search is(aws_s3_bucket) and bucket_acl.grants[*].grantee.uri=="
                  "\"http://acs.amazonaws.com/groups/s3/LogDelivery\" | list id"),
            (std::vector<std::string>{"id=log-bucket"}));
  EXPECT_EQ(lines("search is(aws_s3_bucket) and bucket_policy.Statement[*].{Effect==Deny and "
                  "Condition.Bool.`aws:SecureTransport`==\"false\"} | list id"),
            (std::vector<std::string>{"id=tls-bucket"}));

  // No account-level block: one settings node, four times false.
  EXPECT_EQ(lines("search is(aws_account) --> is(aws_s3_account_settings) | list id, "
                  "bucket_public_access_block_configuration.block_public_acls, "
                  "bucket_public_access_block_configuration.ignore_public_acls, "
                  "bucket_public_access_block_configuration.block_public_policy, "
                  "bucket_public_access_block_configuration.restrict_public_buckets"),
            (std::vector<std::string>{"id=123456789012, block_public_acls=false, "
                                      "ignore_public_acls=false, block_public_policy=false, "
                                      "restrict_public_buckets=false"}));

  EXPECT_EQ(failed("aws_s3_bucket_default_encryption"), (Ids{"open-bucket", "tls-bucket"}));
  EXPECT_EQ(failed("aws_s3_bucket_secure_transport_policy"),
            (Ids{"open-bucket", "secure-bucket", "log-bucket"}));
  EXPECT_EQ(failed("aws_s3_bucket_no_mfa_delete"),
            (Ids{"open-bucket", "tls-bucket", "secure-bucket", "log-bucket"}));
  EXPECT_EQ(failed("aws_s3_account_level_public_access_blocks"),
            (Ids{"open-bucket", "tls-bucket", "log-bucket"}));

  // The account-level block covers every bucket.
  seed_python(std::string(kPrelude) + R"(
s3control().put_public_access_block(AccountId='123456789012', PublicAccessBlockConfiguration={
    'BlockPublicAcls': True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True,
    'RestrictPublicBuckets': True})
)");
  r = collect(kRegions, {"s3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count("search is(aws_s3_account_settings) and "
                  "bucket_public_access_block_configuration.block_public_acls==true and "
                  "bucket_public_access_block_configuration.ignore_public_acls==true and "
                  "bucket_public_access_block_configuration.block_public_policy==true and "
                  "bucket_public_access_block_configuration.restrict_public_buckets==true"),
            "total matched: 1");
  EXPECT_EQ(failed("aws_s3_account_level_public_access_blocks"), Ids{});
}

// A trail writing to the public, unlogged open-bucket and one writing to the
// blocked, logged secure-bucket.
TEST_F(StorageCollect, CloudTrailChecksReadTheTrailsBucket) {
  seed_python(std::string(kPrelude) + kBuckets + R"(
boto3.client('cloudtrail', region_name='us-east-1', **kw).create_trail(
    Name='open-trail', S3BucketName='open-bucket')
boto3.client('cloudtrail', region_name='eu-west-1', **kw).create_trail(
    Name='safe-trail', S3BucketName='secure-bucket')
)");
  RunResult r = collect(kRegions, {"s3", "cloudtrail"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines("search is(aws_cloud_trail) --> is(aws_s3_bucket) | list id"),
            (std::vector<std::string>{"id=open-bucket", "id=secure-bucket"}));
  EXPECT_EQ(failed("aws_cloudtrail_logs_s3_bucket_is_not_publicly_accessible"), Ids{"open-bucket"});
  EXPECT_EQ(failed("aws_cloudtrail_s3_bucket_logging_enabled"), Ids{"open-trail"});
}

TEST_F(StorageCollect, EfsFileSystemsPoliciesMountTargetsAndEncryptionCheck) {
  std::string out = seed_python(std::string(kPrelude) + R"(
efs = boto3.client('efs', region_name='eu-west-1', **kw)
enc = efs.create_file_system(
    CreationToken='enc', Encrypted=True, PerformanceMode='generalPurpose',
    KmsKeyId='arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    Tags=[{'Key': 'Name', 'Value': 'shared'}, {'Key': 'team', 'Value': 'data'}])['FileSystemId']
plain = efs.create_file_system(CreationToken='plain', Encrypted=False)['FileSystemId']
efs.put_file_system_policy(FileSystemId=enc, Policy=json.dumps({
    'Version': '2012-10-17',
    'Statement': [{'Effect': 'Deny', 'Principal': {'AWS': '*'}, 'Action': '*',
                   'Condition': {'Bool': {'aws:SecureTransport': 'false'}}}]}))
ec2 = boto3.client('ec2', region_name='eu-west-1', **kw)
vpc = ec2.create_vpc(CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.1.1.0/24',
                           AvailabilityZone='eu-west-1a')['Subnet']['SubnetId']
mt = efs.create_mount_target(FileSystemId=enc, SubnetId=subnet)['MountTargetId']
print(enc, plain, mt)
)");
  std::vector<std::string> ids;
  for (size_t pos = 0, sp; pos < out.size(); pos = sp + 1) {
    sp = out.find(' ', pos);
    if (sp == std::string::npos) sp = out.size();
    ids.push_back(out.substr(pos, sp - pos));
  }
  ASSERT_EQ(ids.size(), 3u) << out;
  const std::string &enc = ids[0], &plain = ids[1], &mount_target = ids[2];
  RunResult r = collect(kRegions, {"efs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(warnings(r), std::vector<std::string>{});

  std::vector<std::string> expected = {
      "id=" + enc + ", name=shared, share_encrypted=true, number_of_mount_targets=1, " +
          "creation_token=enc",
      "id=" + plain + ", name=" + plain +
          ", share_encrypted=false, number_of_mount_targets=0, creation_token=plain"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(lines("search is(aws_efs_file_system) | list id, name, share_encrypted, "
                  "number_of_mount_targets, creation_token"),
            expected);
  EXPECT_EQ(lines("search is(aws_efs_file_system) and file_system_policy.Statement[*].Effect==Deny "
                  "| list id, tags.team, arn"),
            (std::vector<std::string>{"id=" + enc +
                                      ", team=data, arn=arn:aws:elasticfilesystem:"
                                      "eu-west-1:123456789012:file-system/" +
                                      enc}));
  EXPECT_EQ(count("search is(aws_efs_file_system) and id==" + plain +
                  " and file_system_policy==null and ctime!=null"),
            "total matched: 1");
  EXPECT_EQ(lines("search is(aws_efs_file_system) --> is(aws_efs_mount_target) | list id, "
                  "life_cycle_state, availability_zone_name"),
            (std::vector<std::string>{"id=" + mount_target +
                                      ", life_cycle_state=available, "
                                      "availability_zone_name=eu-west-1a"}));
  EXPECT_EQ(count("search is(aws_region) and id==eu-west-1 --> is(aws_efs_file_system)"),
            "total matched: 2");

  EXPECT_EQ(failed("aws_efs_storage_encrypted"), Ids{plain});
}

TEST_F(StorageCollect, ZonesDistributionsAndVaults) {
  std::string distribution = seed_python(std::string(kPrelude) + R"(
s3 = boto3.client('s3', region_name='us-east-1', **kw)
s3.create_bucket(Bucket='site-bucket')
logs = boto3.client('logs', region_name='us-east-1', **kw)
logs.create_log_group(logGroupName='/aws/route53/example.com')
group = logs.describe_log_groups()['logGroups'][0]['arn']
r53 = boto3.client('route53', region_name='us-east-1', **kw)
zone = r53.create_hosted_zone(Name='example.com', CallerReference='zone-1',
                              HostedZoneConfig={'Comment': 'public', 'PrivateZone': False})
zone_id = zone['HostedZone']['Id'].split('/')[-1]
r53.create_query_logging_config(HostedZoneId=zone_id, CloudWatchLogsLogGroupArn=group)
r53.change_tags_for_resource(ResourceType='hostedzone', ResourceId=zone_id,
                             AddTags=[{'Key': 'team', 'Value': 'dns'}])
r53.create_hosted_zone(Name='quiet.example.org', CallerReference='zone-2')
# More record sets than one page holds (300): the listing must follow its three tokens.
big = r53.create_hosted_zone(Name='big.example.net', CallerReference='zone-3')['HostedZone']['Id']
r53.change_resource_record_sets(HostedZoneId=big, ChangeBatch={'Changes': [
    {'Action': 'CREATE', 'ResourceRecordSet': {
        'Name': 'h%d.big.example.net' % i, 'Type': 'A', 'TTL': 60,
        'ResourceRecords': [{'Value': '10.0.%d.%d' % (i // 250, i % 250)}]}}
    for i in range(650)]})
r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={'Changes': [
    {'Action': 'CREATE', 'ResourceRecordSet': {
        'Name': 'www.example.com', 'Type': 'A', 'TTL': 300,
        'ResourceRecords': [{'Value': '192.0.2.1'}, {'Value': '192.0.2.2'}]}},
    {'Action': 'CREATE', 'ResourceRecordSet': {
        'Name': 'example.com', 'Type': 'MX', 'TTL': 600,
        'ResourceRecords': [{'Value': '10 mail.example.com'}]}},
    {'Action': 'CREATE', 'ResourceRecordSet': {
        'Name': '*.example.com', 'Type': 'A', 'SetIdentifier': 'blue', 'Weight': 70,
        'AliasTarget': {'HostedZoneId': zone_id, 'DNSName': 'www.example.com',
                        'EvaluateTargetHealth': False}}}]})
cf = boto3.client('cloudfront', region_name='us-east-1', **kw)
d = cf.create_distribution_with_tags(DistributionConfigWithTags={'DistributionConfig': {
    'CallerReference': 'site', 'Comment': 'site', 'Enabled': True,
    'Aliases': {'Quantity': 1, 'Items': ['www.example.com']},
    'Origins': {'Quantity': 1, 'Items': [{'Id': 'site', 'DomainName': 'site-bucket.s3.amazonaws.com',
                                          'S3OriginConfig': {'OriginAccessIdentity': ''}}]},
    'DefaultCacheBehavior': {'TargetOriginId': 'site', 'ViewerProtocolPolicy': 'redirect-to-https',
                             'MinTTL': 0, 'ForwardedValues': {'QueryString': False,
                                                              'Cookies': {'Forward': 'none'}}},
    'Logging': {'Enabled': True, 'IncludeCookies': False, 'Bucket': 'logs.s3.amazonaws.com',
                'Prefix': 'cf/'}},
    'Tags': {'Items': [{'Key': 'team', 'Value': 'web'}]}})
glacier = boto3.client('glacier', region_name='eu-west-1', **kw)
glacier.create_vault(vaultName='archive')
glacier.initiate_job(vaultName='archive', jobParameters={
    'Type': 'inventory-retrieval', 'Description': 'monthly inventory', 'Tier': 'Standard'})
print(d['Distribution']['Id'])
)");
  RunResult r = collect(kRegions, {"route53", "cloudfront", "glacier", "s3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Only the Glacier calls moto lacks fail.
  EXPECT_EQ(warnings(r), (std::vector<std::string>{
                             "glacier eu-west-1 ListTagsForVault archive: NotFound (404)",
                             "glacier eu-west-1 GetVaultAccessPolicy archive: NotFound (404)"}));

  EXPECT_EQ(lines("search is(aws_route53_zone) | list name, zone_config.private_zone, "
                  "zone_caller_reference, zone_resource_record_set_count"),
            (std::vector<std::string>{"name=big.example.net., private_zone=false, "
                                      "zone_caller_reference=zone-3, "
                                      "zone_resource_record_set_count=652",
                                      "name=example.com., private_zone=false, "
                                      "zone_caller_reference=zone-1, "
                                      "zone_resource_record_set_count=5",
                                      "name=quiet.example.org., private_zone=false, "
                                      "zone_caller_reference=zone-2, "
                                      "zone_resource_record_set_count=2"}));
  EXPECT_EQ(lines("search is(aws_route53_zone) and zone_logging_config!=null | list name, "
                  "tags.team, zone_logging_config.cloud_watch_logs_log_group_arn"),
            (std::vector<std::string>{"name=example.com., team=dns, cloud_watch_logs_log_group_arn="
                                      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/"
                                      "example.com:*"}));
  EXPECT_EQ(count("search is(aws_region) and name==global --> is(aws_route53_zone)"),
            "total matched: 3");
  EXPECT_EQ(count("search is(aws_route53_zone) and name==\"big.example.net.\" --> "
                  "is(aws_route53_resource_record_set)"),
            "total matched: 652");
  EXPECT_EQ(count("search is(aws_route53_zone) and name==\"big.example.net.\" -[2]-> "
                  "is(aws_route53_resource_record) and record_type==A"),
            "total matched: 650");
  // Every record set below its zone (moto adds NS and SOA to each; it writes
  // the SOA value as a Python dict, so that one is left out here, and gives
  // the alias a TTL of 0 where AWS sends none).
  EXPECT_EQ(lines("search is(aws_route53_zone) and name==\"example.com.\" --> "
                  "is(aws_route53_resource_record_set) and record_type!=SOA | list record_name, "
                  "record_type, record_ttl, record_values, record_set_identifier, record_weight"),
            (std::vector<std::string>{
                "record_name=*.example.com., record_type=A, record_ttl=0, record_values=[], "
                "record_set_identifier=blue, record_weight=70",
                "record_name=example.com., record_type=MX, record_ttl=600, "
                "record_values=[10 mail.example.com]",
                "record_name=example.com., record_type=NS, record_ttl=172800, "
                "record_values=[ns-2048.awsdns-64.com, ns-2049.awsdns-65.net, "
                "ns-2050.awsdns-66.org, ns-2051.awsdns-67.co.uk]",
                "record_name=www.example.com., record_type=A, record_ttl=300, "
                "record_values=[192.0.2.1, 192.0.2.2]"}));
  EXPECT_EQ(lines("search is(aws_route53_resource_record_set) and record_type==A <-- "
                  "is(aws_route53_zone) | list name"),
            (std::vector<std::string>{"name=big.example.net.", "name=example.com."}));
  EXPECT_EQ(lines("search is(aws_route53_zone) and name==\"example.com.\" --> "
                  "is(aws_route53_resource_record_set) and record_type in [A, MX] --> "
                  "is(aws_route53_resource_record) | list record_type, record_value, "
                  "record_priority"),
            (std::vector<std::string>{"record_type=A, record_value=192.0.2.1",
                                      "record_type=A, record_value=192.0.2.2",
                                      "record_type=MX, record_value=mail.example.com, "
                                      "record_priority=10"}));
  EXPECT_EQ(count("search is(aws_route53_zone) and name==\"quiet.example.org.\" --> "
                  "is(aws_route53_resource_record_set)"),
            "total matched: 2");

  EXPECT_EQ(lines("search is(aws_cloudfront_distribution) | list id, distribution_status, "
                  "distribution_config.logging.enabled, distribution_config.logging.bucket, "
                  "distribution_config.web_acl_id, distribution_config.aliases[0], tags.team"),
            (std::vector<std::string>{"id=" + distribution +
                                      ", distribution_status=Deployed, enabled=true, "
                                      "bucket=logs.s3.amazonaws.com, web_acl_id=, "
                                      "aliases=www.example.com, team=web"}));
  EXPECT_EQ(lines("search is(aws_cloudfront_distribution) --> is(aws_s3_bucket) | list id"),
            (std::vector<std::string>{"id=site-bucket"}));
  EXPECT_EQ(count("search is(aws_region) and name==global --> is(aws_cloudfront_distribution)"),
            "total matched: 1");

  EXPECT_EQ(lines("search is(aws_glacier_vault) | list name, arn, glacier_number_of_archives, "
                  "glacier_size_in_bytes"),
            (std::vector<std::string>{"name=archive, arn=arn:aws:glacier:eu-west-1:123456789012:"
                                      "vaults/archive, glacier_number_of_archives=0, "
                                      "glacier_size_in_bytes=0"}));
  EXPECT_EQ(count("search is(aws_region) and id==eu-west-1 --> is(aws_glacier_vault) and "
                  "ctime!=null"),
            "total matched: 1");
  // moto leaves the job's description out of ListJobs.
  EXPECT_EQ(lines("search is(aws_glacier_vault) --> is(aws_glacier_job) | list "
                  "glacier_job_action, glacier_job_status_code, glacier_job_tier, "
                  "glacier_job_vault_arn"),
            (std::vector<std::string>{"glacier_job_action="
                                      "InventoryRetrieval, glacier_job_status_code=InProgress, "
                                      "glacier_job_tier=Standard, glacier_job_vault_arn=arn:aws:"
                                      "glacier:eu-west-1:123456789012:vaults/archive"}));
}

}  // namespace
}  // namespace canopy::testing
