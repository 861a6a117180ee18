#include "collect/aws/services/ec2_vpc.h"

namespace canopy::aws {

void collect_ec2_vpc(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
