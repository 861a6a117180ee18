// The AWS services Canopy calls: how each is addressed (endpoint prefix,
// signing name, protocol, API version) — the facts the SDKs keep in their
// service models, reduced to what our client needs.
#pragma once

#include <string_view>

namespace canopy::aws {

enum class Protocol { Query, Ec2, Json, RestJson, RestXml };

struct Service {
  std::string_view name;             // as users write it: --services iam,ec2
  std::string_view endpoint_prefix;  // iam, ec2, sts, s3, …
  std::string_view signing_name;     // credential scope service
  std::string_view env_name;         // AWS_ENDPOINT_URL_<env_name>
  Protocol protocol;
  std::string_view api_version;   // query/EC2 Version=
  std::string_view json_target;   // JSON: X-Amz-Target prefix (before ".Operation")
  std::string_view json_version;  // JSON: "1.0" or "1.1"
  bool global;                    // one endpoint per partition, signed for its global region
};

// Looks a service up by name; nullptr when Canopy does not know it.
const Service* find_service(std::string_view name);

namespace services {
extern const Service kSts, kIam, kEc2, kOrganizations, kS3, kLambda, kDynamoDb, kLogs, kCloudTrail,
    kCloudWatch, kSns, kKms, kConfig, kSqs, kSecretsManager, kS3Control, kCloudFront, kRoute53,
    kGlacier, kEfs, kRds, kRedshift, kElb, kElbV2, kAutoScaling, kCloudFormation, kOpenSearch,
    kApiGateway, kEks, kSageMaker, kEcs, kEcr, kEcrPublic, kSsm, kAcm, kWafV2;
}

}  // namespace canopy::aws
