// Route 53 hosted zones and their query logging (global, called with the global region).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_route53(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
