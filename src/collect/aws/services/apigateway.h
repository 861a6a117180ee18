// API Gateway REST APIs of one region with deployments, stages, authorizers and resources.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_apigateway(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
