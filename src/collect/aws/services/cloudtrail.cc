#include "collect/aws/services/cloudtrail.h"

#include <string_view>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

const Service& cloudtrail() {
  return services::kCloudTrail;
}

std::string part(const std::string& region, const std::string& what) {
  return call_part("cloudtrail", region, what);
}

bool is_true(element o, std::string_view field) {
  bool v = false;
  return o[field].get(v) == SUCCESS && v;
}

// A list of strings; only when the answer has it (fields::strings writes []).
void sent_strings(JsonBuilder& b, std::string_view key, element o, std::string_view field) {
  if (o[field].is_array()) strings(b, key, o, field);
}

bool owned(const AccountContext& ctx, const std::string& arn) {
  return arn.find(":" + ctx.account_id + ":trail/") != std::string::npos;
}

void write_status(JsonBuilder& b, element s) {
  b.begin_object("trail_status");
  flag(b, "is_logging", s, "IsLogging");
  text(b, "latest_delivery_error", s, "LatestDeliveryError");
  text(b, "latest_notification_error", s, "LatestNotificationError");
  epoch_time(b, "latest_delivery_time", s, "LatestDeliveryTime");
  epoch_time(b, "latest_notification_time", s, "LatestNotificationTime");
  epoch_time(b, "start_logging_time", s, "StartLoggingTime");
  epoch_time(b, "stop_logging_time", s, "StopLoggingTime");
  text(b, "latest_cloud_watch_logs_delivery_error", s, "LatestCloudWatchLogsDeliveryError");
  epoch_time(b, "latest_cloud_watch_logs_delivery_time", s, "LatestCloudWatchLogsDeliveryTime");
  epoch_time(b, "latest_digest_delivery_time", s, "LatestDigestDeliveryTime");
  text(b, "latest_digest_delivery_error", s, "LatestDigestDeliveryError");
  // These six are strings in the API ("" when never), typed datetimes in the model.
  b.time("latest_delivery_attempt_time", json_string(s, "LatestDeliveryAttemptTime"));
  b.time("latest_notification_attempt_time", json_string(s, "LatestNotificationAttemptTime"));
  b.time("latest_notification_attempt_succeeded",
         json_string(s, "LatestNotificationAttemptSucceeded"));
  b.time("latest_delivery_attempt_succeeded", json_string(s, "LatestDeliveryAttemptSucceeded"));
  b.time("time_logging_started", json_string(s, "TimeLoggingStarted"));
  b.time("time_logging_stopped", json_string(s, "TimeLoggingStopped"));
  b.end_object();
}

void write_field_selector(JsonBuilder& b, element f) {
  text(b, "selector_field", f, "Field");
  sent_strings(b, "equals", f, "Equals");
  sent_strings(b, "starts_with", f, "StartsWith");
  sent_strings(b, "ends_with", f, "EndsWith");
  sent_strings(b, "not_equals", f, "NotEquals");
  sent_strings(b, "not_starts_with", f, "NotStartsWith");
  sent_strings(b, "not_ends_with", f, "NotEndsWith");
}

void write_selectors(JsonBuilder& b, element sel) {
  b.begin_object("trail_event_selectors");
  objects(b, "event_selectors", sel, "EventSelectors", [&](element e) {
    text(b, "read_write_type", e, "ReadWriteType");
    flag(b, "include_management_events", e, "IncludeManagementEvents");
    objects(b, "data_resources", e, "DataResources", [&](element d) {
      text(b, "type", d, "Type");
      sent_strings(b, "values", d, "Values");
    });
    sent_strings(b, "exclude_management_event_sources", e, "ExcludeManagementEventSources");
  });
  objects(b, "advanced_event_selectors", sel, "AdvancedEventSelectors", [&](element e) {
    text(b, "name", e, "Name");
    objects(b, "field_selectors", e, "FieldSelectors",
            [&](element f) { write_field_selector(b, f); });
  });
  b.end_object();
}

void write_tags(AccountContext& ctx, const std::string& region, const std::string& arn,
                JsonBuilder& b) {
  b.begin_object("tags");
  auto st = json_pages(ctx.client, cloudtrail(), region, "ListTags",
                       "\"ResourceIdList\":[" + json::quote(arn) + "]", "NextToken", "NextToken",
                       [&](const JsonReply& page) {
                         for (element r : list(page.root, "ResourceTagList"))
                           if (json_string(r, "ResourceId") == arn)
                             for (element t : list(r, "TagsList"))
                               b.str(json_string(t, "Key"), json_string(t, "Value"));
                       });
  if (!st.ok) ctx.warn(part(region, "ListTags " + arn), st.error);
  b.end_object();
}

