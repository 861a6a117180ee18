#include "collect/aws/services/dynamodb.h"

namespace canopy::aws {

void collect_dynamodb(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
