#include "collect/aws/services/ec2_compute.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "collect/aws/services/credential_report.h"
#include "collect/aws/services/ec2_common.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::bool_if;
using ec2::flag;
using ec2::int_if;
using ec2::strings;
using ec2::write_tags;

const char* v(pugi::xml_node n, const char* name) {
  return ec2::text(n, name);
}

std::string_view instance_status(std::string_view state) {
  if (state == "pending") return "busy";
  if (state == "running") return "running";
  if (state == "shutting-down" || state == "stopping" || state == "stopped") return "stopped";
  if (state == "terminated") return "terminated";
  return "unknown";
}

std::string_view volume_status(std::string_view state) {
  if (state == "in-use" || state == "available" || state == "error" || state == "deleted")
    return state;
  if (state == "creating" || state == "deleting") return "busy";
  return "unknown";
}

// The instance's user data as text: base64 in the answer; "" when there is
// none, when the call fails or when it is no UTF-8 text.
std::string user_data(AccountContext& ctx, const std::string& region, const std::string& id) {
  XmlReply r = query_call(ctx.client, services::kEc2, region, "DescribeInstanceAttribute",
                          {{"InstanceId", id}, {"Attribute", "userData"}});
  if (!r.ok) {
    if (r.error.code != "InvalidInstanceID.NotFound")  // gone since DescribeInstances
      ctx.warn("ec2 " + region + " DescribeInstanceAttribute " + id, r.error);
    return {};
  }
  auto text = base64_decode(r.result.child("userData").child_value("value"));
  if (!text || !simdjson::validate_utf8(*text)) return {};
  return *text;
}

void group_identifiers(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto g : list.children("item"))
    b.begin_object()
        .str_if("group_name", v(g, "groupName"))
        .str_if("group_id", v(g, "groupId"))
        .end_object();
  b.end_array();
}

void interface_association(JsonBuilder& b, pugi::xml_node a) {
  if (!a) return;
  b.begin_object("association")
      .str_if("carrier_ip", v(a, "carrierIp"))
      .str_if("customer_owned_ip", v(a, "customerOwnedIp"))
      .str_if("owner_id", v(a, "ipOwnerId"))
      .str_if("public_dns_name", v(a, "publicDnsName"))
      .str_if("public_ip", v(a, "publicIp"))
      .end_object();
}

void network_interfaces(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("instance_network_interfaces");
  for (auto n : list.children("item")) {
    b.begin_object();
    interface_association(b, n.child("association"));
    if (auto a = n.child("attachment")) {
      b.begin_object("attachment")
          .time("attach_time", v(a, "attachTime"))
          .str_if("attachment_id", v(a, "attachmentId"));
      bool_if(b, "delete_on_termination", a, "deleteOnTermination");
      int_if(b, "device_index", a, "deviceIndex");
      b.str_if("status", v(a, "status"));
      int_if(b, "network_card_index", a, "networkCardIndex");
      b.end_object();
    }
    b.str_if("description", v(n, "description"));
    group_identifiers(b, "groups", n.child("groupSet"));
    strings(b, "ipv6_addresses", n.child("ipv6AddressesSet"), "ipv6Address");
    b.str_if("mac_address", v(n, "macAddress"))
        .str_if("network_interface_id", v(n, "networkInterfaceId"))
        .str_if("private_dns_name", v(n, "privateDnsName"))
        .str_if("private_ip_address", v(n, "privateIpAddress"));
    b.begin_array("private_ip_addresses");
    for (auto p : n.child("privateIpAddressesSet").children("item")) {
      b.begin_object();
      interface_association(b, p.child("association"));
      bool_if(b, "primary", p, "primary");
      b.str_if("private_dns_name", v(p, "privateDnsName"))
          .str_if("private_ip_address", v(p, "privateIpAddress"))
          .end_object();
    }
    b.end_array();
    bool_if(b, "source_dest_check", n, "sourceDestCheck");
    b.str_if("status", v(n, "status")).str_if("interface_type", v(n, "interfaceType"));
    strings(b, "ipv4_prefixes", n.child("ipv4PrefixSet"), "ipv4Prefix");
    strings(b, "ipv6_prefixes", n.child("ipv6PrefixSet"), "ipv6Prefix");
    b.end_object();
  }
  b.end_array();
}

