// EC2 compute of one region: instances (status, profile, metadata options,
// network placement) and EBS volumes (encryption, attachments).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_compute(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
