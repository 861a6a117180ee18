#include "collect/aws/services/efs.h"

#include <cmath>
#include <functional>
#include <set>
#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/aws/services/s3.h"
#include "collect/json_builder.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  std::string out = "efs " + region + " " + std::string(op);
  if (!item.empty()) out += " " + std::string(item);
  return out;
}

void text(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.str_if(key, json_string(n, field));
}

void number(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  int64_t value;
  if (n[field].get(value) == simdjson::SUCCESS) b.num(key, value);
}

// Every page of a listing that pages by Marker → NextMarker.
CallStatus pages(AccountContext& ctx, const std::string& region, const std::string& op,
                 const std::string& path, const std::string& query,
                 const std::function<void(const JsonReply&)>& on_page) {
  std::set<std::string> seen;
  std::string marker;
  while (true) {
    std::string q = query;
    if (!marker.empty()) q += "&Marker=" + uri_encode(marker, true);
    JsonReply r = rest_json_call(ctx.client, services::kEfs, region, op, "GET", path, q);
    if (!r.ok) return {false, r.error};
    on_page(r);
    marker = std::string(json_string(r.root, "NextMarker"));
    if (marker.empty()) return {};
    if (!seen.insert(marker).second)
      return {false, ApiError{"MalformedResponse", "pagination: NextMarker repeated", -1}};
  }
}

void tags(JsonBuilder& b, element fs) {
  b.begin_object("tags");
  simdjson::dom::array list;
  if (fs["Tags"].get(list) == simdjson::SUCCESS)
    for (element t : list) b.str(json_string(t, "Key"), json_string(t, "Value"));
  b.end_object();
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
  std::string doc = policy_document(json_string(r.root, "Policy"));
  if (doc.empty())
    ctx.warnings.add(part(region, "DescribeFileSystemPolicy", id), "the policy is no JSON object");
  else
    b.raw("file_system_policy", doc);
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
  CallStatus st = pages(ctx, region, "DescribeMountTargets", "/2015-02-01/mount-targets",
                        "FileSystemId=" + uri_encode(id, true), [&](const JsonReply& page) {
                          simdjson::dom::array list;
                          if (page.root["MountTargets"].get(list) == simdjson::SUCCESS)
                            for (element m : list) mount_target(ctx, region, fs_node, m);
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
  double created;  // REST-JSON timestamps are epoch seconds
  if (fs["CreationTime"].get(created) == simdjson::SUCCESS)
    b.str("ctime", format_datetime(int64_t(std::floor(created))));
  tags(b, fs);
  text(b, "owner_id", fs, "OwnerId");
  text(b, "creation_token", fs, "CreationToken");
  number(b, "number_of_mount_targets", fs, "NumberOfMountTargets");
  text(b, "performance_mode", fs, "PerformanceMode");
  text(b, "throughput_mode", fs, "ThroughputMode");
  element mibps;
  if (fs["ProvisionedThroughputInMibps"].get(mibps) == simdjson::SUCCESS && mibps.is_number())
    b.raw("provisioned_throughput_in_mibps", simdjson::minify(mibps));
  text(b, "availability_zone_name", fs, "AvailabilityZoneName");
  bool encrypted;
  if (fs["Encrypted"].get(encrypted) == simdjson::SUCCESS) b.boolean("share_encrypted", encrypted);
  text(b, "share_status", fs, "LifeCycleState");
  int64_t size;
  if (fs.at_pointer("/SizeInBytes/Value").get(size) == simdjson::SUCCESS) b.num("share_size", size);
  policy(ctx, region, id, b);
  std::string node = ctx.id("efs_file_system", id);
  ctx.out.node(node, "aws_efs_file_system", b.take());
  if (!arn.empty()) ctx.out.alias(std::string(arn), node);
  ctx.out.edge(ctx.region_node(region), node);
  if (std::string key = kms_key_node(ctx, json_string(fs, "KmsKeyId")); !key.empty())
    ctx.out.edge(node, key);
  int64_t targets = 0;
  if (fs["NumberOfMountTargets"].get(targets) == simdjson::SUCCESS && targets > 0)
    mount_targets(ctx, region, id, node);
}

}  // namespace

void collect_efs(AccountContext& ctx, const std::string& region) {
  std::vector<JsonReply> replies;
  CallStatus st = pages(ctx, region, "DescribeFileSystems", "/2015-02-01/file-systems",
                        "MaxItems=100", [&](const JsonReply& page) { replies.push_back(page); });
  if (!st.ok) ctx.warn(part(region, "DescribeFileSystems"), st.error);
  std::vector<element> systems;
  for (const JsonReply& r : replies) {
    simdjson::dom::array list;
    if (r.root["FileSystems"].get(list) == simdjson::SUCCESS)
      for (element fs : list) systems.push_back(fs);
  }
  run_parallel(systems.size(), ctx.threads,
               [&](size_t i) { file_system(ctx, region, systems[i]); });
}

}  // namespace canopy::aws