void instance_details(JsonBuilder& b, pugi::xml_node n) {
  int_if(b, "instance_ami_launch_index", n, "amiLaunchIndex");
  b.str_if("instance_kernel_id", v(n, "kernelId"));
  b.str_if("instance_monitoring", n.child("monitoring").child_value("state"));
  if (auto p = n.child("placement")) {
    b.begin_object("instance_placement")
        .str_if("availability_zone", v(p, "availabilityZone"))
        .str_if("affinity", v(p, "affinity"))
        .str_if("group_name", v(p, "groupName"));
    int_if(b, "partition_number", p, "partitionNumber");
    b.str_if("host_id", v(p, "hostId"))
        .str_if("tenancy", v(p, "tenancy"))
        .str_if("spread_domain", v(p, "spreadDomain"))
        .str_if("host_resource_group_arn", v(p, "hostResourceGroupArn"))
        .end_object();
  }
  b.str_if("instance_platform", v(n, "platform"))
      .str_if("instance_private_dns_name", v(n, "privateDnsName"))
      .str_if("instance_public_dns_name", v(n, "dnsName"))
      .str_if("instance_ramdisk_id", v(n, "ramdiskId"))
      .str_if("instance_state_transition_reason", v(n, "reason"));
  b.begin_array("instance_product_codes");
  for (auto c : n.child("productCodes").children("item"))
    b.begin_object()
        .str_if("product_code_id", v(c, "productCode"))
        .str_if("product_code_type", v(c, "type"))
        .end_object();
  b.end_array().begin_array("instance_block_device_mappings");
  for (auto m : n.child("blockDeviceMapping").children("item")) {
    b.begin_object().str_if("device_name", v(m, "deviceName"));
    if (auto e = m.child("ebs")) {
      b.begin_object("ebs").time("attach_time", v(e, "attachTime"));
      bool_if(b, "delete_on_termination", e, "deleteOnTermination");
      b.str_if("status", v(e, "status")).str_if("volume_id", v(e, "volumeId")).end_object();
    }
    b.end_object();
  }
  b.end_array();
  b.str_if("instance_client_token", v(n, "clientToken"));
  bool_if(b, "instance_ebs_optimized", n, "ebsOptimized");
  bool_if(b, "instance_ena_support", n, "enaSupport");
  b.str_if("instance_hypervisor", v(n, "hypervisor"))
      .str_if("instance_lifecycle", v(n, "instanceLifecycle"));
  network_interfaces(b, n.child("networkInterfaceSet"));
  b.str_if("instance_outpost_arn", v(n, "outpostArn"))
      .str_if("instance_root_device_name", v(n, "rootDeviceName"))
      .str_if("instance_root_device_type", v(n, "rootDeviceType"));
  group_identifiers(b, "instance_security_groups", n.child("groupSet"));
  bool_if(b, "instance_source_dest_check", n, "sourceDestCheck");
  b.str_if("instance_spot_instance_request_id", v(n, "spotInstanceRequestId"))
      .str_if("instance_sriov_net_support", v(n, "sriovNetSupport"));
  if (auto r = n.child("stateReason"); *v(r, "code"))
    b.begin_object("instance_state_reason")
        .str_if("code", v(r, "code"))
        .str_if("message", v(r, "message"))
        .end_object();
  b.str_if("instance_virtualization_type", v(n, "virtualizationType"));
  if (auto c = n.child("cpuOptions")) {
    b.begin_object("instance_cpu_options");
    int_if(b, "core_count", c, "coreCount");
    int_if(b, "threads_per_core", c, "threadsPerCore");
    b.end_object();
  }
  b.str_if("instance_capacity_reservation_id", v(n, "capacityReservationId"));
  bool_if(b, "instance_hibernation_options", n.child("hibernationOptions"), "configured");
  strings(b, "instance_licenses", n.child("licenseSet"), "licenseConfigurationArn");
  bool_if(b, "instance_enclave_options", n.child("enclaveOptions"), "enabled");
  b.str_if("instance_boot_mode", v(n, "bootMode"))
      .str_if("instance_platform_details", v(n, "platformDetails"))
      .str_if("instance_usage_operation", v(n, "usageOperation"))
      .time("instance_usage_operation_update_time", v(n, "usageOperationUpdateTime"));
  if (auto o = n.child("privateDnsNameOptions")) {
    b.begin_object("instance_private_dns_name_options")
        .str_if("hostname_type", v(o, "hostnameType"));
    bool_if(b, "enable_resource_name_dns_a_record", o, "enableResourceNameDnsARecord");
    bool_if(b, "enable_resource_name_dns_aaaa_record", o, "enableResourceNameDnsAAAARecord");
    b.end_object();
  }
  b.str_if("instance_ipv6_address", v(n, "ipv6Address"))
      .str_if("instance_tpm_support", v(n, "tpmSupport"))
      .str_if("instance_maintenance_options",
              n.child("maintenanceOptions").child_value("autoRecovery"));
}

