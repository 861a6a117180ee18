// IAM in full: users (with credential-report fields, access keys, inline and
// attached policies, MFA devices), groups, roles, customer and attached AWS
// managed policies, instance profiles, server certificates, the root user
// and its keys. All nodes hang below the account's `global` region.
#pragma once

#include "collect/aws/account_context.h"

namespace canopy::aws {

// `mfa_devices` is the account summary's MFADevices count: virtual MFA
// devices are listed unless it is known to be zero.
void collect_iam(AccountContext& ctx, int64_t mfa_devices);

}  // namespace canopy::aws
