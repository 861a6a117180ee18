// SQS queues of one region with their encryption attributes.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_sqs(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