void instance_edges(AccountContext& ctx, const std::string& node, pugi::xml_node n) {
  // VPC and subnet by id (Resoto looks them up by name and misses tagged ones).
  for (auto [tag, field] : {std::pair{"vpc", "vpcId"}, {"subnet", "subnetId"}})
    if (*v(n, field)) owns_edges(ctx, ctx.id(tag, v(n, field)), node);
  if (*v(n, "imageId")) ctx.out.edge(ctx.id("image", v(n, "imageId")), node);
  for (auto t : n.child("tagSet").children("item"))
    if (std::string_view(v(t, "key")) == "aws:ec2launchtemplate:id")
      ctx.out.edge(ctx.id("launch_template", v(t, "value")), node);
  for (auto i : n.child("networkInterfaceSet").children("item"))
    depends_edges(ctx, node, ctx.id("network_interface", v(i, "networkInterfaceId")));
  for (auto m : n.child("blockDeviceMapping").children("item"))
    if (*m.child("ebs").child_value("volumeId"))
      depends_edges(ctx, node, ctx.id("volume", m.child("ebs").child_value("volumeId")));
  // An elastic IP at its public address (any other public IP names no node).
  if (*v(n, "ipAddress")) depends_edges(ctx, node, ctx.id("elastic_ip", v(n, "ipAddress")));
}

void instance(AccountContext& ctx, const std::string& region, pugi::xml_node n,
              const std::string& user_data) {
  JsonBuilder b;
  std::string id = v(n, "instanceId");
  b.str("kind", "aws_ec2_instance").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  std::string arn = ec2::arn(ctx, region, "instance", id);
  b.str("arn", arn);
  b.time("ctime", v(n, "launchTime")).time("instance_launch_time", v(n, "launchTime"));
  b.str_if("instance_type", v(n, "instanceType"));
  std::string_view state = n.child("instanceState").child_value("name");
  b.str("instance_status", instance_status(state));
  b.begin_object("instance_state").str_if("name", state);
  int_if(b, "code", n.child("instanceState"), "code");
  b.end_object();
  b.str_if("instance_image_id", v(n, "imageId")).str_if("instance_key_name", v(n, "keyName"));
  b.str_if("instance_subnet_id", v(n, "subnetId"));
  b.str_if("instance_private_ip_address", v(n, "privateIpAddress"));
  b.str_if("instance_public_ip_address", v(n, "ipAddress"));
  b.str_if("instance_architecture", v(n, "architecture"));
  if (pugi::xml_node p = n.child("iamInstanceProfile"); p)
    b.begin_object("instance_iam_instance_profile")
        .str_if("arn", v(p, "arn"))
        .str_if("id", v(p, "id"))
        .end_object();
  if (pugi::xml_node m = n.child("metadataOptions"); m) {
    b.begin_object("instance_metadata_options")
        .str_if("state", v(m, "state"))
        .str_if("http_tokens", v(m, "httpTokens"))
        .str_if("http_endpoint", v(m, "httpEndpoint"))
        .str_if("http_protocol_ipv6", v(m, "httpProtocolIpv6"))
        .str_if("instance_metadata_tags", v(m, "instanceMetadataTags"));
    int_if(b, "http_put_response_hop_limit", m, "httpPutResponseHopLimit");
    b.end_object();
  }
  instance_details(b, n);
  b.str_if("instance_user_data", user_data);
  std::string node = ctx.id("instance", id);
  ec2::add_node(ctx, region, node, "aws_ec2_instance", b.take(), arn);
  instance_edges(ctx, node, n);
}

