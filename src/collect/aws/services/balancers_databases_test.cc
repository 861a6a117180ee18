// The RDS, Redshift, ELB, ELBv2, Auto Scaling and CloudFormation collectors
// against canned answers written from the AWS API reference shapes
// (aws-collector spec §3.10, §3.11, §3.16, §7): paging, the mapping of
// realistic answers, expected errors (no data, no warning) and other errors
// (a warning, the rest is still collected). Every node written is also
// checked against the model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/autoscaling.h"
#include "collect/aws/services/cloudformation.h"
#include "collect/aws/services/elb.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/rds.h"
#include "collect/aws/services/redshift.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;
using testing::joined;
using testing::kAbsent;
using testing::model_errors;
using testing::query_error;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";
const std::string kRegionNode = kAcc + ":region:" + kRegion;

const std::string kVpc = "vpc-0123456789abcdef0";
const std::string kSubnetA = "subnet-0aaa1111bbbb2222c";
const std::string kSubnetB = "subnet-0ddd3333eeee4444f";
const std::string kSg = "sg-0a1b2c3d4e5f60718";
const std::string kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
const std::string kKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/" + kKeyId;

std::string node(const std::string& tag, const std::string& id) {
  return kAcc + ":" + tag + ":" + id;
}

// vpc/subnet/security group → resource, deleted with it (+del same).
bool inside(const Graph& g, const std::string& from, const std::string& to) {
  return g.edge(from, to) && g.edge(from, to, true);
}
// from → to with the delete edge the other way (+del).
bool uses(const Graph& g, const std::string& from, const std::string& to) {
  return g.edge(from, to) && g.edge(to, from, true);
}

const http::Headers kXml = {{"Content-Type", "text/xml"}};

// A query-protocol answer: <ActionResponse><ActionResult>inner</…></…>.
std::string answer(const std::string& ns, const std::string& action, const std::string& inner) {
  return "<" + action + "Response xmlns=\"" + ns + "\">\n  <" + action + "Result>\n" + inner +
         "\n  </" + action + "Result>\n  <ResponseMetadata>\n    <RequestId>" +
         "7c6d2b43-1f8e-4e0b-9a55-0c5f3c2d9e01</RequestId>\n  </ResponseMetadata>\n</" + action +
         "Response>\n";
}

const std::string kRdsNs = "http://rds.amazonaws.com/doc/2014-10-31/";
const std::string kRedshiftNs = "http://redshift.amazonaws.com/doc/2012-12-01/";
const std::string kElbNs = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";
const std::string kElbV2Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
const std::string kAsNs = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
const std::string kCfnNs = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const std::string kCwNs = "http://monitoring.amazonaws.com/doc/2010-08-01/";

// One collector run against the fake, in eu-west-1, at a fixed "now".
struct Collector : testing::ServiceRun {
  Collector() : ServiceRun(testing::fast_retry(3)) {
    setenv("CANOPY_NOW", "2024-03-20T00:00:00Z", 1);
    add_node(kRegionNode, "aws_region",
             R"({"kind":"aws_region","id":"eu-west-1","name":"eu-west-1"})");
  }
  ~Collector() { unsetenv("CANOPY_NOW"); }

  Graph collect(void (*fn)(AccountContext&, const std::string&)) {
    return ServiceRun::collect(fn, kRegion);
  }
};

// --- RDS ----------------------------------------------------------------------------------------

const std::string kOrdersDb = node("rds_instance", "eu-west-1/orders-db");
const std::string kPublicDb = node("rds_instance", "eu-west-1/public-db");
const std::string kLegacyDb = node("rds_instance", "eu-west-1/legacy-db");
const std::string kInstancesMarker = "orders-db+page/2=";

// Encrypted, private, multi-AZ, with log exports and tags.
const std::string kOrdersDbXml = R"(
      <DBInstance>
        <DBInstanceIdentifier>orders-db</DBInstanceIdentifier>
        <DBInstanceClass>db.m6g.large</DBInstanceClass>
        <Engine>postgres</Engine>
        <DBInstanceStatus>available</DBInstanceStatus>
        <MasterUsername>postgres</MasterUsername>
        <DBName>orders</DBName>
        <Endpoint>
          <Address>orders-db.c9akciq32.eu-west-1.rds.amazonaws.com</Address>
          <Port>5432</Port>
          <HostedZoneId>Z29XKXDKYMONMX</HostedZoneId>
        </Endpoint>
        <AllocatedStorage>100</AllocatedStorage>
        <InstanceCreateTime>2023-05-10T08:15:30.123Z</InstanceCreateTime>
        <PreferredBackupWindow>03:00-03:30</PreferredBackupWindow>
        <BackupRetentionPeriod>7</BackupRetentionPeriod>
        <DBSecurityGroups/>
        <VpcSecurityGroups>
          <VpcSecurityGroupMembership>
            <VpcSecurityGroupId>sg-0a1b2c3d4e5f60718</VpcSecurityGroupId>
            <Status>active</Status>
          </VpcSecurityGroupMembership>
        </VpcSecurityGroups>
        <DBParameterGroups>
          <DBParameterGroup>
            <DBParameterGroupName>default.postgres15</DBParameterGroupName>
            <ParameterApplyStatus>in-sync</ParameterApplyStatus>
          </DBParameterGroup>
        </DBParameterGroups>
        <AvailabilityZone>eu-west-1a</AvailabilityZone>
        <DBSubnetGroup>
          <DBSubnetGroupName>private</DBSubnetGroupName>
          <DBSubnetGroupDescription>private subnets</DBSubnetGroupDescription>
          <VpcId>vpc-0123456789abcdef0</VpcId>
          <SubnetGroupStatus>Complete</SubnetGroupStatus>
          <Subnets>
            <Subnet>
              <SubnetIdentifier>subnet-0aaa1111bbbb2222c</SubnetIdentifier>
              <SubnetAvailabilityZone><Name>eu-west-1a</Name></SubnetAvailabilityZone>
              <SubnetOutpost/>
              <SubnetStatus>Active</SubnetStatus>
            </Subnet>
            <Subnet>
              <SubnetIdentifier>subnet-0ddd3333eeee4444f</SubnetIdentifier>
              <SubnetAvailabilityZone><Name>eu-west-1b</Name></SubnetAvailabilityZone>
              <SubnetOutpost/>
              <SubnetStatus>Active</SubnetStatus>
            </Subnet>
          </Subnets>
          <SupportedNetworkTypes><member>IPV4</member></SupportedNetworkTypes>
        </DBSubnetGroup>
        <PreferredMaintenanceWindow>sun:04:00-sun:04:30</PreferredMaintenanceWindow>
        <PendingModifiedValues>
          <DBInstanceClass>db.m6g.xlarge</DBInstanceClass>
          <PendingCloudwatchLogsExports>
            <LogTypesToEnable><member>upgrade</member></LogTypesToEnable>
          </PendingCloudwatchLogsExports>
        </PendingModifiedValues>
        <LatestRestorableTime>2024-03-19T23:55:00Z</LatestRestorableTime>
        <MultiAZ>true</MultiAZ>
        <EngineVersion>15.4</EngineVersion>
        <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>
        <ReadReplicaDBInstanceIdentifiers>
          <ReadReplicaDBInstanceIdentifier>orders-replica</ReadReplicaDBInstanceIdentifier>
        </ReadReplicaDBInstanceIdentifiers>
        <ReadReplicaDBClusterIdentifiers/>
        <LicenseModel>postgresql-license</LicenseModel>
        <OptionGroupMemberships>
          <OptionGroupMembership>
            <OptionGroupName>default:postgres-15</OptionGroupName>
            <Status>in-sync</Status>
          </OptionGroupMembership>
        </OptionGroupMemberships>
        <SecondaryAvailabilityZone>eu-west-1b</SecondaryAvailabilityZone>
        <PubliclyAccessible>false</PubliclyAccessible>
        <StatusInfos>
          <DBInstanceStatusInfo>
            <StatusType>read replication</StatusType>
            <Normal>true</Normal>
            <Status>replicating</Status>
          </DBInstanceStatusInfo>
        </StatusInfos>
        <StorageType>gp3</StorageType>
        <DbInstancePort>0</DbInstancePort>
        <StorageEncrypted>true</StorageEncrypted>
        <KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab</KmsKeyId>
        <DbiResourceId>db-ABCDEFGHIJKLMNOPQRSTUVWXY1</DbiResourceId>
        <CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier>
        <DomainMemberships/>
        <CopyTagsToSnapshot>true</CopyTagsToSnapshot>
        <MonitoringInterval>60</MonitoringInterval>
        <EnhancedMonitoringResourceArn>arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKLMNOPQRSTUVWXY1</EnhancedMonitoringResourceArn>
        <MonitoringRoleArn>arn:aws:iam::123456789012:role/rds-monitoring-role</MonitoringRoleArn>
        <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders-db</DBInstanceArn>
        <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>
        <PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>
        <PerformanceInsightsKMSKeyId>arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab</PerformanceInsightsKMSKeyId>
        <PerformanceInsightsRetentionPeriod>7</PerformanceInsightsRetentionPeriod>
        <EnabledCloudwatchLogsExports>
          <member>postgresql</member>
          <member>upgrade</member>
        </EnabledCloudwatchLogsExports>
        <ProcessorFeatures/>
        <DeletionProtection>true</DeletionProtection>
        <AssociatedRoles>
          <DBInstanceRole>
            <RoleArn>arn:aws:iam::123456789012:role/rds-s3-import</RoleArn>
            <FeatureName>s3Import</FeatureName>
            <Status>ACTIVE</Status>
          </DBInstanceRole>
        </AssociatedRoles>
        <MaxAllocatedStorage>1000</MaxAllocatedStorage>
        <TagList>
          <Tag><Key>team</Key><Value>orders</Value></Tag>
          <Tag><Key>env</Key><Value>prod</Value></Tag>
        </TagList>
        <DBInstanceAutomatedBackupsReplications/>
        <CustomerOwnedIpEnabled>false</CustomerOwnedIpEnabled>
        <ActivityStreamStatus>stopped</ActivityStreamStatus>
        <BackupTarget>region</BackupTarget>
        <NetworkType>IPV4</NetworkType>
        <StorageThroughput>125</StorageThroughput>
        <CertificateDetails>
          <CAIdentifier>rds-ca-rsa2048-g1</CAIdentifier>
          <ValidTill>2025-05-10T08:13:00Z</ValidTill>
        </CertificateDetails>
        <DedicatedLogVolume>false</DedicatedLogVolume>
      </DBInstance>)";

// Public, unencrypted, no database name, no log exports and (an older
// answer) no TagList: its tags are asked for.
const std::string kPublicDbXml = R"(
      <DBInstance>
        <DBInstanceIdentifier>public-db</DBInstanceIdentifier>
        <DBInstanceClass>db.t3.micro</DBInstanceClass>
        <Engine>mysql</Engine>
        <DBInstanceStatus>available</DBInstanceStatus>
        <MasterUsername>admin</MasterUsername>
        <Endpoint>
          <Address>public-db.c9akciq32.eu-west-1.rds.amazonaws.com</Address>
          <Port>3306</Port>
        </Endpoint>
        <AllocatedStorage>20</AllocatedStorage>
        <InstanceCreateTime>2024-03-01T12:00:00Z</InstanceCreateTime>
        <VpcSecurityGroups>
          <VpcSecurityGroupMembership>
            <VpcSecurityGroupId>sg-0fedcba987654321f</VpcSecurityGroupId>
            <Status>active</Status>
          </VpcSecurityGroupMembership>
        </VpcSecurityGroups>
        <MultiAZ>false</MultiAZ>
        <EngineVersion>8.0.35</EngineVersion>
        <AutoMinorVersionUpgrade>false</AutoMinorVersionUpgrade>
        <PubliclyAccessible>true</PubliclyAccessible>
        <StorageType>gp2</StorageType>
        <StorageEncrypted>false</StorageEncrypted>
        <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:public-db</DBInstanceArn>
      </DBInstance>)";

// Created long before the activity window.
const std::string kLegacyDbXml = R"(
      <DBInstance>
        <DBInstanceIdentifier>legacy-db</DBInstanceIdentifier>
        <Engine>oracle-se2</Engine>
        <DBInstanceStatus>stopped</DBInstanceStatus>
        <InstanceCreateTime>2019-07-01T00:00:00Z</InstanceCreateTime>
        <StorageEncrypted>true</StorageEncrypted>
        <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:legacy-db</DBInstanceArn>
        <TagList/>
      </DBInstance>)";

