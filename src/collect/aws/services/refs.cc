#include "collect/aws/services/refs.h"

namespace canopy::aws {

std::string_view kms_key_id(std::string_view ref) {
  if (ref.find("alias/") != std::string_view::npos) return {};
  if (size_t k = ref.rfind(":key/"); k != std::string_view::npos) return ref.substr(k + 5);
  if (ref.starts_with("arn:")) return {};
  return ref;
}

std::string_view arn_field(std::string_view arn, int n) {
  for (int i = 0; i < n; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  return n == 5 ? arn : arn.substr(0, arn.find(':'));
}

std::string kms_key_node(const AccountContext& ctx, std::string_view region, std::string_view ref) {
  std::string_view id = kms_key_id(ref);
  if (id.empty()) return {};
  if (!id.starts_with("mrk-")) return ctx.id("kms_key", id);
  if (ref.starts_with("arn:")) region = arn_field(ref, 3);
  std::string scoped(region);
  scoped += '/';
  scoped += id;
  return ctx.id("kms_key", scoped);
}

void owns_edges(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(from, to, true);
}

void depends_edges(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(to, from, true);
}

void kms_key_edges(AccountContext& ctx, std::string_view region, const std::string& node,
                   std::string_view ref) {
  if (std::string key = kms_key_node(ctx, region, ref); !key.empty()) depends_edges(ctx, node, key);
}

void vpc_edges(AccountContext& ctx, const std::string& node, std::string_view vpc,
               const std::vector<std::string_view>& subnets,
               const std::vector<std::string_view>& security_groups) {
  if (!vpc.empty()) owns_edges(ctx, ctx.id("vpc", vpc), node);
  for (std::string_view s : subnets) owns_edges(ctx, ctx.id("subnet", s), node);
  for (std::string_view g : security_groups) owns_edges(ctx, ctx.id("security_group", g), node);
}

}  // namespace canopy::aws