// Pages of 50: an instance's XML is large (2 to 3 kB, five times that
// parsed), and a page stays in memory while its user data is asked for.
void instances(AccountContext& ctx, const std::string& region) {
  auto st =
      query_pages(ctx.client, services::kEc2, region, "DescribeInstances", {{"MaxResults", "50"}},
                  each_listed<pugi::xml_node>(
                      ctx,
                      [](const XmlReply& page, std::vector<pugi::xml_node>& found) {
                        for (auto r : page.result.child("reservationSet").children("item"))
                          for (auto i : r.child("instancesSet").children("item"))
                            found.push_back(i);
                      },
                      [&](pugi::xml_node n) {
                        instance(ctx, region, n, user_data(ctx, region, v(n, "instanceId")));
                      }));
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeInstances", st.error);
}

// --- when volumes were last read and written
// ------------------------------------------------------

// Two queries each; GetMetricData takes 500 per call, but each query walks
// 1 440 hourly periods, and smaller calls keep a slow endpoint within the
// request timeout (one call per 100 unattached volumes costs little).
constexpr size_t kVolumesPerCall = 100;
constexpr int64_t kActivityWindow = 60 * 86400;  // as far back as Resoto looks

struct Activity {
  bool known = false;                  // CloudWatch answered
  std::optional<int64_t> read, write;  // the latest hour with operations
};

Params metric_queries(const std::vector<std::string>& ids, size_t from, size_t to, int64_t now) {
  Params p = {{"StartTime", format_datetime(now - kActivityWindow)},
              {"EndTime", format_datetime(now)},
              {"ScanBy", "TimestampDescending"}};
  int n = 0;
  for (size_t i = from; i < to; ++i)
    for (auto [prefix, metric] : {std::pair{"r", "VolumeReadOps"}, {"w", "VolumeWriteOps"}}) {
      std::string q = "MetricDataQueries.member." + std::to_string(++n) + ".";
      std::string m = q + "MetricStat.Metric.";
      p.emplace_back(q + "Id", prefix + std::to_string(i));
      p.emplace_back(m + "Namespace", "AWS/EBS");
      p.emplace_back(m + "MetricName", metric);
      p.emplace_back(m + "Dimensions.member.1.Name", "VolumeId");
      p.emplace_back(m + "Dimensions.member.1.Value", ids[i]);
      p.emplace_back(q + "MetricStat.Period", "3600");
      p.emplace_back(q + "MetricStat.Stat", "Sum");
      p.emplace_back(q + "MetricStat.Unit", "Count");
    }
  return p;
}

// Reads one page of results into `out` (indexed like the ids of the queries).
void read_activity(const XmlReply& page, std::vector<Activity>& out) {
  for (auto r : page.result.child("MetricDataResults").children("member")) {
    std::string qid = v(r, "Id");
    if (qid.size() < 2 || (qid[0] != 'r' && qid[0] != 'w')) continue;
    size_t i = std::strtoull(qid.c_str() + 1, nullptr, 10);
    if (i >= out.size()) continue;
    std::optional<int64_t>& last = qid[0] == 'r' ? out[i].read : out[i].write;
    auto t = r.child("Timestamps").children("member").begin();
    auto t_end = r.child("Timestamps").children("member").end();
    for (auto value : r.child("Values").children("member")) {
      if (t == t_end) break;
      auto when = parse_datetime(t->child_value());
      ++t;
      if (when && std::strtod(value.child_value(), nullptr) != 0 && (!last || *when > *last))
        last = *when;
    }
  }
}

// CloudWatch's AWS/EBS VolumeReadOps and VolumeWriteOps of the last 60 days, hourly.
std::vector<Activity> activity(AccountContext& ctx, const std::string& region,
                               const std::vector<std::string>& ids, int64_t now) {
  std::vector<Activity> out(ids.size());
  for (size_t from = 0; from < ids.size(); from += kVolumesPerCall) {
    Params params = metric_queries(ids, from, std::min(ids.size(), from + kVolumesPerCall), now);
    std::string token;
    bool ok = true;
    do {
      Params p = params;
      if (!token.empty()) p.emplace_back("NextToken", token);
      XmlReply r = query_call(ctx.client, services::kCloudWatch, region, "GetMetricData", p);
      if (!r.ok) {
        // A CloudWatch call, but what it leaves incomplete is EC2's volumes.
        ctx.warn("ec2 " + region + " GetMetricData", r.error);
        ok = false;
        break;
      }
      read_activity(r, out);
      std::string next = r.result.child_value("NextToken");
      token = next == token ? "" : next;
    } while (!token.empty());
    for (size_t i = from; ok && i < std::min(ids.size(), from + kVolumesPerCall); ++i)
      out[i].known = true;
  }
  return out;
}

