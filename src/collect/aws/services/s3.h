// S3 buckets (ACL, policy, public access block, versioning, encryption, logging) and the
// account-level public access block of S3 Control; global, called with the global region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_s3(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
