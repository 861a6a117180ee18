#include "collect/aws/services/rds.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <vector>

#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/refs.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::objects;
using qfields::strings;
using qfields::text;

constexpr int64_t kActivityWindow = 60 * 86400;  // how far back CloudWatch is asked
constexpr size_t kMetricBatch = 50;  // 50 × 1440 hourly points stay below 100,800 per call

std::string part(const std::string& region, const std::string& what) {
  return call_part("rds", region, what);
}

bool gone(const ApiError& e, std::string_view what) {
  return e.code == what || e.code == std::string(what) + "Fault";
}

// The `list` entries of every page of `action`, to `each` a page at a time.
template <class Each>
void describe(AccountContext& ctx, const std::string& region, const std::string& action,
              const char* list, Each each) {
  auto st = query_pages(ctx.client, services::kRds, region, action, {{"MaxRecords", "100"}},
                        each_listed<pugi::xml_node>(
                            ctx,
                            [list](const XmlReply& page, std::vector<pugi::xml_node>& out) {
                              for (auto n : page.result.child(list).children())
                                if (n.type() == pugi::node_element) out.push_back(n);
                            },
                            each));
  if (!st.ok) ctx.warn(part(region, action), st.error);
}

// The Describe answers carry TagList; ListTagsForResource only for one that does not.
void write_tags(AccountContext& ctx, const std::string& region, JsonBuilder& b, pugi::xml_node n,
                const std::string& arn, const std::string& name) {
  if (pugi::xml_node list = n.child("TagList"); list || arn.empty()) {
    qfields::tags(b, list);
    return;
  }
  XmlReply r = query_call(ctx.client, services::kRds, region, "ListTagsForResource",
                          {{"ResourceName", arn}});
  if (r.ok)
    qfields::tags(b, r.result.child("TagList"));
  else if (!r.error.code.ends_with("NotFound") && !r.error.code.ends_with("NotFoundFault"))
    ctx.warn(part(region, "ListTagsForResource " + name), r.error);
}

// --- activity: CloudWatch DatabaseConnections --------------------------------------------------

// Per instance asked: the most recent hour with connections, nullopt when
// there was none in the window. Instances CloudWatch could not tell about
// are missing.
using Activity = std::map<std::string, std::optional<int64_t>>;

Params metric_queries(const std::vector<std::string>& ids, size_t from, size_t to, int64_t now) {
  Params p = {{"StartTime", format_datetime(now - kActivityWindow)},
              {"EndTime", format_datetime(now)},
              {"ScanBy", "TimestampDescending"}};
  for (size_t i = from; i < to; ++i) {
    std::string q = "MetricDataQueries.member." + std::to_string(i - from + 1) + ".";
    std::string m = q + "MetricStat.Metric.";
    p.emplace_back(q + "Id", "q" + std::to_string(i));
    p.emplace_back(m + "Namespace", "AWS/RDS");
    p.emplace_back(m + "MetricName", "DatabaseConnections");
    p.emplace_back(m + "Dimensions.member.1.Name", "DBInstanceIdentifier");
    p.emplace_back(m + "Dimensions.member.1.Value", ids[i]);
    p.emplace_back(q + "MetricStat.Period", "3600");
    p.emplace_back(q + "MetricStat.Stat", "Maximum");
  }
  return p;
}

void read_metric_results(const XmlReply& page, const std::vector<std::string>& ids,
                         Activity& activity) {
  for (auto r : page.result.child("MetricDataResults").children("member")) {
    std::string_view qid = text(r, "Id");
    size_t i = 0;
    if (qid.size() < 2 ||
        std::from_chars(qid.data() + 1, qid.data() + qid.size(), i).ec != std::errc() ||
        i >= ids.size())
      continue;
    auto ts = r.child("Timestamps").children("member").begin();
    auto te = r.child("Timestamps").children("member").end();
    auto& last = activity[ids[i]];
    for (auto v : r.child("Values").children("member")) {
      if (ts == te) break;
      auto t = parse_datetime(ts->child_value());
      ++ts;
      if (!t || std::strtod(v.child_value(), nullptr) == 0) continue;
      if (!last || *t > *last) last = *t;
    }
  }
}

