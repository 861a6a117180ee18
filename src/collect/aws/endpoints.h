// Where a call goes, by the SDKs' rules: an endpoint given on the command
// line, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then the
// default host of the service in the region's partition (aws, aws-cn,
// aws-us-gov). Global services (IAM, Organizations) have one endpoint per
// partition and are signed for the partition's global region.
#pragma once

#include <string>
#include <string_view>

#include "collect/aws/auth/credentials.h"
#include "collect/aws/service.h"

namespace canopy::aws {

// "aws", "aws-cn" or "aws-us-gov" for a region name.
std::string_view partition_of(std::string_view region);
// The region global services are signed for: us-east-1, cn-north-1, us-gov-west-1.
std::string_view global_region(std::string_view partition);

struct Endpoint {
  std::string url;             // scheme://host[:port], no trailing slash
  std::string signing_region;  // credential scope region
};

struct EndpointConfig {
  std::string endpoint_url;  // --endpoint-url; empty: none
  EnvLookup env;             // for AWS_ENDPOINT_URL*; empty: none
};

Endpoint resolve_endpoint(const Service& service, std::string_view region,
                          const EndpointConfig& config);

}  // namespace canopy::aws
