#include "collect/aws/services/kms.h"

namespace canopy::aws {

void collect_kms(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
