#include "collect/aws/services/secretsmanager.h"

namespace canopy::aws {

void collect_secretsmanager(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