std::string instances_page(const std::string& instances, const std::string& marker) {
  return answer(kRdsNs, "DescribeDBInstances",
                "    <DBInstances>" + instances + "\n    </DBInstances>" +
                    (marker.empty() ? "" : "\n    <Marker>" + marker + "</Marker>"));
}

// A DatabaseConnections result: (timestamp, value) pairs, most recent first.
std::string metric_result(const std::string& id,
                          const std::vector<std::pair<std::string, std::string>>& points) {
  std::string ts, vs;
  for (const auto& [t, v] : points) {
    ts += "<member>" + t + "</member>";
    vs += "<member>" + v + "</member>";
  }
  return "      <member>\n        <Id>" + id +
         "</Id>\n        <Label>DatabaseConnections</Label>\n        <Timestamps>" + ts +
         "</Timestamps>\n        <Values>" + vs +
         "</Values>\n        <StatusCode>Complete</StatusCode>\n      </member>\n";
}

std::string metric_page(const std::string& results, const std::string& token) {
  return answer(kCwNs, "GetMetricData",
                "    <MetricDataResults>\n" + results +
                    "    </MetricDataResults>\n    <Messages/>" +
                    (token.empty() ? "" : "\n    <NextToken>" + token + "</NextToken>"));
}

void route_instances(FakeHttp& http) {
  http.on("DescribeDBInstances").reply(200, instances_page(kOrdersDbXml, kInstancesMarker), kXml);
  http.on("DescribeDBInstances", {{"Marker", kInstancesMarker}})
      .reply(200, instances_page(kPublicDbXml + kLegacyDbXml, ""), kXml);
  http.on("ListTagsForResource",
          {{"ResourceName", "arn:aws:rds:eu-west-1:123456789012:db:public-db"}})
      .reply(200,
             answer(kRdsNs, "ListTagsForResource",
                    "    <TagList><Tag><Key>owner</Key><Value>web</Value></Tag></TagList>"),
             kXml);
  // Asked a page of instances at a time. orders-db (first page): connections
  // five days ago, CloudWatch's two pages split its points. The second page's
  // instances had none.
  const std::string first =
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value";
  http.on("GetMetricData", {{first, "orders-db"}})
      .reply(200,
             metric_page(metric_result("q0", {{"2024-03-19T23:00:00Z", "0.0"},
                                              {"2024-03-19T22:00:00Z", "0.0"}}),
                         "cw/next+1"),
             kXml);
  http.on("GetMetricData", {{first, "orders-db"}, {"NextToken", "cw/next+1"}})
      .reply(200,
             metric_page(metric_result("q0", {{"2024-03-15T10:00:00Z", "4.0"},
                                              {"2024-03-14T09:00:00Z", "2.5"}}),
                         ""),
             kXml);
  http.on("GetMetricData", {{first, "public-db"}})
      .reply(200, metric_page(metric_result("q0", {}) + metric_result("q1", {}), ""), kXml);
}

void route_no_snapshots(FakeHttp& http) {
  http.on("DescribeDBSnapshots")
      .reply(200, answer(kRdsNs, "DescribeDBSnapshots", "<DBSnapshots/>"), kXml);
  http.on("DescribeDBClusterSnapshots")
      .reply(200, answer(kRdsNs, "DescribeDBClusterSnapshots", "<DBClusterSnapshots/>"), kXml);
}

TEST(RdsCollect, InstancesAcrossPagesWithTheirProperties) {
  Collector c;
  route_instances(c.http);
  route_no_snapshots(c.http);
  c.other(node("vpc", kVpc), "aws_vpc");
  c.other(node("subnet", kSubnetA), "aws_ec2_subnet");
  c.other(node("subnet", kSubnetB), "aws_ec2_subnet");
  c.other(node("security_group", kSg), "aws_ec2_security_group");
  c.other(node("kms_key", kKeyId), "aws_kms_key");
  Graph g = c.collect(collect_rds);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_rds_instance").size(), 3u);

  auto seen = c.http.requests("DescribeDBInstances");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0].has_param("Marker"));
  EXPECT_EQ(seen[1].param("Marker"), kInstancesMarker);
  EXPECT_EQ(seen[1].param("MaxRecords"), "100");

  // The properties the checks read.
  EXPECT_EQ(g.text(kOrdersDb, "/volume_encrypted"), "true");
  EXPECT_EQ(g.text(kOrdersDb, "/db_publicly_accessible"), "false");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_auto_minor_version_upgrade"), "true");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_enabled_cloudwatch_logs_exports"),
            R"(["postgresql","upgrade"])");
  EXPECT_EQ(g.text(kPublicDb, "/volume_encrypted"), "false");
  EXPECT_EQ(g.text(kPublicDb, "/db_publicly_accessible"), "true");
  EXPECT_EQ(g.text(kPublicDb, "/rds_auto_minor_version_upgrade"), "false");
  EXPECT_EQ(g.text(kPublicDb, "/rds_enabled_cloudwatch_logs_exports"), "[]");
  EXPECT_EQ(g.text(kLegacyDb, "/db_publicly_accessible"), kAbsent);

  // Identity and the base database properties.
  EXPECT_EQ(g.text(kOrdersDb, "/id"), "orders-db");
  EXPECT_EQ(g.text(kOrdersDb, "/name"), "orders");
  EXPECT_EQ(g.text(kPublicDb, "/name"), "public-db");  // no DBName
  EXPECT_EQ(g.text(kOrdersDb, "/arn"), "arn:aws:rds:eu-west-1:123456789012:db:orders-db");
  EXPECT_EQ(g.text(kOrdersDb, "/ctime"), "2023-05-10T08:15:30Z");
  EXPECT_EQ(g.text(kOrdersDb, "/tags"), R"({"team":"orders","env":"prod"})");
  EXPECT_EQ(g.text(kPublicDb, "/tags"), R"({"owner":"web"})");
  EXPECT_EQ(g.text(kLegacyDb, "/tags"), "{}");
  EXPECT_EQ(g.text(kOrdersDb, "/db_type"), "postgres");
  EXPECT_EQ(g.text(kOrdersDb, "/db_status"), "available");
  EXPECT_EQ(g.text(kOrdersDb, "/db_endpoint"),
            "orders-db.c9akciq32.eu-west-1.rds.amazonaws.com:5432");
  EXPECT_EQ(g.text(kOrdersDb, "/db_version"), "15.4");
  EXPECT_EQ(g.text(kOrdersDb, "/instance_type"), "db.m6g.large");
  EXPECT_EQ(g.text(kOrdersDb, "/volume_size"), "100");
  EXPECT_EQ(g.text(kLegacyDb, "/db_endpoint"), kAbsent);

  // Nested structures.
  EXPECT_EQ(g.text(kOrdersDb, "/rds_vpc_security_groups"),
            R"([{"vpc_security_group_id":"sg-0a1b2c3d4e5f60718","status":"active"}])");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_db_subnet_group/vpc_id"), kVpc);
  EXPECT_EQ(g.text(kOrdersDb, "/rds_db_subnet_group/subnets/1"),
            R"({"subnet_identifier":"subnet-0ddd3333eeee4444f",)"
            R"("subnet_availability_zone":"eu-west-1b","subnet_status":"Active"})");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_db_subnet_group/supported_network_types"), R"(["IPV4"])");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_pending_modified_values"),
            R"({"db_instance_class":"db.m6g.xlarge","pending_cloudwatch_logs_exports":)"
            R"({"log_types_to_enable":["upgrade"],"log_types_to_disable":[]}})");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_read_replica_db_instance_identifiers"),
            R"(["orders-replica"])");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_status_infos/0/normal"), "true");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_associated_roles/0/feature_name"), "s3Import");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_kms_key_id"), kKeyArn);
  EXPECT_EQ(g.text(kOrdersDb, "/rds_multi_az"), "true");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_deletion_protection"), "true");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_max_allocated_storage"), "1000");
  EXPECT_EQ(g.text(kOrdersDb, "/rds_performance_insights_retention_period"), "7");

  // Edges: vpc, subnets and security groups hold the instance (+del same),
  // the instance uses its key (+del).
  EXPECT_TRUE(g.edge(kRegionNode, kOrdersDb));
  EXPECT_TRUE(inside(g, node("vpc", kVpc), kOrdersDb));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetA), kOrdersDb));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetB), kOrdersDb));
  EXPECT_TRUE(inside(g, node("security_group", kSg), kOrdersDb));
  EXPECT_TRUE(uses(g, kOrdersDb, node("kms_key", kKeyId)));
}

TEST(RdsCollect, ActivityFromDatabaseConnections) {
  Collector c;
  route_instances(c.http);
  route_no_snapshots(c.http);
  Graph g = c.collect(collect_rds);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  // The most recent hour with connections, across both pages.
  EXPECT_EQ(g.text(kOrdersDb, "/atime"), "2024-03-15T10:00:00Z");
  EXPECT_EQ(g.text(kOrdersDb, "/mtime"), "2024-03-15T10:00:00Z");
  // Idle: since its creation, or since the start of the 60 days asked.
  EXPECT_EQ(g.text(kPublicDb, "/atime"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(g.text(kLegacyDb, "/atime"), "2024-01-20T00:00:00Z");
  EXPECT_EQ(g.text(kLegacyDb, "/mtime"), "2024-01-20T00:00:00Z");

  // One query per instance, one call per page of instances (and CloudWatch's
  // second page for the first).
  auto seen = c.http.requests("GetMetricData");
  ASSERT_EQ(seen.size(), 3u);
  const auto& r = seen[0];
  EXPECT_EQ(r.param("StartTime"), "2024-01-20T00:00:00Z");
  EXPECT_EQ(r.param("EndTime"), "2024-03-20T00:00:00Z");
  EXPECT_EQ(r.param("Version"), "2010-08-01");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.Id"), "q0");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.MetricStat.Metric.Namespace"), "AWS/RDS");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.MetricStat.Metric.MetricName"),
            "DatabaseConnections");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"),
            "DBInstanceIdentifier");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"),
            "orders-db");
  EXPECT_EQ(r.param("MetricDataQueries.member.1.MetricStat.Period"), "3600");
  EXPECT_FALSE(r.has_param("MetricDataQueries.member.2.Id"));
  EXPECT_EQ(seen[1].param("NextToken"), "cw/next+1");
  EXPECT_EQ(seen[2].param("MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value"),
            "legacy-db");
  EXPECT_FALSE(seen[2].has_param("MetricDataQueries.member.3.Id"));
}

TEST(RdsCollect, ManyInstancesAskCloudWatchInBatches) {
  Collector c;
  std::string xml;
  for (int i = 0; i < 120; ++i)
    xml += "<DBInstance><DBInstanceIdentifier>db-" + std::to_string(i) +
           "</DBInstanceIdentifier><DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:db-" +
           std::to_string(i) +
           "</DBInstanceArn><InstanceCreateTime>2020-01-01T00:00:00Z</InstanceCreateTime>"
           "<TagList/></DBInstance>";
  c.http.on("DescribeDBInstances").reply(200, instances_page(xml, ""), kXml);
  c.http.on("GetMetricData").reply(200, metric_page("", ""), kXml);
  // db-117 is in the third call, as its 18th query.
  c.http.on("GetMetricData", {{"MetricDataQueries.member.18.Id", "q117"}})
      .reply(200, metric_page(metric_result("q117", {{"2024-03-19T05:00:00Z", "1.0"}}), ""), kXml);
  route_no_snapshots(c.http);
  Graph g = c.collect(collect_rds);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.http.count("GetMetricData"), 3);
  EXPECT_EQ(g.text(node("rds_instance", "eu-west-1/db-117"), "/atime"), "2024-03-19T05:00:00Z");
  EXPECT_EQ(g.text(node("rds_instance", "eu-west-1/db-116"), "/atime"), "2024-01-20T00:00:00Z");
}

TEST(RdsCollect, CloudWatchFailureLeavesTheTimesOut) {
  Collector c;
  route_instances(c.http);
  route_no_snapshots(c.http);
  c.http.fail("GetMetricData", {}, query_error(403, "AccessDenied", "not allowed"));
  Graph g = c.collect(collect_rds);
  EXPECT_EQ(joined(c.warnings.list()),
            "rds eu-west-1 GetMetricData: AccessDenied (403): not allowed\n");
  // Not asked again for the second page of instances.
  EXPECT_EQ(c.http.count("GetMetricData"), 1);
  EXPECT_EQ(g.ids_of_kind("aws_rds_instance").size(), 3u);
  EXPECT_EQ(g.text(kOrdersDb, "/atime"), kAbsent);
  EXPECT_EQ(g.text(kOrdersDb, "/mtime"), kAbsent);
  EXPECT_EQ(g.text(kOrdersDb, "/volume_encrypted"), "true");
}

