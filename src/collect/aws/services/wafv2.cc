#include "collect/aws/services/wafv2.h"

namespace canopy::aws {

void collect_wafv2(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
