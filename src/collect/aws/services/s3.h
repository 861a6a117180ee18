// S3 buckets (ACL, policy, public access block, versioning, encryption, logging) and the
// account-level public access block of S3 Control; global, called with the global region.
#pragma once

#include <string>
#include <string_view>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_s3(AccountContext& ctx, const std::string& region);

// A resource policy (JSON text) with its object keys sorted, compact; "" when
// the text is no JSON object. Glacier and EFS store their policies the same way.
std::string policy_document(std::string_view text);

}  // namespace canopy::aws
