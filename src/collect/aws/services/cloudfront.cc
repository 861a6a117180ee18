#include "collect/aws/services/cloudfront.h"

namespace canopy::aws {

void collect_cloudfront(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
