#include "collect/aws/services/cloudwatch.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;

// Alarms register this name for each metric they watch; metric filters name
// it for each metric they write, so that an edge filter → alarm needs no lookup.
std::string metric_alias(const std::string& region, std::string_view ns, std::string_view name) {
  return "metric:" + region + "/" + std::string(ns) + "/" + std::string(name);
}

// --- CloudWatch Logs (JSON 1.1) ---------------------------------------------------------------

std::string logs_part(const std::string& region, const std::string& what) {
  return "logs " + region + " " + what;
}

template <class Fn>
void each(element o, std::string_view field, Fn fn) {
  simdjson::dom::array a;
  if (o[field].get(a) == SUCCESS)
    for (element e : a) fn(e);
}

std::optional<int64_t> integer(element o, std::string_view field) {
  int64_t v = 0;
  if (o[field].get(v) == SUCCESS) return v;
  return std::nullopt;
}

// Logs timestamps are epoch milliseconds.
void epoch_ms(JsonBuilder& b, std::string_view key, element o, std::string_view field) {
  if (auto ms = integer(o, field)) b.str(key, format_datetime(*ms / 1000));
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
                     std::optional<simdjson::dom::object> tags) {
  JsonBuilder b;
  b.str("kind", "aws_cloudwatch_log_group").str("id", g.name).str("name", g.name);
  b.str_if("arn", g.arn);
  b.begin_object("tags");
  if (tags)
    for (auto [k, val] : *tags)
      if (std::string_view s; val.get(s) == SUCCESS) b.str(k, s);
  b.end_object();
  epoch_ms(b, "ctime", g.doc, "creationTime");
  b.num("group_retention_in_days", integer(g.doc, "retentionInDays"));
  b.num("group_metric_filter_count", integer(g.doc, "metricFilterCount"));
  b.num("group_stored_bytes", integer(g.doc, "storedBytes"));
  b.str_if("group_data_protection_status", json_string(g.doc, "dataProtectionStatus"));

  std::string node = ctx.id("log_group", region + "/" + g.name);
  ctx.out.node(node, "aws_cloudwatch_log_group", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (!g.arn.empty()) {
    ctx.out.alias(g.arn, node);
    ctx.out.alias(without_star(g.arn), node);
  }
  if (auto key = kms_key_node(ctx, json_string(g.doc, "kmsKeyId")); !key.empty()) {
    ctx.out.edge(node, key);
    ctx.out.edge(key, node, true);
  }
}

void log_groups(AccountContext& ctx, const std::string& region) {
  std::vector<std::shared_ptr<simdjson::dom::parser>> pages;
  std::vector<LogGroup> groups;
  auto st = json_pages(ctx.client, services::kLogs, region, "DescribeLogGroups", "", "nextToken",
                       "nextToken", [&](const JsonReply& page) {
                         pages.push_back(page.parser);
                         each(page.root, "logGroups", [&](element g) {
                           std::string name(json_string(g, "logGroupName"));
                           if (!name.empty())
                             groups.push_back({g, name, std::string(json_string(g, "arn"))});
                         });
                       });
  if (!st.ok) ctx.warn(logs_part(region, "DescribeLogGroups"), st.error);
  run_parallel(groups.size(), ctx.threads, [&](size_t i) {
    const LogGroup& g = groups[i];
    JsonReply tags;
    if (!g.arn.empty()) {
      tags = json_call(ctx.client, services::kLogs, region, "ListTagsForResource",
                       "\"resourceArn\":" + json::quote(without_star(g.arn)));
      if (!tags.ok && tags.error.code != "ResourceNotFoundException")
        ctx.warn(logs_part(region, "ListTagsForResource " + g.name), tags.error);
    }
    std::optional<simdjson::dom::object> t;
    if (simdjson::dom::object o; tags.ok && tags.root["tags"].get(o) == SUCCESS) t = o;
    write_log_group(ctx, region, g, t);
  });
}

void write_transformation(JsonBuilder& b, element m) {
  b.begin_object();
  b.str_if("metric_name", json_string(m, "metricName"));
  b.str_if("metric_namespace", json_string(m, "metricNamespace"));
  b.str_if("metric_value", json_string(m, "metricValue"));
  if (double d = 0; m["defaultValue"].get(d) == SUCCESS && std::isfinite(d)) {
    std::string num;
    json::append_double(num, d);
    b.raw("default_value", num);
  }
  if (simdjson::dom::object dims; m["dimensions"].get(dims) == SUCCESS) {
    b.begin_object("dimensions");
    for (auto [k, val] : dims)
      if (std::string_view s; val.get(s) == SUCCESS) b.str(k, s);
    b.end_object();
  }
  b.str_if("unit", json_string(m, "unit"));
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
  each(f, "metricTransformations", [&](element m) { write_transformation(b, m); });
  b.end_array();

  std::string node = ctx.id("metric_filter", region + "/" + group + "/" + name);
  ctx.out.node(node, "aws_cloudwatch_metric_filter", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  std::string group_node = ctx.id("log_group", region + "/" + group);
  ctx.out.edge(group_node, node);
  ctx.out.edge(node, group_node, true);
  each(f, "metricTransformations", [&](element m) {
    ctx.out.edge(node, metric_alias(region, json_string(m, "metricNamespace"),
                                    json_string(m, "metricName")));
  });
}

void metric_filters(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, services::kLogs, region, "DescribeMetricFilters", "",
                       "nextToken", "nextToken", [&](const JsonReply& page) {
                         each(page.root, "metricFilters",
                              [&](element f) { write_metric_filter(ctx, region, f); });
                       });
  if (!st.ok) ctx.warn(logs_part(region, "DescribeMetricFilters"), st.error);
}

// --- CloudWatch alarms (query protocol, paged by NextToken) ------------------------------------

std::string cw_part(const std::string& region, const std::string& what) {
  return "cloudwatch " + region + " " + what;
}

// query_pages follows Marker/IsTruncated; CloudWatch pages by NextToken.
CallStatus token_pages(AccountContext& ctx, const std::string& region, const std::string& action,
                       const Params& params, const std::function<void(const XmlReply&)>& on_page) {
  std::set<std::string> seen;
  std::string token;
  while (true) {
    Params p = params;
    if (!token.empty()) p.emplace_back("NextToken", token);
    XmlReply r = query_call(ctx.client, services::kCloudWatch, region, action, p);
    if (!r.ok) return {false, r.error};
    on_page(r);
    token = r.result.child_value("NextToken");
    if (token.empty()) return {};
    if (!seen.insert(token).second)
      return {false, ApiError{"MalformedResponse", "pagination: token repeated", -1}};
  }
}

const char* v(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}

void optional_int(JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field) {
  if (*v(n, field)) b.num(key, int64_t(std::atoll(v(n, field))));
}

void optional_double(JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field) {
  const char* s = v(n, field);
  char* end = nullptr;
  double d = std::strtod(s, &end);
  if (!*s || *end || !std::isfinite(d)) return;
  std::string num;
  json::append_double(num, d);
  b.raw(key, num);
}

void members(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto m : list.children("member")) b.str_element(m.text().get());
  b.end_array();
}

