// OpenSearch domains of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_opensearch(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
