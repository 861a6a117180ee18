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

}  // namespace canopy::aws
