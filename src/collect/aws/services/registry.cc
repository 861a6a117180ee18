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
      {"acm", false, collect_acm, {"aws_acm_certificate"}},
      {"apigateway",
       false,
       collect_apigateway,
       {"aws_apigateway_rest_api", "aws_apigateway_deployment", "aws_apigateway_stage",
        "aws_apigateway_authorizer", "aws_apigateway_resource"}},
      {"autoscaling", false, collect_autoscaling, {"aws_autoscaling_group"}},
      {"cloudformation", false, collect_cloudformation, {"aws_cloudformation_stack"}},
      {"cloudfront", true, collect_cloudfront, {"aws_cloudfront_distribution"}},
      {"cloudtrail", false, collect_cloudtrail, {"aws_cloud_trail"}},
      {"cloudwatch", false, collect_cloudwatch, {"aws_cloudwatch_alarm"}},
      {"config", false, collect_config, {"aws_config_recorder"}},
      {"dynamodb", false, collect_dynamodb, {"aws_dynamodb_table"}},
      {"ec2",
       false,
       collect_ec2,
       {"aws_vpc", "aws_ec2_security_group", "aws_ec2_instance", "aws_ec2_volume", "aws_ec2_subnet",
        "aws_ec2_network_acl", "aws_ec2_route_table", "aws_ec2_flow_log", "aws_ec2_elastic_ip",
        "aws_ec2_network_interface", "aws_vpc_peering_connection", "aws_vpc_endpoint",
        "aws_ec2_internet_gateway", "aws_ec2_nat_gateway", "aws_ec2_image", "aws_ec2_snapshot",
        "aws_ec2_launch_template", "aws_ec2_ebs_settings", "aws_region"}},
      {"ecr", false, collect_ecr, {"aws_ecr_repository"}},
      {"ecr-public", true, collect_ecr_public, {"aws_ecr_repository"}},
      {"ecs", false, collect_ecs, {"aws_ecs_task_definition"}},
      {"efs", false, collect_efs, {"aws_efs_file_system"}},
      {"eks", false, collect_eks, {"aws_eks_cluster"}},
      {"elb", false, collect_elb, {"aws_elb"}},
      {"elbv2", false, collect_elbv2, {"aws_alb"}},
      {"glacier", false, collect_glacier, {"aws_glacier_vault", "aws_glacier_job"}},
      {"kms", false, collect_kms, {"aws_kms_key"}},
      {"lambda", false, collect_lambda, {"aws_lambda_function"}},
      {"logs", false, collect_logs, {"aws_cloudwatch_log_group", "aws_cloudwatch_metric_filter"}},
      {"opensearch", false, collect_opensearch, {"aws_opensearch_domain"}},
      {"rds",
       false,
       collect_rds,
       {"aws_rds_instance", "aws_rds_snapshot", "aws_rds_cluster_snapshot"}},
      {"redshift", false, collect_redshift, {"aws_redshift_cluster"}},
      {"route53",
       true,
       collect_route53,
       {"aws_route53_zone", "aws_route53_resource_record_set", "aws_route53_resource_record"}},
      {"s3", true, collect_s3, {"aws_s3_bucket", "aws_s3_account_settings"}},
      {"sagemaker",
       false,
       collect_sagemaker,
       {"aws_sagemaker_notebook", "aws_sagemaker_model", "aws_sagemaker_training_job"}},
      {"secretsmanager", false, collect_secretsmanager, {"aws_secretsmanager_secret"}},
      {"sns", false, collect_sns, {"aws_sns_topic"}},
      {"sqs", false, collect_sqs, {"aws_sqs_queue"}},
      {"ssm",
       false,
       collect_ssm,
       {"aws_ssm_instance", "aws_ssm_document", "aws_ssm_resource_compliance"}},
      {"wafv2", true, collect_wafv2, {"aws_waf_web_acl"}},
  };
  return all;
}

std::vector<std::string_view> kinds_of_service(std::string_view name) {
  if (name == "iam")
    return {"aws_account",
            "aws_root_user",
            "aws_iam_user",
            "aws_iam_group",
            "aws_iam_access_key",
            "aws_iam_role",
            "aws_iam_policy",
            "aws_iam_instance_profile",
            "aws_iam_server_certificate"};
  if (name == "organizations" || name == "sts") return {"aws_account"};
  for (const ServiceCollector& s : service_collectors())
    if (s.name == name) return s.kinds;
  return {};
}

}  // namespace canopy::aws
