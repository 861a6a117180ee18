// Glacier vaults of one region with their access policies.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_glacier(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
