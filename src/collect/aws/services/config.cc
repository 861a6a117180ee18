#include "collect/aws/services/config.h"

namespace canopy::aws {

void collect_config(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
