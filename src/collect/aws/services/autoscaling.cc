#include "collect/aws/services/autoscaling.h"

namespace canopy::aws {

void collect_autoscaling(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
