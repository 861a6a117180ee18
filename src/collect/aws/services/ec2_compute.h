// EC2 compute of one region: instances (status, profile, metadata options,
// network placement, user data) and EBS volumes (encryption, attachments,
// last read and write from CloudWatch's AWS/EBS metrics), with their edges
// to VPCs, subnets, images, launch templates, interfaces, elastic IPs and
// KMS keys.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_compute(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
