// The SageMaker, ECS, ECR, SSM, ACM and WAFv2 collectors against canned
// answers written from the AWS API reference (botocore service models):
// every page is followed, answers are mapped to the model's properties,
// expected errors mean "no data" and any other error is a warning that
// leaves the rest of the service collected.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/acm.h"
#include "collect/aws/services/ecr.h"
#include "collect/aws/services/ecs.h"
#include "collect/aws/services/sagemaker.h"
#include "collect/aws/services/ssm.h"
#include "collect/aws/services/wafv2.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;
using testing::json_error;
using testing::kAbsent;
using testing::text;
using testing::val;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";
const http::Headers kJson = {{"Content-Type", "application/x-amz-json-1.1"}};

std::string node_id(const std::string& tag, const std::string& id) {
  return kAcc + ":" + tag + ":" + id;
}
const std::string kRegionNode = node_id("region", kRegion);
const std::string kGlobalNode = node_id("region", "global");

// One collect run of one service against the fake. The resources other
// services would collect (subnets, roles, keys, …) are added as stand-in
// nodes, so that edges to them resolve.
struct Collect : testing::ServiceRun {
  Collect() : ServiceRun(testing::fast_retry(2)) {
    for (const std::string& r : {kRegion, std::string("global"), std::string("us-east-1")})
      add_node(node_id("region", r), "aws_region", R"({"kind":"aws_region"})");
  }

  // A stand-in node, also known by `alias` when given.
  void stand_in(const std::string& id, const std::string& alias = "") {
    other(id, "stand_in", alias);
  }

  FakeHttp::Route& on(const std::string& op, testing::FakeParams params = {}) {
    return http.on(op, std::move(params));
  }
  void reply(const std::string& op, testing::FakeParams params, std::string body) {
    http.on(op, std::move(params)).reply(200, std::move(body), kJson);
  }

  void collect(void (*fn)(AccountContext&, const std::string&), const std::string& region) {
    graph = std::make_unique<Graph>(ServiceRun::collect(fn, region));
  }

  std::unique_ptr<Graph> graph;
};

// The nodes this collector wrote must fit the model (stand-ins and region nodes are not its own).
std::string own_model_errors(const Graph& g) {
  return testing::model_errors(g, {"stand_in", "aws_region"});
}

http::Outcome denied(const std::string& what) {
  return json_error(400, "AccessDeniedException", std::string("not authorized to perform ") + what);
}

// --- SageMaker -----------------------------------------------------------------------------------

const std::string kNotebookArn =
    "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/research";
const std::string kScratchArn =
    "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/scratch";
const std::string kChurnArn = "arn:aws:sagemaker:eu-west-1:123456789012:model/churn";
const std::string kFraudArn = "arn:aws:sagemaker:eu-west-1:123456789012:model/fraud";
const std::string kJobArn = "arn:aws:sagemaker:eu-west-1:123456789012:training-job/train-1";
const std::string kRoleArn = "arn:aws:iam::123456789012:role/service-role/SageMakerRole";
const std::string kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
const std::string kKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/" + kKeyId;

void route_sagemaker(Collect& run) {
  run.reply("ListNotebookInstances", {},
            R"({
    "NotebookInstances": [{"NotebookInstanceName": "research",
      "NotebookInstanceArn": ")" +
                kNotebookArn + R"(", "NotebookInstanceStatus": "InService",
      "CreationTime": 1.700000000123E9, "LastModifiedTime": 1700003600.5}],
    "NextToken": "nb-page-2"})");
  run.reply("ListNotebookInstances", {{"NextToken", "nb-page-2"}}, R"({
    "NotebookInstances": [{"NotebookInstanceName": "scratch",
      "NotebookInstanceArn": ")" + kScratchArn + R"(", "NotebookInstanceStatus": "Stopped"}]})");
  run.reply("DescribeNotebookInstance", {{"NotebookInstanceName", "research"}}, R"({
    "NotebookInstanceArn": ")" + kNotebookArn + R"(",
    "NotebookInstanceName": "research", "NotebookInstanceStatus": "InService",
    "Url": "research.notebook.eu-west-1.sagemaker.aws", "InstanceType": "ml.t3.medium",
    "IpAddressType": "ipv4", "SubnetId": "subnet-0a1b2c3d", "SecurityGroups": ["sg-11111111", "sg-22222222"],
    "RoleArn": ")" + kRoleArn + R"(", "KmsKeyId": ")" + kKeyArn + R"(",
    "NetworkInterfaceId": "eni-0f00d", "LastModifiedTime": 1700003600.5,
    "CreationTime": 1.700000000123E9, "NotebookInstanceLifecycleConfigName": "install-deps",
    "DirectInternetAccess": "Disabled", "VolumeSizeInGB": 20, "AcceleratorTypes": ["ml.eia2.medium"],
    "DefaultCodeRepository": "https://github.com/example/notebooks.git",
    "AdditionalCodeRepositories": ["repo-a"], "RootAccess": "Disabled",
    "PlatformIdentifier": "notebook-al2-v2",
    "InstanceMetadataServiceConfiguration": {"MinimumInstanceMetadataServiceVersion": "2"}})");
  run.reply("DescribeNotebookInstance", {{"NotebookInstanceName", "scratch"}}, R"({
    "NotebookInstanceArn": ")" + kScratchArn + R"(", "NotebookInstanceName": "scratch",
    "NotebookInstanceStatus": "Stopped", "InstanceType": "ml.t2.medium",
    "RoleArn": ")" + kRoleArn + R"(", "CreationTime": 1690000000,
    "DirectInternetAccess": "Enabled", "VolumeSizeInGB": 5, "RootAccess": "Enabled"})");
  run.reply("ListTags", {{"ResourceArn", kNotebookArn}},
            R"({"Tags": [{"Key": "team", "Value": "ml"}], "NextToken": "tags-2"})");
  run.reply("ListTags", {{"ResourceArn", kNotebookArn}, {"NextToken", "tags-2"}},
            R"({"Tags": [{"Key": "cost-center", "Value": "42"}]})");
  run.reply("ListTags", {}, R"({"Tags": []})");

  run.reply("ListModels", {},
            R"({"Models": [
    {"ModelName": "churn", "ModelArn": ")" +
                kChurnArn + R"(", "CreationTime": 1695000000},
    {"ModelName": "fraud", "ModelArn": ")" +
                kFraudArn + R"(", "CreationTime": 1695000100}]})");
  run.reply("DescribeModel", {{"ModelName", "churn"}}, R"({
    "ModelName": "churn", "PrimaryContainer": {"Image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1",
      "Mode": "SingleModel", "ModelDataUrl": "s3://models/churn.tar.gz", "Environment": {}},
    "ExecutionRoleArn": ")" + kRoleArn + R"(", "CreationTime": 1695000000,
    "ModelArn": ")" + kChurnArn + R"(", "EnableNetworkIsolation": false})");
  run.reply("DescribeModel", {{"ModelName", "fraud"}},
            R"({
    "ModelName": "fraud", "Containers": [{"Image": "img:2"}],
    "InferenceExecutionConfig": {"Mode": "Serial"}, "ExecutionRoleArn": ")" +
                kRoleArn + R"(",
    "VpcConfig": {"SecurityGroupIds": ["sg-11111111"], "Subnets": ["subnet-0a1b2c3d", "subnet-0e0e0e0e"]},
    "CreationTime": 1695000100, "ModelArn": ")" +
                kFraudArn + R"(", "EnableNetworkIsolation": true})");

  run.reply("ListTrainingJobs", {}, R"({"TrainingJobSummaries": [{"TrainingJobName": "train-1",
    "TrainingJobArn": ")" + kJobArn + R"(", "CreationTime": 1696000000,
    "TrainingJobStatus": "Completed"}]})");
  run.reply("DescribeTrainingJob", {{"TrainingJobName", "train-1"}}, R"({
    "TrainingJobName": "train-1", "TrainingJobArn": ")" + kJobArn + R"(",
    "TrainingJobStatus": "Completed", "SecondaryStatus": "Completed",
    "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
    "RoleArn": ")" + kRoleArn + R"(", "OutputDataConfig": {"S3OutputPath": "s3://out/"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50,
      "VolumeKmsKeyId": ")" + kKeyId + R"("},
    "StoppingCondition": {"MaxRuntimeInSeconds": 86400}, "CreationTime": 1696000000,
    "LastModifiedTime": 1696003600, "EnableNetworkIsolation": true,
    "EnableInterContainerTrafficEncryption": false, "EnableManagedSpotTraining": false})");
}

