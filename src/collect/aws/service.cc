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
const Service kCloudTrail{"cloudtrail", "cloudtrail", "cloudtrail", "CLOUDTRAIL", Protocol::Json, "",
                          "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1", false};
const Service kCloudWatch{"cloudwatch", "monitoring", "monitoring", "CLOUDWATCH", Protocol::Query,
                          "2010-08-01", "", "", false};
const Service kSns{"sns", "sns", "sns", "SNS", Protocol::Query, "2010-03-31", "", "", false};
const Service kKms{"kms", "kms", "kms", "KMS", Protocol::Json, "", "TrentService", "1.1", false};
const Service kConfig{"config", "config", "config", "CONFIG_SERVICE", Protocol::Json, "",
                      "StarlingDoveService", "1.1", false};
const Service kSqs{"sqs", "sqs", "sqs", "SQS", Protocol::Json, "", "AmazonSQS", "1.0", false};
const Service kSecretsManager{"secretsmanager", "secretsmanager", "secretsmanager",
                              "SECRETS_MANAGER", Protocol::Json, "", "secretsmanager", "1.1",
                              false};
const Service kS3Control{"s3control", "s3-control", "s3", "S3_CONTROL", Protocol::RestXml, "", "",
                         "", false};
const Service kCloudFront{"cloudfront", "cloudfront", "cloudfront", "CLOUDFRONT", Protocol::RestXml,
                          "", "", "", true};
const Service kRoute53{"route53", "route53", "route53", "ROUTE_53", Protocol::RestXml, "", "", "",
                       true};
const Service kGlacier{"glacier", "glacier", "glacier", "GLACIER", Protocol::RestJson, "", "", "",
                       false};
const Service kEfs{"efs", "elasticfilesystem", "elasticfilesystem", "EFS", Protocol::RestJson, "",
                   "", "", false};
const Service kRds{"rds", "rds", "rds", "RDS", Protocol::Query, "2014-10-31", "", "", false};
const Service kRedshift{"redshift", "redshift", "redshift", "REDSHIFT", Protocol::Query,
                        "2012-12-01", "", "", false};
const Service kElb{"elb", "elasticloadbalancing", "elasticloadbalancing",
                   "ELASTIC_LOAD_BALANCING", Protocol::Query, "2012-06-01", "", "", false};
const Service kElbV2{"elbv2", "elasticloadbalancing", "elasticloadbalancing",
                     "ELASTIC_LOAD_BALANCING_V2", Protocol::Query, "2015-12-01", "", "", false};
const Service kAutoScaling{"autoscaling", "autoscaling", "autoscaling", "AUTO_SCALING",
                           Protocol::Query, "2011-01-01", "", "", false};
const Service kCloudFormation{"cloudformation", "cloudformation", "cloudformation",
                              "CLOUDFORMATION", Protocol::Query, "2010-05-15", "", "", false};
const Service kOpenSearch{"opensearch", "es", "es", "OPENSEARCH", Protocol::RestJson, "", "", "",
                          false};
const Service kApiGateway{"apigateway", "apigateway", "apigateway", "API_GATEWAY",
                          Protocol::RestJson, "", "", "", false};
const Service kEks{"eks", "eks", "eks", "EKS", Protocol::RestJson, "", "", "", false};
const Service kSageMaker{"sagemaker", "api.sagemaker", "sagemaker", "SAGEMAKER", Protocol::Json, "",
                         "SageMaker", "1.1", false};
const Service kEcs{"ecs", "ecs", "ecs", "ECS", Protocol::Json, "",
                   "AmazonEC2ContainerServiceV20141113", "1.1", false};
const Service kEcr{"ecr", "api.ecr", "ecr", "ECR", Protocol::Json, "",
                   "AmazonEC2ContainerRegistry_V20150921", "1.1", false};
const Service kEcrPublic{"ecr-public", "api.ecr-public", "ecr-public", "ECR_PUBLIC",
                         Protocol::Json, "", "SpencerFrontendService", "1.1", true};
const Service kSsm{"ssm", "ssm", "ssm", "SSM", Protocol::Json, "", "AmazonSSM", "1.1", false};
const Service kAcm{"acm", "acm", "acm", "ACM", Protocol::Json, "", "CertificateManager", "1.1",
                   false};
const Service kWafV2{"wafv2", "wafv2", "wafv2", "WAFV2", Protocol::Json, "", "AWSWAF_20190729",
                     "1.1", false};
// clang-format on
}  // namespace services

const Service* find_service(std::string_view name) {
  static const Service* all[] = {&services::kSts,
                                 &services::kIam,
                                 &services::kEc2,
                                 &services::kOrganizations,
                                 &services::kS3,
                                 &services::kLambda,
                                 &services::kDynamoDb,
                                 &services::kLogs,
                                 &services::kCloudTrail,
                                 &services::kCloudWatch,
                                 &services::kSns,
                                 &services::kKms,
                                 &services::kConfig,
                                 &services::kSqs,
                                 &services::kSecretsManager,
                                 &services::kS3Control,
                                 &services::kCloudFront,
                                 &services::kRoute53,
                                 &services::kGlacier,
                                 &services::kEfs,
                                 &services::kRds,
                                 &services::kRedshift,
                                 &services::kElb,
                                 &services::kElbV2,
                                 &services::kAutoScaling,
                                 &services::kCloudFormation,
                                 &services::kOpenSearch,
                                 &services::kApiGateway,
                                 &services::kEks,
                                 &services::kSageMaker,
                                 &services::kEcs,
                                 &services::kEcr,
                                 &services::kEcrPublic,
                                 &services::kSsm,
                                 &services::kAcm,
                                 &services::kWafV2};
  for (const Service* s : all)
    if (s->name == name) return s;
  return nullptr;
}

}  // namespace canopy::aws
