#include "collect/aws/services/opensearch.h"

namespace canopy::aws {

void collect_opensearch(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