TEST(PlatformSageMaker, NotebooksModelsAndTrainingJobsWithTheirEdges) {
  Collect run;
  route_sagemaker(run);
  run.stand_in(node_id("subnet", "subnet-0a1b2c3d"));
  run.stand_in(node_id("security_group", "sg-11111111"));
  run.stand_in(node_id("security_group", "sg-22222222"));
  run.stand_in(node_id("iam_role", "AROAEXAMPLE"), kRoleArn);
  run.stand_in(node_id("kms_key", kKeyId));
  run.stand_in(node_id("network_interface", "eni-0f00d"));
  run.collect(collect_sagemaker, kRegion);
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  std::string research = node_id("sagemaker_notebook", kNotebookArn);
  std::string scratch = node_id("sagemaker_notebook", kScratchArn);
  EXPECT_EQ(g.ids_of_kind("aws_sagemaker_notebook"), (std::set<std::string>{research, scratch}));
  auto n = g.node(research);
  EXPECT_EQ(text(n, "/id"), "research");
  EXPECT_EQ(text(n, "/name"), "research");
  EXPECT_EQ(text(n, "/arn"), kNotebookArn);
  EXPECT_EQ(val(n, "/tags"), R"({"team":"ml","cost-center":"42"})");  // both pages
  EXPECT_EQ(text(n, "/ctime"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(text(n, "/mtime"), "2023-11-14T23:13:20Z");
  EXPECT_EQ(text(n, "/notebook_root_access"), "Disabled");
  EXPECT_EQ(text(n, "/notebook_direct_internet_access"), "Disabled");
  EXPECT_EQ(text(n, "/notebook_instance_status"), "InService");
  EXPECT_EQ(text(n, "/notebook_url"), "research.notebook.eu-west-1.sagemaker.aws");
  EXPECT_EQ(text(n, "/notebook_instance_type"), "ml.t3.medium");
  EXPECT_EQ(text(n, "/notebook_instance_lifecycle_config_name"), "install-deps");
  EXPECT_EQ(val(n, "/notebook_volume_size_in_gb"), "20");
  EXPECT_EQ(val(n, "/notebook_accelerator_types"), R"(["ml.eia2.medium"])");
  EXPECT_EQ(text(n, "/notebook_default_code_repository"),
            "https://github.com/example/notebooks.git");
  EXPECT_EQ(val(n, "/notebook_additional_code_repositories"), R"(["repo-a"])");
  EXPECT_EQ(text(n, "/notebook_platform_identifier"), "notebook-al2-v2");
  EXPECT_EQ(text(n, "/notebook_instance_metadata_service_configuration"), "2");
  auto s = g.node(scratch);
  EXPECT_EQ(text(s, "/notebook_root_access"), "Enabled");
  EXPECT_EQ(text(s, "/notebook_direct_internet_access"), "Enabled");
  EXPECT_EQ(val(s, "/tags"), "{}");
  EXPECT_EQ(val(s, "/notebook_accelerator_types"), "[]");

  // Subnet, security groups and role → notebook (+ delete, same direction);
  // notebook → key and network interface (+ delete, reverse).
  for (const std::string& from :
       {node_id("subnet", "subnet-0a1b2c3d"), node_id("security_group", "sg-11111111"),
        node_id("security_group", "sg-22222222"), node_id("iam_role", "AROAEXAMPLE")}) {
    EXPECT_TRUE(g.edge(from, research)) << from;
    EXPECT_TRUE(g.edge(from, research, true)) << from;
  }
  for (const std::string& to :
       {node_id("kms_key", kKeyId), node_id("network_interface", "eni-0f00d")}) {
    EXPECT_TRUE(g.edge(research, to)) << to;
    EXPECT_TRUE(g.edge(to, research, true)) << to;
  }
  EXPECT_TRUE(g.edge(kRegionNode, research));
  EXPECT_FALSE(g.edge(node_id("subnet", "subnet-0a1b2c3d"), scratch));
  EXPECT_TRUE(g.edge(node_id("iam_role", "AROAEXAMPLE"), scratch));

  auto churn = g.node(node_id("sagemaker_model", kChurnArn));
  EXPECT_EQ(text(churn, "/id"), "churn");
  EXPECT_EQ(val(churn, "/model_enable_network_isolation"), "false");
  EXPECT_EQ(val(churn, "/model_vpc_config"), kAbsent);  // no VpcConfig
  EXPECT_EQ(text(churn, "/ctime"), "2023-09-18T01:20:00Z");
  auto fraud = g.node(node_id("sagemaker_model", kFraudArn));
  EXPECT_EQ(val(fraud, "/model_enable_network_isolation"), "true");
  EXPECT_EQ(
      val(fraud, "/model_vpc_config"),
      R"({"security_group_ids":["sg-11111111"],"subnets":["subnet-0a1b2c3d","subnet-0e0e0e0e"]})");
  EXPECT_EQ(text(fraud, "/model_inference_execution_config"), "Serial");
  EXPECT_TRUE(g.edge(kRegionNode, node_id("sagemaker_model", kFraudArn)));

  std::string job = node_id("sagemaker_training_job", kJobArn);
  auto j = g.node(job);
  EXPECT_EQ(text(j, "/kind"), "aws_sagemaker_training_job");
  EXPECT_EQ(text(j, "/id"), "train-1");
  EXPECT_EQ(val(j, "/training_job_resource_config"),
            R"({"instance_type":"ml.m5.xlarge","instance_count":2,"volume_size_in_gb":50,)"
            R"("volume_kms_key_id":")" +
                kKeyId + R"("})");
  EXPECT_EQ(val(j, "/training_job_enable_network_isolation"), "true");
  EXPECT_EQ(val(j, "/training_job_enable_inter_container_traffic_encryption"), "false");
  EXPECT_EQ(text(j, "/mtime"), "2023-09-29T16:06:40Z");
  EXPECT_TRUE(g.edge(job, node_id("kms_key", kKeyId)));

  // Paged lists ask with MaxResults; tags were asked once per resource and page.
  EXPECT_EQ(run.http.count("ListNotebookInstances"), 2);
  EXPECT_EQ(run.http.count("ListTags", {{"ResourceArn", kNotebookArn}}), 2);
  EXPECT_NE(run.body_of("ListModels").find("\"MaxResults\":100"), std::string::npos);
}

TEST(PlatformSageMaker, GoneItemsAreSkippedAndFailuresWarnedAbout) {
  Collect run;
  route_sagemaker(run);
  // research was deleted after the list; churn cannot be described; scratch's tags cannot be read.
  run.on("DescribeNotebookInstance", {{"NotebookInstanceName", "research"}})
      .reply(json_error(400, "ValidationException", "RecordNotFound"));
  run.on("DescribeModel", {{"ModelName", "churn"}}).reply(denied("sagemaker:DescribeModel"));
  run.on("ListTags", {{"ResourceArn", kScratchArn}}).reply(denied("sagemaker:ListTags"));
  run.on("ListTrainingJobs").reply(denied("sagemaker:ListTrainingJobs"));
  run.collect(collect_sagemaker, kRegion);
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  EXPECT_FALSE(g.has(node_id("sagemaker_notebook", kNotebookArn)));
  EXPECT_FALSE(g.has(node_id("sagemaker_model", kChurnArn)));
  EXPECT_TRUE(g.has(node_id("sagemaker_model", kFraudArn)));
  EXPECT_EQ(g.ids_of_kind("aws_sagemaker_training_job").size(), 0u);
  auto s = g.node(node_id("sagemaker_notebook", kScratchArn));
  EXPECT_EQ(val(s, "/tags"), kAbsent);  // unknown, not empty
  EXPECT_EQ(text(s, "/notebook_root_access"), "Enabled");
  std::vector<std::string> w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 3u) << run.warning_text();
  EXPECT_TRUE(w[0].starts_with("sagemaker eu-west-1 DescribeModel churn: AccessDeniedException"))
      << w[0];
  EXPECT_TRUE(w[1].starts_with("sagemaker eu-west-1 ListTags scratch: AccessDeniedException"))
      << w[1];
  EXPECT_TRUE(w[2].starts_with("sagemaker eu-west-1 ListTrainingJobs: AccessDeniedException"))
      << w[2];
}

// --- ECS -----------------------------------------------------------------------------------------

const std::string kWebTd = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7";
const std::string kBatchTd = "arn:aws:ecs:eu-west-1:123456789012:task-definition/batch:2";
const std::string kTaskRole = "arn:aws:iam::123456789012:role/web-task";
const std::string kExecRole = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

