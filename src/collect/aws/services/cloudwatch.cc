#include "collect/aws/services/cloudwatch.h"

namespace canopy::aws {

void collect_logs(AccountContext&, const std::string&) {}

void collect_cloudwatch(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