const std::string kSnapshotsXml = R"(
    <DBSnapshots>
      <DBSnapshot>
        <DBSnapshotIdentifier>orders-before-upgrade</DBSnapshotIdentifier>
        <DBInstanceIdentifier>orders-db</DBInstanceIdentifier>
        <SnapshotCreateTime>2024-02-01T10:00:00.512Z</SnapshotCreateTime>
        <Engine>postgres</Engine>
        <AllocatedStorage>100</AllocatedStorage>
        <Status>available</Status>
        <Port>5432</Port>
        <AvailabilityZone>eu-west-1a</AvailabilityZone>
        <VpcId>vpc-0123456789abcdef0</VpcId>
        <InstanceCreateTime>2023-05-10T08:15:30.123Z</InstanceCreateTime>
        <MasterUsername>postgres</MasterUsername>
        <EngineVersion>15.4</EngineVersion>
        <LicenseModel>postgresql-license</LicenseModel>
        <SnapshotType>manual</SnapshotType>
        <OptionGroupName>default:postgres-15</OptionGroupName>
        <PercentProgress>100</PercentProgress>
        <StorageType>gp3</StorageType>
        <Encrypted>true</Encrypted>
        <KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab</KmsKeyId>
        <DBSnapshotArn>arn:aws:rds:eu-west-1:123456789012:snapshot:orders-before-upgrade</DBSnapshotArn>
        <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>
        <ProcessorFeatures/>
        <DbiResourceId>db-ABCDEFGHIJKLMNOPQRSTUVWXY1</DbiResourceId>
        <TagList><Tag><Key>reason</Key><Value>upgrade</Value></Tag></TagList>
        <OriginalSnapshotCreateTime>2024-02-01T10:00:00.512Z</OriginalSnapshotCreateTime>
        <SnapshotTarget>region</SnapshotTarget>
        <StorageThroughput>125</StorageThroughput>
        <DedicatedLogVolume>false</DedicatedLogVolume>
      </DBSnapshot>
      <DBSnapshot>
        <DBSnapshotIdentifier>shared-demo</DBSnapshotIdentifier>
        <DBInstanceIdentifier>public-db</DBInstanceIdentifier>
        <SnapshotCreateTime>2024-03-02T08:00:00Z</SnapshotCreateTime>
        <Engine>mysql</Engine>
        <AllocatedStorage>20</AllocatedStorage>
        <Status>available</Status>
        <SnapshotType>manual</SnapshotType>
        <Encrypted>false</Encrypted>
        <DBSnapshotArn>arn:aws:rds:eu-west-1:123456789012:snapshot:shared-demo</DBSnapshotArn>
        <TagList/>
      </DBSnapshot>
      <DBSnapshot>
        <DBSnapshotIdentifier>rds:orders-db-2024-03-19-03-05</DBSnapshotIdentifier>
        <DBInstanceIdentifier>orders-db</DBInstanceIdentifier>
        <SnapshotCreateTime>2024-03-19T03:05:12Z</SnapshotCreateTime>
        <Status>available</Status>
        <SnapshotType>automated</SnapshotType>
        <Encrypted>true</Encrypted>
        <DBSnapshotArn>arn:aws:rds:eu-west-1:123456789012:snapshot:rds:orders-db-2024-03-19-03-05</DBSnapshotArn>
        <TagList/>
      </DBSnapshot>
    </DBSnapshots>)";

std::string snapshot_attributes(const std::string& id,
                                const std::map<std::string, std::vector<std::string>>& attrs) {
  std::string a;
  for (const auto& [name, values] : attrs) {
    a += "<DBSnapshotAttribute><AttributeName>" + name + "</AttributeName><AttributeValues>";
    for (const auto& v : values) a += "<AttributeValue>" + v + "</AttributeValue>";
    a += "</AttributeValues></DBSnapshotAttribute>";
  }
  return answer(kRdsNs, "DescribeDBSnapshotAttributes",
                "<DBSnapshotAttributesResult><DBSnapshotIdentifier>" + id +
                    "</DBSnapshotIdentifier><DBSnapshotAttributes>" + a +
                    "</DBSnapshotAttributes></DBSnapshotAttributesResult>");
}

std::string cluster_snapshot_xml(const std::string& id, const std::string& extra) {
  return "<DBClusterSnapshot><AvailabilityZones><AvailabilityZone>eu-west-1a</AvailabilityZone>"
         "<AvailabilityZone>eu-west-1b</AvailabilityZone></AvailabilityZones>"
         "<DBClusterSnapshotIdentifier>" +
         id +
         "</DBClusterSnapshotIdentifier><DBClusterIdentifier>analytics</DBClusterIdentifier>"
         "<SnapshotCreateTime>2024-03-10T01:02:03Z</SnapshotCreateTime><Engine>aurora-postgresql"
         "</Engine><EngineMode>provisioned</EngineMode><AllocatedStorage>1</AllocatedStorage>"
         "<Status>available</Status><Port>0</Port><VpcId>vpc-0123456789abcdef0</VpcId>"
         "<ClusterCreateTime>2022-01-05T00:00:00Z</ClusterCreateTime><MasterUsername>postgres"
         "</MasterUsername><EngineVersion>15.4</EngineVersion><LicenseModel>postgresql-license"
         "</LicenseModel><SnapshotType>manual</SnapshotType><PercentProgress>100</PercentProgress>"
         "<DBClusterSnapshotArn>arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" +
         id + "</DBClusterSnapshotArn>" + extra + "<TagList/></DBClusterSnapshot>";
}

const std::string kSnap1 =
    node("rds_snapshot", "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-before-upgrade");
const std::string kSnap2 =
    node("rds_snapshot", "arn:aws:rds:eu-west-1:123456789012:snapshot:shared-demo");
const std::string kSnap3 = node(
    "rds_snapshot", "arn:aws:rds:eu-west-1:123456789012:snapshot:rds:orders-db-2024-03-19-03-05");
