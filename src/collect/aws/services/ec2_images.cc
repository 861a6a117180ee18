#include "collect/aws/services/ec2_images.h"

#include <set>
#include <string_view>
#include <utility>

#include "collect/aws/services/ec2_common.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::bool_if;
using ec2::each_item;
using ec2::flag;
using ec2::int_if;
using ec2::strings;
using ec2::write_tags;

const char* v(pugi::xml_node n, const char* name) {
  return ec2::text(n, name);
}

void image(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "imageId");
  b.str("kind", "aws_ec2_image").str("id", id);
  write_tags(b, n);
  b.str("name", *v(n, "name") ? v(n, "name") : id.c_str());
  std::string arn = "arn:" + ctx.partition + ":ec2:" + region + "::image/" + id;
  b.str("arn", arn).time("ctime", v(n, "creationDate"));
  b.boolean("public", flag(n, "isPublic"));
  for (auto [key, field] : {std::pair{"architecture", "architecture"},
                            {"image_location", "imageLocation"},
                            {"image_type", "imageType"},
                            {"kernel_id", "kernelId"},
                            {"owner_id", "imageOwnerId"},
                            {"platform", "platform"},
                            {"platform_details", "platformDetails"},
                            {"usage_operation", "usageOperation"},
                            {"ramdisk_id", "ramdiskId"},
                            {"state", "imageState"},
                            {"description", "description"},
                            {"hypervisor", "hypervisor"},
                            {"image_owner_alias", "imageOwnerAlias"},
                            {"root_device_name", "rootDeviceName"},
                            {"root_device_type", "rootDeviceType"},
                            {"sriov_net_support", "sriovNetSupport"},
                            {"virtualization_type", "virtualizationType"},
                            {"boot_mode", "bootMode"},
                            {"tpm_support", "tpmSupport"},
                            {"deprecation_time", "deprecationTime"},
                            {"imds_support", "imdsSupport"},
                            {"source_instance_id", "sourceInstanceId"}})
    b.str_if(key, v(n, field));
  bool_if(b, "ena_support", n, "enaSupport");
  b.begin_array("product_codes");
  for (auto c : n.child("productCodes").children("item"))
    b.begin_object()
        .str_if("product_code_id", v(c, "productCode"))
        .str_if("product_code_type", v(c, "type"))
        .end_object();
  b.end_array().begin_array("block_device_mappings");
  for (auto m : n.child("blockDeviceMapping").children("item")) {
    b.begin_object().str_if("device_name", v(m, "deviceName"));
    b.str_if("virtual_name", v(m, "virtualName")).str_if("no_device", v(m, "noDevice"));
    if (auto e = m.child("ebs")) {
      b.begin_object("ebs");
      bool_if(b, "delete_on_termination", e, "deleteOnTermination");
      int_if(b, "iops", e, "iops");
      b.str_if("snapshot_id", v(e, "snapshotId"));
      int_if(b, "volume_size", e, "volumeSize");
      b.str_if("volume_type", v(e, "volumeType")).str_if("kms_key_id", v(e, "kmsKeyId"));
      int_if(b, "throughput", e, "throughput");
      b.str_if("outpost_arn", v(e, "outpostArn"));
      bool_if(b, "encrypted", e, "encrypted");
      b.end_object();
    }
    b.end_object();
  }
  b.end_array();
  if (auto r = n.child("stateReason"))
    b.begin_object("state_reason")
        .str_if("code", v(r, "code"))
        .str_if("message", v(r, "message"))
        .end_object();
  std::string node = ctx.id("image", id);
  ec2::add_node(ctx, region, node, "aws_ec2_image", b.take(), arn);
  for (auto m : n.child("blockDeviceMapping").children("item"))
    if (*m.child("ebs").child_value("snapshotId"))
      ctx.out.edge(ctx.id("snapshot", m.child("ebs").child_value("snapshotId")), node);
}

