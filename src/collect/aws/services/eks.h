// EKS clusters of one region and their node groups.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_eks(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
