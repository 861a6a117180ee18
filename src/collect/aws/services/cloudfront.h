// CloudFront distributions (global, called with the global region).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_cloudfront(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
