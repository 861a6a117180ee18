#include "collect/aws/services/s3.h"

namespace canopy::aws {

void collect_s3(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
