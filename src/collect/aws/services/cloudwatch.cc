#include "collect/aws/services/cloudwatch.h"

#include <cmath>
#include <memory>
#include <string_view>
#include <vector>

#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/refs.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::strings;
using qfields::text;
using simdjson::SUCCESS;
using simdjson::dom::element;

// Alarms register this name for each metric they watch; metric filters name
// it for each metric they write, so that an edge filter → alarm needs no lookup.
std::string metric_alias(const std::string& region, std::string_view ns, std::string_view name) {
  return "metric:" + region + "/" + std::string(ns) + "/" + std::string(name);
}

// --- CloudWatch Logs (JSON 1.1) ---------------------------------------------------------------

std::string logs_part(const std::string& region, const std::string& what) {
  return call_part("logs", region, what);
}

// Logs timestamps are epoch milliseconds.
void epoch_ms(JsonBuilder& b, std::string_view key, element o, std::string_view field) {
  if (int64_t ms = 0; o[field].get(ms) == SUCCESS) b.str(key, format_datetime(ms / 1000));
}

// Log group ARNs come with ":*" (DescribeLogGroups, trails); tags and
// policies name the group without it.
std::string without_star(const std::string& arn) {
  return arn.ends_with(":*") ? arn.substr(0, arn.size() - 2) : arn;
}

struct LogGroup {
  element doc;
  std::string name, arn;
};

void write_log_group(AccountContext& ctx, const std::string& region, const LogGroup& g,
                     const JsonReply& tags) {
  JsonBuilder b;
  b.str("kind", "aws_cloudwatch_log_group").str("id", g.name).str("name", g.name);
  b.str_if("arn", g.arn);
  if (tags.ok)
    fields::tag_map(b, tags.root, "tags");
  else
    b.begin_object("tags").end_object();
  epoch_ms(b, "ctime", g.doc, "creationTime");
  fields::integer(b, "group_retention_in_days", g.doc, "retentionInDays");
  fields::integer(b, "group_metric_filter_count", g.doc, "metricFilterCount");
  fields::integer(b, "group_stored_bytes", g.doc, "storedBytes");
  fields::text(b, "group_data_protection_status", g.doc, "dataProtectionStatus");

  std::string node = ctx.id("log_group", region + "/" + g.name);
  ctx.out.node(node, "aws_cloudwatch_log_group", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (!g.arn.empty()) {
    ctx.out.alias(g.arn, node);
    ctx.out.alias(without_star(g.arn), node);
  }
  kms_key_edges(ctx, region, node, json_string(g.doc, "kmsKeyId"));
}

void log_group(AccountContext& ctx, const std::string& region, const LogGroup& g) {
  JsonReply tags;
  if (!g.arn.empty()) {
    tags = json_call(ctx.client, services::kLogs, region, "ListTagsForResource",
                     "\"resourceArn\":" + json::quote(without_star(g.arn)));
    if (!tags.ok && tags.error.code != "ResourceNotFoundException")
      ctx.warn(logs_part(region, "ListTagsForResource " + g.name), tags.error);
  }
  write_log_group(ctx, region, g, tags);
}

void log_groups(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, services::kLogs, region, "DescribeLogGroups", "", "nextToken",
                       "nextToken",
                       each_listed<LogGroup>(
                           ctx,
                           [](const JsonReply& page, std::vector<LogGroup>& groups) {
                             for (element g : fields::list(page.root, "logGroups")) {
                               std::string name(json_string(g, "logGroupName"));
                               if (!name.empty())
                                 groups.push_back({g, name, std::string(json_string(g, "arn"))});
                             }
                           },
                           [&](const LogGroup& g) { log_group(ctx, region, g); }));
  if (!st.ok) ctx.warn(logs_part(region, "DescribeLogGroups"), st.error);
}

void write_transformation(JsonBuilder& b, element m) {
  b.begin_object();
  fields::text(b, "metric_name", m, "metricName");
  fields::text(b, "metric_namespace", m, "metricNamespace");
  fields::text(b, "metric_value", m, "metricValue");
  // In append_double's form, which fields::real (simdjson's) does not always match.
  if (double d = 0; m["defaultValue"].get(d) == SUCCESS && std::isfinite(d)) {
    std::string num;
    json::append_double(num, d);
    b.raw("default_value", num);
  }
  fields::string_map(b, "dimensions", m, "dimensions");
  fields::text(b, "unit", m, "unit");
  b.end_object();
}

