#include "collect/aws/services/cloudtrail.h"

namespace canopy::aws {

void collect_cloudtrail(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
