// The account itself: identity (STS), enabled regions (EC2 DescribeRegions),
// alias, IAM account summary and password policy, organization membership.
#pragma once

#include <string>
#include <vector>

#include "collect/aws/account_context.h"

namespace canopy::aws {

struct Identity {
  std::string account_id, arn, partition;
};

// STS GetCallerIdentity; also tells the partition (from the ARN).
Result<Identity> caller_identity(Client& client, const std::string& region);

// The regions enabled for the account (EC2 DescribeRegions).
Result<std::vector<std::string>> enabled_regions(Client& client, const std::string& region);

struct AccountFacts {
  std::string alias;
  int64_t mfa_devices = -1;  // -1: unknown (the summary could not be read)
};

// Writes the account node, its region nodes (and `global`) and the
// account-level IAM and Organizations data. `name` is used when the account
// has no alias.
AccountFacts collect_account(AccountContext& ctx, const std::string& name,
                             const std::string& profile);

}  // namespace canopy::aws
