#include "collect/aws/services/sagemaker.h"

namespace canopy::aws {

void collect_sagemaker(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
