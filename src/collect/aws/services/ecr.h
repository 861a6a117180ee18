// ECR repositories: private ones per region (ecr), public ones once (ecr-public, global).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ecr(AccountContext& ctx, const std::string& region);
void collect_ecr_public(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
