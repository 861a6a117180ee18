#include "collect/aws/services/config.h"

#include <map>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

void recording_group(JsonBuilder& b, element recorder) {
  object(b, "recorder_group", recorder, "recordingGroup", [&](element g) {
    flag(b, "all_supported", g, "allSupported");
    flag(b, "include_global_resource_types", g, "includeGlobalResourceTypes");
    strings(b, "resource_types", g, "resourceTypes");
  });
}

// lastStatus is kept as returned (SUCCESS, FAILURE, PENDING); the check
// compares it case-insensitively.
void recorder_status(JsonBuilder& b, element s) {
  b.begin_object("recorder_status");
  epoch_time(b, "last_start_time", s, "lastStartTime");
  epoch_time(b, "last_stop_time", s, "lastStopTime");
  flag(b, "recording", s, "recording");
  text(b, "last_status", s, "lastStatus");
  text(b, "last_error_code", s, "lastErrorCode");
  text(b, "last_error_message", s, "lastErrorMessage");
  epoch_time(b, "last_status_change_time", s, "lastStatusChangeTime");
  b.end_object();
}

// The status of every recorder by name; empty when the call failed.
std::map<std::string, element> statuses(AccountContext& ctx, const std::string& region,
                                        const JsonReply& r) {
  std::map<std::string, element> out;
  if (!r.ok) {
    ctx.warn("config " + region + " DescribeConfigurationRecorderStatus", r.error);
    return out;
  }
  for (element s : list(r.root, "ConfigurationRecordersStatus"))
    out.emplace(json_string(s, "name"), s);
  return out;
}

}  // namespace

void collect_config(AccountContext& ctx, const std::string& region) {
  const Service& config = services::kConfig;
  JsonReply recorders = json_call(ctx.client, config, region, "DescribeConfigurationRecorders");
  if (!recorders.ok) {
    ctx.warn("config " + region + " DescribeConfigurationRecorders", recorders.error);
    return;
  }
  std::vector<element> found = list(recorders.root, "ConfigurationRecorders");
  if (found.empty()) return;
  JsonReply status = json_call(ctx.client, config, region, "DescribeConfigurationRecorderStatus");
  auto by_name = statuses(ctx, region, status);
  for (element r : found) {
    std::string name(json_string(r, "name"));
    JsonBuilder b;
    // The recorder's own ARN (newer API versions); Resoto wrote the role's
    // ARN here, which names another resource.
    b.str("kind", "aws_config_recorder").str("id", name).str("name", name);
    text(b, "arn", r, "arn");
    b.begin_object("tags").end_object();  // not listed: no check reads them
    recording_group(b, r);
    if (auto it = by_name.find(name); it != by_name.end()) recorder_status(b, it->second);
    std::string node = ctx.id("config_recorder", region + "/" + name);
    ctx.out.node(node, "aws_config_recorder", b.take());
    ctx.out.alias(std::string(json_string(r, "arn")), node);
    ctx.out.edge(ctx.region_node(region), node);
  }
}

}  // namespace canopy::aws
