// End to end: Lambda, OpenSearch, API Gateway and EKS seeded in moto with
// boto3, collected by the canopy binary, and read back with the searches the
// (Resoto) checks of these kinds use. None of the 75 CIS checks reads these
// kinds, so the check queries are run as plain searches.
//
// moto differences that shape these tests: Lambda reports a made-up VpcId
// ("vpc-123abc") for functions in a VPC, so only the subnet and security
// group edges can be seen; GetStages ignores deploymentId; stages have no
// dates; DescribeDomains returns no ServiceSoftwareOptions.
#include <set>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

class ServerlessCollect : public CollectFixture {
 protected:
  // The values of `key=` in the lines a search lists, in any order.
  std::set<std::string> listed(const std::string& search, const std::string& key = "name") {
    auto v = lines_with(exec(search), key + "=");
    return {v.begin(), v.end()};
  }
  std::string count(const std::string& search) {
    std::string out = exec(search + " | count");
    return out.substr(0, out.find('\n'));
  }
};

// A role Lambda can assume (`role`) and a zipped handler (`buf`).
const std::string kFunctionRoleAndCode = R"(import boto3, io, json, os, zipfile
kw = dict(endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
iam = boto3.client('iam', **kw)
role = iam.create_role(RoleName='fn-role', AssumeRolePolicyDocument=json.dumps({
    'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole',
    'Principal': {'Service': 'lambda.amazonaws.com'}}]}))['Role']['Arn']
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    z.writestr('app.py', 'def handler(event, context):\n    return 1\n')
)";

const std::string kLambdaSeed = kFunctionRoleAndCode + R"(code = buf.getvalue()
ec2 = boto3.client('ec2', **kw)
vpc = ec2.create_vpc(CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.1.1.0/24')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='fn-sg', Description='fn', VpcId=vpc)['GroupId']
lam = boto3.client('lambda', **kw)
lam.create_function(FunctionName='public-fn', Runtime='python3.12', Role=role,
                    Handler='app.handler', Code={'ZipFile': code},
                    Environment={'Variables': {'STAGE': 'prod'}}, Tags={'team': 'web'})
lam.add_permission(FunctionName='public-fn', StatementId='everyone',
                   Action='lambda:InvokeFunction', Principal='*')
lam.create_function_url_config(FunctionName='public-fn', AuthType='NONE',
                               Cors={'AllowOrigins': ['*']})
lam.create_function(FunctionName='vpc-fn', Runtime='python3.9', Role=role, Handler='app.handler',
                    Code={'ZipFile': code},
                    VpcConfig={'SubnetIds': [subnet], 'SecurityGroupIds': [sg]})
lam.create_function(FunctionName='private-fn', Runtime='nodejs20.x', Role=role,
                    Handler='index.handler', Code={'ZipFile': code})
lam.add_permission(FunctionName='private-fn', StatementId='account',
                   Action='lambda:InvokeFunction', Principal='123456789012')
lam.create_function_url_config(FunctionName='private-fn', AuthType='AWS_IAM')
print(subnet, sg)
)";

