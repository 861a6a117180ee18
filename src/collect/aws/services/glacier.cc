#include "collect/aws/services/glacier.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  std::string out = "glacier " + region + " " + std::string(op);
  if (!item.empty()) out += " " + std::string(item);
  return out;
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