void write_metric_filter(AccountContext& ctx, const std::string& region, element f) {
  std::string name(json_string(f, "filterName"));
  std::string group(json_string(f, "logGroupName"));
  if (name.empty() || group.empty()) return;
  JsonBuilder b;
  b.str("kind", "aws_cloudwatch_metric_filter").str("id", name).str("name", name);
  epoch_ms(b, "ctime", f, "creationTime");
  b.str("log_group_name", group);
  b.str("filter_pattern", json_string(f, "filterPattern"));
  b.begin_array("filter_transformations");
  for (element m : fields::list(f, "metricTransformations")) write_transformation(b, m);
  b.end_array();

  std::string node = ctx.id("metric_filter", region + "/" + group + "/" + name);
  ctx.out.node(node, "aws_cloudwatch_metric_filter", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  std::string group_node = ctx.id("log_group", region + "/" + group);
  ctx.out.edge(group_node, node);
  ctx.out.edge(node, group_node, true);
  for (element m : fields::list(f, "metricTransformations"))
    ctx.out.edge(node, metric_alias(region, json_string(m, "metricNamespace"),
                                    json_string(m, "metricName")));
}

void metric_filters(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, services::kLogs, region, "DescribeMetricFilters", "",
                       "nextToken", "nextToken", [&](const JsonReply& page) {
                         for (element f : fields::list(page.root, "metricFilters"))
                           write_metric_filter(ctx, region, f);
                       });
  if (!st.ok) ctx.warn(logs_part(region, "DescribeMetricFilters"), st.error);
}

// --- CloudWatch alarms (query protocol) --------------------------------------------------------

std::string cw_part(const std::string& region, const std::string& what) {
  return call_part("cloudwatch", region, what);
}

// Name and value even when empty (objects() leaves empty members out).
void dimensions(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto d : list.children("member"))
    b.begin_object().str("name", text(d, "Name")).str("value", text(d, "Value")).end_object();
  b.end_array();
}

void metric_queries(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("cloudwatch_metrics");
  for (auto q : list.children("member")) {
    b.begin_object().str("id", text(q, "Id"));
    if (auto stat = q.child("MetricStat")) {
      pugi::xml_node m = stat.child("Metric");
      b.begin_object("metric_stat").begin_object("metric");
      b.str_if("namespace", text(m, "Namespace")).str_if("metric_name", text(m, "MetricName"));
      dimensions(b, "dimensions", m.child("Dimensions"));
      b.end_object();
      b.num("period", int_of(stat, "Period"));
      b.str_if("stat", text(stat, "Stat")).str_if("unit", text(stat, "Unit"));
      b.end_object();
    }
    b.str_if("expression", text(q, "Expression")).str_if("label", text(q, "Label"));
    b.boolean("return_data", bool_of(q, "ReturnData"));
    b.num("period", int_of(q, "Period"));
    b.str_if("account_id", text(q, "AccountId"));
    b.end_object();
  }
  b.end_array();
}