TEST_F(ServerlessCollect, LambdaFunctionsWithPolicyUrlAndEnvironment) {
  seed_python(kLambdaSeed);
  RunResult r = collect({"eu-west-1"}, {"lambda"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("errors: 0;"), std::string::npos) << r.err;
  EXPECT_EQ(count("search is(aws_lambda_function)"), "total matched: 3");
  EXPECT_EQ(listed("search is(aws_lambda_function) | list name"),
            (std::set<std::string>{"public-fn", "vpc-fn", "private-fn"}));
  EXPECT_EQ(
      listed("search is(aws_lambda_function) and function_runtime==python3.9 | list id", "id"),
      std::set<std::string>{"vpc-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and arn==\"arn:aws:lambda:eu-west-1:"
                   "123456789012:function:public-fn\" | list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and tags.team==web | list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and function_environment.variables.STAGE==prod "
                   "| list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and mtime!=null | list name").size(), 3u);
  // publicly_accessible_permissions: a statement with principal "*" (or AWS "*").
  EXPECT_EQ(listed("search is(aws_lambda_function) and "
                   "(function_policy.statement[*].principal==\"*\" or "
                   "function_policy.statement[*].principal.AWS==\"*\") | list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and function_policy==null | list name"),
            std::set<std::string>{"vpc-fn"});
  // function_restrict_public_access and cors_policy.
  EXPECT_EQ(listed("search is(aws_lambda_function) and function_url_config!=null and "
                   "function_url_config.auth_type==NONE | list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and "
                   "function_url_config.cors.allow_origins[*]==\"*\" | list name"),
            std::set<std::string>{"public-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and function_url_config==null | list name"),
            std::set<std::string>{"vpc-fn"});
  EXPECT_EQ(listed("search is(aws_lambda_function) and function_url_config.auth_type==AWS_IAM "
                   "| list name"),
            std::set<std::string>{"private-fn"});
  // Every function hangs below its region.
  EXPECT_EQ(count("search is(aws_region) and id==eu-west-1 --> is(aws_lambda_function)"),
            "total matched: 3");
}

// With EC2 collected as well, the function in a VPC hangs below its subnet
// and security group (the only EC2 service in these tests: the edges meet
// another service's nodes).
TEST_F(ServerlessCollect, LambdaInAVpcHangsBelowItsSubnetAndSecurityGroup) {
  std::string out = seed_python(kLambdaSeed);
  std::string subnet = out.substr(0, out.find(' ')), sg = out.substr(out.find(' ') + 1);
  RunResult r = collect({"eu-west-1"}, {"lambda", "ec2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("errors: 0;"), std::string::npos) << r.err;
  EXPECT_EQ(listed("search is(aws_ec2_subnet) and id==" + subnet +
                   " --> is(aws_lambda_function) | list name"),
            std::set<std::string>{"vpc-fn"});
  EXPECT_EQ(listed("search is(aws_ec2_security_group) and id==" + sg +
                   " --> is(aws_lambda_function) | list name"),
            std::set<std::string>{"vpc-fn"});
}

TEST_F(ServerlessCollect, OpenSearchDomainsInBatchesOfFive) {
  seed_python(R"(import boto3, json, os
os_ = boto3.client('opensearch', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
os_.create_domain(DomainName='secure', EngineVersion='OpenSearch_2.11',
    EncryptionAtRestOptions={'Enabled': True,
                             'KmsKeyId': 'arn:aws:kms:eu-west-1:123456789012:key/abcd'},
    NodeToNodeEncryptionOptions={'Enabled': True},
    AdvancedSecurityOptions={'Enabled': True, 'InternalUserDatabaseEnabled': True},
    LogPublishingOptions={'AUDIT_LOGS': {
        'CloudWatchLogsLogGroupArn': 'arn:aws:logs:eu-west-1:123456789012:log-group:audit',
        'Enabled': True}},
    AccessPolicies=json.dumps({'Version': '2012-10-17', 'Statement': [
        {'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': 'es:*',
         'Resource': 'arn:aws:es:eu-west-1:123456789012:domain/secure/*'}]}),
    TagList=[{'Key': 'team', 'Value': 'search'}])
for name in ['plain', 'dom3', 'dom4', 'dom5', 'dom6', 'dom7']:
    os_.create_domain(DomainName=name, EngineVersion='OpenSearch_2.11')
)");
  RunResult r = collect({"eu-west-1"}, {"opensearch"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("errors: 0;"), std::string::npos) << r.err;
  // Seven domains: two DescribeDomains calls, every domain collected.
  EXPECT_EQ(count("search is(aws_opensearch_domain)"), "total matched: 7");
  EXPECT_EQ(listed("search is(aws_opensearch_domain) and id==\"123456789012/secure\" | list name"),
            std::set<std::string>{"secure"});
  EXPECT_EQ(listed("search is(aws_opensearch_domain) and tags.team==search | list name"),
            std::set<std::string>{"secure"});
  // encryption_at_rest_enabled
  EXPECT_EQ(count("search is(aws_opensearch_domain) and encryption_at_rest_options.enabled==false"),
            "total matched: 6");
  EXPECT_EQ(listed("search is(aws_opensearch_domain) and encryption_at_rest_options.enabled==true "
                   "| list name"),
            std::set<std::string>{"secure"});
  // audit_logs_enabled: mapped to `enabled` (spec §6.10), so the check can tell.
  EXPECT_EQ(listed("search is(aws_opensearch_domain) and "
                   "log_publishing_options.AUDIT_LOGS.enabled==true | list name"),
            std::set<std::string>{"secure"});
  EXPECT_EQ(count("search is(aws_opensearch_domain) and "
                  "log_publishing_options.AUDIT_LOGS.enabled!=true"),
            "total matched: 6");
  // domain_does_not_use_internal_user_database
  EXPECT_EQ(listed("search is(aws_opensearch_domain) and "
                   "advanced_security_options.internal_user_database_enabled==true | list name"),
            std::set<std::string>{"secure"});
  // domain_is_not_publicly_accessible: an Allow statement for principal AWS "*".
  EXPECT_EQ(
      listed("search is(aws_opensearch_domain) and access_policies.Statement[*].Effect==Allow "
             "and access_policies.Statement[*].Principal.AWS==\"*\" | list name"),
      std::set<std::string>{"secure"});
  // domain_uses_cognito_authentication: the object is always there (spec §6.10).
  EXPECT_EQ(count("search is(aws_opensearch_domain) and cognito_options==null"),
            "total matched: 0");
  EXPECT_EQ(count("search is(aws_opensearch_domain) and cognito_options.enabled==false"),
            "total matched: 7");
  EXPECT_EQ(count("search is(aws_region) and id==eu-west-1 --> is(aws_opensearch_domain)"),
            "total matched: 7");
}

TEST_F(ServerlessCollect, ApiGatewayRestApisWithTheirParts) {
  seed_python(kFunctionRoleAndCode + R"(lam = boto3.client('lambda', **kw)
fns = {}
for name in ['auth-fn', 'api-fn']:
    fns[name] = lam.create_function(FunctionName=name, Runtime='python3.12', Role=role,
        Handler='app.handler', Code={'ZipFile': buf.getvalue()})['FunctionArn']
def invocation(fn):
    return ('arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/' + fns[fn] +
            '/invocations')
ag = boto3.client('apigateway', **kw)
api = ag.create_rest_api(name='orders', description='Orders', tags={'team': 'orders'})['id']
root = [r for r in ag.get_resources(restApiId=api)['items'] if r['path'] == '/'][0]['id']
items = ag.create_resource(restApiId=api, parentId=root, pathPart='items')['id']
auth = ag.create_authorizer(restApiId=api, name='token-check', type='TOKEN',
    authorizerUri=invocation('auth-fn'),
    identitySource='method.request.header.Authorization')['id']
ag.put_method(restApiId=api, resourceId=items, httpMethod='GET', authorizationType='CUSTOM',
              authorizerId=auth)
ag.put_integration(restApiId=api, resourceId=items, httpMethod='GET', type='AWS_PROXY',
                   integrationHttpMethod='POST', uri=invocation('api-fn'))
lam.add_permission(FunctionName='api-fn', StatementId='apigw', Action='lambda:InvokeFunction',
    Principal='apigateway.amazonaws.com',
    SourceArn='arn:aws:execute-api:eu-west-1:123456789012:' + api + '/*/GET/items')
ag.create_deployment(restApiId=api, stageName='prod')
ag.update_stage(restApiId=api, stageName='prod', patchOperations=[
    {'op': 'replace', 'path': '/*/*/logging/loglevel', 'value': 'INFO'},
    {'op': 'replace', 'path': '/*/*/metrics/enabled', 'value': 'true'}])
dev = ag.create_deployment(restApiId=api)['id']
ag.create_stage(restApiId=api, stageName='dev', deploymentId=dev)
bare = ag.create_rest_api(name='bare')['id']
print(api, bare)
)");
  RunResult r = collect({"eu-west-1"}, {"apigateway", "lambda"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("errors: 0;"), std::string::npos) << r.err;
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) | list name"),
            (std::set<std::string>{"orders", "bare"}));
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) and tags.team==orders | list name"),
            std::set<std::string>{"orders"});
  EXPECT_EQ(count("search is(aws_apigateway_deployment)"), "total matched: 2");
  EXPECT_EQ(listed("search is(aws_apigateway_stage) | list name"),
            (std::set<std::string>{"prod", "dev"}));
  // Each stage hangs below its own deployment, below the API.
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) and name==orders --> "
                   "is(aws_apigateway_deployment) --> is(aws_apigateway_stage) | list name"),
            (std::set<std::string>{"prod", "dev"}));
  EXPECT_EQ(count("search is(aws_apigateway_deployment) --> is(aws_apigateway_stage)"),
            "total matched: 2");
  // authorizers_enabled: APIs without an authorizer.
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) with(empty, --> "
                   "is(aws_apigateway_authorizer)) | list name"),
            std::set<std::string>{"bare"});
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) and name==orders --> "
                   "is(aws_apigateway_authorizer) | list name"),
            std::set<std::string>{"token-check"});
  // client_certificate_enabled: stages without a certificate, reported by their API.
  EXPECT_EQ(listed("search is(aws_apigateway_stage) and stage_client_certificate_id==null "
                   "<-[2]- is(aws_apigateway_rest_api) | list name"),
            std::set<std::string>{"orders"});
  // waf_acl_attached and logging_enabled.
  EXPECT_EQ(count("search is(aws_apigateway_stage) and stage_web_acl_arn==null"),
            "total matched: 2");
  EXPECT_EQ(listed("search is(aws_apigateway_stage) and "
                   "stage_method_settings.`*/*`.loggingLevel==INFO | list name"),
            std::set<std::string>{"prod"});
  EXPECT_EQ(listed("search is(aws_apigateway_stage) and stage_method_settings!={} | list name"),
            std::set<std::string>{"prod"});
  // Resources, their authorizer, and the functions behind them.
  EXPECT_EQ(count("search is(aws_apigateway_resource)"), "total matched: 3");
  EXPECT_EQ(listed("search is(aws_apigateway_resource) and resource_path==\"/items\" --> "
                   "is(aws_apigateway_authorizer) | list name"),
            std::set<std::string>{"token-check"});
  EXPECT_EQ(listed("search is(aws_apigateway_authorizer) --> is(aws_lambda_function) | list name"),
            std::set<std::string>{"auth-fn"});
  EXPECT_EQ(listed("search is(aws_apigateway_rest_api) and name==orders --> "
                   "is(aws_lambda_function) | list name"),
            std::set<std::string>{"api-fn"});
  EXPECT_EQ(listed("search is(aws_apigateway_resource) and resource_path==\"/items\" --> "
                   "is(aws_lambda_function) | list name"),
            std::set<std::string>{"api-fn"});
  EXPECT_EQ(listed("search is(aws_apigateway_resource) and "
                   "resource_methods.GET.authorization_type==CUSTOM | list resource_path",
                   "resource_path"),
            std::set<std::string>{"/items"});
}