// After a failed call (`failed` set), CloudWatch is not asked again in this
// region: the failure is reported once, not once per page of instances.
Activity connections(AccountContext& ctx, const std::string& region,
                     const std::vector<std::string>& ids, bool& failed) {
  Activity out;
  int64_t now = now_seconds();
  for (size_t from = 0; from < ids.size() && !failed; from += kMetricBatch) {
    size_t to = std::min(ids.size(), from + kMetricBatch);
    Activity batch;
    auto st = query_pages(ctx.client, services::kCloudWatch, region, "GetMetricData",
                          metric_queries(ids, from, to, now),
                          [&](const XmlReply& page) { read_metric_results(page, ids, batch); });
    if (!st.ok) {
      ctx.warn(part(region, "GetMetricData"), st.error);
      failed = true;
      break;
    }
    for (size_t i = from; i < to; ++i) out[ids[i]] = batch[ids[i]];
  }
  return out;
}

// --- instances ---------------------------------------------------------------------------------

void endpoint(JsonBuilder& b, std::string_view key, pugi::xml_node e) {
  if (!e) return;
  b.begin_object(key)
      .str_if("address", text(e, "Address"))
      .num("port", int_of(e, "Port"))
      .str_if("hosted_zone_id", text(e, "HostedZoneId"))
      .end_object();
}