const std::string kCluster1 =
    node("rds_cluster_snapshot", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:final");
const std::string kCluster2 =
    node("rds_cluster_snapshot", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:daily");

void route_snapshots(FakeHttp& http) {
  http.on("DescribeDBSnapshots")
      .reply(200, answer(kRdsNs, "DescribeDBSnapshots", kSnapshotsXml), kXml);
  http.on("DescribeDBSnapshotAttributes", {{"DBSnapshotIdentifier", "orders-before-upgrade"}})
      .reply(200, snapshot_attributes("orders-before-upgrade", {{"restore", {}}}), kXml);
  http.on("DescribeDBSnapshotAttributes", {{"DBSnapshotIdentifier", "shared-demo"}})
      .reply(200, snapshot_attributes("shared-demo", {{"restore", {"all", "210987654321"}}}), kXml);
  // Deleted by its retention since the list was read: no data, no warning.
  http.on("DescribeDBSnapshotAttributes",
          {{"DBSnapshotIdentifier", "rds:orders-db-2024-03-19-03-05"}})
      .reply(query_error(404, "DBSnapshotNotFound",
                         "DBSnapshot rds:orders-db-2024-03-19-03-05 not found."));
  http.on("DescribeDBClusterSnapshots")
      .reply(200,
             answer(kRdsNs, "DescribeDBClusterSnapshots",
                    "<DBClusterSnapshots>" +
                        cluster_snapshot_xml("final",
                                             "<StorageEncrypted>true</StorageEncrypted><KmsKeyId>" +
                                                 kKeyArn + "</KmsKeyId>") +
                        "</DBClusterSnapshots><Marker>cs-2</Marker>"),
             kXml);
  http.on("DescribeDBClusterSnapshots", {{"Marker", "cs-2"}})
      .reply(
          200,
          answer(kRdsNs, "DescribeDBClusterSnapshots",
                 "<DBClusterSnapshots>" +
                     cluster_snapshot_xml("daily", "<StorageEncrypted>false</StorageEncrypted>") +
                     "</DBClusterSnapshots>"),
          kXml);
  http.on("DescribeDBClusterSnapshotAttributes", {{"DBClusterSnapshotIdentifier", "final"}})
      .reply(200,
             answer(kRdsNs, "DescribeDBClusterSnapshotAttributes",
                    "<DBClusterSnapshotAttributesResult><DBClusterSnapshotIdentifier>final"
                    "</DBClusterSnapshotIdentifier><DBClusterSnapshotAttributes>"
                    "<DBClusterSnapshotAttribute><AttributeName>restore</AttributeName>"
                    "<AttributeValues><AttributeValue>all</AttributeValue></AttributeValues>"
                    "</DBClusterSnapshotAttribute></DBClusterSnapshotAttributes>"
                    "</DBClusterSnapshotAttributesResult>"),
             kXml);
  http.on("DescribeDBClusterSnapshotAttributes", {{"DBClusterSnapshotIdentifier", "daily"}})
      .reply(200,
             answer(kRdsNs, "DescribeDBClusterSnapshotAttributes",
                    "<DBClusterSnapshotAttributesResult><DBClusterSnapshotIdentifier>daily"
                    "</DBClusterSnapshotIdentifier><DBClusterSnapshotAttributes>"
                    "<DBClusterSnapshotAttribute><AttributeName>restore</AttributeName>"
                    "<AttributeValues/></DBClusterSnapshotAttribute>"
                    "</DBClusterSnapshotAttributes></DBClusterSnapshotAttributesResult>"),
             kXml);
}

TEST(RdsCollect, SnapshotsWithTheirAttributes) {
  Collector c;
  route_instances(c.http);
  route_snapshots(c.http);
  c.other(node("kms_key", kKeyId), "aws_kms_key");
  Graph g = c.collect(collect_rds);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_rds_snapshot").size(), 3u);
  ASSERT_EQ(g.ids_of_kind("aws_rds_cluster_snapshot").size(), 2u);

  EXPECT_EQ(g.text(kSnap1, "/rds_attributes"), R"({"restore":[]})");
  EXPECT_EQ(g.text(kSnap2, "/rds_attributes"), R"({"restore":["all","210987654321"]})");
  EXPECT_EQ(g.text(kSnap3, "/rds_attributes"), kAbsent);
  EXPECT_EQ(g.text(kSnap1, "/id"), "orders-before-upgrade");
  EXPECT_EQ(g.text(kSnap1, "/arn"),
            "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-before-upgrade");
  EXPECT_EQ(g.text(kSnap1, "/ctime"), "2024-02-01T10:00:00Z");
  EXPECT_EQ(g.text(kSnap1, "/tags"), R"({"reason":"upgrade"})");
  EXPECT_EQ(g.text(kSnap1, "/snapshot_status"), "available");
  EXPECT_EQ(g.text(kSnap1, "/encrypted"), "true");
  EXPECT_EQ(g.text(kSnap1, "/volume_size"), "100");
  EXPECT_EQ(g.text(kSnap1, "/rds_snapshot_type"), "manual");
  EXPECT_EQ(g.text(kSnap1, "/rds_vpc_id"), kVpc);
  EXPECT_EQ(g.text(kSnap1, "/rds_storage_throughput"), "125");
  EXPECT_EQ(g.text(kSnap2, "/encrypted"), "false");

  EXPECT_EQ(g.text(kCluster1, "/rds_attributes"), R"({"restore":["all"]})");
  EXPECT_EQ(g.text(kCluster2, "/rds_attributes"), R"({"restore":[]})");
  EXPECT_EQ(g.text(kCluster1, "/rds_availability_zones"), R"(["eu-west-1a","eu-west-1b"])");
  EXPECT_EQ(g.text(kCluster1, "/rds_storage_encrypted"), "true");
  EXPECT_EQ(g.text(kCluster1, "/rds_db_cluster_identifier"), "analytics");
  EXPECT_EQ(g.text(kCluster1, "/ctime"), "2024-03-10T01:02:03Z");

  // Snapshots hang below their instance (and region); cluster snapshots use their key.
  EXPECT_TRUE(g.edge(kOrdersDb, kSnap1));
  EXPECT_TRUE(g.edge(kOrdersDb, kSnap3));
  EXPECT_TRUE(g.edge(kPublicDb, kSnap2));
  EXPECT_TRUE(g.edge(kRegionNode, kSnap1));
  EXPECT_TRUE(g.edge(kRegionNode, kCluster2));
  EXPECT_TRUE(uses(g, kCluster1, node("kms_key", kKeyId)));
  EXPECT_EQ(c.http.requests("DescribeDBClusterSnapshots")[1].param("Marker"), "cs-2");
}

TEST(RdsCollect, ErrorsBecomeWarningsAndTheRestIsCollected) {
  Collector c;
  route_snapshots(c.http);
  c.http.on("DescribeDBInstances").reply(query_error(403, "AccessDenied", "no rds:Describe*"));
  c.http.on("DescribeDBSnapshotAttributes", {{"DBSnapshotIdentifier", "shared-demo"}})
      .reply(query_error(400, "InvalidParameterValue", "bad"));
  Graph g = c.collect(collect_rds);
  EXPECT_EQ(joined(c.warnings.list()),
            "rds eu-west-1 DescribeDBInstances: AccessDenied (403): no rds:Describe*\n"
            "rds eu-west-1 DescribeDBSnapshotAttributes shared-demo: InvalidParameterValue "
            "(400): bad\n");
  EXPECT_EQ(c.http.count("GetMetricData"), 0);
  EXPECT_TRUE(g.ids_of_kind("aws_rds_instance").empty());
  EXPECT_EQ(g.ids_of_kind("aws_rds_snapshot").size(), 3u);
  EXPECT_EQ(g.text(kSnap2, "/rds_attributes"), kAbsent);
  EXPECT_EQ(g.text(kSnap2, "/encrypted"), "false");
  EXPECT_EQ(g.text(kSnap1, "/rds_attributes"), R"({"restore":[]})");
  EXPECT_EQ(g.ids_of_kind("aws_rds_cluster_snapshot").size(), 2u);
}

// --- Redshift -----------------------------------------------------------------------------------

const std::string kWarehouse = node("redshift_cluster", "eu-west-1/warehouse");
const std::string kReports = node("redshift_cluster", "eu-west-1/reports");
const std::string kGone = node("redshift_cluster", "eu-west-1/gone");

const std::string kWarehouseXml = R"(
      <Cluster>
        <ClusterIdentifier>warehouse</ClusterIdentifier>
        <NodeType>ra3.xlplus</NodeType>
        <ClusterStatus>available</ClusterStatus>
        <ClusterAvailabilityStatus>Available</ClusterAvailabilityStatus>
        <MasterUsername>awsuser</MasterUsername>
        <DBName>dev</DBName>
        <Endpoint>
          <Address>warehouse.cq1d2kfc3m4n.eu-west-1.redshift.amazonaws.com</Address>
          <Port>5439</Port>
          <VpcEndpoints>
            <VpcEndpoint>
              <VpcEndpointId>vpce-0123456789abcdef0</VpcEndpointId>
              <VpcId>vpc-0123456789abcdef0</VpcId>
              <NetworkInterfaces>
                <NetworkInterface>
                  <NetworkInterfaceId>eni-0a1b2c3d4e5f60001</NetworkInterfaceId>
                  <SubnetId>subnet-0aaa1111bbbb2222c</SubnetId>
                  <PrivateIpAddress>10.0.1.25</PrivateIpAddress>
                  <AvailabilityZone>eu-west-1a</AvailabilityZone>
                </NetworkInterface>
              </NetworkInterfaces>
            </VpcEndpoint>
          </VpcEndpoints>
        </Endpoint>
        <ClusterCreateTime>2023-09-01T07:00:00.250Z</ClusterCreateTime>
        <AutomatedSnapshotRetentionPeriod>1</AutomatedSnapshotRetentionPeriod>
        <ManualSnapshotRetentionPeriod>-1</ManualSnapshotRetentionPeriod>
        <ClusterSecurityGroups/>
        <VpcSecurityGroups>
          <VpcSecurityGroup>
            <VpcSecurityGroupId>sg-0a1b2c3d4e5f60718</VpcSecurityGroupId>
            <Status>active</Status>
          </VpcSecurityGroup>
        </VpcSecurityGroups>
        <ClusterParameterGroups>
          <ClusterParameterGroup>
            <ParameterGroupName>default.redshift-1.0</ParameterGroupName>
            <ParameterApplyStatus>in-sync</ParameterApplyStatus>
            <ClusterParameterStatusList>
              <member>
                <ParameterName>require_ssl</ParameterName>
                <ParameterApplyStatus>in-sync</ParameterApplyStatus>
              </member>
            </ClusterParameterStatusList>
          </ClusterParameterGroup>
        </ClusterParameterGroups>
        <ClusterSubnetGroupName>private</ClusterSubnetGroupName>
        <VpcId>vpc-0123456789abcdef0</VpcId>
        <AvailabilityZone>eu-west-1a</AvailabilityZone>
        <PreferredMaintenanceWindow>sat:03:30-sat:04:00</PreferredMaintenanceWindow>
        <PendingModifiedValues/>
        <ClusterVersion>1.0</ClusterVersion>
        <AllowVersionUpgrade>false</AllowVersionUpgrade>
        <NumberOfNodes>2</NumberOfNodes>
        <PubliclyAccessible>true</PubliclyAccessible>
        <Encrypted>true</Encrypted>
        <ClusterPublicKey>ssh-rsa AAAAB3NzaC1yc2E Amazon-Redshift</ClusterPublicKey>
        <ClusterNodes>
          <member>
            <NodeRole>LEADER</NodeRole>
            <PrivateIPAddress>10.0.1.10</PrivateIPAddress>
            <PublicIPAddress>3.250.1.2</PublicIPAddress>
          </member>
        </ClusterNodes>
        <ClusterRevisionNumber>58213</ClusterRevisionNumber>
        <Tags>
          <Tag><Key>env</Key><Value>prod</Value></Tag>
        </Tags>
        <KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab</KmsKeyId>
        <EnhancedVpcRouting>false</EnhancedVpcRouting>
        <IamRoles>
          <ClusterIamRole>
            <IamRoleArn>arn:aws:iam::123456789012:role/redshift-s3</IamRoleArn>
            <ApplyStatus>in-sync</ApplyStatus>
          </ClusterIamRole>
        </IamRoles>
        <PendingActions/>
        <MaintenanceTrackName>current</MaintenanceTrackName>
        <DeferredMaintenanceWindows/>
        <NextMaintenanceWindowStartTime>2024-03-23T03:30:00Z</NextMaintenanceWindowStartTime>
        <AvailabilityZoneRelocationStatus>disabled</AvailabilityZoneRelocationStatus>
        <ClusterNamespaceArn>arn:aws:redshift:eu-west-1:123456789012:namespace:5b1c4f7e-0a9d-4e2c-8f3b-6d7e8f9a0b1c</ClusterNamespaceArn>
        <TotalStorageCapacityInMegaBytes>32000000</TotalStorageCapacityInMegaBytes>
        <AquaConfiguration>
          <AquaStatus>disabled</AquaStatus>
          <AquaConfigurationStatus>auto</AquaConfigurationStatus>
        </AquaConfiguration>
      </Cluster>)";

std::string cluster_xml(const std::string& id, const std::string& extra) {
  return "<Cluster><ClusterIdentifier>" + id +
         "</ClusterIdentifier><NodeType>dc2.large</NodeType><ClusterStatus>available"
         "</ClusterStatus><Endpoint><Address>" +
         id +
         ".cq1d2kfc3m4n.eu-west-1.redshift.amazonaws.com</Address><Port>5439</Port></Endpoint>"
         "<ClusterCreateTime>2024-01-02T03:04:05Z</ClusterCreateTime><AllowVersionUpgrade>true"
         "</AllowVersionUpgrade><PubliclyAccessible>false</PubliclyAccessible><Encrypted>false"
         "</Encrypted>" +
         extra + "<Tags/></Cluster>";
}

std::string clusters_page(const std::string& clusters, const std::string& marker) {
  return answer(kRedshiftNs, "DescribeClusters",
                "<Clusters>" + clusters + "</Clusters>" +
                    (marker.empty() ? "" : "<Marker>" + marker + "</Marker>"));
}

void route_clusters(FakeHttp& http) {
  http.on("DescribeClusters").reply(200, clusters_page(kWarehouseXml, "rs/page2"), kXml);
  http.on("DescribeClusters", {{"Marker", "rs/page2"}})
      .reply(200, clusters_page(cluster_xml("reports", "") + cluster_xml("gone", ""), ""), kXml);
  http.on("DescribeLoggingStatus", {{"ClusterIdentifier", "warehouse"}})
      .reply(200,
             answer(kRedshiftNs, "DescribeLoggingStatus", "<LoggingEnabled>false</LoggingEnabled>"),
             kXml);
  http.on("DescribeLoggingStatus", {{"ClusterIdentifier", "reports"}})
      .reply(200,
             answer(kRedshiftNs, "DescribeLoggingStatus",
                    "<LoggingEnabled>true</LoggingEnabled><BucketName>audit-logs</BucketName>"
                    "<S3KeyPrefix>redshift/</S3KeyPrefix><LastSuccessfulDeliveryTime>"
                    "2024-03-19T22:10:00Z</LastSuccessfulDeliveryTime><LogDestinationType>s3"
                    "</LogDestinationType><LogExports><member>connectionlog</member>"
                    "<member>userlog</member></LogExports>"),
             kXml);
  // Deleted since the list was read.
  http.on("DescribeLoggingStatus", {{"ClusterIdentifier", "gone"}})
      .reply(query_error(404, "ClusterNotFound", "Cluster gone not found."));
}

TEST(RedshiftCollect, ClustersAcrossPagesWithTheirLoggingStatus) {
  Collector c;
  route_clusters(c.http);
  c.other(node("vpc", kVpc), "aws_vpc");
  c.other(node("security_group", kSg), "aws_ec2_security_group");
  c.other(node("kms_key", kKeyId), "aws_kms_key");
  Graph g = c.collect(collect_redshift);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_redshift_cluster").size(), 3u);
  EXPECT_EQ(c.http.requests("DescribeClusters")[1].param("Marker"), "rs/page2");

  // The properties the checks read.
  EXPECT_EQ(g.text(kWarehouse, "/redshift_logging_status/logging_enabled"), "false");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_publicly_accessible"), "true");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_endpoint/address"),
            "warehouse.cq1d2kfc3m4n.eu-west-1.redshift.amazonaws.com");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_allow_version_upgrade"), "false");
  EXPECT_EQ(g.text(kReports, "/redshift_logging_status"),
            R"({"logging_enabled":true,"bucket_name":"audit-logs","s3_key_prefix":"redshift/",)"
            R"("last_successful_delivery_time":"2024-03-19T22:10:00Z",)"
            R"("log_destination_type":"s3","log_exports":["connectionlog","userlog"]})");
  EXPECT_EQ(g.text(kReports, "/redshift_publicly_accessible"), "false");
  EXPECT_EQ(g.text(kGone, "/redshift_logging_status"), kAbsent);

  EXPECT_EQ(g.text(kWarehouse, "/id"), "warehouse");
  EXPECT_EQ(g.text(kWarehouse, "/arn"),
            "arn:aws:redshift:eu-west-1:123456789012:cluster:warehouse");
  EXPECT_EQ(g.text(kWarehouse, "/ctime"), "2023-09-01T07:00:00Z");
  EXPECT_EQ(g.text(kWarehouse, "/tags"), R"({"env":"prod"})");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_endpoint/port"), "5439");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_endpoint/vpc_endpoints/0/network_interfaces/0/subnet_id"),
            kSubnetA);
  EXPECT_EQ(g.text(kWarehouse,
                   "/redshift_cluster_parameter_groups/0/cluster_parameter_status_list/"
                   "0/parameter_name"),
            "require_ssl");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_cluster_nodes/0/public_ip_address"), "3.250.1.2");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_iam_roles/0/iam_role_arn"),
            "arn:aws:iam::123456789012:role/redshift-s3");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_number_of_nodes"), "2");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_encrypted"), "true");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_manual_snapshot_retention_period"), "-1");
  EXPECT_EQ(g.text(kWarehouse, "/redshift_aqua_configuration/aqua_status"), "disabled");

  EXPECT_TRUE(g.edge(kRegionNode, kWarehouse));
  EXPECT_TRUE(inside(g, node("vpc", kVpc), kWarehouse));
  EXPECT_TRUE(inside(g, node("security_group", kSg), kWarehouse));
  EXPECT_TRUE(uses(g, kWarehouse, node("kms_key", kKeyId)));
}