TEST_F(ServerlessCollect, EksClustersAndNodegroups) {
  seed_python(R"(import boto3, os
eks = boto3.client('eks', endpoint_url=os.environ['MOTO_URL'], region_name='eu-west-1')
role = 'arn:aws:iam::123456789012:role/eks-cluster'
eks.create_cluster(name='prod', roleArn=role,
    resourcesVpcConfig={'subnetIds': ['subnet-1'], 'endpointPublicAccess': True},
    logging={'clusterLogging': [{'types': ['audit'], 'enabled': True}]},
    encryptionConfig=[{'resources': ['secrets'],
                       'provider': {'keyArn': 'arn:aws:kms:eu-west-1:123456789012:key/abcd'}}],
    tags={'env': 'prod'})
eks.create_cluster(name='dev', roleArn=role,
    resourcesVpcConfig={'subnetIds': ['subnet-1'], 'endpointPublicAccess': False,
                        'endpointPrivateAccess': True})
eks.create_nodegroup(clusterName='prod', nodegroupName='workers', subnets=['subnet-1'],
    nodeRole='arn:aws:iam::123456789012:role/eks-node',
    scalingConfig={'minSize': 1, 'maxSize': 3, 'desiredSize': 2})
)");
  RunResult r = collect({"eu-west-1"}, {"eks"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("errors: 0;"), std::string::npos) << r.err;
  EXPECT_EQ(listed("search is(aws_eks_cluster) | list name"),
            (std::set<std::string>{"prod", "dev"}));
  EXPECT_EQ(listed("search is(aws_eks_cluster) and tags.env==prod and ctime!=null | list id", "id"),
            std::set<std::string>{"prod"});
  // cluster_encryption_enabled: [] without encryption (spec §5).
  EXPECT_EQ(listed("search is(aws_eks_cluster) and cluster_encryption_config==[] | list name"),
            std::set<std::string>{"dev"});
  // cluster_endpoint_restrict_public_access
  EXPECT_EQ(listed("search is(aws_eks_cluster) and "
                   "cluster_resources_vpc_config.endpoint_public_access==true | list name"),
            std::set<std::string>{"prod"});
  // cluster_control_plane_audit_logging_enabled
  EXPECT_EQ(listed("search is(aws_eks_cluster) and "
                   "cluster_logging.cluster_logging[*].enabled==true | list name"),
            std::set<std::string>{"prod"});
  EXPECT_EQ(listed("search is(aws_eks_cluster) and name==prod --> is(aws_eks_nodegroup) "
                   "| list name"),
            std::set<std::string>{"workers"});
  EXPECT_EQ(listed("search is(aws_eks_nodegroup) and group_scaling_config.desired_size==2 and "
                   "cluster_name==prod | list name"),
            std::set<std::string>{"workers"});
}

}  // namespace
}  // namespace canopy::testing
