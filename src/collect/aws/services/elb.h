// Classic load balancers (elb) and application/network load balancers (elbv2) of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_elb(AccountContext& ctx, const std::string& region);
void collect_elbv2(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
