#include "collect/aws/services/elb.h"

namespace canopy::aws {

void collect_elb(AccountContext&, const std::string&) {}

void collect_elbv2(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
