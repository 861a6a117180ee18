#include "collect/aws/service.h"

namespace canopy::aws {

namespace services {
// clang-format off
const Service kSts{"sts", "sts", "sts", "STS", Protocol::Query, "2011-06-15", "", "", false};
const Service kIam{"iam", "iam", "iam", "IAM", Protocol::Query, "2010-05-08", "", "", true};
const Service kEc2{"ec2", "ec2", "ec2", "EC2", Protocol::Ec2, "2016-11-15", "", "", false};
const Service kOrganizations{"organizations", "organizations", "organizations", "ORGANIZATIONS",
                             Protocol::Json, "", "AWSOrganizationsV20161128", "1.1", true};
const Service kS3{"s3", "s3", "s3", "S3", Protocol::RestXml, "", "", "", false};
const Service kLambda{"lambda", "lambda", "lambda", "LAMBDA", Protocol::RestJson, "", "", "", false};
const Service kDynamoDb{"dynamodb", "dynamodb", "dynamodb", "DYNAMODB", Protocol::Json, "",
                        "DynamoDB_20120810", "1.0", false};
const Service kLogs{"logs", "logs", "logs", "CLOUDWATCH_LOGS", Protocol::Json, "",
                    "Logs_20140328", "1.1", false};
// clang-format on
}  // namespace services

const Service* find_service(std::string_view name) {
  static const Service* all[] = {&services::kSts,           &services::kIam, &services::kEc2,
                                 &services::kOrganizations, &services::kS3,  &services::kLambda,
                                 &services::kDynamoDb,      &services::kLogs};
  for (const Service* s : all)
    if (s->name == name) return s;
  return nullptr;
}

}  // namespace canopy::aws
