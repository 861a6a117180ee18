// SNS topics and their subscriptions of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_sns(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