void route_ecs(Collect& run) {
  run.reply("ListTaskDefinitions", {},
            R"({"taskDefinitionArns": [")" + kWebTd + R"("], "nextToken": "td-page-2"})");
  run.reply("ListTaskDefinitions", {{"nextToken", "td-page-2"}},
            R"({"taskDefinitionArns": [")" + kBatchTd + R"("]})");
  run.reply("DescribeTaskDefinition", {{"taskDefinition", kWebTd}}, R"({
    "taskDefinition": {
      "taskDefinitionArn": ")" + kWebTd + R"(",
      "containerDefinitions": [{
        "name": "app", "image": "nginx:1.25", "cpu": 256, "memory": 512, "memoryReservation": 256,
        "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp", "name": "http"}],
        "essential": true, "entryPoint": ["/docker-entrypoint.sh"], "command": ["nginx", "-g", "daemon off;"],
        "environment": [{"name": "STAGE", "value": "prod"}, {"name": "API_TOKEN", "value": "t0k3n"}],
        "environmentFiles": [{"value": "arn:aws:s3:::config/web.env", "type": "s3"}],
        "mountPoints": [{"sourceVolume": "data", "containerPath": "/data", "readOnly": true}],
        "volumesFrom": [], "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/db"}],
        "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"], "drop": ["ALL"]}, "initProcessEnabled": true},
        "user": "root", "privileged": true, "readonlyRootFilesystem": false,
        "dockerLabels": {"com.example.team": "web"},
        "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web",
          "awslogs-region": "eu-west-1"}, "secretOptions": []},
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
          "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10},
        "restartPolicy": {"enabled": true}, "versionConsistency": "enabled"}],
      "family": "web", "taskRoleArn": ")" + kTaskRole + R"(",
      "executionRoleArn": ")" + kExecRole + R"(", "networkMode": "awsvpc", "revision": 7,
      "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-12345678",
        "rootDirectory": "/", "transitEncryption": "ENABLED",
        "authorizationConfig": {"accessPointId": "fsap-1234", "iam": "ENABLED"}}},
        {"name": "scratch", "host": {"sourcePath": "/tmp"}}],
      "status": "ACTIVE", "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"}],
      "placementConstraints": [], "compatibilities": ["EC2", "FARGATE"],
      "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
      "requiresCompatibilities": ["FARGATE"], "cpu": "512", "memory": "1024",
      "registeredAt": 1.7e9, "registeredBy": "arn:aws:sts::123456789012:assumed-role/deploy/ci",
      "ephemeralStorage": {"sizeInGiB": 30}, "enableFaultInjection": false},
    "tags": [{"key": "Name", "value": "web-frontend"}, {"key": "team", "value": "web"}]})");
  run.reply("DescribeTaskDefinition", {{"taskDefinition", kBatchTd}}, R"({
    "taskDefinition": {"taskDefinitionArn": ")" + kBatchTd + R"(",
      "containerDefinitions": [{"name": "job", "image": "busybox", "memory": 128, "essential": true,
        "readonlyRootFilesystem": true, "user": "1000"}],
      "family": "batch", "networkMode": "bridge", "revision": 2, "status": "ACTIVE",
      "compatibilities": ["EC2"], "registeredAt": 1690000000}})");
}

TEST(PlatformEcs, TaskDefinitionsOfEveryPage) {
  Collect run;
  route_ecs(run);
  run.stand_in(node_id("iam_role", "AROATASK"), kTaskRole);
  run.stand_in(node_id("iam_role", "AROAEXEC"), kExecRole);
  run.collect(collect_ecs, kRegion);
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  std::string web = node_id("ecs_task_definition", kWebTd);
  std::string batch = node_id("ecs_task_definition", kBatchTd);
  EXPECT_EQ(g.ids_of_kind("aws_ecs_task_definition"), (std::set<std::string>{web, batch}));
  auto w = g.node(web);
  EXPECT_EQ(text(w, "/id"), "web:7");
  EXPECT_EQ(text(w, "/name"), "web-frontend");  // the Name tag
  EXPECT_EQ(text(w, "/arn"), kWebTd);
  EXPECT_EQ(val(w, "/tags"), R"({"Name":"web-frontend","team":"web"})");
  EXPECT_EQ(text(w, "/ctime"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(text(w, "/network_mode"), "awsvpc");
  EXPECT_EQ(text(w, "/family"), "web");
  EXPECT_EQ(val(w, "/revision"), "7");
  EXPECT_EQ(text(w, "/task_role_arn"), kTaskRole);
  EXPECT_EQ(text(w, "/execution_role_arn"), kExecRole);
  EXPECT_EQ(val(w, "/container_definitions/0/privileged"), "true");
  EXPECT_EQ(text(w, "/container_definitions/0/user"), "root");
  EXPECT_EQ(val(w, "/container_definitions/0/readonly_root_filesystem"), "false");
  EXPECT_EQ(text(w, "/container_definitions/0/log_configuration/log_driver"), "awslogs");
  EXPECT_EQ(val(w, "/container_definitions/0/log_configuration/options"),
            R"({"awslogs-group":"/ecs/web","awslogs-region":"eu-west-1"})");
  EXPECT_EQ(val(w, "/container_definitions/0/environment"),
            R"([{"name":"STAGE","value":"prod"},{"name":"API_TOKEN","value":"t0k3n"}])");
  EXPECT_EQ(val(w, "/container_definitions/0/environment_files"),
            R"([{"value":"arn:aws:s3:::config/web.env","type":"s3"}])");
  EXPECT_EQ(val(w, "/container_definitions/0/port_mappings"),
            R"([{"container_port":80,"host_port":80,"protocol":"tcp"}])");
  EXPECT_EQ(val(w, "/container_definitions/0/secrets/0/value_from"),
            R"("arn:aws:ssm:eu-west-1:123456789012:parameter/db")");
  EXPECT_EQ(val(w, "/container_definitions/0/linux_parameters/capabilities"),
            R"({"add":["SYS_PTRACE"],"drop":["ALL"]})");
  EXPECT_EQ(val(w, "/container_definitions/0/docker_labels"), R"({"com.example.team":"web"})");
  EXPECT_EQ(val(w, "/container_definitions/0/ulimits/0/hard_limit"), "4096");
  EXPECT_EQ(val(w, "/container_definitions/0/health_check/start_period"), "10");
  EXPECT_EQ(val(w, "/volumes/0/efs_volume_configuration/authorization_config"),
            R"({"access_point_id":"fsap-1234","iam":"ENABLED"})");
  EXPECT_EQ(text(w, "/volumes/1/host"), "/tmp");
  EXPECT_EQ(val(w, "/runtime_platform"),
            R"({"cpu_architecture":"ARM64","operating_system_family":"LINUX"})");
  EXPECT_EQ(val(w, "/requires_compatibilities"), R"(["FARGATE"])");
  EXPECT_EQ(text(w, "/cpu"), "512");
  EXPECT_EQ(val(w, "/ephemeral_storage"), "30");
  EXPECT_EQ(text(w, "/registered_by"), "arn:aws:sts::123456789012:assumed-role/deploy/ci");

  auto b = g.node(batch);
  EXPECT_EQ(text(b, "/id"), "batch:2");
  EXPECT_EQ(text(b, "/name"), kBatchTd);  // no Name tag: the ARN
  EXPECT_EQ(val(b, "/tags"), "{}");
  EXPECT_EQ(val(b, "/container_definitions/0/privileged"), kAbsent);
  EXPECT_EQ(val(b, "/container_definitions/0/readonly_root_filesystem"), "true");
  EXPECT_EQ(val(b, "/container_definitions/0/environment"), "[]");
  EXPECT_EQ(val(b, "/task_role_arn"), kAbsent);

  // Roles → task definition (+ delete, same direction); asked with the tags.
  for (const std::string& role :
       {node_id("iam_role", "AROATASK"), node_id("iam_role", "AROAEXEC")}) {
    EXPECT_TRUE(g.edge(role, web)) << role;
    EXPECT_TRUE(g.edge(role, web, true)) << role;
  }
  EXPECT_TRUE(g.edge(kRegionNode, batch));
  EXPECT_NE(run.body_of("DescribeTaskDefinition", {{"taskDefinition", kWebTd}})
                .find(R"("include":["TAGS"])"),
            std::string::npos);
}

TEST(PlatformEcs, DescribeFailureIsAWarning) {
  Collect run;
  route_ecs(run);
  run.on("DescribeTaskDefinition", {{"taskDefinition", kWebTd}})
      .reply(denied("ecs:DescribeTaskDefinition"));
  run.collect(collect_ecs, kRegion);
  EXPECT_FALSE(run.graph->has(node_id("ecs_task_definition", kWebTd)));
  EXPECT_TRUE(run.graph->has(node_id("ecs_task_definition", kBatchTd)));
  ASSERT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_TRUE(run.warnings.list()[0].starts_with("ecs eu-west-1 DescribeTaskDefinition " + kWebTd +
                                                 ": AccessDeniedException"));
}

// --- ECR -----------------------------------------------------------------------------------------

const std::string kRepoArn = "arn:aws:ecr:eu-west-1:123456789012:repository/";

std::string repo(const std::string& name, bool scan, const std::string& encryption) {
  return R"({"repositoryArn": ")" + kRepoArn + name +
         R"(", "registryId": "123456789012", "repositoryName": ")" + name +
         R"(", "repositoryUri": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/)" + name +
         R"(", "createdAt": 1650000000.25, "imageTagMutability": "IMMUTABLE",
         "imageScanningConfiguration": {"scanOnPush": )" +
         (scan ? "true" : "false") + R"(}, "encryptionConfiguration": )" + encryption + "}";
}