void write_alarm(AccountContext& ctx, const std::string& region, pugi::xml_node a,
                 pugi::xml_node tags) {
  std::string name = text(a, "AlarmName"), arn = text(a, "AlarmArn");
  JsonBuilder b;
  b.str("kind", "aws_cloudwatch_alarm").str("id", name).str("name", name).str_if("arn", arn);
  qfields::tags(b, tags);
  b.time("mtime", text(a, "AlarmConfigurationUpdatedTimestamp"));
  b.str_if("cloudwatch_alarm_description", text(a, "AlarmDescription"));
  b.boolean("cloudwatch_actions_enabled", bool_of(a, "ActionsEnabled"));
  strings(b, "cloudwatch_ok_actions", a.child("OKActions"));
  strings(b, "cloudwatch_alarm_actions", a.child("AlarmActions"));
  strings(b, "cloudwatch_insufficient_data_actions", a.child("InsufficientDataActions"));
  b.str_if("cloudwatch_state_value", text(a, "StateValue"));
  b.str_if("cloudwatch_state_reason", text(a, "StateReason"));
  b.str_if("cloudwatch_state_reason_data", text(a, "StateReasonData"));
  b.time("cloudwatch_state_updated_timestamp", text(a, "StateUpdatedTimestamp"));
  b.str_if("cloudwatch_metric_name", text(a, "MetricName"));
  b.str_if("cloudwatch_namespace", text(a, "Namespace"));
  b.str_if("cloudwatch_statistic", text(a, "Statistic"));
  b.str_if("cloudwatch_extended_statistic", text(a, "ExtendedStatistic"));
  dimensions(b, "cloudwatch_dimensions", a.child("Dimensions"));
  b.num("cloudwatch_period", int_of(a, "Period"));
  b.str_if("cloudwatch_unit", text(a, "Unit"));
  b.num("cloudwatch_evaluation_periods", int_of(a, "EvaluationPeriods"));
  b.num("cloudwatch_datapoints_to_alarm", int_of(a, "DatapointsToAlarm"));
  qfields::real(b, "cloudwatch_threshold", a, "Threshold");
  b.str_if("cloudwatch_comparison_operator", text(a, "ComparisonOperator"));
  b.str_if("cloudwatch_treat_missing_data", text(a, "TreatMissingData"));
  b.str_if("cloudwatch_evaluate_low_sample_count_percentile",
           text(a, "EvaluateLowSampleCountPercentile"));
  metric_queries(b, a.child("Metrics"));
  b.str_if("cloudwatch_threshold_metric_id", text(a, "ThresholdMetricId"));

  std::string node = ctx.id("cloudwatch_alarm", arn.empty() ? region + "/" + name : arn);
  ctx.out.node(node, "aws_cloudwatch_alarm", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (!arn.empty()) ctx.out.alias(arn, node);
  // The metrics it watches: its own, or those of its metric math.
  if (*text(a, "MetricName"))
    ctx.out.alias(metric_alias(region, text(a, "Namespace"), text(a, "MetricName")), node);
  for (auto q : a.child("Metrics").children("member")) {
    pugi::xml_node m = q.child("MetricStat").child("Metric");
    if (*text(m, "MetricName"))
      ctx.out.alias(metric_alias(region, text(m, "Namespace"), text(m, "MetricName")), node);
  }
  for (const char* list : {"OKActions", "AlarmActions", "InsufficientDataActions"})
    for (auto m : a.child(list).children("member"))
      if (std::string action = m.text().get(); action.find(":sns:") != std::string::npos)
        ctx.out.edge(node, action);
}

}  // namespace

void collect_logs(AccountContext& ctx, const std::string& region) {
  log_groups(ctx, region);
  metric_filters(ctx, region);
}

void collect_cloudwatch(AccountContext& ctx, const std::string& region) {
  auto alarm = [&](pugi::xml_node a) {
    XmlReply tags;
    if (*text(a, "AlarmArn")) {
      tags = query_call(ctx.client, services::kCloudWatch, region, "ListTagsForResource",
                        {{"ResourceARN", text(a, "AlarmArn")}});
      if (!tags.ok && tags.error.code != "ResourceNotFound" &&
          tags.error.code != "ResourceNotFoundException")
        ctx.warn(cw_part(region, std::string("ListTagsForResource ") + text(a, "AlarmName")),
                 tags.error);
    }
    write_alarm(ctx, region, a, tags.ok ? tags.result.child("Tags") : pugi::xml_node());
  };
  auto st = query_pages(ctx.client, services::kCloudWatch, region, "DescribeAlarms",
                        {{"MaxRecords", "100"}},
                        each_listed<pugi::xml_node>(
                            ctx,
                            [](const XmlReply& page, std::vector<pugi::xml_node>& alarms) {
                              for (auto a : page.result.child("MetricAlarms").children())
                                if (a.type() == pugi::node_element && *text(a, "AlarmName"))
                                  alarms.push_back(a);
                            },
                            alarm));
  if (!st.ok) ctx.warn(cw_part(region, "DescribeAlarms"), st.error);
}

}  // namespace canopy::aws
