#include "collect/aws/services/acm.h"

namespace canopy::aws {

void collect_acm(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
