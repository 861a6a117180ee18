// EC2 networking beyond VPCs and security groups, per region: subnets, network ACLs,
// route tables, flow logs, elastic IPs, network interfaces, peering connections,
// endpoints, internet and NAT gateways.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_vpc(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
