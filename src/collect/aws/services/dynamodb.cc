#include "collect/aws/services/dynamodb.h"

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

const Service& dynamodb() {
  return services::kDynamoDb;
}

void key_schema(JsonBuilder& b, std::string_view key, element n) {
  objects(b, key, n, "KeySchema", [&](element k) {
    text(b, "attribute_name", k, "AttributeName");
    text(b, "key_type", k, "KeyType");
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
    text(b, "projection_type", p, "ProjectionType");
    strings(b, "non_key_attributes", p, "NonKeyAttributes");
  });
}

void index_common(JsonBuilder& b, element i) {
  text(b, "index_name", i, "IndexName");
  key_schema(b, "key_schema", i);
  projection(b, i);
  integer(b, "index_size_bytes", i, "IndexSizeBytes");
  integer(b, "item_count", i, "ItemCount");
  text(b, "index_arn", i, "IndexArn");
}

void class_summary(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element c) {
    text(b, "table_class", c, "TableClass");
    epoch_time(b, "last_update_date_time", c, "LastUpdateDateTime");
  });
}

void replicas(JsonBuilder& b, element t) {
  objects(b, "dynamodb_replicas", t, "Replicas", [&](element r) {
    text(b, "region_name", r, "RegionName");
    text(b, "replica_status", r, "ReplicaStatus");
    text(b, "replica_status_description", r, "ReplicaStatusDescription");
    text(b, "replica_status_percent_progress", r, "ReplicaStatusPercentProgress");
    text(b, "kms_master_key_id", r, "KMSMasterKeyId");
    element o;
    if (r["ProvisionedThroughputOverride"].get(o) == simdjson::SUCCESS)
      integer(b, "provisioned_throughput_override", o, "ReadCapacityUnits");
    objects(b, "global_secondary_indexes", r, "GlobalSecondaryIndexes", [&](element i) {
      text(b, "index_name", i, "IndexName");
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
    text(b, "attribute_name", a, "AttributeName");
    text(b, "attribute_type", a, "AttributeType");
  });
  key_schema(b, "dynamodb_key_schema", t);
  text(b, "dynamodb_table_status", t, "TableStatus");
  object(b, "dynamodb_provisioned_throughput", t, "ProvisionedThroughput",
         [&](element p) { throughput(b, p); });
  integer(b, "dynamodb_table_size_bytes", t, "TableSizeBytes");
  integer(b, "dynamodb_item_count", t, "ItemCount");
  object(b, "dynamodb_billing_mode_summary", t, "BillingModeSummary", [&](element m) {
    text(b, "billing_mode", m, "BillingMode");
    epoch_time(b, "last_update_to_pay_per_request_date_time", m,
               "LastUpdateToPayPerRequestDateTime");
  });
  objects(b, "dynamodb_local_secondary_indexes", t, "LocalSecondaryIndexes",
          [&](element i) { index_common(b, i); });
  objects(b, "dynamodb_global_secondary_indexes", t, "GlobalSecondaryIndexes", [&](element i) {
    index_common(b, i);
    text(b, "index_status", i, "IndexStatus");
    flag(b, "backfilling", i, "Backfilling");
    object(b, "provisioned_throughput", i, "ProvisionedThroughput",
           [&](element p) { throughput(b, p); });
  });
  object(b, "dynamodb_stream_specification", t, "StreamSpecification", [&](element s) {
    flag(b, "stream_enabled", s, "StreamEnabled");
    text(b, "stream_view_type", s, "StreamViewType");
  });
  text(b, "dynamodb_latest_stream_label", t, "LatestStreamLabel");
  text(b, "dynamodb_latest_stream_arn", t, "LatestStreamArn");
  text(b, "dynamodb_global_table_version", t, "GlobalTableVersion");
  replicas(b, t);
  object(b, "dynamodb_restore_summary", t, "RestoreSummary", [&](element r) {
    text(b, "source_backup_arn", r, "SourceBackupArn");
    text(b, "source_table_arn", r, "SourceTableArn");
    epoch_time(b, "restore_date_time", r, "RestoreDateTime");
    flag(b, "restore_in_progress", r, "RestoreInProgress");
  });
  // Absent for tables encrypted with an AWS owned key (the default).
  object(b, "dynamodb_sse_description", t, "SSEDescription", [&](element s) {
    text(b, "status", s, "Status");
    text(b, "sse_type", s, "SSEType");
    text(b, "kms_master_key_arn", s, "KMSMasterKeyArn");
    epoch_time(b, "inaccessible_encryption_date_time", s, "InaccessibleEncryptionDateTime");
  });
  object(b, "dynamodb_archival_summary", t, "ArchivalSummary", [&](element a) {
    epoch_time(b, "archival_date_time", a, "ArchivalDateTime");
    text(b, "archival_reason", a, "ArchivalReason");
    text(b, "archival_backup_arn", a, "ArchivalBackupArn");
  });
  class_summary(b, "dynamodb_table_class_summary", t, "TableClassSummary");
  std::string node = ctx.id("dynamodb_table", arn);
  ctx.out.node(node, "aws_dynamodb_table", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  element sse;
  if (t["SSEDescription"].get(sse) == simdjson::SUCCESS)
    kms_key_edges(ctx, region, node, json_string(sse, "KMSMasterKeyArn"));
}

std::string part(const std::string& region, const char* op, const std::string& table) {
  return call_part("dynamodb", region, op, table);
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
                         for (element tag : list(page.root, "Tags"))
                           tags.emplace_back(json_string(tag, "Key"), json_string(tag, "Value"));
                       });
  if (!st.ok && st.error.code != "ResourceNotFoundException")
    ctx.warn(part(region, "ListTagsOfResource", name), st.error);
  write_table(ctx, region, t, tags);
}

}  // namespace

void collect_dynamodb(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, dynamodb(), region, "ListTables", "\"Limit\":100",
                       "ExclusiveStartTableName", "LastEvaluatedTableName",
                       each_listed<std::string>(
                           ctx,
                           [](const JsonReply& page, std::vector<std::string>& names) {
                             for (element n : list(page.root, "TableNames"))
                               if (n.is_string()) names.emplace_back(as_string(n));
                           },
                           [&](const std::string& name) { table(ctx, region, name); }));
  if (!st.ok) ctx.warn("dynamodb " + region + " ListTables", st.error);
}

}  // namespace canopy::aws
