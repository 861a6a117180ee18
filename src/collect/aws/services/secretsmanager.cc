#include "collect/aws/services/secretsmanager.h"

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

void rotation_rules(JsonBuilder& b, element secret) {
  object(b, "rotation_rules", secret, "RotationRules", [&](element r) {
    integer(b, "automatically_after_days", r, "AutomaticallyAfterDays");
    text(b, "duration", r, "Duration");
    text(b, "schedule_expression", r, "ScheduleExpression");
  });
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
        if (s.is_string()) b.str_element(as_string(s));
    b.end_array();
  }
  b.end_object();
}

void write_secret(AccountContext& ctx, const std::string& region, element s) {
  std::string name(json_string(s, "Name"));
  std::string arn(json_string(s, "ARN"));
  JsonBuilder b;
  b.str("kind", "aws_secretsmanager_secret").str("id", name).str("name", name).str_if("arn", arn);
  tag_list(b, s, "Tags");
  epoch_time(b, "ctime", s, "CreatedDate");
  epoch_time(b, "mtime", s, "LastChangedDate");
  epoch_time(b, "atime", s, "LastAccessedDate");
  text(b, "description", s, "Description");
  // AWS leaves RotationEnabled out for secrets that never rotated.
  bool rotation = false;
  if (s["RotationEnabled"].get(rotation) != simdjson::SUCCESS) rotation = false;
  b.boolean("rotation_enabled", rotation);
  text(b, "rotation_lambda_arn", s, "RotationLambdaARN");
  rotation_rules(b, s);
  epoch_time(b, "last_rotated_date", s, "LastRotatedDate");
  epoch_time(b, "last_changed_date", s, "LastChangedDate");
  epoch_time(b, "last_accessed_date", s, "LastAccessedDate");  // a day, at midnight UTC
  epoch_time(b, "deleted_date", s, "DeletedDate");
  epoch_time(b, "next_rotation_date", s, "NextRotationDate");
  versions(b, s);
  text(b, "owning_service", s, "OwningService");
  epoch_time(b, "created_date", s, "CreatedDate");
  text(b, "primary_region", s, "PrimaryRegion");
  std::string node = ctx.id("secretsmanager_secret", arn);
  ctx.out.node(node, "aws_secretsmanager_secret", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  kms_key_edges(ctx, region, node, json_string(s, "KmsKeyId"));
}

}  // namespace

void collect_secretsmanager(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, services::kSecretsManager, region, "ListSecrets",
                       "\"MaxResults\":100", "NextToken", "NextToken", [&](const JsonReply& page) {
                         for (element s : list(page.root, "SecretList"))
                           if (!json_string(s, "ARN").empty()) write_secret(ctx, region, s);
                       });
  if (!st.ok) ctx.warn("secretsmanager " + region + " ListSecrets", st.error);
}

}  // namespace canopy::aws
