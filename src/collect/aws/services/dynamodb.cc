#include "collect/aws/services/dynamodb.h"

#include <cmath>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

const Service& dynamodb() {
  return services::kDynamoDb;
}

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

void integer(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  int64_t value;
  if (n[field].get(value) == simdjson::SUCCESS) b.num(key, value);
}

// Calls `fn` for the object `field` of `n` inside begin_object(key)/end_object().
template <typename Fn>
void object(JsonBuilder& b, std::string_view key, element n, std::string_view field, Fn fn) {
  element o;
  if (n[field].get(o) != simdjson::SUCCESS || !o.is_object()) return;
  b.begin_object(key);
  fn(o);
  b.end_object();
}

// An array of objects, [] when absent (the model's lists default to []).
template <typename Fn>
void objects(JsonBuilder& b, std::string_view key, element n, std::string_view field, Fn fn) {
  b.begin_array(key);
  simdjson::dom::array list;
  if (n[field].get(list) == simdjson::SUCCESS)
    for (element e : list) {
      b.begin_object();
      fn(e);
      b.end_object();
    }
  b.end_array();
}

void key_schema(JsonBuilder& b, std::string_view key, element n) {
  objects(b, key, n, "KeySchema", [&](element k) {
    b.str_if("attribute_name", json_string(k, "AttributeName"));
    b.str_if("key_type", json_string(k, "KeyType"));
  });
}

void throughput(JsonBuilder& b, element t) {
  epoch_time(b, "last_increase_date_time", t, "LastIncreaseDateTime");
  epoch_time(b, "last_decrease_date_time", t, "LastDecreaseDateTime");
  integer(b, "number_of_decreases_today", t, "NumberOfDecreasesToday");
  integer(b, "read_capacity_units", t, "ReadCapacityUnits");
  integer(b, "write_capacity_units", t, "WriteCapacityUnits");
}

void projection(JsonBuilder& b, element index) {
  object(b, "projection", index, "Projection", [&](element p) {
    b.str_if("projection_type", json_string(p, "ProjectionType"));
    b.begin_array("non_key_attributes");
    simdjson::dom::array list;
    if (p["NonKeyAttributes"].get(list) == simdjson::SUCCESS)
      for (element a : list)
        if (a.is_string()) b.str_element(a.get_string().value_unsafe());
    b.end_array();
  });
}

void index_common(JsonBuilder& b, element i) {
  b.str_if("index_name", json_string(i, "IndexName"));
  key_schema(b, "key_schema", i);
  projection(b, i);
  integer(b, "index_size_bytes", i, "IndexSizeBytes");
  integer(b, "item_count", i, "ItemCount");
  b.str_if("index_arn", json_string(i, "IndexArn"));
}

void class_summary(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element c) {
    b.str_if("table_class", json_string(c, "TableClass"));
    epoch_time(b, "last_update_date_time", c, "LastUpdateDateTime");
  });
}

void replicas(JsonBuilder& b, element t) {
  objects(b, "dynamodb_replicas", t, "Replicas", [&](element r) {
    b.str_if("region_name", json_string(r, "RegionName"));
    b.str_if("replica_status", json_string(r, "ReplicaStatus"));
    b.str_if("replica_status_description", json_string(r, "ReplicaStatusDescription"));
    b.str_if("replica_status_percent_progress", json_string(r, "ReplicaStatusPercentProgress"));
    b.str_if("kms_master_key_id", json_string(r, "KMSMasterKeyId"));
    element o;
    if (r["ProvisionedThroughputOverride"].get(o) == simdjson::SUCCESS)
      integer(b, "provisioned_throughput_override", o, "ReadCapacityUnits");
    objects(b, "global_secondary_indexes", r, "GlobalSecondaryIndexes", [&](element i) {
      b.str_if("index_name", json_string(i, "IndexName"));
      element io;
      if (i["ProvisionedThroughputOverride"].get(io) == simdjson::SUCCESS)
        integer(b, "provisioned_throughput_override", io, "ReadCapacityUnits");
    });
    epoch_time(b, "replica_inaccessible_date_time", r, "ReplicaInaccessibleDateTime");
    class_summary(b, "replica_table_class_summary", r, "ReplicaTableClassSummary");
  });
}

