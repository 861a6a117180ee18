// `canopy collect aws`: runs the AWS collector and merges what it brought
// into the store (the only place that wires collect → merge).
#pragma once

#include <string>

#include "collect/aws/collector.h"

namespace canopy {

int run_collect_aws(const std::string& data_dir, const aws::CollectOptions& options);

}  // namespace canopy
