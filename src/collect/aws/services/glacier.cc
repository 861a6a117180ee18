#include "collect/aws/services/glacier.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  return call_part("glacier", region, op, item);
}

const http::Headers kVersion = {{"x-amz-glacier-version", "2012-06-01"}};

// Every Glacier request carries its API version; "-" in the path is the
// caller's account.
JsonReply glacier_get(AccountContext& ctx, const std::string& region, const std::string& op,
                      const std::string& path) {
  return rest_json_call(ctx.client, services::kGlacier, region, op, "GET", "/-/vaults" + path, "",
                        "", kVersion);
}

std::string vault_path(std::string_view name) {
  return "/" + uri_encode(name, true);
}

void tags(AccountContext& ctx, const std::string& region, std::string_view name, JsonBuilder& b) {
  JsonReply r = glacier_get(ctx, region, "ListTagsForVault", vault_path(name) + "/tags");
  if (!r.ok) {
    if (r.error.code != "ResourceNotFoundException")
      ctx.warn(part(region, "ListTagsForVault", name), r.error);
    return;
  }
  tag_map(b, r.root, "Tags");
}

// ResourceNotFoundException: the vault has no access policy (null).
void access_policy(AccountContext& ctx, const std::string& region, std::string_view name,
                   JsonBuilder& b) {
  JsonReply r =
      glacier_get(ctx, region, "GetVaultAccessPolicy", vault_path(name) + "/access-policy");
  if (!r.ok) {
    if (r.error.code != "ResourceNotFoundException")
      ctx.warn(part(region, "GetVaultAccessPolicy", name), r.error);
    return;
  }
  std::string_view text = json_string(r.root, "Policy");
  if (text.empty()) return;
  if (auto doc = policy_json(text))
    b.raw("glacier_access_policy", *doc);
  else
    ctx.warnings.add(part(region, "GetVaultAccessPolicy", name), "the policy is no JSON object");
}

void output_location(JsonBuilder& b, element job) {
  object(b, "glacier_job_output_location", job, "OutputLocation", [&](element o) {
    object(b, "s3", o, "S3", [&](element s3) {
      text(b, "bucket_name", s3, "BucketName");
      text(b, "prefix", s3, "Prefix");
      object(b, "encryption", s3, "Encryption", [&](element e) {
        text(b, "encryption_type", e, "EncryptionType");
        text(b, "kms_key_id", e, "KMSKeyId");
        text(b, "kms_context", e, "KMSContext");
      });
      objects(b, "access_control_list", s3, "AccessControlList", [&](element g) {
        any(b, "grantee", g, "Grantee");
        text(b, "permission", g, "Permission");
      });
      string_map(b, "tagging", s3, "Tagging");
      string_map(b, "user_metadata", s3, "UserMetadata");
      text(b, "storage_class", s3, "StorageClass");
    });
  });
}