TEST(PlatformEcr, PrivateRepositoriesWithLifecyclePolicies) {
  Collect run;
  run.reply("DescribeRepositories", {},
            R"({"repositories": [)" + repo("web", true, R"({"encryptionType": "AES256"})") +
                R"(], "nextToken": "repos-2"})");
  run.reply(
      "DescribeRepositories", {{"nextToken", "repos-2"}},
      R"({"repositories": [)" +
          repo("batch", false, R"({"encryptionType": "KMS", "kmsKey": ")" + kKeyArn + R"("})") +
          "," + repo("legacy", false, R"({"encryptionType": "AES256"})") + "]}");
  run.reply("GetLifecyclePolicy", {{"repositoryName", "web"}}, R"({"registryId": "123456789012",
    "repositoryName": "web", "lastEvaluatedAt": 1700000000,
    "lifecyclePolicyText": "{\"rules\":[{\"rulePriority\":1,\"description\":\"expire untagged\",\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},\"action\":{\"type\":\"expire\"}}]}"})");
  run.on("GetLifecyclePolicy", {{"repositoryName", "batch"}})
      .reply(json_error(400, "LifecyclePolicyNotFoundException",
                        "Lifecycle policy does not exist for the repository with name 'batch'"));
  run.on("GetLifecyclePolicy", {{"repositoryName", "legacy"}})
      .reply(denied("ecr:GetLifecyclePolicy"));
  run.stand_in(node_id("kms_key", kKeyId));
  run.collect(collect_ecr, kRegion);
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");
  EXPECT_EQ(run.unmatched(), "");

  std::string web = node_id("ecr_repository", kRepoArn + "web");
  std::string batch = node_id("ecr_repository", kRepoArn + "batch");
  std::string legacy = node_id("ecr_repository", kRepoArn + "legacy");
  EXPECT_EQ(g.ids_of_kind("aws_ecr_repository"), (std::set<std::string>{web, batch, legacy}));
  auto w = g.node(web);
  EXPECT_EQ(text(w, "/id"), "web");
  EXPECT_EQ(text(w, "/arn"), kRepoArn + "web");
  EXPECT_EQ(text(w, "/ctime"), "2022-04-15T05:20:00Z");
  EXPECT_EQ(text(w, "/repository_uri"), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web");
  EXPECT_EQ(text(w, "/registry_id"), "123456789012");
  EXPECT_EQ(text(w, "/image_tag_mutability"), "IMMUTABLE");
  EXPECT_EQ(val(w, "/image_scan_on_push"), "true");
  EXPECT_EQ(text(w, "/repository_visibility"), "private");
  EXPECT_EQ(val(w, "/encryption_configuration"), R"({"encryption_type":"AES256"})");
  EXPECT_EQ(val(w, "/lifecycle_policy/rules/0/selection/countNumber"), "14");
  auto b = g.node(batch);
  EXPECT_EQ(val(b, "/image_scan_on_push"), "false");
  EXPECT_EQ(val(b, "/lifecycle_policy"), kAbsent);  // none: null, not a warning
  EXPECT_EQ(val(b, "/encryption_configuration"),
            R"({"encryption_type":"KMS","kms_key":")" + kKeyArn + R"("})");
  EXPECT_TRUE(g.edge(batch, node_id("kms_key", kKeyId)));
  EXPECT_TRUE(g.edge(node_id("kms_key", kKeyId), batch, true));
  EXPECT_TRUE(g.edge(kRegionNode, batch));
  EXPECT_EQ(val(g.node(legacy), "/lifecycle_policy"), kAbsent);

  ASSERT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_TRUE(run.warnings.list()[0].starts_with(
      "ecr eu-west-1 GetLifecyclePolicy legacy: AccessDeniedException"));
}

TEST(PlatformEcr, PublicRepositoriesHangBelowTheGlobalRegion) {
  Collect run;
  const std::string arn = "arn:aws:ecr-public::123456789012:repository/";
  run.reply("DescribeRepositories", {},
            R"({"repositories": [{"repositoryArn": ")" + arn +
                R"(tools", "registryId": "123456789012",
    "repositoryName": "tools", "repositoryUri": "public.ecr.aws/a1b2c3d4/tools",
    "createdAt": 1660000000}], "nextToken": "p2"})");
  run.reply("DescribeRepositories", {{"nextToken", "p2"}},
            R"({"repositories": [{"repositoryArn": ")" + arn + R"(docs",
    "registryId": "123456789012", "repositoryName": "docs",
    "repositoryUri": "public.ecr.aws/a1b2c3d4/docs", "createdAt": 1660000100}]})");
  run.collect(collect_ecr_public, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");
  std::string tools = node_id("ecr_repository", arn + "tools");
  EXPECT_EQ(g.ids_of_kind("aws_ecr_repository"),
            (std::set<std::string>{tools, node_id("ecr_repository", arn + "docs")}));
  auto t = g.node(tools);
  EXPECT_EQ(text(t, "/repository_visibility"), "public");
  EXPECT_EQ(text(t, "/repository_uri"), "public.ecr.aws/a1b2c3d4/tools");
  EXPECT_EQ(val(t, "/image_scan_on_push"), kAbsent);
  EXPECT_TRUE(g.edge(kGlobalNode, tools));
  EXPECT_EQ(run.http.count("GetLifecyclePolicy"), 0);
  // The public registry's own endpoint and signing name.
  auto requests = run.http.requests("DescribeRepositories");
  ASSERT_FALSE(requests.empty());
  EXPECT_NE(requests[0].request.url.find("api.ecr-public.us-east-1.amazonaws.com"),
            std::string::npos)
      << requests[0].request.url;
  EXPECT_EQ(requests[0].headers("X-Amz-Target"),
            std::vector<std::string>{"SpencerFrontendService.DescribeRepositories"});
}

// --- SSM -----------------------------------------------------------------------------------------

const char* kDeployContent =
    R"({\"schemaVersion\":\"2.2\",\"description\":\"Deploy\",\"parameters\":{\"Version\":{\"type\":\"String\",\"default\":\"latest\"}},\"mainSteps\":[{\"action\":\"aws:runShellScript\",\"name\":\"deploy\",\"inputs\":{\"runCommand\":[\"./deploy.sh {{Version}}\"]}}]})";

void route_ssm(Collect& run) {
  run.reply("DescribeInstanceInformation", {}, R"({"InstanceInformationList": [{
      "InstanceId": "i-0abc1234def567890", "PingStatus": "Online", "LastPingDateTime": 1700000000,
      "AgentVersion": "3.2.1630.0", "IsLatestVersion": false, "PlatformType": "Linux",
      "PlatformName": "Amazon Linux", "PlatformVersion": "2023", "IamRole": "SSMInstanceRole",
      "RegistrationDate": 1690000000, "ResourceType": "EC2Instance", "IPAddress": "10.0.1.15",
      "ComputerName": "ip-10-0-1-15.eu-west-1.compute.internal", "AssociationStatus": "Success",
      "LastAssociationExecutionDate": 1699990000, "LastSuccessfulAssociationExecutionDate": 1699990000,
      "AssociationOverview": {"DetailedStatus": "Success",
        "InstanceAssociationStatusAggregatedCount": {"Success": 3, "Failed": 1}},
      "SourceId": "i-0abc1234def567890", "SourceType": "AWS::EC2::Instance"}],
    "NextToken": "inst-2"})");
  run.reply("DescribeInstanceInformation", {{"NextToken", "inst-2"}},
            R"({"InstanceInformationList": [{"InstanceId": "mi-0123456789abcdef0",
      "PingStatus": "ConnectionLost", "ActivationId": "activation-1", "Name": "on-prem-db",
      "ResourceType": "ManagedInstance", "PlatformType": "Linux",
      "SourceId": "mi-0123456789abcdef0", "SourceType": "AWS::SSM::ManagedInstance"}]})");

  run.reply("ListDocuments", {}, R"({"DocumentIdentifiers": [
    {"Name": "deploy-app", "CreatedDate": 1680000000, "Owner": "123456789012",
     "PlatformTypes": ["Linux"], "DocumentVersion": "3", "DocumentType": "Command",
     "SchemaVersion": "2.2", "DocumentFormat": "JSON", "Tags": [{"Key": "team", "Value": "ops"}]},
    {"Name": "runbook-notes", "Owner": "123456789012", "DocumentType": "Automation",
     "DocumentFormat": "TEXT", "Tags": []}], "NextToken": "docs-2"})");
  run.reply("ListDocuments", {{"NextToken", "docs-2"}}, R"({"DocumentIdentifiers": []})");
  run.reply("DescribeDocument", {{"Name", "deploy-app"}}, R"({"Document": {
    "Hash": "9f2a", "HashType": "Sha256", "Name": "deploy-app", "DisplayName": "Deploy the app",
    "VersionName": "v3", "Owner": "123456789012", "CreatedDate": 1680000000, "Status": "Active",
    "DocumentVersion": "3", "Description": "Deploy",
    "Parameters": [{"Name": "Version", "Type": "String", "Description": "which",
      "DefaultValue": "latest"}],
    "PlatformTypes": ["Linux", "MacOS"], "DocumentType": "Command", "SchemaVersion": "2.2",
    "LatestVersion": "3", "DefaultVersion": "2", "DocumentFormat": "JSON", "TargetType": "/",
    "Tags": [{"Key": "team", "Value": "ops"}], "AttachmentsInformation": [{"Name": "script.zip"}],
    "Requires": [{"Name": "base", "Version": "1", "RequireType": "Command"}],
    "Author": "ops@example.com",
    "ReviewInformation": [{"ReviewedTime": 1680003600, "Status": "APPROVED", "Reviewer": "lead"}],
    "ReviewStatus": "APPROVED", "Category": ["deploy"], "CategoryEnum": ["Deployment"]}})");
  run.reply("DescribeDocument", {{"Name", "runbook-notes"}}, R"({"Document": {
    "Name": "runbook-notes", "Owner": "123456789012", "Status": "Active", "DocumentVersion": "1",
    "DocumentType": "Automation", "DocumentFormat": "TEXT", "CreatedDate": 1680000000}})");
  run.reply("GetDocument", {{"Name", "deploy-app"}},
            std::string(R"({"Name": "deploy-app", "DocumentVersion": "2", "Status": "Active",
    "DocumentType": "Command", "DocumentFormat": "JSON", "Content": ")") +
                kDeployContent + R"("})");
  run.reply("DescribeDocumentPermission", {{"Name", "deploy-app"}}, R"({
    "AccountIds": ["111122223333"],
    "AccountSharingInfoList": [{"AccountId": "111122223333", "SharedDocumentVersion": "$DEFAULT"}],
    "NextToken": "perm-2"})");
  run.reply("DescribeDocumentPermission", {{"Name", "deploy-app"}, {"NextToken", "perm-2"}}, R"({
    "AccountIds": ["444455556666"],
    "AccountSharingInfoList": [{"AccountId": "444455556666", "SharedDocumentVersion": "2"}]})");
  run.reply("DescribeDocumentPermission", {{"Name", "runbook-notes"}},
            R"({"AccountIds": [], "AccountSharingInfoList": []})");

  run.reply("ListResourceComplianceSummaries", {}, R"({"ResourceComplianceSummaryItems": [
    {"ComplianceType": "Association", "ResourceType": "ManagedInstance",
     "ResourceId": "i-0abc1234def567890", "Status": "NON_COMPLIANT", "OverallSeverity": "HIGH",
     "ExecutionSummary": {"ExecutionTime": 1700000000, "ExecutionId": "exec-1",
       "ExecutionType": "Command"},
     "CompliantSummary": {"CompliantCount": 1, "SeveritySummary": {"CriticalCount": 0,
       "HighCount": 0, "MediumCount": 0, "LowCount": 1, "InformationalCount": 0,
       "UnspecifiedCount": 0}},
     "NonCompliantSummary": {"NonCompliantCount": 2, "SeveritySummary": {"CriticalCount": 0,
       "HighCount": 2, "MediumCount": 0, "LowCount": 0, "InformationalCount": 0,
       "UnspecifiedCount": 0}}}], "NextToken": "c2"})");
  run.reply("ListResourceComplianceSummaries", {{"NextToken", "c2"}},
            R"({"ResourceComplianceSummaryItems": [
    {"ComplianceType": "Custom:Backup", "ResourceType": "AWS::S3::Bucket",
     "ResourceId": "logs-bucket", "Status": "COMPLIANT", "OverallSeverity": "UNSPECIFIED",
     "ExecutionSummary": {"ExecutionTime": 1700000000}},
    {"ComplianceType": "Custom:Backup", "ResourceType": "AWS::DynamoDB::Table",
     "ResourceId": "orders", "Status": "COMPLIANT", "OverallSeverity": "UNSPECIFIED",
     "ExecutionSummary": {"ExecutionTime": 1700000000}},
    {"ComplianceType": "Custom:Review", "ResourceType": "Document",
     "ResourceId": "deploy-app", "Status": "COMPLIANT", "OverallSeverity": "LOW",
     "ExecutionSummary": {"ExecutionTime": 1700000000}}]})");
}