void dimensions(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto d : list.children("member"))
    b.begin_object().str("name", v(d, "Name")).str("value", v(d, "Value")).end_object();
  b.end_array();
}

void metric_queries(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("cloudwatch_metrics");
  for (auto q : list.children("member")) {
    b.begin_object().str("id", v(q, "Id"));
    if (auto stat = q.child("MetricStat")) {
      pugi::xml_node m = stat.child("Metric");
      b.begin_object("metric_stat").begin_object("metric");
      b.str_if("namespace", v(m, "Namespace")).str_if("metric_name", v(m, "MetricName"));
      dimensions(b, "dimensions", m.child("Dimensions"));
      b.end_object();
      optional_int(b, "period", stat, "Period");
      b.str_if("stat", v(stat, "Stat")).str_if("unit", v(stat, "Unit"));
      b.end_object();
    }
    b.str_if("expression", v(q, "Expression")).str_if("label", v(q, "Label"));
    if (*v(q, "ReturnData"))
      b.boolean("return_data", std::string_view(v(q, "ReturnData")) == "true");
    optional_int(b, "period", q, "Period");
    b.str_if("account_id", v(q, "AccountId"));
    b.end_object();
  }
  b.end_array();
}

void write_alarm(AccountContext& ctx, const std::string& region, pugi::xml_node a,
                 pugi::xml_node tags) {
  std::string name = v(a, "AlarmName"), arn = v(a, "AlarmArn");
  JsonBuilder b;
  b.str("kind", "aws_cloudwatch_alarm").str("id", name).str("name", name).str_if("arn", arn);
  b.begin_object("tags");
  for (auto t : tags.children("member")) b.str(v(t, "Key"), v(t, "Value"));
  b.end_object();
  b.time("mtime", v(a, "AlarmConfigurationUpdatedTimestamp"));
  b.str_if("cloudwatch_alarm_description", v(a, "AlarmDescription"));
  if (*v(a, "ActionsEnabled"))
    b.boolean("cloudwatch_actions_enabled", std::string_view(v(a, "ActionsEnabled")) == "true");
  members(b, "cloudwatch_ok_actions", a.child("OKActions"));
  members(b, "cloudwatch_alarm_actions", a.child("AlarmActions"));
  members(b, "cloudwatch_insufficient_data_actions", a.child("InsufficientDataActions"));
  b.str_if("cloudwatch_state_value", v(a, "StateValue"));
  b.str_if("cloudwatch_state_reason", v(a, "StateReason"));
  b.str_if("cloudwatch_state_reason_data", v(a, "StateReasonData"));
  b.time("cloudwatch_state_updated_timestamp", v(a, "StateUpdatedTimestamp"));
  b.str_if("cloudwatch_metric_name", v(a, "MetricName"));
  b.str_if("cloudwatch_namespace", v(a, "Namespace"));
  b.str_if("cloudwatch_statistic", v(a, "Statistic"));
  b.str_if("cloudwatch_extended_statistic", v(a, "ExtendedStatistic"));
  dimensions(b, "cloudwatch_dimensions", a.child("Dimensions"));
  optional_int(b, "cloudwatch_period", a, "Period");
  b.str_if("cloudwatch_unit", v(a, "Unit"));
  optional_int(b, "cloudwatch_evaluation_periods", a, "EvaluationPeriods");
  optional_int(b, "cloudwatch_datapoints_to_alarm", a, "DatapointsToAlarm");
  optional_double(b, "cloudwatch_threshold", a, "Threshold");
  b.str_if("cloudwatch_comparison_operator", v(a, "ComparisonOperator"));
  b.str_if("cloudwatch_treat_missing_data", v(a, "TreatMissingData"));
  b.str_if("cloudwatch_evaluate_low_sample_count_percentile",
           v(a, "EvaluateLowSampleCountPercentile"));
  metric_queries(b, a.child("Metrics"));
  b.str_if("cloudwatch_threshold_metric_id", v(a, "ThresholdMetricId"));

  std::string node = ctx.id("cloudwatch_alarm", arn.empty() ? region + "/" + name : arn);
  ctx.out.node(node, "aws_cloudwatch_alarm", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (!arn.empty()) ctx.out.alias(arn, node);
  // The metrics it watches: its own, or those of its metric math.
  if (*v(a, "MetricName"))
    ctx.out.alias(metric_alias(region, v(a, "Namespace"), v(a, "MetricName")), node);
  for (auto q : a.child("Metrics").children("member")) {
    pugi::xml_node m = q.child("MetricStat").child("Metric");
    if (*v(m, "MetricName"))
      ctx.out.alias(metric_alias(region, v(m, "Namespace"), v(m, "MetricName")), node);
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
  std::vector<std::shared_ptr<pugi::xml_document>> pages;
  std::vector<pugi::xml_node> alarms;
  auto st = token_pages(ctx, region, "DescribeAlarms", {{"MaxRecords", "100"}},
                        [&](const XmlReply& page) {
                          pages.push_back(page.doc);
                          for (auto a : page.result.child("MetricAlarms").children("member"))
                            if (*v(a, "AlarmName")) alarms.push_back(a);
                        });
  if (!st.ok) ctx.warn(cw_part(region, "DescribeAlarms"), st.error);
  run_parallel(alarms.size(), ctx.threads, [&](size_t i) {
    pugi::xml_node a = alarms[i];
    XmlReply tags;
    if (*v(a, "AlarmArn")) {
      tags = query_call(ctx.client, services::kCloudWatch, region, "ListTagsForResource",
                        {{"ResourceARN", v(a, "AlarmArn")}});
      if (!tags.ok && tags.error.code != "ResourceNotFound" &&
          tags.error.code != "ResourceNotFoundException")
        ctx.warn(cw_part(region, std::string("ListTagsForResource ") + v(a, "AlarmName")),
                 tags.error);
    }
    write_alarm(ctx, region, a, tags.ok ? tags.result.child("Tags") : pugi::xml_node());
  });
}

}  // namespace canopy::aws
