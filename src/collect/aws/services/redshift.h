// Redshift clusters of one region with their logging status.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_redshift(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
