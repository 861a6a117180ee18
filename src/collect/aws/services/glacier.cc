#include "collect/aws/services/glacier.h"

#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/s3.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  std::string out = "glacier " + region + " " + std::string(op);
  if (!item.empty()) out += " " + std::string(item);
  return out;
}

// A Glacier GET. Every Glacier request must carry x-amz-glacier-version,
// which rest_json_call cannot add; "-" in the path is the caller's account.
JsonReply glacier_get(AccountContext& ctx, const std::string& region, const std::string& op,
                      const std::string& path, const std::string& query = "") {
  ApiRequest req;
  req.operation = op;
  req.method = "GET";
  req.path = "/-/vaults" + path;
  req.query = query;
  req.headers.emplace_back("x-amz-glacier-version", "2012-06-01");
  Reply reply = ctx.client.send(services::kGlacier, region, std::move(req));
  JsonReply out;
  if (!reply.ok) {
    out.error = std::move(reply.error);
    return out;
  }
  std::string& body = reply.response.body;
  if (body.empty()) body = "{}";
  out.parser = std::make_shared<simdjson::dom::parser>();
  if (out.parser->parse(body).get(out.root) != simdjson::SUCCESS) {
    out.error = {"MalformedResponse", "JSON answer does not parse", -1};
    return out;
  }
  out.ok = true;
  return out;
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
  b.begin_object("tags");
  simdjson::dom::object t;
  if (r.root["Tags"].get(t) == simdjson::SUCCESS)
    for (auto [k, value] : t)
      if (value.is_string()) b.str(k, value.get_string().value_unsafe());
  b.end_object();
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
  std::string doc = policy_document(text);
  if (doc.empty())
    ctx.warnings.add(part(region, "GetVaultAccessPolicy", std::string(name)),
                     "the policy is no JSON object");
  else
    b.raw("glacier_access_policy", doc);
}

void vault(AccountContext& ctx, const std::string& region, element n) {
  std::string_view name = json_string(n, "VaultName");
  std::string arn(json_string(n, "VaultARN"));
  JsonBuilder b;
  b.str("kind", "aws_glacier_vault").str("id", name).str("name", name).str_if("arn", arn);
  b.time("ctime", json_string(n, "CreationDate"));
  tags(ctx, region, name, b);
  b.time("glacier_last_inventory_date", json_string(n, "LastInventoryDate"));
  int64_t count;
  if (n["NumberOfArchives"].get(count) == simdjson::SUCCESS)
    b.num("glacier_number_of_archives", count);
  if (n["SizeInBytes"].get(count) == simdjson::SUCCESS) b.num("glacier_size_in_bytes", count);
  access_policy(ctx, region, name, b);
  std::string node = ctx.id("glacier_vault", arn);
  ctx.out.node(node, "aws_glacier_vault", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
}

}  // namespace

void collect_glacier(AccountContext& ctx, const std::string& region) {
  std::vector<JsonReply> pages;
  std::set<std::string> seen;
  std::string marker;
  while (true) {
    JsonReply r = glacier_get(ctx, region, "ListVaults", "",
                              marker.empty() ? "" : "marker=" + uri_encode(marker, true));
    if (!r.ok) {
      ctx.warn(part(region, "ListVaults"), r.error);
      break;
    }
    pages.push_back(r);
    marker = std::string(json_string(r.root, "Marker"));
    if (marker.empty()) break;
    if (!seen.insert(marker).second) {
      ctx.warn(part(region, "ListVaults"),
               ApiError{"MalformedResponse", "pagination: Marker repeated", -1});
      break;
    }
  }
  std::vector<element> vaults;
  for (const JsonReply& p : pages) {
    simdjson::dom::array list;
    if (p.root["VaultList"].get(list) == simdjson::SUCCESS)
      for (element v : list) vaults.push_back(v);
  }
  run_parallel(vaults.size(), ctx.threads, [&](size_t i) { vault(ctx, region, vaults[i]); });
}

}  // namespace canopy::aws
