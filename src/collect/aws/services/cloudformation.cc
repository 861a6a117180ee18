#include "collect/aws/services/cloudformation.h"

namespace canopy::aws {

void collect_cloudformation(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
