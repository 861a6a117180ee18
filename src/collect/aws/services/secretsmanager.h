// Secrets Manager secrets of one region: rotation and access dates.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_secretsmanager(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
