#include "collect/aws/services/route53.h"

namespace canopy::aws {

void collect_route53(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
