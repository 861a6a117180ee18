// Lambda functions of one region: runtime, environment, policy and URL configuration.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_lambda(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
