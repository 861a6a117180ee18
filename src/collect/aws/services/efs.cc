#include "collect/aws/services/efs.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  return call_part("efs", region, op, item);
}

// PolicyNotFound: the file system has no policy (null).
void policy(AccountContext& ctx, const std::string& region, const std::string& id, JsonBuilder& b) {
  JsonReply r = rest_json_call(ctx.client, services::kEfs, region, "DescribeFileSystemPolicy",
                               "GET", "/2015-02-01/file-systems/" + id + "/policy");
  if (!r.ok) {
    if (r.error.code != "PolicyNotFound" && r.error.code != "FileSystemNotFound")
      ctx.warn(part(region, "DescribeFileSystemPolicy", id), r.error);
    return;
  }
  if (auto doc = policy_json(json_string(r.root, "Policy")))
    b.raw("file_system_policy", *doc);
  else
    ctx.warnings.add(part(region, "DescribeFileSystemPolicy", id), "the policy is no JSON object");
}

void mount_target(AccountContext& ctx, const std::string& region, const std::string& fs_node,
                  element m) {
  std::string_view id = json_string(m, "MountTargetId");
  JsonBuilder b;
  b.str("kind", "aws_efs_mount_target").str("id", id).str("name", id);
  text(b, "owner_id", m, "OwnerId");
  text(b, "life_cycle_state", m, "LifeCycleState");
  text(b, "ip_address", m, "IpAddress");
  text(b, "availability_zone_name", m, "AvailabilityZoneName");
  std::string node = ctx.id("efs_mount_target", id);
  ctx.out.node(node, "aws_efs_mount_target", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.edge(fs_node, node);
}

void mount_targets(AccountContext& ctx, const std::string& region, const std::string& id,
                   const std::string& fs_node) {
  CallStatus st = rest_json_pages(
      ctx.client, services::kEfs, region, "DescribeMountTargets", "/2015-02-01/mount-targets",
      "FileSystemId=" + uri_encode(id, true), "Marker", "NextMarker", [&](const JsonReply& page) {
        for (element m : list(page.root, "MountTargets")) mount_target(ctx, region, fs_node, m);
      });
  if (!st.ok && st.error.code != "FileSystemNotFound")
    ctx.warn(part(region, "DescribeMountTargets", id), st.error);
}

void file_system(AccountContext& ctx, const std::string& region, element fs) {
  std::string id(json_string(fs, "FileSystemId"));
  std::string_view name = json_string(fs, "Name");
  std::string_view arn = json_string(fs, "FileSystemArn");
  JsonBuilder b;
  b.str("kind", "aws_efs_file_system").str("id", id).str("name", name.empty() ? id : name);
  b.str_if("arn", arn);
  epoch_time(b, "ctime", fs, "CreationTime");
  tag_list(b, fs, "Tags");
  text(b, "owner_id", fs, "OwnerId");
  text(b, "creation_token", fs, "CreationToken");
  integer(b, "number_of_mount_targets", fs, "NumberOfMountTargets");
  text(b, "performance_mode", fs, "PerformanceMode");
  text(b, "throughput_mode", fs, "ThroughputMode");
  real(b, "provisioned_throughput_in_mibps", fs, "ProvisionedThroughputInMibps");
  text(b, "availability_zone_name", fs, "AvailabilityZoneName");
  flag(b, "share_encrypted", fs, "Encrypted");
  text(b, "share_status", fs, "LifeCycleState");
  element size;
  if (member(fs, "SizeInBytes", size)) integer(b, "share_size", size, "Value");
  policy(ctx, region, id, b);
  std::string node = ctx.id("efs_file_system", id);
  ctx.out.node(node, "aws_efs_file_system", b.take());
  if (!arn.empty()) ctx.out.alias(std::string(arn), node);
  ctx.out.edge(ctx.region_node(region), node);
  if (std::string key = kms_key_node(ctx, region, json_string(fs, "KmsKeyId")); !key.empty())
    ctx.out.edge(node, key);
  int64_t targets = 0;
  if (fs["NumberOfMountTargets"].get(targets) == simdjson::SUCCESS && targets > 0)
    mount_targets(ctx, region, id, node);
}

}  // namespace

void collect_efs(AccountContext& ctx, const std::string& region) {
  CallStatus st =
      rest_json_pages(ctx.client, services::kEfs, region, "DescribeFileSystems",
                      "/2015-02-01/file-systems", "MaxItems=100", "Marker", "NextMarker",
                      each_listed<element>(
                          ctx,
                          [](const JsonReply& page, std::vector<element>& systems) {
                            for (element fs : list(page.root, "FileSystems")) systems.push_back(fs);
                          },
                          [&](element fs) { file_system(ctx, region, fs); }));
  if (!st.ok) ctx.warn(part(region, "DescribeFileSystems"), st.error);
}

}  // namespace canopy::aws
