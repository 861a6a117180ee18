// AWS Config recorders of one region, joined with their status.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_config(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
