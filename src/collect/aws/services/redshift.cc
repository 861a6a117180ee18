#include "collect/aws/services/redshift.h"

namespace canopy::aws {

void collect_redshift(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
