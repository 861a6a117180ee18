// EFS file systems of one region with their policies and mount targets.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_efs(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
