#include "collect/aws/services/ecs.h"

namespace canopy::aws {

void collect_ecs(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
