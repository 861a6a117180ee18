#include "collect/aws/services/kms.h"

#include <cmath>
#include <optional>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/doc_json.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

const Service& kms() {
  return services::kKms;
}

std::string key_member(const std::string& key_id) {
  return "\"KeyId\":" + json::quote(key_id);
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

void strings(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.begin_array(key);  // [] when absent (a list with a default)
  simdjson::dom::array list;
  if (n[field].get(list) == simdjson::SUCCESS)
    for (element e : list)
      if (e.is_string()) b.str_element(e.get_string().value_unsafe());
  b.end_array();
}

void region_keys(JsonBuilder& b, element n) {
  b.str_if("arn", json_string(n, "Arn")).str_if("region", json_string(n, "Region"));
}

void multi_region(JsonBuilder& b, element meta) {
  element c;
  if (meta["MultiRegionConfiguration"].get(c) != simdjson::SUCCESS || !c.is_object()) return;
  b.begin_object("kms_multiregion_configuration");
  b.str_if("multi_region_key_type", json_string(c, "MultiRegionKeyType"));
  element primary;
  if (c["PrimaryKey"].get(primary) == simdjson::SUCCESS && primary.is_object()) {
    b.begin_object("primary_key");
    region_keys(b, primary);
    b.end_object();
  }
  b.begin_array("replica_keys");
  simdjson::dom::array replicas;
  if (c["ReplicaKeys"].get(replicas) == simdjson::SUCCESS)
    for (element r : replicas) {
      b.begin_object();
      region_keys(b, r);
      b.end_object();
    }
  b.end_array().end_object();
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
  b.str_if("access_key_status", json_string(meta, "KeyState"));
  b.str_if("kms_aws_account_id", json_string(meta, "AWSAccountId"));
  flag(b, "kms_enabled", meta, "Enabled");
  std::string_view description;
  if (meta["Description"].get(description) == simdjson::SUCCESS)
    b.str("kms_description", description);
  b.str_if("kms_key_usage", json_string(meta, "KeyUsage"));
  b.str_if("kms_origin", json_string(meta, "Origin"));
  b.str_if("kms_key_manager", json_string(meta, "KeyManager"));
  b.str_if("kms_customer_master_key_spec", json_string(meta, "CustomerMasterKeySpec"));
  b.str_if("kms_key_spec", json_string(meta, "KeySpec"));
  strings(b, "kms_encryption_algorithms", meta, "EncryptionAlgorithms");
  strings(b, "kms_signing_algorithms", meta, "SigningAlgorithms");
  strings(b, "kms_mac_algorithms", meta, "MacAlgorithms");
  flag(b, "kms_multi_region", meta, "MultiRegion");
  multi_region(b, meta);
  epoch_time(b, "kms_deletion_date", meta, "DeletionDate");
  epoch_time(b, "kms_valid_to", meta, "ValidTo");
  int64_t window;
  if (meta["PendingDeletionWindowInDays"].get(window) == simdjson::SUCCESS)
    b.num("kms_pending_deletion_window_in_days", window);
  b.str_if("kms_custom_key_store_id", json_string(meta, "CustomKeyStoreId"));
  b.str_if("kms_cloud_hsm_cluster_id", json_string(meta, "CloudHsmClusterId"));
  b.str_if("kms_expiration_model", json_string(meta, "ExpirationModel"));
  b.boolean("kms_key_rotation_enabled", d.rotation);  // null unless asked (spec §5)
  if (!d.policy.empty()) b.raw("kms_key_policy", d.policy);
  std::string node = kms_key_node(ctx, id);
  ctx.out.node(node, "aws_kms_key", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
}

std::string part(const std::string& region, const char* op, const std::string& key_id) {
  return "kms " + region + " " + op + " " + key_id;
}

void tags(AccountContext& ctx, const std::string& region, const std::string& key_id,
          KeyDetails& d) {
  auto st =
      json_pages(ctx.client, kms(), region, "ListResourceTags", key_member(key_id), "Marker",
                 "NextMarker", [&](const JsonReply& page) {
                   simdjson::dom::array list;
                   if (page.root["Tags"].get(list) != simdjson::SUCCESS) return;
                   for (element t : list)
                     d.tags.emplace_back(json_string(t, "TagKey"), json_string(t, "TagValue"));
                 });
  if (!st.ok && st.error.code != "NotFoundException")
    ctx.warn(part(region, "ListResourceTags", key_id), st.error);
}

// The policy with its object keys sorted (spec §3.7), compact; "" when the
// text is no JSON object.
std::string sorted_policy(std::string_view text) {
  Symbols syms;
  auto doc = encode_json_text(text, syms);
  if (!doc) return "";
  DocView v(doc->data(), doc->size());
  return v.is_object() ? to_json(v, syms, true) : "";
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
  d.policy = sorted_policy(json_string(r.root, "Policy"));
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
  std::vector<std::string> ids;
  auto st = json_pages(ctx.client, kms(), region, "ListKeys", "\"Limit\":1000", "Marker",
                       "NextMarker", [&](const JsonReply& page) {
                         simdjson::dom::array list;
                         if (page.root["Keys"].get(list) != simdjson::SUCCESS) return;
                         for (element k : list)
                           if (auto id = json_string(k, "KeyId"); !id.empty()) ids.emplace_back(id);
                       });
  if (!st.ok) ctx.warn("kms " + region + " ListKeys", st.error);
  run_parallel(ids.size(), ctx.threads, [&](size_t i) { key(ctx, region, ids[i]); });
}

}  // namespace canopy::aws
