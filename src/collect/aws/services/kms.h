// KMS keys of one region: state, manager, rotation and key policy.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_kms(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
