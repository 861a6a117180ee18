#include "collect/aws/services/secretsmanager.h"

#include <cmath>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
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

void tags(JsonBuilder& b, element secret) {
  b.begin_object("tags");
  simdjson::dom::array list;
  if (secret["Tags"].get(list) == simdjson::SUCCESS)
    for (element t : list) b.str(json_string(t, "Key"), json_string(t, "Value"));
  b.end_object();
}

void rotation_rules(JsonBuilder& b, element secret) {
  element r;
  if (secret["RotationRules"].get(r) != simdjson::SUCCESS || !r.is_object()) return;
  b.begin_object("rotation_rules");
  int64_t days;
  if (r["AutomaticallyAfterDays"].get(days) == simdjson::SUCCESS)
    b.num("automatically_after_days", days);
  b.str_if("duration", json_string(r, "Duration"));
  b.str_if("schedule_expression", json_string(r, "ScheduleExpression"));
  b.end_object();
}

void versions(JsonBuilder& b, element secret) {
  simdjson::dom::object map;
  if (secret["SecretVersionsToStages"].get(map) != simdjson::SUCCESS) return;
  b.begin_object("secret_versions_to_stages");
  for (auto [version, stages] : map) {
    b.begin_array(version);
    simdjson::dom::array list;
    if (stages.get(list) == simdjson::SUCCESS)
      for (element s : list)
        if (s.is_string()) b.str_element(s.get_string().value_unsafe());
    b.end_array();
  }
  b.end_object();
}

void write_secret(AccountContext& ctx, const std::string& region, element s) {
  std::string name(json_string(s, "Name"));
  std::string arn(json_string(s, "ARN"));
  JsonBuilder b;
  b.str("kind", "aws_secretsmanager_secret").str("id", name).str("name", name).str_if("arn", arn);
  tags(b, s);
  epoch_time(b, "ctime", s, "CreatedDate");
  epoch_time(b, "mtime", s, "LastChangedDate");
  epoch_time(b, "atime", s, "LastAccessedDate");
  b.str_if("description", json_string(s, "Description"));
  // AWS leaves RotationEnabled out for secrets that never rotated.
  bool rotation = false;
  if (s["RotationEnabled"].get(rotation) != simdjson::SUCCESS) rotation = false;
  b.boolean("rotation_enabled", rotation);
  b.str_if("rotation_lambda_arn", json_string(s, "RotationLambdaARN"));
  rotation_rules(b, s);
  epoch_time(b, "last_rotated_date", s, "LastRotatedDate");
  epoch_time(b, "last_changed_date", s, "LastChangedDate");
  epoch_time(b, "last_accessed_date", s, "LastAccessedDate");  // a day, at midnight UTC
  epoch_time(b, "deleted_date", s, "DeletedDate");
  epoch_time(b, "next_rotation_date", s, "NextRotationDate");
  versions(b, s);
  b.str_if("owning_service", json_string(s, "OwningService"));
  epoch_time(b, "created_date", s, "CreatedDate");
  b.str_if("primary_region", json_string(s, "PrimaryRegion"));
  std::string node = ctx.id("secretsmanager_secret", arn);
  ctx.out.node(node, "aws_secretsmanager_secret", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  if (std::string key = kms_key_node(ctx, json_string(s, "KmsKeyId")); !key.empty()) {
    ctx.out.edge(node, key);
    ctx.out.edge(key, node, true);
  }
}

}  // namespace

void collect_secretsmanager(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, services::kSecretsManager, region, "ListSecrets",
                       "\"MaxResults\":100", "NextToken", "NextToken", [&](const JsonReply& page) {
                         simdjson::dom::array list;
                         if (page.root["SecretList"].get(list) != simdjson::SUCCESS) return;
                         for (element s : list)
                           if (!json_string(s, "ARN").empty()) write_secret(ctx, region, s);
                       });
  if (!st.ok) ctx.warn("secretsmanager " + region + " ListSecrets", st.error);
}

}  // namespace canopy::aws