TEST(PlatformSsm, InstancesDocumentsAndComplianceOfEveryPage) {
  Collect run;
  route_ssm(run);
  const std::string ec2 = node_id("instance", "i-0abc1234def567890");
  const std::string bucket = node_id("s3_bucket", "logs-bucket");
  const std::string table =
      node_id("dynamodb_table", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders");
  run.stand_in(ec2);
  run.stand_in(bucket);
  run.stand_in(table, "arn:aws:dynamodb:eu-west-1:123456789012:table/orders");
  run.collect(collect_ssm, kRegion);
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  std::string managed = node_id("ssm_instance", "eu-west-1/i-0abc1234def567890");
  std::string onprem = node_id("ssm_instance", "eu-west-1/mi-0123456789abcdef0");
  EXPECT_EQ(g.ids_of_kind("aws_ssm_instance"), (std::set<std::string>{managed, onprem}));
  auto i = g.node(managed);
  EXPECT_EQ(text(i, "/id"), "i-0abc1234def567890");
  EXPECT_EQ(text(i, "/name"), "i-0abc1234def567890");
  EXPECT_EQ(text(i, "/ping_status"), "Online");
  EXPECT_EQ(text(i, "/last_ping"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(val(i, "/is_latest_version"), "false");
  EXPECT_EQ(text(i, "/resource_type"), "EC2Instance");
  EXPECT_EQ(text(i, "/ip_address"), "10.0.1.15");
  EXPECT_EQ(text(i, "/registration_date"), "2023-07-22T04:26:40Z");
  EXPECT_EQ(val(i, "/association_overview"),
            R"({"detailed_status":"Success","instance_association_status_aggregated_count":)"
            R"({"Success":3,"Failed":1}})");
  EXPECT_EQ(text(i, "/source_type"), "AWS::EC2::Instance");
  EXPECT_TRUE(g.edge(managed, ec2));
  EXPECT_TRUE(g.edge(ec2, managed, true));
  EXPECT_TRUE(g.edge(kRegionNode, managed));
  EXPECT_EQ(text(g.node(onprem), "/name"), "on-prem-db");

  std::string deploy = node_id("ssm_document", "eu-west-1/deploy-app");
  std::string notes = node_id("ssm_document", "eu-west-1/runbook-notes");
  EXPECT_EQ(g.ids_of_kind("aws_ssm_document"), (std::set<std::string>{deploy, notes}));
  auto d = g.node(deploy);
  EXPECT_EQ(text(d, "/id"), "deploy-app");
  EXPECT_EQ(text(d, "/arn"), "arn:aws:ssm:eu-west-1:123456789012:document/deploy-app");
  EXPECT_EQ(text(d, "/ctime"), "2023-03-28T10:40:00Z");
  EXPECT_EQ(val(d, "/tags"), R"({"team":"ops"})");
  EXPECT_EQ(text(d, "/display_name"), "Deploy the app");
  EXPECT_EQ(text(d, "/default_version"), "2");
  EXPECT_EQ(
      val(d, "/parameters"),
      R"([{"name":"Version","type":"String","description":"which","default_value":"latest"}])");
  EXPECT_EQ(val(d, "/platform_types"), R"(["Linux","MacOS"])");
  EXPECT_EQ(val(d, "/attachments_information"), R"(["script.zip"])");
  EXPECT_EQ(val(d, "/requires"), R"([{"name":"base","version":"1","require_type":"Command"}])");
  EXPECT_EQ(val(d, "/review_information"),
            R"([{"reviewed_time":"2023-03-28T11:40:00Z","status":"APPROVED","reviewer":"lead"}])");
  EXPECT_EQ(val(d, "/category_enum"), R"(["Deployment"])");
  EXPECT_EQ(text(d, "/content/mainSteps/0/inputs/runCommand/0"), "./deploy.sh {{Version}}");
  // Both pages of DescribeDocumentPermission.
  EXPECT_EQ(val(d, "/document_shared_with_accounts"), R"(["111122223333","444455556666"])");
  EXPECT_EQ(val(d, "/document_sharing_info"),
            R"([{"account_id":"111122223333","shared_document_version":"$DEFAULT"},)"
            R"({"account_id":"444455556666","shared_document_version":"2"}])");
  auto n = g.node(notes);
  EXPECT_EQ(val(n, "/document_shared_with_accounts"), "[]");  // not shared: [] (spec §5)
  EXPECT_EQ(val(n, "/content"), kAbsent);                     // TEXT has no object form
  EXPECT_EQ(run.http.count("GetDocument", {{"Name", "runbook-notes"}}), 0);
  // Own documents only, and their content as JSON (AWS converts YAML).
  EXPECT_NE(run.body_of("ListDocuments", {{"NextToken", "docs-2"}})
                .find(R"("Filters":[{"Key":"Owner","Values":["Self"]}])"),
            std::string::npos);
  EXPECT_NE(run.body_of("GetDocument").find(R"("DocumentFormat":"JSON")"), std::string::npos);

  std::string assoc =
      node_id("ssm_compliance", "eu-west-1/Association_ManagedInstance_i-0abc1234def567890");
  auto c = g.node(assoc);
  EXPECT_EQ(text(c, "/id"), "Association_ManagedInstance_i-0abc1234def567890");
  EXPECT_EQ(text(c, "/status"), "NON_COMPLIANT");
  EXPECT_EQ(text(c, "/overall_severity"), "HIGH");
  EXPECT_EQ(val(c, "/execution_summary"),
            R"({"execution_time":"2023-11-14T22:13:20Z","execution_id":"exec-1",)"
            R"("execution_type":"Command"})");
  EXPECT_EQ(val(c, "/non_compliant_summary/non_compliant_count"), "2");
  EXPECT_EQ(val(c, "/non_compliant_summary/severity_summary/high_count"), "2");
  EXPECT_EQ(val(c, "/compliant_summary/severity_summary/low_count"), "1");
  EXPECT_TRUE(g.edge(assoc, ec2));
  EXPECT_TRUE(g.edge(
      node_id("ssm_compliance", "eu-west-1/Custom:Backup_AWS::S3::Bucket_logs-bucket"), bucket));
  EXPECT_TRUE(g.edge(
      node_id("ssm_compliance", "eu-west-1/Custom:Backup_AWS::DynamoDB::Table_orders"), table));
  EXPECT_TRUE(
      g.edge(node_id("ssm_compliance", "eu-west-1/Custom:Review_Document_deploy-app"), deploy));
  EXPECT_EQ(g.ids_of_kind("aws_ssm_resource_compliance").size(), 4u);
}

TEST(PlatformSsm, DocumentErrors) {
  Collect run;
  route_ssm(run);
  // runbook-notes is gone; deploy-app's content and sharing cannot be read.
  run.on("DescribeDocument", {{"Name", "runbook-notes"}})
      .reply(json_error(400, "InvalidDocument", "The specified document does not exist."));
  run.on("GetDocument", {{"Name", "deploy-app"}}).reply(denied("ssm:GetDocument"));
  run.on("DescribeDocumentPermission", {{"Name", "deploy-app"}})
      .reply(denied("ssm:DescribeDocumentPermission"));
  run.on("DescribeInstanceInformation").reply(denied("ssm:DescribeInstanceInformation"));
  run.collect(collect_ssm, kRegion);
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  EXPECT_FALSE(g.has(node_id("ssm_document", "eu-west-1/runbook-notes")));
  auto d = g.node(node_id("ssm_document", "eu-west-1/deploy-app"));
  EXPECT_EQ(text(d, "/display_name"), "Deploy the app");
  EXPECT_EQ(val(d, "/content"), kAbsent);
  EXPECT_EQ(val(d, "/document_shared_with_accounts"), kAbsent);  // unknown, not []
  EXPECT_EQ(g.ids_of_kind("aws_ssm_instance").size(), 0u);
  EXPECT_EQ(g.ids_of_kind("aws_ssm_resource_compliance").size(), 4u);
  std::vector<std::string> w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 3u) << run.warning_text();
  EXPECT_TRUE(w[0].starts_with("ssm eu-west-1 DescribeDocumentPermission deploy-app: ")) << w[0];
  EXPECT_TRUE(w[1].starts_with("ssm eu-west-1 DescribeInstanceInformation: ")) << w[1];
  EXPECT_TRUE(w[2].starts_with("ssm eu-west-1 GetDocument deploy-app: ")) << w[2];
}

TEST(PlatformSsm, DocumentFallsBackToItsListEntry) {
  Collect run;
  route_ssm(run);
  run.on("DescribeDocument", {{"Name", "deploy-app"}}).reply(denied("ssm:DescribeDocument"));
  run.collect(collect_ssm, kRegion);
  auto d = run.graph->node(node_id("ssm_document", "eu-west-1/deploy-app"));
  EXPECT_EQ(text(d, "/document_version"), "3");
  EXPECT_EQ(text(d, "/document_format"), "JSON");
  EXPECT_EQ(val(d, "/tags"), R"({"team":"ops"})");
  EXPECT_EQ(text(d, "/content/schemaVersion"), "2.2");
  ASSERT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
}

// --- ACM -----------------------------------------------------------------------------------------

const std::string kCertArn =
    "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";
const std::string kEcCertArn =
    "arn:aws:acm:eu-west-1:123456789012:certificate/87654321-4321-4321-4321-210987654321";
const std::string kGoneCertArn =
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";

void route_acm(Collect& run) {
  run.reply("ListCertificates", {}, R"({"CertificateSummaryList": [
    {"CertificateArn": ")" + kCertArn + R"(", "DomainName": "www.example.com",
     "KeyAlgorithm": "RSA-2048", "Type": "AMAZON_ISSUED", "Status": "ISSUED"}],
    "NextToken": "certs-2"})");
  run.reply("ListCertificates", {{"NextToken", "certs-2"}}, R"({"CertificateSummaryList": [
    {"CertificateArn": ")" + kEcCertArn + R"(", "DomainName": "api.example.com",
     "KeyAlgorithm": "EC-prime256v1", "Type": "IMPORTED", "Status": "ISSUED"},
    {"CertificateArn": ")" + kGoneCertArn + R"(", "DomainName": "old.example.com"}]})");
  run.reply("DescribeCertificate", {{"CertificateArn", kCertArn}}, R"({"Certificate": {
    "CertificateArn": ")" + kCertArn + R"(", "DomainName": "www.example.com",
    "SubjectAlternativeNames": ["www.example.com", "example.com"],
    "DomainValidationOptions": [{"DomainName": "www.example.com", "ValidationDomain": "example.com",
      "ValidationStatus": "SUCCESS", "ResourceRecord": {"Name": "_x1.www.example.com.",
      "Type": "CNAME", "Value": "_x2.acm-validations.aws."}, "ValidationMethod": "DNS"}],
    "Serial": "0a:1b:2c", "Subject": "CN=www.example.com", "Issuer": "Amazon",
    "CreatedAt": 1672531200, "IssuedAt": 1672534800, "Status": "ISSUED",
    "NotBefore": 1672531200, "NotAfter": 1706745599, "KeyAlgorithm": "RSA-2048",
    "SignatureAlgorithm": "SHA256WITHRSA",
    "InUseBy": ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"],
    "Type": "AMAZON_ISSUED",
    "RenewalSummary": {"RenewalStatus": "PENDING_AUTO_RENEWAL", "DomainValidationOptions": [
      {"DomainName": "www.example.com", "ValidationEmails": ["admin@example.com"],
       "ValidationStatus": "PENDING_VALIDATION", "ValidationMethod": "EMAIL"}],
      "UpdatedAt": 1704067200},
    "KeyUsages": [{"Name": "DIGITAL_SIGNATURE"}, {"Name": "KEY_ENCIPHERMENT"}],
    "ExtendedKeyUsages": [{"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"}],
    "RenewalEligibility": "ELIGIBLE",
    "Options": {"CertificateTransparencyLoggingPreference": "DISABLED", "Export": "DISABLED"}}})");
  run.reply("DescribeCertificate", {{"CertificateArn", kEcCertArn}}, R"({"Certificate": {
    "CertificateArn": ")" + kEcCertArn + R"(", "DomainName": "api.example.com",
    "SubjectAlternativeNames": ["api.example.com"], "Serial": "ff", "Subject": "CN=api.example.com",
    "Issuer": "Example CA", "ImportedAt": 1680000000, "Status": "ISSUED", "NotBefore": 1679900000,
    "NotAfter": 1711522400, "KeyAlgorithm": "EC-prime256v1", "SignatureAlgorithm": "SHA256WITHECDSA",
    "InUseBy": [], "Type": "IMPORTED", "KeyUsages": [], "ExtendedKeyUsages": [],
    "RenewalEligibility": "INELIGIBLE",
    "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"}}})");
  run.on("DescribeCertificate", {{"CertificateArn", kGoneCertArn}})
      .reply(json_error(400, "ResourceNotFoundException",
                        "Could not find certificate " + kGoneCertArn + "."));
}