void write_table(AccountContext& ctx, const std::string& region, element t,
                 const std::vector<std::pair<std::string, std::string>>& tags) {
  std::string name(json_string(t, "TableName"));
  std::string id(json_string(t, "TableId"));
  std::string arn(json_string(t, "TableArn"));
  JsonBuilder b;
  b.str("kind", "aws_dynamodb_table").str("id", id.empty() ? name : id).str("name", name);
  b.str_if("arn", arn);
  b.begin_object("tags");
  for (const auto& [k, v] : tags) b.str(k, v);
  b.end_object();
  epoch_time(b, "ctime", t, "CreationDateTime");
  objects(b, "dynamodb_attribute_definitions", t, "AttributeDefinitions", [&](element a) {
    b.str_if("attribute_name", json_string(a, "AttributeName"));
    b.str_if("attribute_type", json_string(a, "AttributeType"));
  });
  key_schema(b, "dynamodb_key_schema", t);
  b.str_if("dynamodb_table_status", json_string(t, "TableStatus"));
  object(b, "dynamodb_provisioned_throughput", t, "ProvisionedThroughput",
         [&](element p) { throughput(b, p); });
  integer(b, "dynamodb_table_size_bytes", t, "TableSizeBytes");
  integer(b, "dynamodb_item_count", t, "ItemCount");
  object(b, "dynamodb_billing_mode_summary", t, "BillingModeSummary", [&](element m) {
    b.str_if("billing_mode", json_string(m, "BillingMode"));
    epoch_time(b, "last_update_to_pay_per_request_date_time", m,
               "LastUpdateToPayPerRequestDateTime");
  });
  objects(b, "dynamodb_local_secondary_indexes", t, "LocalSecondaryIndexes",
          [&](element i) { index_common(b, i); });
  objects(b, "dynamodb_global_secondary_indexes", t, "GlobalSecondaryIndexes", [&](element i) {
    index_common(b, i);
    b.str_if("index_status", json_string(i, "IndexStatus"));
    flag(b, "backfilling", i, "Backfilling");
    object(b, "provisioned_throughput", i, "ProvisionedThroughput",
           [&](element p) { throughput(b, p); });
  });
  object(b, "dynamodb_stream_specification", t, "StreamSpecification", [&](element s) {
    flag(b, "stream_enabled", s, "StreamEnabled");
    b.str_if("stream_view_type", json_string(s, "StreamViewType"));
  });
  b.str_if("dynamodb_latest_stream_label", json_string(t, "LatestStreamLabel"));
  b.str_if("dynamodb_latest_stream_arn", json_string(t, "LatestStreamArn"));
  b.str_if("dynamodb_global_table_version", json_string(t, "GlobalTableVersion"));
  replicas(b, t);
  object(b, "dynamodb_restore_summary", t, "RestoreSummary", [&](element r) {
    b.str_if("source_backup_arn", json_string(r, "SourceBackupArn"));
    b.str_if("source_table_arn", json_string(r, "SourceTableArn"));
    epoch_time(b, "restore_date_time", r, "RestoreDateTime");
    flag(b, "restore_in_progress", r, "RestoreInProgress");
  });
  // Absent for tables encrypted with an AWS owned key (the default).
  object(b, "dynamodb_sse_description", t, "SSEDescription", [&](element s) {
    b.str_if("status", json_string(s, "Status"));
    b.str_if("sse_type", json_string(s, "SSEType"));
    b.str_if("kms_master_key_arn", json_string(s, "KMSMasterKeyArn"));
    epoch_time(b, "inaccessible_encryption_date_time", s, "InaccessibleEncryptionDateTime");
  });
  object(b, "dynamodb_archival_summary", t, "ArchivalSummary", [&](element a) {
    epoch_time(b, "archival_date_time", a, "ArchivalDateTime");
    b.str_if("archival_reason", json_string(a, "ArchivalReason"));
    b.str_if("archival_backup_arn", json_string(a, "ArchivalBackupArn"));
  });
  class_summary(b, "dynamodb_table_class_summary", t, "TableClassSummary");
  std::string node = ctx.id("dynamodb_table", arn);
  ctx.out.node(node, "aws_dynamodb_table", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  element sse;
  if (t["SSEDescription"].get(sse) == simdjson::SUCCESS)
    if (std::string key = kms_key_node(ctx, json_string(sse, "KMSMasterKeyArn")); !key.empty()) {
      ctx.out.edge(node, key);
      ctx.out.edge(key, node, true);
    }
}

std::string part(const std::string& region, const char* op, const std::string& table) {
  return "dynamodb " + region + " " + op + " " + table;
}

void table(AccountContext& ctx, const std::string& region, const std::string& name) {
  JsonReply r = json_call(ctx.client, dynamodb(), region, "DescribeTable",
                          "\"TableName\":" + json::quote(name));
  if (!r.ok) {
    if (r.error.code != "ResourceNotFoundException")  // deleted since ListTables
      ctx.warn(part(region, "DescribeTable", name), r.error);
    return;
  }
  element t;
  if (r.root["Table"].get(t) != simdjson::SUCCESS || !t.is_object()) return;
  std::vector<std::pair<std::string, std::string>> tags;
  std::string arn(json_string(t, "TableArn"));
  auto st = json_pages(ctx.client, dynamodb(), region, "ListTagsOfResource",
                       "\"ResourceArn\":" + json::quote(arn), "NextToken", "NextToken",
                       [&](const JsonReply& page) {
                         simdjson::dom::array list;
                         if (page.root["Tags"].get(list) != simdjson::SUCCESS) return;
                         for (element tag : list)
                           tags.emplace_back(json_string(tag, "Key"), json_string(tag, "Value"));
                       });
  if (!st.ok && st.error.code != "ResourceNotFoundException")
    ctx.warn(part(region, "ListTagsOfResource", name), st.error);
  write_table(ctx, region, t, tags);
}

}  // namespace

void collect_dynamodb(AccountContext& ctx, const std::string& region) {
  std::vector<std::string> names;
  auto st =
      json_pages(ctx.client, dynamodb(), region, "ListTables", "\"Limit\":100",
                 "ExclusiveStartTableName", "LastEvaluatedTableName", [&](const JsonReply& page) {
                   simdjson::dom::array list;
                   if (page.root["TableNames"].get(list) != simdjson::SUCCESS) return;
                   for (element n : list)
                     if (n.is_string()) names.emplace_back(n.get_string().value_unsafe());
                 });
  if (!st.ok) ctx.warn("dynamodb " + region + " ListTables", st.error);
  run_parallel(names.size(), ctx.threads, [&](size_t i) { table(ctx, region, names[i]); });
}

}  // namespace canopy::aws
