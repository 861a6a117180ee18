// EC2 networking of one region: VPCs and security groups (with their
// inbound and outbound rules), the first regional service; the other EC2
// kinds follow on the same pattern.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_ec2_network(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