TEST(PlatformAcm, CertificatesOfEveryKeyTypeAndPage) {
  Collect run;
  route_acm(run);
  run.collect(collect_acm, kRegion);
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  std::string rsa = node_id("acm_certificate", kCertArn);
  std::string ec = node_id("acm_certificate", kEcCertArn);
  EXPECT_EQ(g.ids_of_kind("aws_acm_certificate"), (std::set<std::string>{rsa, ec}));
  auto c = g.node(rsa);
  EXPECT_EQ(text(c, "/id"), "12345678-1234-1234-1234-123456789012");
  EXPECT_EQ(text(c, "/name"), "www.example.com");
  EXPECT_EQ(text(c, "/arn"), kCertArn);
  EXPECT_EQ(text(c, "/ctime"), "2023-01-01T00:00:00Z");
  EXPECT_EQ(text(c, "/type"), "AMAZON_ISSUED");
  EXPECT_EQ(text(c, "/certificate_transparency_logging"), "DISABLED");
  EXPECT_EQ(val(c, "/subject_alternative_names"), R"(["www.example.com","example.com"])");
  EXPECT_EQ(val(c, "/domain_validation_options/0"),
            R"({"domain_name":"www.example.com","validation_emails":[],)"
            R"("validation_domain":"example.com","validation_status":"SUCCESS",)"
            R"("resource_record":{"name":"_x1.www.example.com.","type":"CNAME",)"
            R"("value":"_x2.acm-validations.aws."},"validation_method":"DNS"})");
  EXPECT_EQ(text(c, "/issued_at"), "2023-01-01T01:00:00Z");
  EXPECT_EQ(text(c, "/not_after"), "2024-01-31T23:59:59Z");
  EXPECT_EQ(text(c, "/status"), "ISSUED");
  EXPECT_EQ(text(c, "/key_algorithm"), "RSA-2048");
  EXPECT_EQ(
      val(c, "/in_use_by/0"),
      R"("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")");
  EXPECT_EQ(text(c, "/renewal_summary/renewal_status"), "PENDING_AUTO_RENEWAL");
  EXPECT_EQ(val(c, "/renewal_summary/domain_validation_options/0/validation_emails"),
            R"(["admin@example.com"])");
  EXPECT_EQ(text(c, "/renewal_summary/updated_at"), "2024-01-01T00:00:00Z");
  EXPECT_EQ(val(c, "/key_usages"), R"(["DIGITAL_SIGNATURE","KEY_ENCIPHERMENT"])");
  EXPECT_EQ(val(c, "/extended_key_usages"),
            R"([{"name":"TLS_WEB_SERVER_AUTHENTICATION","oid":"1.3.6.1.5.5.7.3.1"}])");
  EXPECT_EQ(text(c, "/renewal_eligibility"), "ELIGIBLE");
  EXPECT_TRUE(g.edge(kRegionNode, rsa));
  auto e = g.node(ec);
  EXPECT_EQ(text(e, "/type"), "IMPORTED");
  EXPECT_EQ(text(e, "/ctime"), "2023-03-28T10:40:00Z");  // imported: no CreatedAt
  EXPECT_EQ(text(e, "/imported_at"), "2023-03-28T10:40:00Z");
  EXPECT_EQ(text(e, "/certificate_transparency_logging"), "ENABLED");
  EXPECT_EQ(val(e, "/renewal_summary"), kAbsent);

  // Every key type is asked for: without the filter AWS lists RSA certificates only.
  simdjson::dom::parser parser;
  simdjson::dom::element body;
  ASSERT_EQ(parser.parse(run.body_of("ListCertificates", {{"NextToken", "certs-2"}})).get(body),
            simdjson::SUCCESS);
  EXPECT_EQ(val(body, "/Includes/keyTypes"),
            R"(["RSA_1024","RSA_2048","RSA_3072","RSA_4096","EC_prime256v1","EC_secp384r1",)"
            R"("EC_secp521r1"])");
}