TEST(RedshiftCollect, ErrorsBecomeWarningsAndTheRestIsCollected) {
  Collector c;
  route_clusters(c.http);
  c.http.on("DescribeLoggingStatus", {{"ClusterIdentifier", "reports"}})
      .reply(query_error(403, "AccessDenied", "no redshift:DescribeLoggingStatus"));
  c.http.fail("DescribeClusters", {{"Marker", "rs/page2"}},
              query_error(400, "InvalidParameterValue", "bad marker"));
  Graph g = c.collect(collect_redshift);
  EXPECT_EQ(joined(c.warnings.list()),
            "redshift eu-west-1 DescribeClusters: InvalidParameterValue (400): bad marker\n");
  // The first page's cluster is kept.
  EXPECT_EQ(g.ids_of_kind("aws_redshift_cluster"), std::set<std::string>{kWarehouse});
  EXPECT_EQ(g.text(kWarehouse, "/redshift_logging_status/logging_enabled"), "false");

  Collector d;
  route_clusters(d.http);
  d.http.on("DescribeLoggingStatus", {{"ClusterIdentifier", "reports"}})
      .reply(query_error(403, "AccessDenied", "no redshift:DescribeLoggingStatus"));
  Graph h = d.collect(collect_redshift);
  EXPECT_EQ(joined(d.warnings.list()),
            "redshift eu-west-1 DescribeLoggingStatus reports: AccessDenied (403): no "
            "redshift:DescribeLoggingStatus\n");
  EXPECT_EQ(h.ids_of_kind("aws_redshift_cluster").size(), 3u);
  EXPECT_EQ(h.text(kReports, "/redshift_logging_status"), kAbsent);
  EXPECT_EQ(h.text(kReports, "/redshift_publicly_accessible"), "false");
}

// --- ELB (classic) ------------------------------------------------------------------------------

const std::string kWebElb = node("elb", "eu-west-1/web");
const std::string kInstance = "i-0123456789abcdef0";

const std::string kWebElbXml = R"(
      <member>
        <LoadBalancerName>web</LoadBalancerName>
        <DNSName>web-1234567890.eu-west-1.elb.amazonaws.com</DNSName>
        <CanonicalHostedZoneName>web-1234567890.eu-west-1.elb.amazonaws.com</CanonicalHostedZoneName>
        <CanonicalHostedZoneNameID>Z32O12XQLNTSW2</CanonicalHostedZoneNameID>
        <ListenerDescriptions>
          <member>
            <Listener>
              <Protocol>HTTPS</Protocol>
              <LoadBalancerPort>443</LoadBalancerPort>
              <InstanceProtocol>HTTP</InstanceProtocol>
              <InstancePort>80</InstancePort>
              <SSLCertificateId>arn:aws:acm:eu-west-1:123456789012:certificate/9d1e7c2a-5b8f-4d3e-a1c6-2f0b9e8d7c6a</SSLCertificateId>
            </Listener>
            <PolicyNames><member>ELBSecurityPolicy-2016-08</member></PolicyNames>
          </member>
          <member>
            <Listener>
              <Protocol>HTTP</Protocol>
              <LoadBalancerPort>80</LoadBalancerPort>
              <InstanceProtocol>HTTP</InstanceProtocol>
              <InstancePort>80</InstancePort>
            </Listener>
            <PolicyNames/>
          </member>
        </ListenerDescriptions>
        <Policies>
          <AppCookieStickinessPolicies/>
          <LBCookieStickinessPolicies>
            <member><PolicyName>sticky</PolicyName><CookieExpirationPeriod>300</CookieExpirationPeriod></member>
          </LBCookieStickinessPolicies>
          <OtherPolicies><member>ELBSecurityPolicy-2016-08</member></OtherPolicies>
        </Policies>
        <BackendServerDescriptions/>
        <AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones>
        <Subnets><member>subnet-0aaa1111bbbb2222c</member><member>subnet-0ddd3333eeee4444f</member></Subnets>
        <VPCId>vpc-0123456789abcdef0</VPCId>
        <Instances><member><InstanceId>i-0123456789abcdef0</InstanceId></member></Instances>
        <HealthCheck>
          <Target>HTTP:80/health</Target>
          <Interval>30</Interval>
          <Timeout>5</Timeout>
          <UnhealthyThreshold>2</UnhealthyThreshold>
          <HealthyThreshold>10</HealthyThreshold>
        </HealthCheck>
        <SourceSecurityGroup><OwnerAlias>123456789012</OwnerAlias><GroupName>web-lb</GroupName></SourceSecurityGroup>
        <SecurityGroups><member>sg-0a1b2c3d4e5f60718</member></SecurityGroups>
        <CreatedTime>2022-11-02T09:30:12.540Z</CreatedTime>
        <Scheme>internet-facing</Scheme>
      </member>)";

std::string small_elb(const std::string& name) {
  return "<member><LoadBalancerName>" + name + "</LoadBalancerName><DNSName>internal-" + name +
         "-1.eu-west-1.elb.amazonaws.com</DNSName><ListenerDescriptions/><Instances/>"
         "<CreatedTime>2021-01-01T00:00:00Z</CreatedTime><Scheme>internal</Scheme></member>";
}

std::string elb_attributes(const std::string& access_log) {
  return answer(kElbNs, "DescribeLoadBalancerAttributes",
                "<LoadBalancerAttributes><CrossZoneLoadBalancing><Enabled>true</Enabled>"
                "</CrossZoneLoadBalancing>" +
                    access_log +
                    "<ConnectionDraining><Enabled>true</Enabled><Timeout>300</Timeout>"
                    "</ConnectionDraining><ConnectionSettings><IdleTimeout>60</IdleTimeout>"
                    "</ConnectionSettings><AdditionalAttributes><member><Key>"
                    "elb.http.desyncmitigationmode</Key><Value>defensive</Value></member>"
                    "</AdditionalAttributes></LoadBalancerAttributes>");
}

std::string elb_tags(const std::string& name, const std::string& tags) {
  return answer(kElbNs, "DescribeTags",
                "<TagDescriptions><member><LoadBalancerName>" + name + "</LoadBalancerName><Tags>" +
                    tags + "</Tags></member></TagDescriptions>");
}

// 20 small load balancers on the first page, web on the second: tags are
// asked for 20 names, then 1.
void route_elbs(FakeHttp& http) {
  std::string first;
  for (int i = 1; i <= 20; ++i) first += small_elb("lb-" + std::to_string(i));
  http.on("DescribeLoadBalancers")
      .reply(200,
             answer(kElbNs, "DescribeLoadBalancers",
                    "<LoadBalancerDescriptions>" + first +
                        "</LoadBalancerDescriptions><NextMarker>elb+2</NextMarker>"),
             kXml);
  http.on("DescribeLoadBalancers", {{"Marker", "elb+2"}})
      .reply(200,
             answer(kElbNs, "DescribeLoadBalancers",
                    "<LoadBalancerDescriptions>" + kWebElbXml + "</LoadBalancerDescriptions>"),
             kXml);
  http.on("DescribeTags", {{"LoadBalancerNames.member.1", "lb-1"}})
      .reply(200, elb_tags("lb-1", "<member><Key>team</Key><Value>ops</Value></member>"), kXml);
  http.on("DescribeTags", {{"LoadBalancerNames.member.1", "web"}})
      .reply(200,
             elb_tags("web",
                      "<member><Key>team</Key><Value>web</Value></member>"
                      "<member><Key>Name</Key><Value>public web</Value></member>"),
             kXml);
  http.on("DescribeLoadBalancerAttributes")
      .reply(200, elb_attributes("<AccessLog><Enabled>false</Enabled></AccessLog>"), kXml);
  http.on("DescribeLoadBalancerAttributes", {{"LoadBalancerName", "web"}})
      .reply(200,
             elb_attributes("<AccessLog><Enabled>true</Enabled><S3BucketName>elb-logs"
                            "</S3BucketName><EmitInterval>60</EmitInterval><S3BucketPrefix>web"
                            "</S3BucketPrefix></AccessLog>"),
             kXml);
}

TEST(ElbCollect, ClassicLoadBalancersWithTagsAndAttributes) {
  Collector c;
  route_elbs(c.http);
  c.other(node("vpc", kVpc), "aws_vpc");
  c.other(node("subnet", kSubnetA), "aws_ec2_subnet");
  c.other(node("subnet", kSubnetB), "aws_ec2_subnet");
  c.other(node("security_group", kSg), "aws_ec2_security_group");
  c.other(node("instance", kInstance), "aws_ec2_instance");
  Graph g = c.collect(collect_elb);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_elb").size(), 21u);

  auto pages = c.http.requests("DescribeLoadBalancers");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].param("Version"), "2012-06-01");
  EXPECT_EQ(pages[1].param("Marker"), "elb+2");
  auto tags = c.http.requests("DescribeTags");
  ASSERT_EQ(tags.size(), 2u);
  for (const auto& t : tags) {
    bool first = t.param("LoadBalancerNames.member.1") == "lb-1";
    EXPECT_EQ(t.has_param("LoadBalancerNames.member.20"), first);
    EXPECT_FALSE(t.has_param("LoadBalancerNames.member.21"));
  }

  // The properties the checks read; the id is the DNS name.
  EXPECT_EQ(g.text(kWebElb, "/id"), "web-1234567890.eu-west-1.elb.amazonaws.com");
  EXPECT_EQ(g.text(kWebElb, "/name"), "web");
  EXPECT_EQ(g.text(kWebElb, "/elb_attributes/access_log/enabled"), "true");
  EXPECT_EQ(g.text(kWebElb, "/elb_listener_descriptions/0/listener/protocol"), "HTTPS");
  EXPECT_EQ(g.text(kWebElb, "/elb_listener_descriptions/0/listener/ssl_certificate_id"),
            "arn:aws:acm:eu-west-1:123456789012:certificate/9d1e7c2a-5b8f-4d3e-a1c6-2f0b9e8d7c6a");
  EXPECT_EQ(g.text(kWebElb, "/elb_listener_descriptions/1/listener"),
            R"({"protocol":"HTTP","load_balancer_port":80,"instance_protocol":"HTTP",)"
            R"("instance_port":80})");
  EXPECT_EQ(g.text(kWebElb, "/elb_listener_descriptions/0/policy_names"),
            R"(["ELBSecurityPolicy-2016-08"])");
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-7"), "/elb_attributes/access_log/enabled"), "false");
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-7"), "/elb_listener_descriptions"), "[]");

  EXPECT_EQ(g.text(kWebElb, "/arn"),
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/web");
  EXPECT_EQ(g.text(kWebElb, "/tags"), R"({"team":"web","Name":"public web"})");
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-1"), "/tags"), R"({"team":"ops"})");
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-2"), "/tags"), kAbsent);
  EXPECT_EQ(g.text(kWebElb, "/ctime"), "2022-11-02T09:30:12Z");
  EXPECT_EQ(g.text(kWebElb, "/lb_type"), "elb");
  EXPECT_EQ(g.text(kWebElb, "/backends"), R"(["i-0123456789abcdef0"])");
  EXPECT_EQ(g.text(kWebElb, "/scheme"), "internet-facing");
  EXPECT_EQ(g.text(kWebElb, "/elb_canonical_hosted_zone_name_id"), "Z32O12XQLNTSW2");
  EXPECT_EQ(g.text(kWebElb, "/elb_policies/lb_cookie_stickiness_policies"),
            R"([{"policy_name":"sticky","cookie_expiration_period":300}])");
  EXPECT_EQ(g.text(kWebElb, "/elb_availability_zones"), R"(["eu-west-1a","eu-west-1b"])");
  EXPECT_EQ(g.text(kWebElb, "/elb_health_check/target"), "HTTP:80/health");
  EXPECT_EQ(g.text(kWebElb, "/elb_source_security_group/group_name"), "web-lb");
  EXPECT_EQ(g.text(kWebElb, "/elb_attributes/access_log"),
            R"({"enabled":true,"s3_bucket_name":"elb-logs","emit_interval":60,)"
            R"("s3_bucket_prefix":"web"})");
  EXPECT_EQ(g.text(kWebElb, "/elb_attributes/connection_settings"), "60");
  EXPECT_EQ(g.text(kWebElb, "/elb_attributes/connection_draining/timeout"), "300");
  EXPECT_EQ(g.text(kWebElb, "/elb_attributes/cross_zone_load_balancing"), "true");

  EXPECT_TRUE(g.edge(kRegionNode, kWebElb));
  EXPECT_TRUE(inside(g, node("vpc", kVpc), kWebElb));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetA), kWebElb));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetB), kWebElb));
  EXPECT_TRUE(inside(g, node("security_group", kSg), kWebElb));
  EXPECT_TRUE(uses(g, kWebElb, node("instance", kInstance)));
}

