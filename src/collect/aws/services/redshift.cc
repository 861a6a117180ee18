#include "collect/aws/services/redshift.h"

#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/refs.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::object;
using qfields::objects;
using qfields::strings;
using qfields::text;

std::string part(const std::string& region, const std::string& what) {
  return call_part("redshift", region, what);
}

// DescribeLoggingStatus as `redshift_logging_status`; nothing when the
// cluster is gone or the call failed.
void logging_status(AccountContext& ctx, const std::string& region, JsonBuilder& b,
                    const std::string& id) {
  XmlReply r = query_call(ctx.client, services::kRedshift, region, "DescribeLoggingStatus",
                          {{"ClusterIdentifier", id}});
  if (!r.ok) {
    if (r.error.code != "ClusterNotFound" && r.error.code != "ClusterNotFoundFault")
      ctx.warn(part(region, "DescribeLoggingStatus " + id), r.error);
    return;
  }
  pugi::xml_node s = r.result;
  b.begin_object("redshift_logging_status")
      .boolean("logging_enabled", bool_of(s, "LoggingEnabled"))
      .str_if("bucket_name", text(s, "BucketName"))
      .str_if("s3_key_prefix", text(s, "S3KeyPrefix"))
      .time("last_successful_delivery_time", text(s, "LastSuccessfulDeliveryTime"))
      .time("last_failure_time", text(s, "LastFailureTime"))
      .str_if("last_failure_message", text(s, "LastFailureMessage"))
      .str_if("log_destination_type", text(s, "LogDestinationType"));
  strings(b, "log_exports", s.child("LogExports"));
  b.end_object();
}

