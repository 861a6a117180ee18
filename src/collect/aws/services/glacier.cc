#include "collect/aws/services/glacier.h"

namespace canopy::aws {

void collect_glacier(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
