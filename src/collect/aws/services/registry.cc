#include "collect/aws/services/registry.h"

#include "collect/aws/services/acm.h"
#include "collect/aws/services/apigateway.h"
#include "collect/aws/services/autoscaling.h"
#include "collect/aws/services/cloudformation.h"
#include "collect/aws/services/cloudfront.h"
#include "collect/aws/services/cloudtrail.h"
#include "collect/aws/services/cloudwatch.h"
#include "collect/aws/services/config.h"
#include "collect/aws/services/dynamodb.h"
#include "collect/aws/services/ec2_compute.h"
#include "collect/aws/services/ec2_images.h"
#include "collect/aws/services/ec2_network.h"
#include "collect/aws/services/ec2_vpc.h"
#include "collect/aws/services/ecr.h"
#include "collect/aws/services/ecs.h"
#include "collect/aws/services/efs.h"
#include "collect/aws/services/eks.h"
#include "collect/aws/services/elb.h"
#include "collect/aws/services/glacier.h"
#include "collect/aws/services/kms.h"
#include "collect/aws/services/lambda.h"
#include "collect/aws/services/opensearch.h"
#include "collect/aws/services/rds.h"
#include "collect/aws/services/redshift.h"
#include "collect/aws/services/route53.h"
#include "collect/aws/services/s3.h"
#include "collect/aws/services/sagemaker.h"
#include "collect/aws/services/secretsmanager.h"
#include "collect/aws/services/sns.h"
#include "collect/aws/services/sqs.h"
#include "collect/aws/services/ssm.h"
#include "collect/aws/services/wafv2.h"

namespace canopy::aws {

namespace {

void collect_ec2(AccountContext& ctx, const std::string& region) {
  collect_ec2_network(ctx, region);
  collect_ec2_vpc(ctx, region);
  collect_ec2_compute(ctx, region);
  collect_ec2_images(ctx, region);
}

}  // namespace

const std::vector<ServiceCollector>& service_collectors() {
  static const std::vector<ServiceCollector> all = {
      {"acm", false, collect_acm},
      {"apigateway", false, collect_apigateway},
      {"autoscaling", false, collect_autoscaling},
      {"cloudformation", false, collect_cloudformation},
      {"cloudfront", true, collect_cloudfront},
      {"cloudtrail", false, collect_cloudtrail},
      {"cloudwatch", false, collect_cloudwatch},
      {"config", false, collect_config},
      {"dynamodb", false, collect_dynamodb},
      {"ec2", false, collect_ec2},
      {"ecr", false, collect_ecr},
      {"ecr-public", true, collect_ecr_public},
      {"ecs", false, collect_ecs},
      {"efs", false, collect_efs},
      {"eks", false, collect_eks},
      {"elb", false, collect_elb},
      {"elbv2", false, collect_elbv2},
      {"glacier", false, collect_glacier},
      {"kms", false, collect_kms},
      {"lambda", false, collect_lambda},
      {"logs", false, collect_logs},
      {"opensearch", false, collect_opensearch},
      {"rds", false, collect_rds},
      {"redshift", false, collect_redshift},
      {"route53", true, collect_route53},
      {"s3", true, collect_s3},
      {"sagemaker", false, collect_sagemaker},
      {"secretsmanager", false, collect_secretsmanager},
      {"sns", false, collect_sns},
      {"sqs", false, collect_sqs},
      {"ssm", false, collect_ssm},
      {"wafv2", true, collect_wafv2},
  };
  return all;
}

}  // namespace canopy::aws
