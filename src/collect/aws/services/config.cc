#include "collect/aws/services/config.h"

#include <cmath>
#include <map>

#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

// JSON protocols send timestamps as epoch seconds (with fractions).
void epoch_time(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  double seconds;
  if (n[field].get(seconds) == simdjson::SUCCESS)
    b.str(key, format_datetime(int64_t(std::floor(seconds))));
  else
    b.time(key, json_string(n, field));
}

void flag(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  bool value;
  if (n[field].get(value) == simdjson::SUCCESS) b.boolean(key, value);
}

void recording_group(JsonBuilder& b, element recorder) {
  element g;
  if (recorder["recordingGroup"].get(g) != simdjson::SUCCESS || !g.is_object()) return;
  b.begin_object("recorder_group");
  flag(b, "all_supported", g, "allSupported");
  flag(b, "include_global_resource_types", g, "includeGlobalResourceTypes");
  b.begin_array("resource_types");
  simdjson::dom::array types;
  if (g["resourceTypes"].get(types) == simdjson::SUCCESS)
    for (element t : types)
      if (t.is_string()) b.str_element(t.get_string().value_unsafe());
  b.end_array().end_object();
}

// lastStatus is kept as returned (SUCCESS, FAILURE, PENDING); the check
// compares it case-insensitively.
void recorder_status(JsonBuilder& b, element s) {
  b.begin_object("recorder_status");
  epoch_time(b, "last_start_time", s, "lastStartTime");
  epoch_time(b, "last_stop_time", s, "lastStopTime");
  flag(b, "recording", s, "recording");
  b.str_if("last_status", json_string(s, "lastStatus"));
  b.str_if("last_error_code", json_string(s, "lastErrorCode"));
  b.str_if("last_error_message", json_string(s, "lastErrorMessage"));
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
  simdjson::dom::array list;
  if (r.root["ConfigurationRecordersStatus"].get(list) == simdjson::SUCCESS)
    for (element s : list) out.emplace(json_string(s, "name"), s);
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
  simdjson::dom::array list;
  if (recorders.root["ConfigurationRecorders"].get(list) != simdjson::SUCCESS || list.size() == 0)
    return;
  JsonReply status = json_call(ctx.client, config, region, "DescribeConfigurationRecorderStatus");
  auto by_name = statuses(ctx, region, status);
  for (element r : list) {
    std::string name(json_string(r, "name"));
    JsonBuilder b;
    // The recorder's own ARN (newer API versions); Resoto wrote the role's
    // ARN here, which names another resource.
    b.str("kind", "aws_config_recorder").str("id", name).str("name", name);
    b.str_if("arn", json_string(r, "arn"));
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