TEST(ElbCollect, ErrorsBecomeWarningsAndTheRestIsCollected) {
  Collector c;
  route_elbs(c.http);
  c.http.on("DescribeTags", {{"LoadBalancerNames.member.1", "lb-1"}})
      .reply(query_error(403, "AccessDenied", "no elasticloadbalancing:DescribeTags"));
  // Deleted since the list was read: no attributes, no warning.
  c.http.on("DescribeLoadBalancerAttributes", {{"LoadBalancerName", "lb-3"}})
      .reply(query_error(400, "LoadBalancerNotFound", "There is no ACTIVE Load Balancer"));
  c.http.on("DescribeLoadBalancerAttributes", {{"LoadBalancerName", "lb-4"}})
      .reply(query_error(400, "ValidationError", "bad name"));
  Graph g = c.collect(collect_elb);
  EXPECT_EQ(joined(c.warnings.list()),
            "elb eu-west-1 DescribeTags: AccessDenied (403): no "
            "elasticloadbalancing:DescribeTags\n"
            "elb eu-west-1 DescribeLoadBalancerAttributes lb-4: ValidationError (400): bad name\n");
  ASSERT_EQ(g.ids_of_kind("aws_elb").size(), 21u);
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-1"), "/tags"), kAbsent);
  EXPECT_EQ(g.text(kWebElb, "/tags/team"), "web");
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-3"), "/elb_attributes"), kAbsent);
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-4"), "/elb_attributes"), kAbsent);
  EXPECT_EQ(g.text(node("elb", "eu-west-1/lb-5"), "/elb_attributes/access_log/enabled"), "false");
}

// --- ELBv2 --------------------------------------------------------------------------------------

const std::string kShopArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188";
const std::string kNlbArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ingress/73e2d6bc24d8a067";
const std::string kShop = node("alb", kShopArn);
const std::string kNlb = node("alb", kNlbArn);
const std::string kTgArn =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067";

const std::string kShopXml = R"(
      <member>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188</LoadBalancerArn>
        <DNSName>shop-1234567890.eu-west-1.elb.amazonaws.com</DNSName>
        <CanonicalHostedZoneId>Z32O12XQLNTSW2</CanonicalHostedZoneId>
        <CreatedTime>2023-01-15T10:20:30.120Z</CreatedTime>
        <LoadBalancerName>shop</LoadBalancerName>
        <Scheme>internet-facing</Scheme>
        <VpcId>vpc-0123456789abcdef0</VpcId>
        <State><Code>active</Code></State>
        <Type>application</Type>
        <AvailabilityZones>
          <member><ZoneName>eu-west-1a</ZoneName><SubnetId>subnet-0aaa1111bbbb2222c</SubnetId><LoadBalancerAddresses/></member>
          <member><ZoneName>eu-west-1b</ZoneName><SubnetId>subnet-0ddd3333eeee4444f</SubnetId><LoadBalancerAddresses/></member>
        </AvailabilityZones>
        <SecurityGroups><member>sg-0a1b2c3d4e5f60718</member></SecurityGroups>
        <IpAddressType>ipv4</IpAddressType>
      </member>)";

const std::string kNlbXml = R"(
      <member>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/ingress/73e2d6bc24d8a067</LoadBalancerArn>
        <DNSName>ingress-73e2d6bc24d8a067.elb.eu-west-1.amazonaws.com</DNSName>
        <CanonicalHostedZoneId>Z2IFOLAFXWLO4F</CanonicalHostedZoneId>
        <CreatedTime>2023-06-01T00:00:00Z</CreatedTime>
        <LoadBalancerName>ingress</LoadBalancerName>
        <Scheme>internet-facing</Scheme>
        <VpcId>vpc-0123456789abcdef0</VpcId>
        <State><Code>provisioning</Code><Reason>creating</Reason></State>
        <Type>network</Type>
        <AvailabilityZones>
          <member>
            <ZoneName>eu-west-1a</ZoneName>
            <SubnetId>subnet-0aaa1111bbbb2222c</SubnetId>
            <LoadBalancerAddresses>
              <member><IpAddress>34.240.1.2</IpAddress><AllocationId>eipalloc-0a1b2c3d4e5f60001</AllocationId></member>
            </LoadBalancerAddresses>
          </member>
        </AvailabilityZones>
        <IpAddressType>ipv4</IpAddressType>
      </member>)";

std::string listeners_page(const std::string& listeners, const std::string& marker) {
  return answer(kElbV2Ns, "DescribeListeners",
                "<Listeners>" + listeners + "</Listeners>" +
                    (marker.empty() ? "" : "<NextMarker>" + marker + "</NextMarker>"));
}

const std::string kHttpsListener = R"(
      <member>
        <ListenerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2</ListenerArn>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188</LoadBalancerArn>
        <Port>443</Port>
        <Protocol>HTTPS</Protocol>
        <Certificates>
          <member><CertificateArn>arn:aws:acm:eu-west-1:123456789012:certificate/9d1e7c2a-5b8f-4d3e-a1c6-2f0b9e8d7c6a</CertificateArn></member>
        </Certificates>
        <SslPolicy>ELBSecurityPolicy-TLS13-1-2-2021-06</SslPolicy>
        <DefaultActions>
          <member>
            <Type>forward</Type>
            <TargetGroupArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067</TargetGroupArn>
            <Order>1</Order>
            <ForwardConfig>
              <TargetGroups>
                <member>
                  <TargetGroupArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067</TargetGroupArn>
                  <Weight>1</Weight>
                </member>
              </TargetGroups>
              <TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig>
            </ForwardConfig>
          </member>
        </DefaultActions>
        <AlpnPolicy/>
      </member>)";

const std::string kRedirectListener = R"(
      <member>
        <ListenerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/0467ef3c8400ae65</ListenerArn>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188</LoadBalancerArn>
        <Port>80</Port>
        <Protocol>HTTP</Protocol>
        <DefaultActions>
          <member>
            <Type>redirect</Type>
            <Order>1</Order>
            <RedirectConfig>
              <Protocol>HTTPS</Protocol>
              <Port>443</Port>
              <Host>#{host}</Host>
              <Path>/#{path}</Path>
              <Query>#{query}</Query>
              <StatusCode>HTTP_301</StatusCode>
            </RedirectConfig>
          </member>
        </DefaultActions>
      </member>)";

void route_v2(FakeHttp& http) {
  http.on("DescribeLoadBalancers")
      .reply(200,
             answer(kElbV2Ns, "DescribeLoadBalancers",
                    "<LoadBalancers>" + kShopXml + "</LoadBalancers><NextMarker>v2/2</NextMarker>"),
             kXml);
  http.on("DescribeLoadBalancers", {{"Marker", "v2/2"}})
      .reply(200,
             answer(kElbV2Ns, "DescribeLoadBalancers",
                    "<LoadBalancers>" + kNlbXml + "</LoadBalancers>"),
             kXml);
  http.on("DescribeTags")
      .reply(200,
             answer(kElbV2Ns, "DescribeTags",
                    "<TagDescriptions><member><ResourceArn>" + kShopArn +
                        "</ResourceArn><Tags><member><Key>app</Key><Value>shop</Value></member>"
                        "</Tags></member><member><ResourceArn>" +
                        kNlbArn + "</ResourceArn><Tags/></member></TagDescriptions>"),
             kXml);
  http.on("DescribeListeners", {{"LoadBalancerArn", kShopArn}})
      .reply(200, listeners_page(kHttpsListener, "l+2"), kXml);
  http.on("DescribeListeners", {{"LoadBalancerArn", kShopArn}, {"Marker", "l+2"}})
      .reply(200, listeners_page(kRedirectListener, ""), kXml);
  http.on("DescribeListeners", {{"LoadBalancerArn", kNlbArn}})
      .reply(200, listeners_page("", ""), kXml);
}

TEST(ElbV2Collect, LoadBalancersWithTheirListeners) {
  Collector c;
  route_v2(c.http);
  c.other(node("vpc", kVpc), "aws_vpc");
  c.other(node("subnet", kSubnetA), "aws_ec2_subnet");
  c.other(node("subnet", kSubnetB), "aws_ec2_subnet");
  c.other(node("security_group", kSg), "aws_ec2_security_group");
  Graph g = c.collect(collect_elbv2);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_alb").size(), 2u);
  EXPECT_EQ(c.http.requests("DescribeLoadBalancers")[0].param("Version"), "2015-12-01");
  // Tags are asked a page of balancers at a time (each page is released
  // before the next is read).
  auto tags = c.http.requests("DescribeTags");
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].param("ResourceArns.member.1"), kShopArn);
  EXPECT_FALSE(tags[0].has_param("ResourceArns.member.2"));
  EXPECT_EQ(tags[1].param("ResourceArns.member.1"), kNlbArn);

  EXPECT_EQ(g.text(kShop, "/id"), "shop");
  EXPECT_EQ(g.text(kShop, "/name"), "shop");
  EXPECT_EQ(g.text(kShop, "/arn"), kShopArn);
  EXPECT_EQ(g.text(kShop, "/tags"), R"({"app":"shop"})");
  EXPECT_EQ(g.text(kNlb, "/tags"), "{}");
  EXPECT_EQ(g.text(kShop, "/ctime"), "2023-01-15T10:20:30Z");
  EXPECT_EQ(g.text(kShop, "/alb_type"), "application");
  EXPECT_EQ(g.text(kShop, "/alb_dns_name"), "shop-1234567890.eu-west-1.elb.amazonaws.com");
  EXPECT_EQ(g.text(kShop, "/alb_scheme"), "internet-facing");
  EXPECT_EQ(g.text(kShop, "/alb_state"), R"({"code":"active"})");
  EXPECT_EQ(g.text(kShop, "/alb_security_groups"), R"(["sg-0a1b2c3d4e5f60718"])");
  EXPECT_EQ(g.text(kNlb, "/alb_state"), R"({"code":"provisioning","reason":"creating"})");
  EXPECT_EQ(g.text(kNlb, "/alb_availability_zones/0/load_balancer_addresses"),
            R"([{"ip_address":"34.240.1.2","allocation_id":"eipalloc-0a1b2c3d4e5f60001"}])");
  EXPECT_EQ(g.text(kNlb, "/alb_security_groups"), "[]");

  // Listeners from both pages; [] when there are none.
  EXPECT_EQ(g.text(kShop, "/alb_listener/0/port"), "443");
  EXPECT_EQ(g.text(kShop, "/alb_listener/0/ssl_policy"), "ELBSecurityPolicy-TLS13-1-2-2021-06");
  EXPECT_EQ(g.text(kShop, "/alb_listener/0/certificates/0/certificate_arn"),
            "arn:aws:acm:eu-west-1:123456789012:certificate/9d1e7c2a-5b8f-4d3e-a1c6-2f0b9e8d7c6a");
  EXPECT_EQ(g.text(kShop, "/alb_listener/0/default_actions/0/forward_config"),
            R"({"target_groups":[{"target_group_arn":")" + kTgArn +
                R"(","weight":1}],"target_group_stickiness_config":{"enabled":false}})");
  EXPECT_EQ(g.text(kShop, "/alb_listener/1/protocol"), "HTTP");
  EXPECT_EQ(g.text(kShop, "/alb_listener/1/default_actions/0/redirect_config"),
            R"({"protocol":"HTTPS","port":"443","host":"#{host}","path":"/#{path}",)"
            R"("query":"#{query}","status_code":"HTTP_301"})");
  EXPECT_EQ(g.text(kNlb, "/alb_listener"), "[]");

  EXPECT_TRUE(g.edge(kRegionNode, kShop));
  EXPECT_TRUE(inside(g, node("vpc", kVpc), kShop));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetA), kShop));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetB), kShop));
  EXPECT_TRUE(inside(g, node("security_group", kSg), kShop));
  EXPECT_TRUE(inside(g, node("subnet", kSubnetA), kNlb));
}

TEST(ElbV2Collect, ErrorsBecomeWarningsAndTheRestIsCollected) {
  Collector c;
  route_v2(c.http);
  c.http.on("DescribeListeners", {{"LoadBalancerArn", kShopArn}})
      .reply(query_error(403, "AccessDenied", "no elasticloadbalancing:DescribeListeners"));
  // Deleted since the list was read: no listeners, no warning.
  c.http.on("DescribeListeners", {{"LoadBalancerArn", kNlbArn}})
      .reply(query_error(400, "LoadBalancerNotFound", "gone"));
  c.http.on("DescribeTags").reply(query_error(500, "InternalFailure", "oops"));
  Graph g = c.collect(collect_elbv2);
  // One failed DescribeTags per page of balancers.
  EXPECT_EQ(joined(c.warnings.list()),
            "elbv2 eu-west-1 DescribeTags: InternalFailure (500): oops\n"
            "elbv2 eu-west-1 DescribeListeners shop: AccessDenied (403): no "
            "elasticloadbalancing:DescribeListeners\n"
            "elbv2 eu-west-1 DescribeTags: InternalFailure (500): oops\n");
  ASSERT_EQ(g.ids_of_kind("aws_alb").size(), 2u);
  EXPECT_EQ(g.text(kShop, "/alb_listener"), kAbsent);
  EXPECT_EQ(g.text(kNlb, "/alb_listener"), "[]");
  EXPECT_EQ(g.text(kShop, "/tags"), kAbsent);
  EXPECT_EQ(g.text(kShop, "/alb_type"), "application");
}

