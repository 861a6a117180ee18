// EC2 images, snapshots, launch templates and the EBS default encryption of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_images(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