void snapshot(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  // Owner=self already asks for these only; moto ignores it and lists the
  // snapshots of every public image too.
  if (*v(n, "ownerId") && ctx.account_id != v(n, "ownerId")) return;
  JsonBuilder b;
  std::string id = v(n, "snapshotId");
  b.str("kind", "aws_ec2_snapshot").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  std::string arn = "arn:" + ctx.partition + ":ec2:" + region + "::snapshot/" + id;
  b.str("arn", arn).time("ctime", v(n, "startTime"));
  b.str_if("snapshot_status", v(n, "status")).str_if("description", v(n, "description"));
  b.str_if("volume_id", v(n, "volumeId"));
  int_if(b, "volume_size", n, "volumeSize");
  b.boolean("encrypted", flag(n, "encrypted"));
  b.str_if("owner_id", v(n, "ownerId")).str_if("owner_alias", v(n, "ownerAlias"));
  for (auto [key, field] : {std::pair{"snapshot_data_encryption_key_id", "dataEncryptionKeyId"},
                            {"snapshot_kms_key_id", "kmsKeyId"},
                            {"snapshot_progress", "progress"},
                            {"snapshot_state_message", "statusMessage"},
                            {"snapshot_outpost_arn", "outpostArn"},
                            {"snapshot_storage_tier", "storageTier"}})
    b.str_if(key, v(n, field));
  b.time("snapshot_restore_expiry_time", v(n, "restoreExpiryTime"));
  std::string node = ctx.id("snapshot", id);
  ec2::add_node(ctx, region, node, "aws_ec2_snapshot", b.take(), arn);
  if (*v(n, "volumeId")) ctx.out.edge(ctx.id("volume", v(n, "volumeId")), node);
  if (std::string key = kms_key_node(ctx, region, v(n, "kmsKeyId")); !key.empty())
    ctx.out.edge(node, key);
}

void template_network_interfaces(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("network_interfaces");
  for (auto i : list.children("item")) {
    b.begin_object();
    bool_if(b, "associate_carrier_ip_address", i, "associateCarrierIpAddress");
    bool_if(b, "associate_public_ip_address", i, "associatePublicIpAddress");
    bool_if(b, "delete_on_termination", i, "deleteOnTermination");
    b.str_if("description", v(i, "description"));
    int_if(b, "device_index", i, "deviceIndex");
    strings(b, "groups", i.child("groupSet"));  // <groupId> elements, no items
    b.str_if("interface_type", v(i, "interfaceType"));
    int_if(b, "ipv6_address_count", i, "ipv6AddressCount");
    b.begin_array("ipv6_addresses");
    for (auto a : i.child("ipv6AddressesSet").children("item")) {
      b.begin_object().str_if("ipv6_address", v(a, "ipv6Address"));
      bool_if(b, "is_primary_ipv6", a, "isPrimaryIpv6");
      b.end_object();
    }
    b.end_array();
    b.str_if("network_interface_id", v(i, "networkInterfaceId"))
        .str_if("private_ip_address", v(i, "privateIpAddress"));
    b.begin_array("private_ip_addresses");
    for (auto a : i.child("privateIpAddressesSet").children("item")) {
      b.begin_object();
      bool_if(b, "primary", a, "primary");
      b.str_if("private_ip_address", v(a, "privateIpAddress")).end_object();
    }
    b.end_array();
    int_if(b, "secondary_private_ip_address_count", i, "secondaryPrivateIpAddressCount");
    b.str_if("subnet_id", v(i, "subnetId"));
    int_if(b, "network_card_index", i, "networkCardIndex");
    strings(b, "ipv4_prefixes", i.child("ipv4PrefixSet"), "ipv4Prefix");
    int_if(b, "ipv4_prefix_count", i, "ipv4PrefixCount");
    strings(b, "ipv6_prefixes", i.child("ipv6PrefixSet"), "ipv6Prefix");
    int_if(b, "ipv6_prefix_count", i, "ipv6PrefixCount");
    bool_if(b, "primary_ipv6", i, "primaryIpv6");
    b.end_object();
  }
  b.end_array();
}