// --- Auto Scaling -------------------------------------------------------------------------------

const std::string kWebAsgArn =
    "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-"
    "7b0acd480f03:autoScalingGroupName/web-asg";
const std::string kBatchAsgArn =
    "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:5f1b2c3d-4e5f-6071-8293-"
    "a4b5c6d7e8f9:autoScalingGroupName/batch";
const std::string kWebAsg = node("autoscaling_group", kWebAsgArn);
const std::string kBatchAsg = node("autoscaling_group", kBatchAsgArn);
const std::string kLt = "lt-0a20c965061f64abc";
const std::string kSpotLt = "lt-0b30d076172e75bcd";

const std::string kWebAsgXml = R"(
      <member>
        <AutoScalingGroupName>web-asg</AutoScalingGroupName>
        <AutoScalingGroupARN>arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/web-asg</AutoScalingGroupARN>
        <LaunchTemplate>
          <LaunchTemplateId>lt-0a20c965061f64abc</LaunchTemplateId>
          <LaunchTemplateName>web</LaunchTemplateName>
          <Version>$Latest</Version>
        </LaunchTemplate>
        <MinSize>1</MinSize>
        <MaxSize>4</MaxSize>
        <DesiredCapacity>2</DesiredCapacity>
        <DefaultCooldown>300</DefaultCooldown>
        <AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones>
        <LoadBalancerNames/>
        <TargetGroupARNs>
          <member>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067</member>
        </TargetGroupARNs>
        <HealthCheckType>ELB</HealthCheckType>
        <HealthCheckGracePeriod>300</HealthCheckGracePeriod>
        <Instances>
          <member>
            <InstanceId>i-0123456789abcdef0</InstanceId>
            <InstanceType>t3.micro</InstanceType>
            <AvailabilityZone>eu-west-1a</AvailabilityZone>
            <LifecycleState>InService</LifecycleState>
            <HealthStatus>Healthy</HealthStatus>
            <LaunchTemplate>
              <LaunchTemplateId>lt-0a20c965061f64abc</LaunchTemplateId>
              <LaunchTemplateName>web</LaunchTemplateName>
              <Version>3</Version>
            </LaunchTemplate>
            <ProtectedFromScaleIn>false</ProtectedFromScaleIn>
          </member>
        </Instances>
        <CreatedTime>2023-04-01T12:00:00.845Z</CreatedTime>
        <SuspendedProcesses>
          <member><ProcessName>AZRebalance</ProcessName><SuspensionReason>User suspended at 2024-01-01T00:00:00Z</SuspensionReason></member>
        </SuspendedProcesses>
        <VPCZoneIdentifier>subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f</VPCZoneIdentifier>
        <EnabledMetrics>
          <member><Metric>GroupInServiceInstances</Metric><Granularity>1Minute</Granularity></member>
        </EnabledMetrics>
        <Tags>
          <member>
            <ResourceId>web-asg</ResourceId>
            <ResourceType>auto-scaling-group</ResourceType>
            <Key>team</Key>
            <Value>web</Value>
            <PropagateAtLaunch>true</PropagateAtLaunch>
          </member>
        </Tags>
        <TerminationPolicies><member>Default</member></TerminationPolicies>
        <NewInstancesProtectedFromScaleIn>false</NewInstancesProtectedFromScaleIn>
        <ServiceLinkedRoleARN>arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling</ServiceLinkedRoleARN>
        <CapacityRebalance>false</CapacityRebalance>
        <WarmPoolConfiguration>
          <MinSize>1</MinSize>
          <PoolState>Stopped</PoolState>
          <InstanceReusePolicy><ReuseOnScaleIn>true</ReuseOnScaleIn></InstanceReusePolicy>
        </WarmPoolConfiguration>
        <WarmPoolSize>1</WarmPoolSize>
        <DefaultInstanceWarmup>120</DefaultInstanceWarmup>
      </member>)";

const std::string kBatchAsgXml = R"(
      <member>
        <AutoScalingGroupName>batch</AutoScalingGroupName>
        <AutoScalingGroupARN>arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:5f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9:autoScalingGroupName/batch</AutoScalingGroupARN>
        <MixedInstancesPolicy>
          <LaunchTemplate>
            <LaunchTemplateSpecification>
              <LaunchTemplateId>lt-0b30d076172e75bcd</LaunchTemplateId>
              <LaunchTemplateName>spot</LaunchTemplateName>
              <Version>$Default</Version>
            </LaunchTemplateSpecification>
            <Overrides>
              <member><InstanceType>c5.large</InstanceType><WeightedCapacity>2</WeightedCapacity></member>
              <member><InstanceType>c6i.large</InstanceType></member>
            </Overrides>
          </LaunchTemplate>
          <InstancesDistribution>
            <OnDemandAllocationStrategy>prioritized</OnDemandAllocationStrategy>
            <OnDemandBaseCapacity>0</OnDemandBaseCapacity>
            <OnDemandPercentageAboveBaseCapacity>0</OnDemandPercentageAboveBaseCapacity>
            <SpotAllocationStrategy>price-capacity-optimized</SpotAllocationStrategy>
          </InstancesDistribution>
        </MixedInstancesPolicy>
        <MinSize>0</MinSize>
        <MaxSize>10</MaxSize>
        <DesiredCapacity>0</DesiredCapacity>
        <DefaultCooldown>300</DefaultCooldown>
        <AvailabilityZones><member>eu-west-1a</member></AvailabilityZones>
        <HealthCheckType>EC2</HealthCheckType>
        <Instances/>
        <CreatedTime>2024-02-02T02:02:02Z</CreatedTime>
        <Tags/>
      </member>)";

void route_groups(FakeHttp& http) {
  http.on("DescribeAutoScalingGroups")
      .reply(200,
             answer(kAsNs, "DescribeAutoScalingGroups",
                    "<AutoScalingGroups>" + kWebAsgXml +
                        "</AutoScalingGroups><NextToken>asg/next==</NextToken>"),
             kXml);
  http.on("DescribeAutoScalingGroups", {{"NextToken", "asg/next=="}})
      .reply(200,
             answer(kAsNs, "DescribeAutoScalingGroups",
                    "<AutoScalingGroups>" + kBatchAsgXml + "</AutoScalingGroups>"),
             kXml);
}

TEST(AutoScalingCollect, GroupsAcrossPages) {
  Collector c;
  route_groups(c.http);
  c.other(node("launch_template", kLt), "aws_ec2_launch_template");
  c.other(node("launch_template", kSpotLt), "aws_ec2_launch_template");
  c.other(node("instance", kInstance), "aws_ec2_instance");
  Graph g = c.collect(collect_autoscaling);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_autoscaling_group").size(), 2u);
  auto pages = c.http.requests("DescribeAutoScalingGroups");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1].param("NextToken"), "asg/next==");
  EXPECT_EQ(pages[1].param("MaxRecords"), "100");
  EXPECT_FALSE(pages[1].has_param("Marker"));

  EXPECT_EQ(g.text(kWebAsg, "/id"), "web-asg");
  EXPECT_EQ(g.text(kWebAsg, "/arn"), kWebAsgArn);
  EXPECT_EQ(g.text(kWebAsg, "/tags"), R"({"team":"web"})");
  EXPECT_EQ(g.text(kWebAsg, "/ctime"), "2023-04-01T12:00:00Z");
  EXPECT_EQ(g.text(kWebAsg, "/min_size"), "1");
  EXPECT_EQ(g.text(kWebAsg, "/max_size"), "4");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_launch_template"),
            R"({"launch_template_id":"lt-0a20c965061f64abc","launch_template_name":"web",)"
            R"("version":"$Latest"})");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_target_group_ar_ns"), "[\"" + kTgArn + "\"]");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_load_balancer_names"), "[]");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_instances/0/instance_id"), kInstance);
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_instances/0/launch_template/version"), "3");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_instances/0/protected_from_scale_in"), "false");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_suspended_processes/0/process_name"), "AZRebalance");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_enabled_metrics"),
            R"([{"metric":"GroupInServiceInstances","granularity":"1Minute"}])");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_vpc_zone_identifier"), kSubnetA + "," + kSubnetB);
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_warm_pool_configuration"),
            R"({"min_size":1,"pool_state":"Stopped","instance_reuse_policy":true})");
  EXPECT_EQ(g.text(kWebAsg, "/autoscaling_default_instance_warmup"), "120");
  EXPECT_EQ(g.text(kBatchAsg, "/autoscaling_launch_template"), kAbsent);
  EXPECT_EQ(g.text(kBatchAsg,
                   "/autoscaling_mixed_instances_policy/launch_template/"
                   "launch_template_specification/launch_template_id"),
            kSpotLt);
  EXPECT_EQ(
      g.text(kBatchAsg, "/autoscaling_mixed_instances_policy/launch_template/overrides"),
      R"([{"instance_type":"c5.large","weighted_capacity":"2"},{"instance_type":"c6i.large"}])");
  EXPECT_EQ(g.text(kBatchAsg,
                   "/autoscaling_mixed_instances_policy/instances_distribution/"
                   "spot_allocation_strategy"),
            "price-capacity-optimized");
  EXPECT_EQ(g.text(kBatchAsg, "/autoscaling_instances"), "[]");
  EXPECT_EQ(g.text(kBatchAsg, "/tags"), "{}");

  EXPECT_TRUE(g.edge(kRegionNode, kWebAsg));
  EXPECT_TRUE(g.edge(kWebAsg, node("launch_template", kLt)));
  EXPECT_TRUE(g.edge(kBatchAsg, node("launch_template", kSpotLt)));
  EXPECT_TRUE(uses(g, kWebAsg, node("instance", kInstance)));
}

TEST(AutoScalingCollect, FailureIsAWarningAndTheFirstPageIsKept) {
  Collector c;
  route_groups(c.http);
  c.http.fail("DescribeAutoScalingGroups", {{"NextToken", "asg/next=="}},
              query_error(400, "InvalidNextToken", "The token is invalid"));
  Graph g = c.collect(collect_autoscaling);
  EXPECT_EQ(joined(c.warnings.list()),
            "autoscaling eu-west-1 DescribeAutoScalingGroups: InvalidNextToken (400): The token "
            "is invalid\n");
  EXPECT_EQ(g.ids_of_kind("aws_autoscaling_group"), std::set<std::string>{kWebAsg});
}

// --- CloudFormation -----------------------------------------------------------------------------

const std::string kAppStackArn =
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/app/e722ae60-fe62-11e8-9a0e-0ae8cc519968";
const std::string kNetStackArn =
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/app-Network-1ABCDEF/"
    "7f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
const std::string kOldStackArn =
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/old/00000000-1111-2222-3333-444444444444";
const std::string kAppStack = node("cloudformation_stack", kAppStackArn);
const std::string kNetStack = node("cloudformation_stack", kNetStackArn);
const std::string kOldStack = node("cloudformation_stack", kOldStackArn);

const std::string kAppStackXml = R"(
      <member>
        <StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/app/e722ae60-fe62-11e8-9a0e-0ae8cc519968</StackId>
        <StackName>app</StackName>
        <ChangeSetId>arn:aws:cloudformation:eu-west-1:123456789012:changeSet/release-42/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d</ChangeSetId>
        <Description>The shop application</Description>
        <Parameters>
          <member><ParameterKey>Environment</ParameterKey><ParameterValue>prod</ParameterValue></member>
          <member><ParameterKey>DbPassword</ParameterKey><ParameterValue>****</ParameterValue></member>
        </Parameters>
        <CreationTime>2022-12-12T08:00:00.101Z</CreationTime>
        <LastUpdatedTime>2024-03-01T09:30:00.202Z</LastUpdatedTime>
        <RollbackConfiguration>
          <RollbackTriggers>
            <member><Arn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:5xx</Arn><Type>AWS::CloudWatch::Alarm</Type></member>
          </RollbackTriggers>
          <MonitoringTimeInMinutes>10</MonitoringTimeInMinutes>
        </RollbackConfiguration>
        <StackStatus>UPDATE_COMPLETE</StackStatus>
        <DisableRollback>false</DisableRollback>
        <NotificationARNs><member>arn:aws:sns:eu-west-1:123456789012:deployments</member></NotificationARNs>
        <TimeoutInMinutes>30</TimeoutInMinutes>
        <Capabilities><member>CAPABILITY_IAM</member><member>CAPABILITY_AUTO_EXPAND</member></Capabilities>
        <Outputs>
          <member>
            <OutputKey>Url</OutputKey>
            <OutputValue>https://shop.example.com</OutputValue>
            <Description>Public URL</Description>
            <ExportName>app-url</ExportName>
          </member>
          <member>
            <OutputKey>BucketName</OutputKey>
            <OutputValue>app-assets-123456789012</OutputValue>
          </member>
        </Outputs>
        <RoleARN>arn:aws:iam::123456789012:role/cfn-deployer</RoleARN>
        <Tags><member><Key>owner</Key><Value>shop-team</Value></member></Tags>
        <EnableTerminationProtection>true</EnableTerminationProtection>
        <DriftInformation>
          <StackDriftStatus>IN_SYNC</StackDriftStatus>
          <LastCheckTimestamp>2024-03-10T00:00:00Z</LastCheckTimestamp>
        </DriftInformation>
      </member>)";

