#include "collect/aws/services/rds.h"

namespace canopy::aws {

void collect_rds(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
