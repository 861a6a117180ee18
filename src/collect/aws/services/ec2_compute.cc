#include "collect/aws/services/ec2_compute.h"

#include <string_view>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/ec2_common.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::flag;
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

void instance(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "instanceId");
  b.str("kind", "aws_ec2_instance").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  b.time("ctime", v(n, "launchTime")).time("instance_launch_time", v(n, "launchTime"));
  b.str_if("instance_type", v(n, "instanceType"));
  std::string_view state = n.child("instanceState").child_value("name");
  b.str("instance_status", instance_status(state));
  b.begin_object("instance_state").str_if("name", state);
  if (*n.child("instanceState").child_value("code"))
    b.num("code", int64_t(std::atoll(n.child("instanceState").child_value("code"))));
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
    if (*v(m, "httpPutResponseHopLimit"))
      b.num("http_put_response_hop_limit", int64_t(std::atoll(v(m, "httpPutResponseHopLimit"))));
    b.end_object();
  }
  std::string node = ctx.id("instance", id);
  ctx.out.node(node, "aws_ec2_instance", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  // The instance's VPC (looked up by id, not by name) and its security groups.
  if (*v(n, "vpcId") && ctx.out.has_node(ctx.id("vpc", v(n, "vpcId")))) {
    ctx.out.edge(ctx.id("vpc", v(n, "vpcId")), node);
    ctx.out.edge(ctx.id("vpc", v(n, "vpcId")), node, true);
  }
}

void instances(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kEc2, region, "DescribeInstances",
                        {{"MaxResults", "1000"}}, [&](const XmlReply& page) {
                          for (auto r : page.result.child("reservationSet").children("item"))
                            for (auto i : r.child("instancesSet").children("item"))
                              instance(ctx, region, i);
                        });
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeInstances", st.error);
}

void volume(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "volumeId");
  b.str("kind", "aws_ec2_volume").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  b.time("ctime", v(n, "createTime"));
  b.num("volume_size", int64_t(std::atoll(v(n, "size"))));
  b.str_if("volume_type", v(n, "volumeType"));
  b.str("volume_status", volume_status(v(n, "status")));
  if (*v(n, "iops")) b.num("volume_iops", int64_t(std::atoll(v(n, "iops"))));
  b.boolean("volume_encrypted", flag(n, "encrypted"));
  b.str_if("volume_kms_key_id", v(n, "kmsKeyId")).str_if("volume_snapshot_id", v(n, "snapshotId"));
  b.str_if("availability_zone", v(n, "availabilityZone"));
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
  ctx.out.node(node, "aws_ec2_volume", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  for (auto a : n.child("attachmentSet").children("item")) {
    std::string inst = ctx.id("instance", v(a, "instanceId"));
    if (!ctx.out.has_node(inst)) continue;
    ctx.out.edge(inst, node);
    ctx.out.edge(node, inst, true);
  }
}

void volumes(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kEc2, region, "DescribeVolumes",
                        {{"MaxResults", "500"}}, [&](const XmlReply& page) {
                          for (auto n : page.result.child("volumeSet").children("item"))
                            volume(ctx, region, n);
                        });
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeVolumes", st.error);
}

}  // namespace

void collect_ec2_compute(AccountContext& ctx, const std::string& region) {
  instances(ctx, region);  // first: volumes link to their instances
  volumes(ctx, region);
}

}  // namespace canopy::aws
