// CloudTrail trails of one region: status, event and insight selectors, and their
// links to buckets, log groups, topics, keys and roles.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_cloudtrail(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