std::string stack_xml(const std::string& arn, const std::string& name, const std::string& extra) {
  return "<member><StackId>" + arn + "</StackId><StackName>" + name +
         "</StackName><CreationTime>2023-02-02T00:00:00Z</CreationTime><StackStatus>"
         "CREATE_COMPLETE</StackStatus><DisableRollback>false</DisableRollback>" +
         extra + "<Tags/></member>";
}

std::string resource(const std::string& logical, const std::string& physical,
                     const std::string& type) {
  return "<member><LogicalResourceId>" + logical + "</LogicalResourceId><PhysicalResourceId>" +
         physical + "</PhysicalResourceId><ResourceType>" + type +
         "</ResourceType><LastUpdatedTimestamp>2024-03-01T09:31:00Z</LastUpdatedTimestamp>"
         "<ResourceStatus>UPDATE_COMPLETE</ResourceStatus><DriftInformation>"
         "<StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>"
         "</member>";
}

std::string resources_page(const std::string& members, const std::string& token) {
  return answer(kCfnNs, "ListStackResources",
                "<StackResourceSummaries>" + members + "</StackResourceSummaries>" +
                    (token.empty() ? "" : "<NextToken>" + token + "</NextToken>"));
}

const std::string kQueueArn = "arn:aws:sqs:eu-west-1:123456789012:orders";
const std::string kRoleArn = "arn:aws:iam::123456789012:role/app-web";
const std::string kFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:resize";
const std::string kTopicArn = "arn:aws:sns:eu-west-1:123456789012:alerts";

void route_stacks(FakeHttp& http) {
  http.on("DescribeStacks")
      .reply(200,
             answer(kCfnNs, "DescribeStacks",
                    "<Stacks>" + kAppStackXml + "</Stacks><NextToken>cfn/2</NextToken>"),
             kXml);
  http.on("DescribeStacks", {{"NextToken", "cfn/2"}})
      .reply(200,
             answer(kCfnNs, "DescribeStacks",
                    "<Stacks>" +
                        stack_xml(kNetStackArn, "app-Network-1ABCDEF",
                                  "<ParentId>" + kAppStackArn + "</ParentId><RootId>" +
                                      kAppStackArn + "</RootId>") +
                        stack_xml(kOldStackArn, "old", "") + "</Stacks>"),
             kXml);
  http.on("ListStackResources", {{"StackName", kAppStackArn}})
      .reply(200,
             resources_page(
                 resource("Assets", "app-assets-123456789012", "AWS::S3::Bucket") +
                     resource("Web", kInstance, "AWS::EC2::Instance") +
                     resource("Queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
                              "AWS::SQS::Queue") +
                     resource("WebRole", "app-web", "AWS::IAM::Role") +
                     resource("Resize", "resize", "AWS::Lambda::Function"),
                 "res/2"),
             kXml);
  http.on("ListStackResources", {{"StackName", kAppStackArn}, {"NextToken", "res/2"}})
      .reply(
          200,
          resources_page(resource("Alerts", kTopicArn, "AWS::SNS::Topic") +
                             resource("WebGroup", "web-asg", "AWS::AutoScaling::AutoScalingGroup") +
                             resource("Key", kKeyId, "AWS::KMS::Key") +
                             resource("Db", "orders-db", "AWS::RDS::DBInstance") +
                             resource("Network", kNetStackArn, "AWS::CloudFormation::Stack") +
                             resource("Alarm", "app-5xx", "AWS::CloudWatch::Alarm") +
                             resource("Pending", "", "AWS::EC2::Instance"),
                         ""),
          kXml);
  http.on("ListStackResources", {{"StackName", kNetStackArn}})
      .reply(200, resources_page(resource("Vpc", kVpc, "AWS::EC2::VPC"), ""), kXml);
  // Deleted since the list was read.
  http.on("ListStackResources", {{"StackName", kOldStackArn}})
      .reply(
          query_error(400, "ValidationError", "Stack with id " + kOldStackArn + " does not exist"));
}

TEST(CloudFormationCollect, StacksWithOutputsAndTheirResources) {
  Collector c;
  route_stacks(c.http);
  c.other(node("s3_bucket", "app-assets-123456789012"), "aws_s3_bucket");
  c.other(node("instance", kInstance), "aws_ec2_instance");
  c.other(node("sqs_queue", kQueueArn), "aws_sqs_queue", kQueueArn);
  c.other(node("iam_role", "AROAQWEBROLE7EXAMPLE1"), "aws_iam_role", kRoleArn);
  c.other(node("lambda_function", kFunctionArn), "aws_lambda_function", kFunctionArn);
  c.other(node("sns_topic", kTopicArn), "aws_sns_topic", kTopicArn);
  c.other(node("kms_key", kKeyId), "aws_kms_key");
  c.other(node("vpc", kVpc), "aws_vpc");
  c.other(kOrdersDb, "aws_rds_instance");
  c.other(kWebAsg, "aws_autoscaling_group", node("autoscaling_group", "eu-west-1/web-asg"));
  Graph g = c.collect(collect_cloudformation);
  EXPECT_TRUE(c.warnings.list().empty()) << joined(c.warnings.list());
  EXPECT_EQ(c.unmatched(), "");
  EXPECT_EQ(model_errors(g), "");
  ASSERT_EQ(g.ids_of_kind("aws_cloudformation_stack").size(), 3u);
  EXPECT_EQ(c.http.requests("DescribeStacks")[1].param("NextToken"), "cfn/2");

  // The property the checks read (detect-secrets over the outputs).
  EXPECT_EQ(g.text(kAppStack, "/stack_outputs"),
            R"([{"output_key":"Url","output_value":"https://shop.example.com",)"
            R"("description":"Public URL","export_name":"app-url"},)"
            R"({"output_key":"BucketName","output_value":"app-assets-123456789012"}])");
  EXPECT_EQ(g.text(kOldStack, "/stack_outputs"), "[]");

  EXPECT_EQ(g.text(kAppStack, "/id"), kAppStackArn);
  EXPECT_EQ(g.text(kAppStack, "/name"), "app");
  EXPECT_EQ(g.text(kAppStack, "/arn"), kAppStackArn);
  EXPECT_EQ(g.text(kAppStack, "/tags"), R"({"owner":"shop-team"})");
  EXPECT_EQ(g.text(kAppStack, "/ctime"), "2022-12-12T08:00:00Z");
  EXPECT_EQ(g.text(kAppStack, "/mtime"), "2024-03-01T09:30:00Z");
  EXPECT_EQ(g.text(kOldStack, "/mtime"), kAbsent);
  EXPECT_EQ(g.text(kAppStack, "/stack_status"), "UPDATE_COMPLETE");
  EXPECT_EQ(g.text(kAppStack, "/stack_parameters"),
            R"({"Environment":"prod","DbPassword":"****"})");
  EXPECT_EQ(g.text(kAppStack, "/description"), "The shop application");
  EXPECT_EQ(g.text(kAppStack, "/stack_rollback_configuration"),
            R"({"rollback_triggers":[{"arn":"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:5xx",)"
            R"("type":"AWS::CloudWatch::Alarm"}],"monitoring_time_in_minutes":10})");
  EXPECT_EQ(g.text(kAppStack, "/stack_notification_ar_ns"),
            R"(["arn:aws:sns:eu-west-1:123456789012:deployments"])");
  EXPECT_EQ(g.text(kAppStack, "/stack_capabilities"),
            R"(["CAPABILITY_IAM","CAPABILITY_AUTO_EXPAND"])");
  EXPECT_EQ(g.text(kAppStack, "/stack_timeout_in_minutes"), "30");
  EXPECT_EQ(g.text(kAppStack, "/stack_role_arn"), "arn:aws:iam::123456789012:role/cfn-deployer");
  EXPECT_EQ(g.text(kAppStack, "/stack_enable_termination_protection"), "true");
  EXPECT_EQ(g.text(kAppStack, "/stack_drift_information"),
            R"({"stack_drift_status":"IN_SYNC","last_check_timestamp":"2024-03-10T00:00:00Z"})");
  EXPECT_EQ(g.text(kNetStack, "/stack_parent_id"), kAppStackArn);

  // Stack → every resource Canopy knows, by id, name or ARN, across pages.
  EXPECT_TRUE(g.edge(kRegionNode, kAppStack));
  for (const std::string& to :
       {node("s3_bucket", "app-assets-123456789012"), node("instance", kInstance),
        node("sqs_queue", kQueueArn), node("iam_role", "AROAQWEBROLE7EXAMPLE1"),
        node("lambda_function", kFunctionArn), node("sns_topic", kTopicArn), kWebAsg,
        node("kms_key", kKeyId), kOrdersDb, kNetStack})
    EXPECT_TRUE(g.edge(kAppStack, to)) << to;
  EXPECT_TRUE(g.edge(kNetStack, node("vpc", kVpc)));
  EXPECT_EQ(c.http.count("ListStackResources"), 4);
}

TEST(CloudFormationCollect, ErrorsBecomeWarningsAndTheRestIsCollected) {
  Collector c;
  route_stacks(c.http);
  c.http.on("ListStackResources", {{"StackName", kNetStackArn}})
      .reply(query_error(403, "AccessDenied", "no cloudformation:ListStackResources"));
  Graph g = c.collect(collect_cloudformation);
  EXPECT_EQ(joined(c.warnings.list()),
            "cloudformation eu-west-1 ListStackResources app-Network-1ABCDEF: AccessDenied (403): "
            "no cloudformation:ListStackResources\n");
  EXPECT_EQ(g.ids_of_kind("aws_cloudformation_stack").size(), 3u);

  Collector d;
  d.http.on("DescribeStacks").reply(query_error(403, "AccessDenied", "no cloudformation:*"));
  Graph h = d.collect(collect_cloudformation);
  EXPECT_EQ(joined(d.warnings.list()),
            "cloudformation eu-west-1 DescribeStacks: AccessDenied (403): no cloudformation:*\n");
  EXPECT_TRUE(h.ids_of_kind("aws_cloudformation_stack").empty());
}

// --- the shared query-protocol helpers ---------------------------------------------------------

TEST(QueryXml, RepeatedTokenEndsTheListWithAnError) {
  Collector c;
  c.http.on("DescribeStacks")
      .reply(200, answer(kCfnNs, "DescribeStacks", "<Stacks/><NextToken>same</NextToken>"), kXml);
  int pages = 0;
  CallStatus st = query_pages(c.client, services::kCloudFormation, kRegion, "DescribeStacks", {},
                              [&](const XmlReply&) { ++pages; });
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(st.error.code, "MalformedResponse");
  EXPECT_EQ(pages, 2);
}

TEST(QueryXml, AbsentValuesAreNotDefaults) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<r><n>42</n><bad>4x</bad><t>true</t><f>false</f><e/></r>"));
  pugi::xml_node r = doc.child("r");
  EXPECT_EQ(qfields::int_of(r, "n"), 42);
  EXPECT_EQ(qfields::int_of(r, "bad"), std::nullopt);
  EXPECT_EQ(qfields::int_of(r, "missing"), std::nullopt);
  EXPECT_EQ(qfields::bool_of(r, "t"), true);
  EXPECT_EQ(qfields::bool_of(r, "f"), false);
  EXPECT_EQ(qfields::bool_of(r, "e"), std::nullopt);
  collect::JsonBuilder b;
  qfields::strings(b, "absent", r.child("nothing"));
  qfields::tags(b, r.child("nothing"));
  qfields::object(b, "none", r.child("nothing"), {{"x", "X"}});
  EXPECT_EQ(b.take(), R"({"absent":[],"tags":{}})");
}

}  // namespace
}  // namespace canopy::aws