void endpoint(JsonBuilder& b, pugi::xml_node e) {
  if (!e) return;
  b.begin_object("redshift_endpoint")
      .str_if("address", text(e, "Address"))
      .num("port", int_of(e, "Port"));
  b.begin_array("vpc_endpoints");
  for (auto v : e.child("VpcEndpoints").children()) {
    if (v.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("vpc_endpoint_id", text(v, "VpcEndpointId"))
        .str_if("vpc_id", text(v, "VpcId"));
    objects(b, "network_interfaces", v.child("NetworkInterfaces"),
            {{"network_interface_id", "NetworkInterfaceId"},
             {"subnet_id", "SubnetId"},
             {"private_ip_address", "PrivateIpAddress"},
             {"availability_zone", "AvailabilityZone"}});
    b.end_object();
  }
  b.end_array().end_object();
}

void parameter_groups(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("redshift_cluster_parameter_groups");
  for (auto g : list.children()) {
    if (g.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("parameter_group_name", text(g, "ParameterGroupName"))
        .str_if("parameter_apply_status", text(g, "ParameterApplyStatus"));
    objects(b, "cluster_parameter_status_list", g.child("ClusterParameterStatusList"),
            {{"parameter_name", "ParameterName"},
             {"parameter_apply_status", "ParameterApplyStatus"},
             {"parameter_apply_error_description", "ParameterApplyErrorDescription"}});
    b.end_object();
  }
  b.end_array();
}

void pending_values(JsonBuilder& b, pugi::xml_node p) {
  if (!p) return;
  b.begin_object("redshift_pending_modified_values")
      .str_if("node_type", text(p, "NodeType"))
      .num("number_of_nodes", int_of(p, "NumberOfNodes"))
      .str_if("cluster_type", text(p, "ClusterType"))
      .str_if("cluster_version", text(p, "ClusterVersion"))
      .num("automated_snapshot_retention_period", int_of(p, "AutomatedSnapshotRetentionPeriod"))
      .str_if("cluster_identifier", text(p, "ClusterIdentifier"))
      .boolean("publicly_accessible", bool_of(p, "PubliclyAccessible"))
      .boolean("enhanced_vpc_routing", bool_of(p, "EnhancedVpcRouting"))
      .str_if("maintenance_track_name", text(p, "MaintenanceTrackName"))
      .str_if("encryption_type", text(p, "EncryptionType"))
      .end_object();
}

void details(JsonBuilder& b, pugi::xml_node n) {
  b.str_if("redshift_node_type", text(n, "NodeType"))
      .str_if("redshift_cluster_status", text(n, "ClusterStatus"))
      .str_if("redshift_cluster_availability_status", text(n, "ClusterAvailabilityStatus"))
      .str_if("redshift_modify_status", text(n, "ModifyStatus"))
      .str_if("redshift_master_username", text(n, "MasterUsername"))
      .str_if("redshift_db_name", text(n, "DBName"));
  endpoint(b, n.child("Endpoint"));
  b.num("redshift_automated_snapshot_retention_period",
        int_of(n, "AutomatedSnapshotRetentionPeriod"))
      .num("redshift_manual_snapshot_retention_period", int_of(n, "ManualSnapshotRetentionPeriod"));
  objects(b, "redshift_cluster_security_groups", n.child("ClusterSecurityGroups"),
          {{"cluster_security_group_name", "ClusterSecurityGroupName"}, {"status", "Status"}});
  objects(b, "redshift_vpc_security_groups", n.child("VpcSecurityGroups"),
          {{"vpc_security_group_id", "VpcSecurityGroupId"}, {"status", "Status"}});
  parameter_groups(b, n.child("ClusterParameterGroups"));
  b.str_if("redshift_cluster_subnet_group_name", text(n, "ClusterSubnetGroupName"))
      .str_if("redshift_vpc_id", text(n, "VpcId"))
      .str_if("redshift_availability_zone", text(n, "AvailabilityZone"))
      .str_if("redshift_preferred_maintenance_window", text(n, "PreferredMaintenanceWindow"));
  pending_values(b, n.child("PendingModifiedValues"));
  b.str_if("redshift_cluster_version", text(n, "ClusterVersion"))
      .boolean("redshift_allow_version_upgrade", bool_of(n, "AllowVersionUpgrade"))
      .num("redshift_number_of_nodes", int_of(n, "NumberOfNodes"))
      .boolean("redshift_publicly_accessible", bool_of(n, "PubliclyAccessible"))
      .boolean("redshift_encrypted", bool_of(n, "Encrypted"));
  object(b, "redshift_hsm_status", n.child("HsmStatus"),
         {{"hsm_client_certificate_identifier", "HsmClientCertificateIdentifier"},
          {"hsm_configuration_identifier", "HsmConfigurationIdentifier"},
          {"status", "Status"}});
  if (pugi::xml_node c = n.child("ClusterSnapshotCopyStatus"); c)
    b.begin_object("redshift_cluster_snapshot_copy_status")
        .str_if("destination_region", text(c, "DestinationRegion"))
        .num("retention_period", int_of(c, "RetentionPeriod"))
        .num("manual_snapshot_retention_period", int_of(c, "ManualSnapshotRetentionPeriod"))
        .str_if("snapshot_copy_grant_name", text(c, "SnapshotCopyGrantName"))
        .end_object();
  b.str_if("redshift_cluster_public_key", text(n, "ClusterPublicKey"));
  objects(b, "redshift_cluster_nodes", n.child("ClusterNodes"),
          {{"node_role", "NodeRole"},
           {"private_ip_address", "PrivateIPAddress"},
           {"public_ip_address", "PublicIPAddress"}});
  object(b, "redshift_elastic_ip_status", n.child("ElasticIpStatus"),
         {{"elastic_ip", "ElasticIp"}, {"status", "Status"}});
  b.str_if("redshift_cluster_revision_number", text(n, "ClusterRevisionNumber"))
      .str_if("redshift_kms_key_id", text(n, "KmsKeyId"))
      .boolean("redshift_enhanced_vpc_routing", bool_of(n, "EnhancedVpcRouting"));
  objects(b, "redshift_iam_roles", n.child("IamRoles"),
          {{"iam_role_arn", "IamRoleArn"}, {"apply_status", "ApplyStatus"}});
  strings(b, "redshift_pending_actions", n.child("PendingActions"));
  b.str_if("redshift_maintenance_track_name", text(n, "MaintenanceTrackName"))
      .str_if("redshift_elastic_resize_number_of_node_options",
              text(n, "ElasticResizeNumberOfNodeOptions"));
  b.begin_array("redshift_deferred_maintenance_windows");
  for (auto w : n.child("DeferredMaintenanceWindows").children()) {
    if (w.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("defer_maintenance_identifier", text(w, "DeferMaintenanceIdentifier"))
        .time("defer_maintenance_start_time", text(w, "DeferMaintenanceStartTime"))
        .time("defer_maintenance_end_time", text(w, "DeferMaintenanceEndTime"))
        .end_object();
  }
  b.end_array();
  b.str_if("redshift_snapshot_schedule_identifier", text(n, "SnapshotScheduleIdentifier"))
      .str_if("redshift_snapshot_schedule_state", text(n, "SnapshotScheduleState"))
      .time("redshift_expected_next_snapshot_schedule_time",
            text(n, "ExpectedNextSnapshotScheduleTime"))
      .str_if("redshift_expected_next_snapshot_schedule_time_status",
              text(n, "ExpectedNextSnapshotScheduleTimeStatus"))
      .time("redshift_next_maintenance_window_start_time",
            text(n, "NextMaintenanceWindowStartTime"));
  if (pugi::xml_node r = n.child("ResizeInfo"); r)
    b.begin_object("redshift_resize_info")
        .str_if("resize_type", text(r, "ResizeType"))
        .boolean("allow_cancel_resize", bool_of(r, "AllowCancelResize"))
        .end_object();
  b.str_if("redshift_availability_zone_relocation_status",
           text(n, "AvailabilityZoneRelocationStatus"))
      .str_if("redshift_cluster_namespace_arn", text(n, "ClusterNamespaceArn"))
      .num("redshift_total_storage_capacity_in_mega_bytes",
           int_of(n, "TotalStorageCapacityInMegaBytes"));
  object(b, "redshift_aqua_configuration", n.child("AquaConfiguration"),
         {{"aqua_status", "AquaStatus"}, {"aqua_configuration_status", "AquaConfigurationStatus"}});
  b.str_if("redshift_default_iam_role_arn", text(n, "DefaultIamRoleArn"));
}

void cluster(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = text(n, "ClusterIdentifier");
  // DescribeClusters does not name the cluster's ARN; it has this form.
  std::string arn =
      "arn:" + ctx.partition + ":redshift:" + region + ":" + ctx.account_id + ":cluster:" + id;
  b.str("kind", "aws_redshift_cluster").str("id", id).str("name", id).str("arn", arn);
  qfields::tags(b, n.child("Tags"));
  b.time("ctime", text(n, "ClusterCreateTime"));
  details(b, n);
  logging_status(ctx, region, b, id);

  std::string node = ctx.id("redshift_cluster", region + "/" + id);
  ctx.out.node(node, "aws_redshift_cluster", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  auto inside = [&](const char* tag, std::string_view ref) {
    if (ref.empty()) return;
    ctx.out.edge(ctx.id(tag, ref), node);
    ctx.out.edge(ctx.id(tag, ref), node, true);
  };
  inside("vpc", text(n, "VpcId"));
  for (auto g : n.child("VpcSecurityGroups").children())
    inside("security_group", text(g, "VpcSecurityGroupId"));
  kms_key_edges(ctx, region, node, text(n, "KmsKeyId"));
}

}  // namespace

void collect_redshift(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kRedshift, region, "DescribeClusters",
                        {{"MaxRecords", "100"}},
                        each_listed<pugi::xml_node>(
                            ctx,
                            [](const XmlReply& page, std::vector<pugi::xml_node>& clusters) {
                              for (auto n : page.result.child("Clusters").children())
                                if (n.type() == pugi::node_element) clusters.push_back(n);
                            },
                            [&](pugi::xml_node n) { cluster(ctx, region, n); }));
  if (!st.ok) ctx.warn(part(region, "DescribeClusters"), st.error);
}

}  // namespace canopy::aws
