// End to end: the real canopy binary collects RDS, Redshift, ELB, ELBv2,
// Auto Scaling and CloudFormation from moto, and searches and the CIS checks
// that read these kinds answer what the seeding scripts created.
//
// Where moto differs from AWS (moto 5.2):
//   - RDS answers KmsKeyId with the bare key id (AWS: the key ARN); both name
//     the key node;
//   - Redshift clusters have no VpcId and no KMS key, so their edges are
//     covered by the unit tests only;
//   - classic load balancers get a DNS name in us-east-1 whatever the region;
//   - GetMetricData returns the datapoints put, in periods counted from
//     StartTime, so an instance's atime is only known to the hour here.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string count_line(int n) {
  return "total matched: " + std::to_string(n) + "\ntotal unmatched: 0\n";
}

using Ids = std::set<std::string>;

// The ids a search lists (`| list id`), in any order.
Ids listed(const std::string& out) {
  auto v = lines_with(out, "id=");
  return Ids(v.begin(), v.end());
}

// The warnings of a collect about this group's services (other services
// collected for their nodes may have their own).
std::string own_warnings(const RunResult& r) {
  std::string out;
  for (const auto& w : lines_with(r.err, "  warning: "))
    for (const char* s : {"rds ", "redshift ", "elb ", "elbv2 ", "autoscaling ", "cloudformation "})
      if (w.rfind(s, 0) == 0) out += w + "\n";
  return out;
}

class BalancersDatabasesCollect : public CollectFixture {};

const char* kNetwork = R"(import boto3, os
R = 'eu-west-1'
def client(name):
    return boto3.client(name, endpoint_url=os.environ['MOTO_URL'], region_name=R)
ec2 = client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
a = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.1.0/24', AvailabilityZone=R + 'a')['Subnet']['SubnetId']
b = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.2.0/24', AvailabilityZone=R + 'b')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='app', Description='app', VpcId=vpc)['GroupId']
)";