void write_edges(AccountContext& ctx, const std::string& region, const std::string& node,
                 element t) {
  if (auto bucket = json_string(t, "S3BucketName"); !bucket.empty())
    ctx.out.edge(node, ctx.id("s3_bucket", bucket));
  if (auto key = kms_key_node(ctx, region, json_string(t, "KmsKeyId")); !key.empty())
    ctx.out.edge(node, key);
  // Topic, log group (its ARN ends in ":*", an alias of the group) and role by ARN.
  for (const char* arn : {"SnsTopicARN", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn"})
    if (auto a = json_string(t, arn); !a.empty()) ctx.out.edge(node, std::string(a));
}

void collect_trail(AccountContext& ctx, const std::string& region, const std::string& arn) {
  const std::string name_arg = "\"Name\":" + json::quote(arn);
  JsonReply got = json_call(ctx.client, cloudtrail(), region, "GetTrail", name_arg);
  element t;
  if (!got.ok) {
    if (got.error.code != "TrailNotFoundException")
      ctx.warn(part(region, "GetTrail " + arn), got.error);
    return;
  }
  if (got.root["Trail"].get(t) != SUCCESS) {
    ctx.warnings.add(part(region, "GetTrail " + arn), "the answer has no Trail");
    return;
  }
  std::string name(json_string(t, "Name"));
  if (name.empty()) name = arn.substr(arn.rfind('/') + 1);
  JsonBuilder b;
  b.str("kind", "aws_cloud_trail").str("id", name).str("name", name).str("arn", arn);
  write_tags(ctx, region, arn, b);
  text(b, "trail_s3_bucket_name", t, "S3BucketName");
  text(b, "trail_s3_key_prefix", t, "S3KeyPrefix");
  text(b, "trail_sns_topic_name", t, "SnsTopicName");
  text(b, "trail_sns_topic_arn", t, "SnsTopicARN");
  flag(b, "trail_include_global_service_events", t, "IncludeGlobalServiceEvents");
  flag(b, "trail_is_multi_region_trail", t, "IsMultiRegionTrail");
  std::string_view home = json_string(t, "HomeRegion");  // ListTrails said it is this one
  b.str("trail_home_region", home.empty() ? std::string_view(region) : home);
  flag(b, "trail_log_file_validation_enabled", t, "LogFileValidationEnabled");
  text(b, "trail_cloud_watch_logs_log_group_arn", t, "CloudWatchLogsLogGroupArn");
  text(b, "trail_cloud_watch_logs_role_arn", t, "CloudWatchLogsRoleArn");
  text(b, "trail_kms_key_id", t, "KmsKeyId");
  flag(b, "trail_has_custom_event_selectors", t, "HasCustomEventSelectors");
  flag(b, "trail_has_insight_selectors", t, "HasInsightSelectors");
  flag(b, "trail_is_organization_trail", t, "IsOrganizationTrail");

  JsonReply status = json_call(ctx.client, cloudtrail(), region, "GetTrailStatus", name_arg);
  if (status.ok) {
    epoch_time(b, "ctime", status.root, "StartLoggingTime");
    epoch_time(b, "mtime", status.root, "LatestDeliveryTime");
    write_status(b, status.root);
  } else {
    ctx.warn(part(region, "GetTrailStatus " + arn), status.error);
  }

  const std::string trail_arg = "\"TrailName\":" + json::quote(arn);
  if (is_true(t, "HasCustomEventSelectors")) {
    JsonReply sel = json_call(ctx.client, cloudtrail(), region, "GetEventSelectors", trail_arg);
    if (sel.ok)
      write_selectors(b, sel.root);
    else
      ctx.warn(part(region, "GetEventSelectors " + arn), sel.error);
  }
  if (is_true(t, "HasInsightSelectors")) {
    JsonReply ins = json_call(ctx.client, cloudtrail(), region, "GetInsightSelectors", trail_arg);
    if (ins.ok) {
      b.begin_array("trail_insight_selectors");
      for (element i : list(ins.root, "InsightSelectors"))
        if (auto type = json_string(i, "InsightType"); !type.empty()) b.str_element(type);
      b.end_array();
    } else if (ins.error.code != "InsightNotEnabledException") {
      ctx.warn(part(region, "GetInsightSelectors " + arn), ins.error);
    }
  }

  std::string node = ctx.id("cloud_trail", arn);
  ctx.out.node(node, "aws_cloud_trail", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  write_edges(ctx, region, node, t);
}

}  // namespace

void collect_cloudtrail(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, cloudtrail(), region, "ListTrails", "", "NextToken", "NextToken",
                       each_listed<std::string>(
                           ctx,
                           [&](const JsonReply& page, std::vector<std::string>& own) {
                             for (element t : list(page.root, "Trails")) {
                               std::string arn(json_string(t, "TrailARN"));
                               if (arn.empty()) continue;
                               if (json_string(t, "HomeRegion") == region && owned(ctx, arn))
                                 own.push_back(arn);
                               else  // a multi-region trail of another region, or another account's
                                 ctx.out.edge(ctx.region_node(region), arn);
                             }
                           },
                           [&](const std::string& arn) { collect_trail(ctx, region, arn); }));
  if (!st.ok) ctx.warn(part(region, "ListTrails"), st.error);
}

}  // namespace canopy::aws
