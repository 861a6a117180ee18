#include "collect/aws/services/ssm.h"

namespace canopy::aws {

void collect_ssm(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