TEST(PlatformAcm, DescribeFailureIsAWarning) {
  Collect run;
  route_acm(run);
  run.on("DescribeCertificate", {{"CertificateArn", kCertArn}})
      .reply(denied("acm:DescribeCertificate"));
  run.collect(collect_acm, kRegion);
  EXPECT_EQ(run.graph->ids_of_kind("aws_acm_certificate"),
            (std::set<std::string>{node_id("acm_certificate", kEcCertArn)}));
  ASSERT_EQ(run.warnings.list().size(), 1u) << run.warning_text();
  EXPECT_TRUE(run.warnings.list()[0].starts_with("acm eu-west-1 DescribeCertificate " + kCertArn +
                                                 ": AccessDeniedException"));
}

// --- WAFv2 ---------------------------------------------------------------------------------------

const std::string kAclArn =
    "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api-acl/"
    "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const std::string kOpenAclArn =
    "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/open-acl/"
    "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222";
const std::string kCfAclArn =
    "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn-acl/"
    "a1b2c3d4-5678-90ab-cdef-EXAMPLE33333";
const std::string kAlbArn =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const std::string kStageArn = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod";
const std::string kLogGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-api";

std::string summary(const std::string& name, const std::string& id, const std::string& arn) {
  return R"({"Name": ")" + name + R"(", "Id": ")" + id + R"(", "Description": "for )" + name +
         R"(", "LockToken": "1234", "ARN": ")" + arn + R"("})";
}

const char* kVisibility =
    R"("VisibilityConfig": {"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "m"})";

void route_waf(Collect& run) {
  // WAF may hand out a marker with the last page: the next page is empty.
  run.reply("ListWebACLs", {{"Scope", "REGIONAL"}},
            R"({"NextMarker": "api-acl", "WebACLs": [)" +
                summary("api-acl", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", kAclArn) + "]}");
  run.reply("ListWebACLs", {{"Scope", "REGIONAL"}, {"NextMarker", "api-acl"}},
            R"({"NextMarker": "open-acl", "WebACLs": [)" +
                summary("open-acl", "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222", kOpenAclArn) + "]}");
  run.reply("ListWebACLs", {{"Scope", "REGIONAL"}, {"NextMarker", "open-acl"}},
            R"({"WebACLs": []})");
  run.reply("ListWebACLs", {{"Scope", "CLOUDFRONT"}},
            R"({"WebACLs": [)" +
                summary("cdn-acl", "a1b2c3d4-5678-90ab-cdef-EXAMPLE33333", kCfAclArn) + "]}");
  run.reply("GetWebACL", {{"Name", "api-acl"}, {"Scope", "REGIONAL"}},
            std::string(R"({"WebACL": {
    "Name": "api-acl", "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "ARN": ")") +
                kAclArn + R"(",
    "DefaultAction": {"Block": {"CustomResponse": {"ResponseCode": 403,
      "CustomResponseBodyKey": "denied", "ResponseHeaders": [{"Name": "x-why", "Value": "waf"}]}}},
    "Description": "for api-acl",
    "Rules": [
      {"Name": "rate", "Priority": 0,
       "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP",
         "ScopeDownStatement": {"NotStatement": {"Statement": {"ByteMatchStatement": {
           "SearchString": "L2hlYWx0aA==", "FieldToMatch": {"UriPath": {}},
           "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}],
           "PositionalConstraint": "STARTS_WITH"}}}}}},
       "Action": {"Block": {}}, )" +
                kVisibility + R"(},
      {"Name": "common", "Priority": 1,
       "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
         "Name": "AWSManagedRulesCommonRuleSet", "ExcludedRules": [{"Name": "SizeRestrictions_BODY"}],
         "RuleActionOverrides": [{"Name": "NoUserAgent_HEADER", "ActionToUse": {"Count": {}}}]}},
       "OverrideAction": {"None": {}}, )" +
                kVisibility + R"(},
      {"Name": "admin", "Priority": 2,
       "Statement": {"AndStatement": {"Statements": [
         {"ByteMatchStatement": {"SearchString": "YWRtaW4=", "FieldToMatch": {"SingleHeader": {"Name": "x-role"}},
          "TextTransformations": [{"Priority": 0, "Type": "NONE"}], "PositionalConstraint": "EXACTLY"}},
         {"GeoMatchStatement": {"CountryCodes": ["DE", "FR"]}},
         {"SizeConstraintStatement": {"FieldToMatch": {"Body": {}}, "ComparisonOperator": "GT",
          "Size": 8192, "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}]}},
       "Action": {"Captcha": {"CustomRequestHandling": {"InsertHeaders": [{"Name": "x-captcha", "Value": "1"}]}}},
       "RuleLabels": [{"Name": "awswaf:123456789012:webacl:api-acl:admin"}],
       "CaptchaConfig": {"ImmunityTimeProperty": {"ImmunityTime": 300}}, )" +
                kVisibility + R"(}],
    )" + kVisibility +
                R"(, "Capacity": 731, "ManagedByFirewallManager": false,
    "LabelNamespace": "awswaf:123456789012:webacl:api-acl:",
    "CustomResponseBodies": {"denied": {"ContentType": "APPLICATION_JSON", "Content": "{\"error\":\"denied\"}"}},
    "CaptchaConfig": {"ImmunityTimeProperty": {"ImmunityTime": 600}},
    "TokenDomains": ["example.com"]}, "LockToken": "1234"})");
  run.reply("GetWebACL", {{"Name", "open-acl"}, {"Scope", "REGIONAL"}},
            std::string(R"({"WebACL": {
    "Name": "open-acl", "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222", "ARN": ")") +
                kOpenAclArn + R"(",
    "DefaultAction": {"Allow": {}}, "Rules": [], )" +
                kVisibility + R"(, "Capacity": 0}})");
  run.reply("GetWebACL", {{"Name", "cdn-acl"}, {"Scope", "CLOUDFRONT"}},
            std::string(R"({"WebACL": {
    "Name": "cdn-acl", "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE33333", "ARN": ")") +
                kCfAclArn + R"(",
    "DefaultAction": {"Allow": {"CustomRequestHandling": {"InsertHeaders": [{"Name": "x-cdn", "Value": "yes"}]}}},
    "Rules": [], )" +
                kVisibility + R"(, "Capacity": 0}})");
  run.reply("GetLoggingConfiguration", {{"ResourceArn", kAclArn}},
            R"({"LoggingConfiguration": {
    "ResourceArn": ")" +
                kAclArn + R"(", "LogDestinationConfigs": [")" + kLogGroupArn + R"("],
    "RedactedFields": [{"SingleHeader": {"Name": "authorization"}}, {"QueryString": {}}],
    "ManagedByFirewallManager": false,
    "LoggingFilter": {"Filters": [{"Behavior": "KEEP", "Requirement": "MEETS_ANY",
      "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}, {"LabelNameCondition": {"LabelName": "awswaf:managed:aws:bot"}}]}],
      "DefaultBehavior": "DROP"}, "LogType": "WAF_LOGS", "LogScope": "CUSTOMER"}})");
  for (const std::string& arn : {kOpenAclArn, kCfAclArn})
    run.on("GetLoggingConfiguration", {{"ResourceArn", arn}})
        .reply(json_error(
            400, "WAFNonexistentItemException",
            "AWS WAF couldn't perform the operation because your resource doesn't exist."));
  run.reply("ListResourcesForWebACL",
            {{"WebACLArn", kAclArn}, {"ResourceType", "APPLICATION_LOAD_BALANCER"}},
            R"({"ResourceArns": [")" + kAlbArn + R"("]})");
  run.reply("ListResourcesForWebACL", {{"WebACLArn", kAclArn}, {"ResourceType", "API_GATEWAY"}},
            R"({"ResourceArns": [")" + kStageArn + R"("]})");
  run.reply("ListResourcesForWebACL", {{"WebACLArn", kOpenAclArn}}, R"({"ResourceArns": []})");
}

