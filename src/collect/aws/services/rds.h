// RDS instances, snapshots and cluster snapshots of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_rds(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