// A retrieval or inventory job of a vault: vault → job, and job → the KMS
// key and the topic it uses.
void job(AccountContext& ctx, const std::string& region, const std::string& vault_node, element n) {
  std::string_view id = json_string(n, "JobId");
  if (id.empty()) return;
  JsonBuilder b;
  b.str("kind", "aws_glacier_job").str("id", id).str("name", id);
  b.time("ctime", json_string(n, "CreationDate"));
  text(b, "description", n, "JobDescription");
  text(b, "glacier_job_action", n, "Action");
  text(b, "glacier_job_archive_id", n, "ArchiveId");
  text(b, "glacier_job_vault_arn", n, "VaultARN");
  flag(b, "glacier_job_completed", n, "Completed");
  text(b, "glacier_job_status_code", n, "StatusCode");
  text(b, "glacier_job_status_message", n, "StatusMessage");
  integer(b, "glacier_job_archive_size_in_bytes", n, "ArchiveSizeInBytes");
  integer(b, "glacier_job_inventory_size_in_bytes", n, "InventorySizeInBytes");
  text(b, "glacier_job_sns_topic", n, "SNSTopic");
  text(b, "glacier_job_completion_date", n, "CompletionDate");
  text(b, "glacier_job_sha256_tree_hash", n, "SHA256TreeHash");
  text(b, "glacier_job_archive_sha256_tree_hash", n, "ArchiveSHA256TreeHash");
  text(b, "glacier_job_retrieval_byte_range", n, "RetrievalByteRange");
  text(b, "glacier_job_tier", n, "Tier");
  object(b, "glacier_job_inventory_retrieval_parameters", n, "InventoryRetrievalParameters",
         [&](element p) {
           text(b, "output_format", p, "Format");
           text(b, "start_date", p, "StartDate");
           text(b, "end_date", p, "EndDate");
           text(b, "limit", p, "Limit");
         });
  text(b, "glacier_job_output_path", n, "JobOutputPath");
  object(b, "glacier_job_select_parameters", n, "SelectParameters", [&](element p) {
    any(b, "input_serialization", p, "InputSerialization");
    text(b, "expression_type", p, "ExpressionType");
    text(b, "expression", p, "Expression");
    any(b, "output_serialization", p, "OutputSerialization");
  });
  output_location(b, n);
  std::string node = ctx.id("glacier_job", id);
  ctx.out.node(node, "aws_glacier_job", b.take());
  ctx.out.edge(vault_node, node);
  if (std::string topic(json_string(n, "SNSTopic")); !topic.empty())
    depends_edges(ctx, node, topic);
  element key;
  if (member(n, "OutputLocation", key) && member(key, "S3", key) && member(key, "Encryption", key))
    kms_key_edges(ctx, region, node, json_string(key, "KMSKeyId"));
}

// The vault's jobs of the last 24 hours (Glacier forgets older ones).
void jobs(AccountContext& ctx, const std::string& region, std::string_view name,
          const std::string& vault_node) {
  CallStatus st = rest_json_pages(
      ctx.client, services::kGlacier, region, "ListJobs", "/-/vaults" + vault_path(name) + "/jobs",
      "", "marker", "Marker",
      [&](const JsonReply& page) {
        for (element j : list(page.root, "JobList")) job(ctx, region, vault_node, j);
      },
      kVersion);
  if (!st.ok && st.error.code != "ResourceNotFoundException")
    ctx.warn(part(region, "ListJobs", name), st.error);
}

void vault(AccountContext& ctx, const std::string& region, element n) {
  std::string_view name = json_string(n, "VaultName");
  std::string arn(json_string(n, "VaultARN"));
  JsonBuilder b;
  b.str("kind", "aws_glacier_vault").str("id", name).str("name", name).str_if("arn", arn);
  b.time("ctime", json_string(n, "CreationDate"));
  tags(ctx, region, name, b);
  b.time("glacier_last_inventory_date", json_string(n, "LastInventoryDate"));
  integer(b, "glacier_number_of_archives", n, "NumberOfArchives");
  integer(b, "glacier_size_in_bytes", n, "SizeInBytes");
  access_policy(ctx, region, name, b);
  std::string node = ctx.id("glacier_vault", arn);
  ctx.out.node(node, "aws_glacier_vault", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  jobs(ctx, region, name, node);
}

}  // namespace

void collect_glacier(AccountContext& ctx, const std::string& region) {
  CallStatus st = rest_json_pages(ctx.client, services::kGlacier, region, "ListVaults", "/-/vaults",
                                  "", "marker", "Marker",
                                  each_listed<element>(
                                      ctx,
                                      [](const JsonReply& page, std::vector<element>& vaults) {
                                        for (element v : list(page.root, "VaultList"))
                                          vaults.push_back(v);
                                      },
                                      [&](element v) { vault(ctx, region, v); }),
                                  kVersion);
  if (!st.ok) ctx.warn(part(region, "ListVaults"), st.error);
}

}  // namespace canopy::aws
