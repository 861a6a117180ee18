// WAFv2 web ACLs of both scopes (global, called with the global region).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_wafv2(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
