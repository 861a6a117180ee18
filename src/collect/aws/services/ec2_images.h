// EC2 images and snapshots the account owns, launch templates (default and
// latest version) and the EBS default encryption of one region (as an
// aws_ec2_ebs_settings node).
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_images(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
