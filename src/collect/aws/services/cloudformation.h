// CloudFormation stacks of one region with their outputs and resources.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_cloudformation(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