TEST_F(BalancersDatabasesCollect, RdsInstancesAndSnapshotsFeedTheirChecks) {
  auto ids = words(seed_python(std::string(kNetwork) + R"(
import datetime
key = client('kms').create_key()['KeyMetadata']['KeyId']
rds = client('rds')
rds.create_db_subnet_group(DBSubnetGroupName='private', DBSubnetGroupDescription='private',
                           SubnetIds=[a, b])
common = dict(DBInstanceClass='db.t3.micro', MasterUsername='admin',
              MasterUserPassword='not-a-secret-1', AllocatedStorage=20)
rds.create_db_instance(DBInstanceIdentifier='private-db', Engine='postgres', DBName='orders',
                       StorageEncrypted=True, KmsKeyId=key, PubliclyAccessible=False,
                       AutoMinorVersionUpgrade=True, DBSubnetGroupName='private',
                       VpcSecurityGroupIds=[sg], EnableCloudwatchLogsExports=['postgresql'],
                       Tags=[{'Key': 'team', 'Value': 'orders'}], **common)
rds.create_db_instance(DBInstanceIdentifier='public-db', Engine='mysql', StorageEncrypted=False,
                       PubliclyAccessible=True, AutoMinorVersionUpgrade=False, **common)
rds.create_db_snapshot(DBSnapshotIdentifier='public-snap', DBInstanceIdentifier='public-db')
rds.modify_db_snapshot_attribute(DBSnapshotIdentifier='public-snap', AttributeName='restore',
                                 ValuesToAdd=['all'])
rds.create_db_snapshot(DBSnapshotIdentifier='private-snap', DBInstanceIdentifier='private-db')
rds.create_db_cluster(DBClusterIdentifier='analytics', Engine='aurora-postgresql',
                      MasterUsername='admin', MasterUserPassword='not-a-secret-1')
rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier='analytics-public',
                               DBClusterIdentifier='analytics')
rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier='analytics-public',
                                         AttributeName='restore', ValuesToAdd=['all'])
# private-db had connections five hours ago.
used = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(hours=5)
client('cloudwatch').put_metric_data(Namespace='AWS/RDS', MetricData=[{
    'MetricName': 'DatabaseConnections', 'Timestamp': used, 'Value': 3.0,
    'Dimensions': [{'Name': 'DBInstanceIdentifier', 'Value': 'private-db'}]}])
print(vpc, a, b, sg, key, used.strftime('%Y-%m-%dT%H:%M:%SZ'),
      (used - datetime.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ'))
)"));
  ASSERT_EQ(ids.size(), 7u);
  const std::string &vpc = ids[0], &subnet_a = ids[1], &subnet_b = ids[2], &sg = ids[3],
                    &key = ids[4], &used = ids[5], &hour_before = ids[6];
  RunResult r = collect({"eu-west-1"}, {"rds", "ec2", "kms"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(own_warnings(r), "");

  EXPECT_EQ(
      exec("search is(aws_rds_instance) | sort id | list id, name, volume_encrypted, "
           "db_publicly_accessible, rds_auto_minor_version_upgrade, "
           "rds_enabled_cloudwatch_logs_exports, tags.team"),
      "id=private-db, name=orders, volume_encrypted=true, db_publicly_accessible=false, "
      "rds_auto_minor_version_upgrade=true, rds_enabled_cloudwatch_logs_exports=[postgresql], "
      "team=orders\n"
      "id=public-db, name=public-db, volume_encrypted=false, db_publicly_accessible=true, "
      "rds_auto_minor_version_upgrade=false, rds_enabled_cloudwatch_logs_exports=[]\n");
  EXPECT_EQ(exec("search is(aws_rds_instance) and id == private-db | list db_type, db_endpoint, "
                 "rds_db_subnet_group.vpc_id, arn"),
            "db_type=postgres, db_endpoint=private-db.aaaaaaaaaa.eu-west-1.rds.amazonaws.com:5432, "
            "vpc_id=" +
                vpc + ", arn=arn:aws:rds:eu-west-1:123456789012:db:private-db\n");

  // The three CIS checks on instances.
  EXPECT_EQ(failing("aws_rds_storage_encrypted"), Ids{"public-db"});
  EXPECT_EQ(failing("aws_rds_auto_minor_version_upgrade"), Ids{"public-db"});
  EXPECT_EQ(failing("aws_rds_no_public_access"), Ids{"public-db"});

  // The instance sits in its VPC, subnets and security group and uses its key.
  EXPECT_EQ(listed(exec("search is(aws_rds_instance) and id == private-db <-- is(aws_vpc, "
                        "aws_ec2_subnet, aws_ec2_security_group) | list id")),
            (Ids{sg, subnet_a, subnet_b, vpc}));
  EXPECT_EQ(exec("search is(aws_rds_instance) and id == private-db --> is(aws_kms_key) | list id"),
            "id=" + key + "\n");

  // Public snapshots: restore shared with all.
  EXPECT_EQ(exec("search is(aws_rds_snapshot) and rds_attributes.restore[*] == all | list id, "
                 "rds_db_instance_identifier, encrypted"),
            "id=public-snap, rds_db_instance_identifier=public-db, encrypted=false\n");
  EXPECT_EQ(exec("search is(aws_rds_cluster_snapshot) and rds_attributes.restore[*] == all | list "
                 "id, rds_db_cluster_identifier"),
            "id=analytics-public, rds_db_cluster_identifier=analytics\n");
  EXPECT_EQ(exec("search is(aws_rds_instance) and id == private-db --> is(aws_rds_snapshot) and "
                 "rds_snapshot_type == manual | list id"),
            "id=private-snap\n");

  // atime = mtime: the hour with connections; without any, the creation.
  EXPECT_EQ(exec("search is(aws_rds_instance) and id == private-db and atime <= \"" + used +
                 "\" and atime > \"" + hour_before + "\" and mtime <= \"" + used + "\" | count"),
            count_line(1));
  auto created =
      lines_with(exec("search is(aws_rds_instance) and id == public-db | list ctime"), "ctime=");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(exec("search is(aws_rds_instance) and id == public-db | list atime, mtime"),
            "atime=" + created[0] + ", mtime=" + created[0] + "\n");
}

TEST_F(BalancersDatabasesCollect, RedshiftClustersWithTheirLoggingStatus) {
  seed_python(R"(import boto3, os
def client(name):
    return boto3.client(name, endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
rs = client('redshift')
common = dict(NodeType='dc2.large', MasterUsername='admin', MasterUserPassword='NotSecret1',
              ClusterType='single-node')
rs.create_cluster(ClusterIdentifier='public-wh', PubliclyAccessible=True,
                  AllowVersionUpgrade=False, Encrypted=True,
                  Tags=[{'Key': 'env', 'Value': 'prod'}], **common)
rs.create_cluster(ClusterIdentifier='audited-wh', PubliclyAccessible=False, **common)
client('s3').create_bucket(Bucket='audit-logs',
                           CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
rs.enable_logging(ClusterIdentifier='audited-wh', BucketName='audit-logs', S3KeyPrefix='rs/')
)");
  RunResult r = collect({"eu-west-1"}, {"redshift"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(own_warnings(r), "");

  EXPECT_EQ(exec("search is(aws_redshift_cluster) | sort id | list id, "
                 "redshift_logging_status.logging_enabled, redshift_publicly_accessible, "
                 "redshift_allow_version_upgrade, redshift_encrypted"),
            "id=audited-wh, logging_enabled=true, redshift_publicly_accessible=false, "
            "redshift_allow_version_upgrade=true, redshift_encrypted=false\n"
            "id=public-wh, logging_enabled=false, redshift_publicly_accessible=true, "
            "redshift_allow_version_upgrade=false, redshift_encrypted=true\n");
  EXPECT_EQ(exec("search is(aws_redshift_cluster) and id == audited-wh | list "
                 "redshift_logging_status.bucket_name, redshift_logging_status.s3_key_prefix"),
            "bucket_name=audit-logs, s3_key_prefix=rs/\n");
  EXPECT_EQ(exec("search is(aws_redshift_cluster) and redshift_endpoint.address =~ "
                 "\"^public-wh\" | list arn, redshift_endpoint.port, tags.env"),
            "arn=arn:aws:redshift:eu-west-1:123456789012:cluster:public-wh, port=5439, env=prod\n");
  EXPECT_EQ(
      exec("search is(aws_region) and name == eu-west-1 --> is(aws_redshift_cluster) | count"),
      count_line(2));
}

TEST_F(BalancersDatabasesCollect, ClassicAndApplicationLoadBalancers) {
  auto ids = words(seed_python(std::string(kNetwork) + R"(
inst = ec2.run_instances(ImageId='ami-03cf127a', InstanceType='t3.micro', MinCount=1, MaxCount=1,
                         SubnetId=a)['Instances'][0]['InstanceId']
elb = client('elb')
dns = elb.create_load_balancer(
    LoadBalancerName='classic', Subnets=[a], SecurityGroups=[sg],
    Listeners=[{'Protocol': 'HTTP', 'LoadBalancerPort': 80, 'InstancePort': 8080},
               {'Protocol': 'HTTPS', 'LoadBalancerPort': 443, 'InstancePort': 8080,
                'SSLCertificateId': 'arn:aws:iam::123456789012:server-certificate/web'}],
    Tags=[{'Key': 'team', 'Value': 'web'}])['DNSName']
elb.register_instances_with_load_balancer(LoadBalancerName='classic', Instances=[{'InstanceId': inst}])
elb.modify_load_balancer_attributes(LoadBalancerName='classic', LoadBalancerAttributes={
    'AccessLog': {'Enabled': True, 'S3BucketName': 'elb-logs', 'EmitInterval': 5}})
elb.create_load_balancer(LoadBalancerName='quiet', Subnets=[b],
                         Listeners=[{'Protocol': 'TCP', 'LoadBalancerPort': 22, 'InstancePort': 22}])
v2 = client('elbv2')
app = v2.create_load_balancer(Name='shop', Subnets=[a, b], SecurityGroups=[sg],
                              Tags=[{'Key': 'app', 'Value': 'shop'}])['LoadBalancers'][0]['LoadBalancerArn']
tg = v2.create_target_group(Name='shop-web', Protocol='HTTP', Port=80, VpcId=vpc)['TargetGroups'][0]['TargetGroupArn']
v2.create_listener(LoadBalancerArn=app, Protocol='HTTP', Port=80,
                   DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg}])
v2.create_load_balancer(Name='ingress', Subnets=[a], Type='network')
print(vpc, a, b, sg, inst, dns, app, tg)
)"));
  ASSERT_EQ(ids.size(), 8u);
  const std::string &vpc = ids[0], &subnet_a = ids[1], &subnet_b = ids[2], &sg = ids[3],
                    &instance = ids[4], &dns = ids[5], &app = ids[6], &tg = ids[7];
  RunResult r = collect({"eu-west-1"}, {"elb", "elbv2", "ec2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(own_warnings(r), "");

  // Classic: the id is the DNS name; listeners and access logging as the checks read them.
  EXPECT_EQ(exec("search is(aws_elb) | sort name | list name, elb_attributes.access_log.enabled"),
            "name=classic, enabled=true\nname=quiet, enabled=false\n");
  EXPECT_EQ(exec("search is(aws_elb) and name == classic | list id, tags.team, backends"),
            "id=" + dns + ", team=web, backends=[" + instance + "]\n");
  EXPECT_EQ(exec("search is(aws_elb) and name == classic | jq --no-rewrite "
                 "'[.reported.elb_listener_descriptions[].listener | [.protocol, "
                 ".ssl_certificate_id]]' | format --ndjson"),
            "[[\"HTTP\",null],[\"HTTPS\",\"arn:aws:iam::123456789012:server-certificate/web\"]]\n");
  EXPECT_EQ(exec("search is(aws_elb) and elb_listener_descriptions[*].listener.protocol == HTTPS "
                 "| list name"),
            "name=classic\n");
  EXPECT_EQ(listed(exec("search is(aws_elb) and name == classic <-- is(aws_vpc, aws_ec2_subnet, "
                        "aws_ec2_security_group) | list id")),
            (Ids{sg, subnet_a, vpc}));
  EXPECT_EQ(exec("search is(aws_elb) and name == classic --> is(aws_ec2_instance) | list id"),
            "id=" + instance + "\n");

  // ELBv2: every type is an aws_alb; listeners are [] when there are none.
  EXPECT_EQ(exec("search is(aws_alb) | sort id | list id, alb_type"),
            "id=ingress, alb_type=network\nid=shop, alb_type=application\n");
  EXPECT_EQ(exec("search is(aws_alb) and alb_listener == [] | list id"), "id=ingress\n");
  EXPECT_EQ(exec("search is(aws_alb) and id == shop | list arn, tags.app"),
            "arn=" + app + ", app=shop\n");
  EXPECT_EQ(exec("search is(aws_alb) and id == shop | jq --no-rewrite '[.reported.alb_listener[] "
                 "| [.port, .protocol, .default_actions[0].type, "
                 ".default_actions[0].target_group_arn]]' | format --ndjson"),
            "[[80,\"HTTP\",\"forward\",\"" + tg + "\"]]\n");
  EXPECT_EQ(listed(exec("search is(aws_alb) and id == shop <-- is(aws_vpc, aws_ec2_subnet, "
                        "aws_ec2_security_group) | list id")),
            (Ids{sg, subnet_a, subnet_b, vpc}));
}

TEST_F(BalancersDatabasesCollect, AutoScalingGroupUsesItsLaunchTemplate) {
  auto ids = words(seed_python(std::string(kNetwork) + R"(
lt = ec2.create_launch_template(LaunchTemplateName='web', LaunchTemplateData={
    'ImageId': 'ami-03cf127a', 'InstanceType': 't3.micro'})['LaunchTemplate']['LaunchTemplateId']
asg = client('autoscaling')
asg.create_auto_scaling_group(AutoScalingGroupName='web-asg', MinSize=1, MaxSize=3,
                              DesiredCapacity=1, VPCZoneIdentifier=a,
                              LaunchTemplate={'LaunchTemplateId': lt, 'Version': '$Latest'},
                              Tags=[{'Key': 'team', 'Value': 'web', 'PropagateAtLaunch': True}])
inst = asg.describe_auto_scaling_groups()['AutoScalingGroups'][0]['Instances'][0]['InstanceId']
print(lt, inst, a)
)"));
  ASSERT_EQ(ids.size(), 3u);
  const std::string &lt = ids[0], &instance = ids[1], &subnet = ids[2];
  RunResult r = collect({"eu-west-1"}, {"autoscaling", "ec2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(own_warnings(r), "");

  EXPECT_EQ(exec("search is(aws_autoscaling_group) | list id, min_size, max_size, "
                 "autoscaling_launch_template.launch_template_id, autoscaling_vpc_zone_identifier, "
                 "tags.team"),
            "id=web-asg, min_size=1, max_size=3, launch_template_id=" + lt +
                ", autoscaling_vpc_zone_identifier=" + subnet + ", team=web\n");
  EXPECT_EQ(exec("search is(aws_autoscaling_group) --> is(aws_ec2_launch_template) | list id"),
            "id=" + lt + "\n");
  EXPECT_EQ(exec("search is(aws_autoscaling_group) --> is(aws_ec2_instance) | list id"),
            "id=" + instance + "\n");
}

TEST_F(BalancersDatabasesCollect, StackOutputsAndResources) {
  auto ids = words(seed_python(R"(import boto3, os, json
cf = boto3.client('cloudformation', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
template = {
    'Resources': {
        'Assets': {'Type': 'AWS::S3::Bucket', 'Properties': {'BucketName': 'app-assets'}},
        'Orders': {'Type': 'AWS::SQS::Queue', 'Properties': {'QueueName': 'orders'}},
        'Net': {'Type': 'AWS::EC2::VPC', 'Properties': {'CidrBlock': '10.9.0.0/16'}}},
    'Outputs': {
        'BucketName': {'Value': {'Ref': 'Assets'}, 'Description': 'assets',
                       'Export': {'Name': 'app-assets'}},
        'VpcId': {'Value': {'Ref': 'Net'}}}}
stack = cf.create_stack(StackName='app', TemplateBody=json.dumps(template),
                        Tags=[{'Key': 'owner', 'Value': 'ops'}])['StackId']
vpc = [r['PhysicalResourceId'] for r in cf.list_stack_resources(StackName='app')['StackResourceSummaries']
       if r['ResourceType'] == 'AWS::EC2::VPC'][0]
print(stack, vpc)
)"));
  ASSERT_EQ(ids.size(), 2u);
  const std::string &stack = ids[0], &vpc = ids[1];
  RunResult r = collect({"eu-west-1"}, {"cloudformation", "s3", "sqs", "ec2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(own_warnings(r), "");

  EXPECT_EQ(exec("search is(aws_cloudformation_stack) | list id, name, stack_status, tags.owner"),
            "id=" + stack + ", name=app, stack_status=CREATE_COMPLETE, owner=ops\n");
  // The outputs the detect-secrets check scans.
  EXPECT_EQ(exec("search is(aws_cloudformation_stack) | jq --no-rewrite "
                 "'.reported.stack_outputs | sort_by(.output_key)' | format --ndjson"),
            "[{\"output_key\":\"BucketName\",\"output_value\":\"app-assets\",\"description\":"
            "\"assets\",\"export_name\":\"app-assets\"},{\"output_key\":\"VpcId\","
            "\"output_value\":\"" +
                vpc + "\"}]\n");
  // Stack → its bucket (by name), queue (by the URL's ARN) and VPC (by id).
  EXPECT_EQ(exec("search is(aws_cloudformation_stack) --> all | sort kind | list kind, id"),
            "kind=aws_s3_bucket, id=app-assets\nkind=aws_sqs_queue, id=orders\n"
            "kind=aws_vpc, id=" +
                vpc + "\n");
}

}  // namespace
}  // namespace canopy::testing