// --- volumes
// --------------------------------------------------------------------------------------

// atime and mtime: now for volumes in use; for available ones the last hour
// with reads or writes, else the start of the window (or the creation, when later).
void access_times(JsonBuilder& b, pugi::xml_node n, const Activity* seen, int64_t now) {
  std::string_view status = v(n, "status");
  if (status == "in-use") {
    b.str("atime", format_datetime(now)).str("mtime", format_datetime(now));
  } else if (status == "available" && seen && seen->known) {
    int64_t floor = std::max(parse_datetime(v(n, "createTime")).value_or(0), now - kActivityWindow);
    b.str("atime", format_datetime(seen->read.value_or(floor)));
    b.str("mtime", format_datetime(seen->write.value_or(floor)));
  }
}

void volume(AccountContext& ctx, const std::string& region, pugi::xml_node n, const Activity* seen,
            int64_t now) {
  JsonBuilder b;
  std::string id = v(n, "volumeId");
  b.str("kind", "aws_ec2_volume").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  std::string arn = ec2::arn(ctx, region, "volume", id);
  b.str("arn", arn);
  b.time("ctime", v(n, "createTime"));
  access_times(b, n, seen, now);
  b.num("volume_size", int64_t(std::atoll(v(n, "size"))));
  b.str_if("volume_type", v(n, "volumeType"));
  b.str("volume_status", volume_status(v(n, "status")));
  int_if(b, "volume_iops", n, "iops");
  int_if(b, "volume_throughput", n, "throughput");
  b.boolean("volume_encrypted", flag(n, "encrypted"));
  b.str_if("volume_kms_key_id", v(n, "kmsKeyId")).str_if("volume_snapshot_id", v(n, "snapshotId"));
  b.str_if("availability_zone", v(n, "availabilityZone"));
  b.str_if("volume_outpost_arn", v(n, "outpostArn"));
  bool_if(b, "volume_fast_restored", n, "fastRestored");
  bool_if(b, "volume_multi_attach_enabled", n, "multiAttachEnabled");
  b.begin_array("volume_attachments");  // [] when detached (checks test the list)
  for (auto a : n.child("attachmentSet").children("item"))
    b.begin_object()
        .time("attach_time", v(a, "attachTime"))
        .str_if("device", v(a, "device"))
        .str_if("instance_id", v(a, "instanceId"))
        .str_if("state", v(a, "status"))
        .str_if("volume_id", v(a, "volumeId"))
        .boolean("delete_on_termination", flag(a, "deleteOnTermination"))
        .end_object();
  b.end_array();
  std::string node = ctx.id("volume", id);
  ec2::add_node(ctx, region, node, "aws_ec2_volume", b.take(), arn);
  for (auto a : n.child("attachmentSet").children("item"))
    depends_edges(ctx, ctx.id("instance", v(a, "instanceId")), node);
  kms_key_edges(ctx, region, node, v(n, "kmsKeyId"));
}

// A page of volumes at a time, as many as one GetMetricData call covers:
// the page stays in memory while CloudWatch answers.
void volume_page(AccountContext& ctx, const std::string& region, const XmlReply& page) {
  std::vector<std::string> available;
  std::map<std::string, size_t> index;
  for (auto n : page.result.child("volumeSet").children("item"))
    if (std::string_view(v(n, "status")) == "available") {
      index[v(n, "volumeId")] = available.size();
      available.push_back(v(n, "volumeId"));
    }
  int64_t now = now_seconds();
  std::vector<Activity> seen = activity(ctx, region, available, now);
  for (auto n : page.result.child("volumeSet").children("item")) {
    auto it = index.find(v(n, "volumeId"));
    volume(ctx, region, n, it == index.end() ? nullptr : &seen[it->second], now);
  }
}

void volumes(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kEc2, region, "DescribeVolumes",
                        {{"MaxResults", std::to_string(kVolumesPerCall)}},
                        [&](const XmlReply& page) { volume_page(ctx, region, page); });
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeVolumes", st.error);
}

}  // namespace

void collect_ec2_compute(AccountContext& ctx, const std::string& region) {
  instances(ctx, region);
  volumes(ctx, region);
}

}  // namespace canopy::aws
