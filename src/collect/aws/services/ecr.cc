#include "collect/aws/services/ecr.h"

namespace canopy::aws {

void collect_ecr(AccountContext&, const std::string&) {}

void collect_ecr_public(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
