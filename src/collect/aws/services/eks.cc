#include "collect/aws/services/eks.h"

namespace canopy::aws {

void collect_eks(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
