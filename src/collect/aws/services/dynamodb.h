// DynamoDB tables of one region with their encryption.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_dynamodb(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
