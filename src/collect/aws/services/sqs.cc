#include "collect/aws/services/sqs.h"

namespace canopy::aws {

void collect_sqs(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
