#include "collect/aws/services/apigateway.h"

namespace canopy::aws {

void collect_apigateway(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
