#include "collect/aws/services/lambda.h"

namespace canopy::aws {

void collect_lambda(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
