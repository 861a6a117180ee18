#include "collect/aws/services/refs.h"

namespace canopy::aws {

std::string_view kms_key_id(std::string_view ref) {
  if (ref.find("alias/") != std::string_view::npos) return {};
  if (size_t k = ref.rfind(":key/"); k != std::string_view::npos) return ref.substr(k + 5);
  if (ref.starts_with("arn:")) return {};
  return ref;
}

std::string kms_key_node(const AccountContext& ctx, std::string_view ref) {
  std::string_view id = kms_key_id(ref);
  return id.empty() ? std::string() : ctx.id("kms_key", id);
}

void owns_edges(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(from, to, true);
}

void depends_edges(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(to, from, true);
}

void kms_key_edges(AccountContext& ctx, const std::string& node, std::string_view ref) {
  if (std::string key = kms_key_node(ctx, ref); !key.empty()) depends_edges(ctx, node, key);
}

void vpc_edges(AccountContext& ctx, const std::string& node, std::string_view vpc,
               const std::vector<std::string_view>& subnets,
               const std::vector<std::string_view>& security_groups) {
  if (!vpc.empty()) owns_edges(ctx, ctx.id("vpc", vpc), node);
  for (std::string_view s : subnets) owns_edges(ctx, ctx.id("subnet", s), node);
  for (std::string_view g : security_groups) owns_edges(ctx, ctx.id("security_group", g), node);
}

}  // namespace canopy::aws