TEST(PlatformWaf, WebAclsOfBothScopesWithLoggingAndResources) {
  Collect run;
  route_waf(run);
  run.stand_in(node_id("alb", "web"), kAlbArn);
  run.stand_in(node_id("apigateway_stage", "prod"), kStageArn);
  run.stand_in(node_id("log_group", "us-east-1/aws-waf-logs-api"), kLogGroupArn);
  run.collect(collect_wafv2, "us-east-1");
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.unmatched(), "");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  std::string api = node_id("waf_web_acl", kAclArn);
  std::string open = node_id("waf_web_acl", kOpenAclArn);
  std::string cdn = node_id("waf_web_acl", kCfAclArn);
  EXPECT_EQ(g.ids_of_kind("aws_waf_web_acl"), (std::set<std::string>{api, open, cdn}));
  auto a = g.node(api);
  EXPECT_EQ(text(a, "/id"), "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
  EXPECT_EQ(text(a, "/name"), "api-acl");
  EXPECT_EQ(text(a, "/arn"), kAclArn);
  EXPECT_EQ(text(a, "/description"), "for api-acl");
  EXPECT_EQ(val(a, "/default_action"),
            R"({"block":{"response_code":403,"custom_response_body_key":"denied",)"
            R"("response_headers":[{"name":"x-why","value":"waf"}]}})");
  EXPECT_EQ(val(a, "/rules/0/statement/rate_based_statement/limit"), "2000");
  EXPECT_EQ(val(a,
                "/rules/0/statement/rate_based_statement/scope_down_statement/not_statement/"
                "statement/byte_match_statement"),
            R"({"search_string":"L2hlYWx0aA==","field_to_match":{"uri_path":{}},)"
            R"("text_transformations":[{"priority":0,"type":"LOWERCASE"}],)"
            R"("positional_constraint":"STARTS_WITH"})");
  EXPECT_EQ(val(a, "/rules/0/action"), R"({"block":{}})");
  EXPECT_EQ(val(a, "/rules/1/statement/managed_rule_group_statement/excluded_rules"),
            R"(["SizeRestrictions_BODY"])");
  EXPECT_EQ(
      val(a, "/rules/1/statement/managed_rule_group_statement/rule_action_overrides"),
      R"([{"name":"NoUserAgent_HEADER","action_to_use":{"count":{"custom_request_handling":[]}}}])");
  EXPECT_EQ(val(a, "/rules/1/override_action"), R"({"none":{}})");
  EXPECT_EQ(val(a,
                "/rules/2/statement/and_statement/statements/0/byte_match_statement/"
                "field_to_match"),
            R"({"single_header":"x-role"})");
  EXPECT_EQ(val(a, "/rules/2/statement/and_statement/statements/1/geo_match_statement"),
            R"({"country_codes":["DE","FR"]})");
  EXPECT_EQ(val(a,
                "/rules/2/statement/and_statement/statements/2/size_constraint_statement/"
                "field_to_match"),
            R"({"body":"CONTINUE"})");
  EXPECT_EQ(val(a, "/rules/2/action"),
            R"({"captcha":{"custom_request_handling":[{"name":"x-captcha","value":"1"}]}})");
  EXPECT_EQ(val(a, "/rules/2/rule_labels"), R"(["awswaf:123456789012:webacl:api-acl:admin"])");
  EXPECT_EQ(val(a, "/rules/2/captcha_config"), R"({"immunity_time_property":300})");
  EXPECT_EQ(
      val(a, "/rules/2/visibility_config"),
      R"({"sampled_requests_enabled":true,"cloud_watch_metrics_enabled":true,"metric_name":"m"})");
  EXPECT_EQ(val(a, "/capacity"), "731");
  EXPECT_EQ(val(a, "/managed_by_firewall_manager"), "false");
  EXPECT_EQ(val(a, "/custom_response_bodies"),
            R"({"denied":{"content_type":"APPLICATION_JSON","content":"{\"error\":\"denied\"}"}})");
  EXPECT_EQ(val(a, "/captcha_config"), R"({"immunity_time_property":600})");
  EXPECT_EQ(val(a, "/token_domains"), R"(["example.com"])");
  EXPECT_EQ(
      val(a, "/logging_configuration"),
      R"({"log_destination_configs":[")" + kLogGroupArn +
          R"("],)"
          R"("redacted_fields":[{"single_header":"authorization"},{"query_string":{}}],)"
          R"("managed_by_firewall_manager":false,"logging_filter":{"filters":[{"behavior":"KEEP",)"
          R"("requirement":"MEETS_ANY","conditions":[{"action_condition":"BLOCK"},)"
          R"({"label_name_condition":"awswaf:managed:aws:bot"}]}],"default_behavior":"DROP"}})");
  // The ACL protects the load balancer and the stage and logs to the group.
  EXPECT_TRUE(g.edge(api, node_id("alb", "web")));
  EXPECT_TRUE(g.edge(api, node_id("apigateway_stage", "prod")));
  EXPECT_TRUE(g.edge(api, node_id("log_group", "us-east-1/aws-waf-logs-api")));
  EXPECT_TRUE(g.edge(kGlobalNode, api));

  auto o = g.node(open);
  EXPECT_EQ(val(o, "/default_action"), R"({"allow":[]})");
  EXPECT_EQ(val(o, "/rules"), "[]");
  EXPECT_EQ(val(o, "/logging_configuration"), kAbsent);  // no logging: null, no warning
  auto c = g.node(cdn);
  EXPECT_EQ(val(c, "/default_action"), R"({"allow":[{"name":"x-cdn","value":"yes"}]})");
  EXPECT_TRUE(g.edge(kGlobalNode, cdn));
  // CloudFront ACLs protect distributions, which name their ACL themselves.
  EXPECT_EQ(run.http.count("ListResourcesForWebACL", {{"WebACLArn", kCfAclArn}}), 0);
  EXPECT_EQ(run.http.count("ListWebACLs", {{"Scope", "REGIONAL"}}), 3);
}

TEST(PlatformWaf, CloudFrontScopeOnlyInUsEast1) {
  Collect run;
  route_waf(run);
  run.collect(collect_wafv2, "us-gov-west-1");
  EXPECT_EQ(run.http.count("ListWebACLs", {{"Scope", "CLOUDFRONT"}}), 0);
  EXPECT_EQ(run.graph->ids_of_kind("aws_waf_web_acl").size(), 2u);
}

TEST(PlatformWaf, FailuresAreWarningsAndTheAclStays) {
  Collect run;
  route_waf(run);
  run.on("GetWebACL", {{"Name", "api-acl"}, {"Scope", "REGIONAL"}})
      .reply(denied("wafv2:GetWebACL"));
  run.on("ListResourcesForWebACL", {{"WebACLArn", kAclArn}, {"ResourceType", "API_GATEWAY"}})
      .reply(denied("wafv2:ListResourcesForWebACL"));
  run.on("ListWebACLs", {{"Scope", "CLOUDFRONT"}}).reply(denied("wafv2:ListWebACLs"));
  run.stand_in(node_id("alb", "web"), kAlbArn);
  run.collect(collect_wafv2, "us-east-1");
  const Graph& g = *run.graph;
  EXPECT_EQ(own_model_errors(g), "");

  // From its list entry, with its logging and the resources that could be read.
  auto a = g.node(node_id("waf_web_acl", kAclArn));
  EXPECT_EQ(text(a, "/name"), "api-acl");
  EXPECT_EQ(text(a, "/description"), "for api-acl");
  EXPECT_EQ(val(a, "/rules"), kAbsent);
  EXPECT_EQ(val(a, "/logging_configuration/log_destination_configs"),
            R"([")" + kLogGroupArn + R"("])");
  EXPECT_TRUE(g.edge(node_id("waf_web_acl", kAclArn), node_id("alb", "web")));
  EXPECT_TRUE(g.has(node_id("waf_web_acl", kOpenAclArn)));
  EXPECT_FALSE(g.has(node_id("waf_web_acl", kCfAclArn)));
  std::vector<std::string> w = run.warnings.list();
  std::sort(w.begin(), w.end());
  ASSERT_EQ(w.size(), 3u) << run.warning_text();
  EXPECT_TRUE(w[0].starts_with("wafv2 us-east-1 GetWebACL api-acl: AccessDeniedException")) << w[0];
  EXPECT_TRUE(w[1].starts_with("wafv2 us-east-1 ListResourcesForWebACL api-acl: ")) << w[1];
  EXPECT_TRUE(w[2].starts_with("wafv2 us-east-1 ListWebACLs CLOUDFRONT: ")) << w[2];
}

}  // namespace
}  // namespace canopy::aws
