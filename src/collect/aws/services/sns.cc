#include "collect/aws/services/sns.h"

namespace canopy::aws {

void collect_sns(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
