#include "collect/aws/services/efs.h"

namespace canopy::aws {

void collect_efs(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