void subnet_group(JsonBuilder& b, pugi::xml_node g) {
  if (!g) return;
  b.begin_object("rds_db_subnet_group")
      .str_if("db_subnet_group_name", text(g, "DBSubnetGroupName"))
      .str_if("db_subnet_group_description", text(g, "DBSubnetGroupDescription"))
      .str_if("vpc_id", text(g, "VpcId"))
      .str_if("subnet_group_status", text(g, "SubnetGroupStatus"))
      .str_if("db_subnet_group_arn", text(g, "DBSubnetGroupArn"));
  b.begin_array("subnets");
  for (auto s : g.child("Subnets").children()) {
    if (s.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("subnet_identifier", text(s, "SubnetIdentifier"))
        .str_if("subnet_availability_zone", s.child("SubnetAvailabilityZone").child_value("Name"))
        .str_if("subnet_outpost", s.child("SubnetOutpost").child_value("Arn"))
        .str_if("subnet_status", text(s, "SubnetStatus"))
        .end_object();
  }
  b.end_array();
  strings(b, "supported_network_types", g.child("SupportedNetworkTypes"));
  b.end_object();
}

void processor_features(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  objects(b, key, list, {{"name", "Name"}, {"value", "Value"}});
}

void pending_values(JsonBuilder& b, pugi::xml_node p) {
  if (!p) return;
  b.begin_object("rds_pending_modified_values")
      .str_if("db_instance_class", text(p, "DBInstanceClass"))
      .num("allocated_storage", int_of(p, "AllocatedStorage"))
      .num("port", int_of(p, "Port"))
      .num("backup_retention_period", int_of(p, "BackupRetentionPeriod"))
      .boolean("multi_az", bool_of(p, "MultiAZ"))
      .str_if("engine_version", text(p, "EngineVersion"))
      .str_if("license_model", text(p, "LicenseModel"))
      .num("iops", int_of(p, "Iops"))
      .str_if("db_instance_identifier", text(p, "DBInstanceIdentifier"))
      .str_if("storage_type", text(p, "StorageType"))
      .str_if("ca_certificate_identifier", text(p, "CACertificateIdentifier"))
      .str_if("db_subnet_group_name", text(p, "DBSubnetGroupName"));
  if (pugi::xml_node l = p.child("PendingCloudwatchLogsExports"); l) {
    b.begin_object("pending_cloudwatch_logs_exports");
    strings(b, "log_types_to_enable", l.child("LogTypesToEnable"));
    strings(b, "log_types_to_disable", l.child("LogTypesToDisable"));
    b.end_object();
  }
  if (p.child("ProcessorFeatures"))
    processor_features(b, "processor_features", p.child("ProcessorFeatures"));
  b.boolean("iam_database_authentication_enabled", bool_of(p, "IAMDatabaseAuthenticationEnabled"))
      .str_if("automation_mode", text(p, "AutomationMode"))
      .time("resume_full_automation_mode_time", text(p, "ResumeFullAutomationModeTime"))
      .end_object();
}

void instance_details(JsonBuilder& b, pugi::xml_node n) {
  b.time("rds_automatic_restart_time", text(n, "AutomaticRestartTime"))
      .str_if("rds_master_username", text(n, "MasterUsername"))
      .str_if("rds_preferred_backup_window", text(n, "PreferredBackupWindow"))
      .num("rds_backup_retention_period", int_of(n, "BackupRetentionPeriod"));
  objects(b, "rds_db_security_groups", n.child("DBSecurityGroups"),
          {{"db_security_group_name", "DBSecurityGroupName"}, {"status", "Status"}});
  objects(b, "rds_vpc_security_groups", n.child("VpcSecurityGroups"),
          {{"vpc_security_group_id", "VpcSecurityGroupId"}, {"status", "Status"}});
  objects(b, "rds_db_parameter_groups", n.child("DBParameterGroups"),
          {{"db_parameter_group_name", "DBParameterGroupName"},
           {"parameter_apply_status", "ParameterApplyStatus"}});
  b.str_if("rds_availability_zone", text(n, "AvailabilityZone"));
  subnet_group(b, n.child("DBSubnetGroup"));
  b.str_if("rds_preferred_maintenance_window", text(n, "PreferredMaintenanceWindow"));
  pending_values(b, n.child("PendingModifiedValues"));
  b.time("rds_latest_restorable_time", text(n, "LatestRestorableTime"))
      .boolean("rds_multi_az", bool_of(n, "MultiAZ"))
      .boolean("rds_auto_minor_version_upgrade", bool_of(n, "AutoMinorVersionUpgrade"))
      .str_if("rds_read_replica_source_db_instance_identifier",
              text(n, "ReadReplicaSourceDBInstanceIdentifier"));
  strings(b, "rds_read_replica_db_instance_identifiers",
          n.child("ReadReplicaDBInstanceIdentifiers"));
  strings(b, "rds_read_replica_db_cluster_identifiers", n.child("ReadReplicaDBClusterIdentifiers"));
  b.str_if("rds_replica_mode", text(n, "ReplicaMode"))
      .str_if("rds_license_model", text(n, "LicenseModel"));
  objects(b, "rds_option_group_memberships", n.child("OptionGroupMemberships"),
          {{"option_group_name", "OptionGroupName"}, {"status", "Status"}});
  b.str_if("rds_character_set_name", text(n, "CharacterSetName"))
      .str_if("rds_nchar_character_set_name", text(n, "NcharCharacterSetName"))
      .str_if("rds_secondary_availability_zone", text(n, "SecondaryAvailabilityZone"));
  b.begin_array("rds_status_infos");
  for (auto s : n.child("StatusInfos").children()) {
    if (s.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("status_type", text(s, "StatusType"))
        .boolean("normal", bool_of(s, "Normal"))
        .str_if("status", text(s, "Status"))
        .str_if("message", text(s, "Message"))
        .end_object();
  }
  b.end_array();
  b.str_if("rds_storage_type", text(n, "StorageType"))
      .str_if("rds_tde_credential_arn", text(n, "TdeCredentialArn"))
      .num("rds_db_instance_port", int_of(n, "DbInstancePort"))
      .str_if("rds_db_cluster_identifier", text(n, "DBClusterIdentifier"))
      .str_if("rds_kms_key_id", text(n, "KmsKeyId"))
      .str_if("rds_dbi_resource_id", text(n, "DbiResourceId"))
      .str_if("rds_ca_certificate_identifier", text(n, "CACertificateIdentifier"));
  objects(b, "rds_domain_memberships", n.child("DomainMemberships"),
          {{"domain", "Domain"},
           {"status", "Status"},
           {"fqdn", "FQDN"},
           {"iam_role_name", "IAMRoleName"}});
  b.boolean("rds_copy_tags_to_snapshot", bool_of(n, "CopyTagsToSnapshot"))
      .num("rds_monitoring_interval", int_of(n, "MonitoringInterval"))
      .str_if("rds_enhanced_monitoring_resource_arn", text(n, "EnhancedMonitoringResourceArn"))
      .str_if("rds_monitoring_role_arn", text(n, "MonitoringRoleArn"))
      .num("rds_promotion_tier", int_of(n, "PromotionTier"))
      .str_if("rds_timezone", text(n, "Timezone"))
      .boolean("rds_iam_database_authentication_enabled",
               bool_of(n, "IAMDatabaseAuthenticationEnabled"))
      .boolean("rds_performance_insights_enabled", bool_of(n, "PerformanceInsightsEnabled"))
      .str_if("rds_performance_insights_kms_key_id", text(n, "PerformanceInsightsKMSKeyId"))
      .num("rds_performance_insights_retention_period",
           int_of(n, "PerformanceInsightsRetentionPeriod"));
  // [] when absent: the checks compare the list.
  strings(b, "rds_enabled_cloudwatch_logs_exports", n.child("EnabledCloudwatchLogsExports"));
  processor_features(b, "rds_processor_features", n.child("ProcessorFeatures"));
  b.boolean("rds_deletion_protection", bool_of(n, "DeletionProtection"));
  objects(b, "rds_associated_roles", n.child("AssociatedRoles"),
          {{"role_arn", "RoleArn"}, {"feature_name", "FeatureName"}, {"status", "Status"}});
  endpoint(b, "rds_listener_endpoint", n.child("ListenerEndpoint"));
  b.num("rds_max_allocated_storage", int_of(n, "MaxAllocatedStorage"));
  b.begin_array("rds_db_instance_automated_backups_replications");
  for (auto r : n.child("DBInstanceAutomatedBackupsReplications").children())
    if (*text(r, "DBInstanceAutomatedBackupsArn"))
      b.str_element(text(r, "DBInstanceAutomatedBackupsArn"));
  b.end_array();
  b.boolean("rds_customer_owned_ip_enabled", bool_of(n, "CustomerOwnedIpEnabled"))
      .str_if("rds_aws_backup_recovery_point_arn", text(n, "AwsBackupRecoveryPointArn"))
      .str_if("rds_activity_stream_status", text(n, "ActivityStreamStatus"))
      .str_if("rds_activity_stream_kms_key_id", text(n, "ActivityStreamKmsKeyId"))
      .str_if("rds_activity_stream_kinesis_stream_name", text(n, "ActivityStreamKinesisStreamName"))
      .str_if("rds_activity_stream_mode", text(n, "ActivityStreamMode"))
      .boolean("rds_activity_stream_engine_native_audit_fields_included",
               bool_of(n, "ActivityStreamEngineNativeAuditFieldsIncluded"))
      .str_if("rds_automation_mode", text(n, "AutomationMode"))
      .time("rds_resume_full_automation_mode_time", text(n, "ResumeFullAutomationModeTime"))
      .str_if("rds_custom_iam_instance_profile", text(n, "CustomIamInstanceProfile"))
      .str_if("rds_backup_target", text(n, "BackupTarget"))
      .str_if("rds_network_type", text(n, "NetworkType"));
}

// atime = mtime: the last hour with connections, else the start of the
// window (or the creation, when later): idle at least since then.
void activity_times(JsonBuilder& b, pugi::xml_node n, const std::optional<int64_t>& last) {
  int64_t t = now_seconds() - kActivityWindow;
  if (last)
    t = *last;
  else if (auto created = parse_datetime(text(n, "InstanceCreateTime")); created)
    t = std::max(t, *created);
  b.str("atime", format_datetime(t)).str("mtime", format_datetime(t));
}

void instance(AccountContext& ctx, const std::string& region, pugi::xml_node n,
              const Activity& activity) {
  JsonBuilder b;
  std::string id = text(n, "DBInstanceIdentifier"), arn = text(n, "DBInstanceArn");
  std::string_view db_name = text(n, "DBName");
  b.str("kind", "aws_rds_instance").str("id", id).str("name", db_name.empty() ? id : db_name);
  b.str_if("arn", arn);
  write_tags(ctx, region, b, n, arn, id);
  b.time("ctime", text(n, "InstanceCreateTime"));
  if (auto a = activity.find(id); a != activity.end()) activity_times(b, n, a->second);
  b.str_if("db_type", text(n, "Engine")).str_if("db_status", text(n, "DBInstanceStatus"));
  if (pugi::xml_node e = n.child("Endpoint"); *text(e, "Address"))
    b.str("db_endpoint", std::string(text(e, "Address")) + ":" + text(e, "Port"));
  b.str_if("db_version", text(n, "EngineVersion"))
      .boolean("db_publicly_accessible", bool_of(n, "PubliclyAccessible"))
      .str_if("instance_type", text(n, "DBInstanceClass"))
      .num("volume_size", int_of(n, "AllocatedStorage"))
      .num("volume_iops", int_of(n, "Iops"))
      .boolean("volume_encrypted", bool_of(n, "StorageEncrypted"));
  instance_details(b, n);

  std::string node = ctx.id("rds_instance", region + "/" + id);
  ctx.out.node(node, "aws_rds_instance", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (!arn.empty()) ctx.out.alias(arn, node);
  auto inside = [&](const char* tag, std::string_view ref) {
    if (ref.empty()) return;
    ctx.out.edge(ctx.id(tag, ref), node);
    ctx.out.edge(ctx.id(tag, ref), node, true);
  };
  pugi::xml_node group = n.child("DBSubnetGroup");
  inside("vpc", text(group, "VpcId"));
  for (auto s : group.child("Subnets").children()) inside("subnet", text(s, "SubnetIdentifier"));
  for (auto g : n.child("VpcSecurityGroups").children())
    inside("security_group", text(g, "VpcSecurityGroupId"));
  kms_key_edges(ctx, region, node, text(n, "KmsKeyId"));
}

// A page of instances at a time: CloudWatch is asked about the page's
// instances (50 per GetMetricData call), then each instance is written.
void instances(AccountContext& ctx, const std::string& region) {
  bool cloudwatch_failed = false;
  auto page_of_instances = [&](const XmlReply& page) {
    std::vector<pugi::xml_node> found;
    std::vector<std::string> ids;
    for (auto n : page.result.child("DBInstances").children()) {
      if (n.type() != pugi::node_element) continue;
      found.push_back(n);
      ids.emplace_back(text(n, "DBInstanceIdentifier"));
    }
    Activity act = connections(ctx, region, ids, cloudwatch_failed);
    ctx.parallel(found.size(), [&](size_t i) { instance(ctx, region, found[i], act); });
  };
  auto st = query_pages(ctx.client, services::kRds, region, "DescribeDBInstances",
                        {{"MaxRecords", "100"}}, page_of_instances);
  if (!st.ok) ctx.warn(part(region, "DescribeDBInstances"), st.error);
}

// --- snapshots ---------------------------------------------------------------------------------

struct AttributeCall {
  const char* action;  // DescribeDBSnapshotAttributes
  const char* param;   // DBSnapshotIdentifier
  const char* result;  // DBSnapshotAttributesResult
  const char* list;    // DBSnapshotAttributes
  const char* gone;    // DBSnapshotNotFound
};

const AttributeCall kSnapshotAttributes{"DescribeDBSnapshotAttributes", "DBSnapshotIdentifier",
                                        "DBSnapshotAttributesResult", "DBSnapshotAttributes",
                                        "DBSnapshotNotFound"};
const AttributeCall kClusterSnapshotAttributes{
    "DescribeDBClusterSnapshotAttributes", "DBClusterSnapshotIdentifier",
    "DBClusterSnapshotAttributesResult", "DBClusterSnapshotAttributes",
    "DBClusterSnapshotNotFound"};

// `rds_attributes`: {"restore": ["all"]} for a public snapshot; nothing
// when the snapshot is gone or the call failed.
void write_attributes(AccountContext& ctx, const std::string& region, JsonBuilder& b,
                      const AttributeCall& call, const std::string& id) {
  XmlReply r = query_call(ctx.client, services::kRds, region, call.action, {{call.param, id}});
  if (!r.ok) {
    if (!gone(r.error, call.gone))
      ctx.warn(part(region, std::string(call.action) + " " + id), r.error);
    return;
  }
  b.begin_object("rds_attributes");
  for (auto a : r.result.child(call.result).child(call.list).children())
    if (*text(a, "AttributeName")) strings(b, text(a, "AttributeName"), a.child("AttributeValues"));
  b.end_object();
}

void snapshot(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = text(n, "DBSnapshotIdentifier"), arn = text(n, "DBSnapshotArn");
  b.str("kind", "aws_rds_snapshot").str("id", id).str("name", id).str_if("arn", arn);
  write_tags(ctx, region, b, n, arn, id);
  b.time("ctime", text(n, "SnapshotCreateTime"))
      .str_if("snapshot_status", text(n, "Status"))
      .num("volume_size", int_of(n, "AllocatedStorage"))
      .boolean("encrypted", bool_of(n, "Encrypted"))
      .str_if("rds_db_instance_identifier", text(n, "DBInstanceIdentifier"))
      .str_if("rds_engine", text(n, "Engine"))
      .num("rds_allocated_storage", int_of(n, "AllocatedStorage"))
      .num("rds_port", int_of(n, "Port"))
      .str_if("rds_availability_zone", text(n, "AvailabilityZone"))
      .str_if("rds_vpc_id", text(n, "VpcId"))
      .time("rds_instance_create_time", text(n, "InstanceCreateTime"))
      .str_if("rds_master_username", text(n, "MasterUsername"))
      .str_if("rds_engine_version", text(n, "EngineVersion"))
      .str_if("rds_license_model", text(n, "LicenseModel"))
      .str_if("rds_snapshot_type", text(n, "SnapshotType"))
      .num("rds_iops", int_of(n, "Iops"))
      .str_if("rds_option_group_name", text(n, "OptionGroupName"))
      .num("rds_percent_progress", int_of(n, "PercentProgress"))
      .str_if("rds_source_region", text(n, "SourceRegion"))
      .str_if("rds_source_db_snapshot_identifier", text(n, "SourceDBSnapshotIdentifier"))
      .str_if("rds_storage_type", text(n, "StorageType"))
      .str_if("rds_tde_credential_arn", text(n, "TdeCredentialArn"))
      .boolean("rds_encrypted", bool_of(n, "Encrypted"))
      .str_if("rds_kms_key_id", text(n, "KmsKeyId"))
      .str_if("rds_timezone", text(n, "Timezone"))
      .boolean("rds_iam_database_authentication_enabled",
               bool_of(n, "IAMDatabaseAuthenticationEnabled"))
      .str_if("rds_dbi_resource_id", text(n, "DbiResourceId"))
      .time("rds_original_snapshot_create_time", text(n, "OriginalSnapshotCreateTime"))
      .time("rds_snapshot_database_time", text(n, "SnapshotDatabaseTime"))
      .str_if("rds_snapshot_target", text(n, "SnapshotTarget"))
      .num("rds_storage_throughput", int_of(n, "StorageThroughput"))
      .str_if("rds_db_system_id", text(n, "DBSystemId"))
      .boolean("rds_dedicated_log_volume", bool_of(n, "DedicatedLogVolume"))
      .boolean("rds_multi_tenant", bool_of(n, "MultiTenant"));
  write_attributes(ctx, region, b, kSnapshotAttributes, id);

  std::string node = ctx.id("rds_snapshot", arn);
  ctx.out.node(node, "aws_rds_snapshot", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  if (*text(n, "DBInstanceIdentifier"))
    ctx.out.edge(ctx.id("rds_instance", region + "/" + text(n, "DBInstanceIdentifier")), node);
}

void cluster_snapshot(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = text(n, "DBClusterSnapshotIdentifier"), arn = text(n, "DBClusterSnapshotArn");
  b.str("kind", "aws_rds_cluster_snapshot").str("id", id).str("name", id).str_if("arn", arn);
  write_tags(ctx, region, b, n, arn, id);
  b.time("ctime", text(n, "SnapshotCreateTime"));
  strings(b, "rds_availability_zones", n.child("AvailabilityZones"));
  b.str_if("rds_db_cluster_identifier", text(n, "DBClusterIdentifier"))
      .str_if("rds_engine", text(n, "Engine"))
      .str_if("rds_engine_mode", text(n, "EngineMode"))
      .num("rds_allocated_storage", int_of(n, "AllocatedStorage"))
      .str_if("rds_status", text(n, "Status"))
      .num("rds_port", int_of(n, "Port"))
      .str_if("rds_vpc_id", text(n, "VpcId"))
      .time("rds_cluster_create_time", text(n, "ClusterCreateTime"))
      .str_if("rds_master_username", text(n, "MasterUsername"))
      .str_if("rds_engine_version", text(n, "EngineVersion"))
      .str_if("rds_license_model", text(n, "LicenseModel"))
      .str_if("rds_snapshot_type", text(n, "SnapshotType"))
      .num("rds_percent_progress", int_of(n, "PercentProgress"))
      .boolean("rds_storage_encrypted", bool_of(n, "StorageEncrypted"))
      .str_if("rds_kms_key_id", text(n, "KmsKeyId"))
      .str_if("rds_db_cluster_snapshot_arn", arn)
      .str_if("rds_source_db_cluster_snapshot_arn", text(n, "SourceDBClusterSnapshotArn"))
      .boolean("rds_iam_database_authentication_enabled",
               bool_of(n, "IAMDatabaseAuthenticationEnabled"))
      .str_if("rds_db_system_id", text(n, "DBSystemId"))
      .str_if("rds_storage_type", text(n, "StorageType"))
      .str_if("rds_db_cluster_resource_id", text(n, "DbClusterResourceId"));
  write_attributes(ctx, region, b, kClusterSnapshotAttributes, id);

  std::string node = ctx.id("rds_cluster_snapshot", arn);
  ctx.out.node(node, "aws_rds_cluster_snapshot", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  kms_key_edges(ctx, region, node, text(n, "KmsKeyId"));
}

void snapshots(AccountContext& ctx, const std::string& region) {
  describe(ctx, region, "DescribeDBSnapshots", "DBSnapshots",
           [&](pugi::xml_node n) { snapshot(ctx, region, n); });
}

void cluster_snapshots(AccountContext& ctx, const std::string& region) {
  describe(ctx, region, "DescribeDBClusterSnapshots", "DBClusterSnapshots",
           [&](pugi::xml_node n) { cluster_snapshot(ctx, region, n); });
}

}  // namespace

void collect_rds(AccountContext& ctx, const std::string& region) {
  instances(ctx, region);
  snapshots(ctx, region);
  cluster_snapshots(ctx, region);
}

}  // namespace canopy::aws
