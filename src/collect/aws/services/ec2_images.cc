#include "collect/aws/services/ec2_images.h"

namespace canopy::aws {

void collect_ec2_images(AccountContext&, const std::string&) {}

}  // namespace canopy::aws
