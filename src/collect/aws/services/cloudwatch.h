// CloudWatch Logs (log groups, metric filters) and CloudWatch alarms of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_logs(AccountContext& ctx, const std::string& region);
void collect_cloudwatch(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
