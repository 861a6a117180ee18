// SageMaker notebooks, models and training jobs of one region.
#pragma once

#include <string>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_sagemaker(AccountContext& ctx, const std::string& region);

}  // namespace canopy::aws
