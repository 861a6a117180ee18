#include "collect/aws/services/kms.h"

#include <optional>

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

const Service& kms() {
  return services::kKms;
}

std::string key_member(const std::string& key_id) {
  return "\"KeyId\":" + json::quote(key_id);
}

void region_keys(JsonBuilder& b, element n) {
  text(b, "arn", n, "Arn");
  text(b, "region", n, "Region");
}

void multi_region(JsonBuilder& b, element meta) {
  object(b, "kms_multiregion_configuration", meta, "MultiRegionConfiguration", [&](element c) {
    text(b, "multi_region_key_type", c, "MultiRegionKeyType");
    object(b, "primary_key", c, "PrimaryKey", [&](element p) { region_keys(b, p); });
    objects(b, "replica_keys", c, "ReplicaKeys", [&](element r) { region_keys(b, r); });
  });
}

// What the per-key calls after DescribeKey found.
struct KeyDetails {
  std::vector<std::pair<std::string, std::string>> tags;
  std::string policy;  // compact JSON, "" when unknown
  std::optional<bool> rotation;
};

void write_key(AccountContext& ctx, const std::string& region, element meta, const KeyDetails& d) {
  std::string id(json_string(meta, "KeyId"));
  std::string arn(json_string(meta, "Arn"));
  JsonBuilder b;
  b.str("kind", "aws_kms_key").str("id", id).str("name", id).str_if("arn", arn);
  b.begin_object("tags");
  for (const auto& [k, v] : d.tags) b.str(k, v);
  b.end_object();
  epoch_time(b, "ctime", meta, "CreationDate");
  text(b, "access_key_status", meta, "KeyState");
  text(b, "kms_aws_account_id", meta, "AWSAccountId");
  flag(b, "kms_enabled", meta, "Enabled");
  std::string_view description;  // written even when empty
  if (meta["Description"].get(description) == simdjson::SUCCESS)
    b.str("kms_description", description);
  text(b, "kms_key_usage", meta, "KeyUsage");
  text(b, "kms_origin", meta, "Origin");
  text(b, "kms_key_manager", meta, "KeyManager");
  text(b, "kms_customer_master_key_spec", meta, "CustomerMasterKeySpec");
  text(b, "kms_key_spec", meta, "KeySpec");
  strings(b, "kms_encryption_algorithms", meta, "EncryptionAlgorithms");
  strings(b, "kms_signing_algorithms", meta, "SigningAlgorithms");
  strings(b, "kms_mac_algorithms", meta, "MacAlgorithms");
  flag(b, "kms_multi_region", meta, "MultiRegion");
  multi_region(b, meta);
  epoch_time(b, "kms_deletion_date", meta, "DeletionDate");
  epoch_time(b, "kms_valid_to", meta, "ValidTo");
  integer(b, "kms_pending_deletion_window_in_days", meta, "PendingDeletionWindowInDays");
  text(b, "kms_custom_key_store_id", meta, "CustomKeyStoreId");
  text(b, "kms_cloud_hsm_cluster_id", meta, "CloudHsmClusterId");
  text(b, "kms_expiration_model", meta, "ExpirationModel");
  b.boolean("kms_key_rotation_enabled", d.rotation);  // null unless asked (spec §5)
  if (!d.policy.empty()) b.raw("kms_key_policy", d.policy);
  std::string node = kms_key_node(ctx, region, id);
  ctx.out.node(node, "aws_kms_key", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
}

std::string part(const std::string& region, const char* op, const std::string& key_id) {
  return call_part("kms", region, op, key_id);
}

void tags(AccountContext& ctx, const std::string& region, const std::string& key_id,
          KeyDetails& d) {
  auto st =
      json_pages(ctx.client, kms(), region, "ListResourceTags", key_member(key_id), "Marker",
                 "NextMarker", [&](const JsonReply& page) {
                   for (element t : list(page.root, "Tags"))
                     d.tags.emplace_back(json_string(t, "TagKey"), json_string(t, "TagValue"));
                 });
  if (!st.ok && st.error.code != "NotFoundException")
    ctx.warn(part(region, "ListResourceTags", key_id), st.error);
}

void policy(AccountContext& ctx, const std::string& region, const std::string& key_id,
            KeyDetails& d) {
  JsonReply r = json_call(ctx.client, kms(), region, "GetKeyPolicy",
                          key_member(key_id) + ",\"PolicyName\":\"default\"");
  if (!r.ok) {
    if (r.error.code != "NotFoundException")
      ctx.warn(part(region, "GetKeyPolicy", key_id), r.error);
    return;
  }
  d.policy = policy_json(json_string(r.root, "Policy")).value_or("");  // sorted (spec §3.7)
  if (d.policy.empty())
    ctx.warnings.add(part(region, "GetKeyPolicy", key_id), "the policy is no JSON object");
}

// Keys whose material cannot rotate (asymmetric, HMAC, imported, custom key
// store) answer UnsupportedOperationException: no value, as for AWS keys.
void rotation(AccountContext& ctx, const std::string& region, const std::string& key_id,
              KeyDetails& d) {
  JsonReply r = json_call(ctx.client, kms(), region, "GetKeyRotationStatus", key_member(key_id));
  if (!r.ok) {
    if (r.error.code != "NotFoundException" && r.error.code != "UnsupportedOperationException")
      ctx.warn(part(region, "GetKeyRotationStatus", key_id), r.error);
    return;
  }
  bool enabled;
  if (r.root["KeyRotationEnabled"].get(enabled) == simdjson::SUCCESS) d.rotation = enabled;
}

void key(AccountContext& ctx, const std::string& region, const std::string& key_id) {
  JsonReply r = json_call(ctx.client, kms(), region, "DescribeKey", key_member(key_id));
  if (!r.ok) {
    if (r.error.code != "NotFoundException")  // deleted since ListKeys
      ctx.warn(part(region, "DescribeKey", key_id), r.error);
    return;
  }
  element meta;
  if (r.root["KeyMetadata"].get(meta) != simdjson::SUCCESS || !meta.is_object()) return;
  KeyDetails d;
  tags(ctx, region, key_id, d);
  policy(ctx, region, key_id, d);
  if (json_string(meta, "KeyManager") == "CUSTOMER" && json_string(meta, "KeyState") == "Enabled")
    rotation(ctx, region, key_id, d);
  write_key(ctx, region, meta, d);
}

}  // namespace

void collect_kms(AccountContext& ctx, const std::string& region) {
  auto st =
      json_pages(ctx.client, kms(), region, "ListKeys", "\"Limit\":1000", "Marker", "NextMarker",
                 each_listed<std::string>(
                     ctx,
                     [](const JsonReply& page, std::vector<std::string>& ids) {
                       for (element k : list(page.root, "Keys"))
                         if (auto id = json_string(k, "KeyId"); !id.empty()) ids.emplace_back(id);
                     },
                     [&](const std::string& id) { key(ctx, region, id); }));
  if (!st.ok) ctx.warn("kms " + region + " ListKeys", st.error);
}

}  // namespace canopy::aws