void template_block_devices(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("block_device_mappings");
  for (auto m : list.children("item")) {
    b.begin_object().str_if("device_name", v(m, "deviceName"));
    b.str_if("virtual_name", v(m, "virtualName")).str_if("no_device", v(m, "noDevice"));
    if (auto e = m.child("ebs")) {
      b.begin_object("ebs");
      bool_if(b, "encrypted", e, "encrypted");
      bool_if(b, "delete_on_termination", e, "deleteOnTermination");
      int_if(b, "iops", e, "iops");
      b.str_if("kms_key_id", v(e, "kmsKeyId")).str_if("snapshot_id", v(e, "snapshotId"));
      int_if(b, "volume_size", e, "volumeSize");
      b.str_if("volume_type", v(e, "volumeType"));
      int_if(b, "throughput", e, "throughput");
      b.end_object();
    }
    b.end_object();
  }
  b.end_array();
}

// LaunchTemplateData; user data stays base64 as AWS returns it.
void template_data(JsonBuilder& b, pugi::xml_node d) {
  b.begin_object("launch_template_data").str_if("kernel_id", v(d, "kernelId"));
  bool_if(b, "ebs_optimized", d, "ebsOptimized");
  if (auto p = d.child("iamInstanceProfile"))
    b.begin_object("iam_instance_profile")
        .str_if("arn", v(p, "arn"))
        .str_if("name", v(p, "name"))
        .end_object();
  template_block_devices(b, d.child("blockDeviceMappingSet"));
  template_network_interfaces(b, d.child("networkInterfaceSet"));
  b.str_if("image_id", v(d, "imageId"))
      .str_if("instance_type", v(d, "instanceType"))
      .str_if("key_name", v(d, "keyName"));
  bool_if(b, "monitoring", d.child("monitoring"), "enabled");
  if (auto p = d.child("placement")) {
    b.begin_object("placement");
    for (auto [key, field] : {std::pair{"availability_zone", "availabilityZone"},
                              {"affinity", "affinity"},
                              {"group_name", "groupName"},
                              {"host_id", "hostId"},
                              {"tenancy", "tenancy"},
                              {"spread_domain", "spreadDomain"},
                              {"host_resource_group_arn", "hostResourceGroupArn"},
                              {"group_id", "groupId"}})
      b.str_if(key, v(p, field));
    int_if(b, "partition_number", p, "partitionNumber");
    b.end_object();
  }
  b.str_if("ram_disk_id", v(d, "ramDiskId"));
  bool_if(b, "disable_api_termination", d, "disableApiTermination");
  b.str_if("instance_initiated_shutdown_behavior", v(d, "instanceInitiatedShutdownBehavior"));
  b.str_if("user_data", v(d, "userData"));
  b.begin_array("tag_specifications");
  for (auto t : d.child("tagSpecificationSet").children("item"))
    b.begin_object().str_if("resource_type", v(t, "resourceType")).end_object();
  b.end_array();
  strings(b, "security_group_ids", d.child("securityGroupIdSet"));
  strings(b, "security_groups", d.child("securityGroupSet"));
  b.str_if("credit_specification", d.child("creditSpecification").child_value("cpuCredits"));
  if (auto c = d.child("cpuOptions")) {
    b.begin_object("cpu_options");
    int_if(b, "core_count", c, "coreCount");
    int_if(b, "threads_per_core", c, "threadsPerCore");
    b.str_if("amd_sev_snp", v(c, "amdSevSnp")).end_object();
  }
  bool_if(b, "hibernation_options", d.child("hibernationOptions"), "configured");
  if (auto m = d.child("metadataOptions")) {
    b.begin_object("metadata_options")
        .str_if("state", v(m, "state"))
        .str_if("http_tokens", v(m, "httpTokens"));
    int_if(b, "http_put_response_hop_limit", m, "httpPutResponseHopLimit");
    b.str_if("http_endpoint", v(m, "httpEndpoint"))
        .str_if("http_protocol_ipv6", v(m, "httpProtocolIpv6"))
        .str_if("instance_metadata_tags", v(m, "instanceMetadataTags"))
        .end_object();
  }
  bool_if(b, "enclave_options", d.child("enclaveOptions"), "enabled");
  b.str_if("maintenance_options", d.child("maintenanceOptions").child_value("autoRecovery"));
  bool_if(b, "disable_api_stop", d, "disableApiStop");
  b.end_object();
}

// DescribeLaunchTemplateVersions with $Default and $Latest: one node per
// template for its default version, and one more for a newer latest version.
void launch_templates(AccountContext& ctx, const std::string& region) {
  std::set<std::pair<std::string, std::string>> seen;  // template, version
  auto one = [&](pugi::xml_node n) {
    std::string id = v(n, "launchTemplateId");
    std::string version = v(n, "versionNumber");
    if (!seen.emplace(id, version).second) return;  // $Default is also $Latest
    JsonBuilder b;
    b.str("kind", "aws_ec2_launch_template").str("id", id);
    write_tags(b, n);
    b.str("name", *v(n, "launchTemplateName") ? v(n, "launchTemplateName") : id.c_str());
    std::string arn = ec2::arn(ctx, region, "launch-template", id);
    b.str("arn", arn).time("ctime", v(n, "createTime"));
    int_if(b, "version_number", n, "versionNumber");
    b.str_if("version_description", v(n, "versionDescription"));
    b.str_if("created_by", v(n, "createdBy"));
    bool is_default = flag(n, "defaultVersion");
    b.boolean("is_default_version", is_default);
    template_data(b, n.child("launchTemplateData"));
    std::string node = ctx.id("launch_template", is_default ? id : id + "/" + version);
    ec2::add_node(ctx, region, node, "aws_ec2_launch_template", b.take(), arn);
  };
  each_item(ctx, region, "DescribeLaunchTemplateVersions",
            {{"LaunchTemplateVersion.1", "$Default"},
             {"LaunchTemplateVersion.2", "$Latest"},
             {"MaxResults", "200"}},
            "launchTemplateVersionSet", one);
}

// The region's EBS encryption by default, as a node of its own (the model
// has no region property for it).
void ebs_encryption(AccountContext& ctx, const std::string& region) {
  XmlReply r = query_call(ctx.client, services::kEc2, region, "GetEbsEncryptionByDefault");
  if (!r.ok) {
    ctx.warn("ec2 " + region + " GetEbsEncryptionByDefault", r.error);
    return;
  }
  JsonBuilder b;
  b.str("kind", "aws_ec2_ebs_settings").str("id", region).str("name", region);
  b.boolean("ebs_encryption_by_default", flag(r.result, "ebsEncryptionByDefault"));
  b.str_if("ebs_sse_type", v(r.result, "sseType"));
  std::string node = ctx.id("ebs_settings", region);
  ctx.out.node(node, "aws_ec2_ebs_settings", b.take());
  ctx.out.edge(ctx.region_node(region), node);
}

}  // namespace

void collect_ec2_images(AccountContext& ctx, const std::string& region) {
  each_item(ctx, region, "DescribeImages", {{"Owner.1", "self"}, {"MaxResults", "1000"}},
            "imagesSet", [&](pugi::xml_node n) { image(ctx, region, n); });
  each_item(ctx, region, "DescribeSnapshots", {{"Owner.1", "self"}, {"MaxResults", "1000"}},
            "snapshotSet", [&](pugi::xml_node n) { snapshot(ctx, region, n); });
  launch_templates(ctx, region);
  ebs_encryption(ctx, region);
}

}  // namespace canopy::aws
