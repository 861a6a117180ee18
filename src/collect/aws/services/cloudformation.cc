#include "collect/aws/services/cloudformation.h"

#include <map>

#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/refs.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::objects;
using qfields::strings;
using qfields::text;

std::string part(const std::string& region, const std::string& what) {
  return call_part("cloudformation", region, what);
}

// Resource types whose PhysicalResourceId is the id another collector's
// node is made of (see refs.h): ctx.id(tag, id).
const std::map<std::string_view, const char*> kById = {
    {"AWS::EC2::Instance", "instance"},
    {"AWS::EC2::VPC", "vpc"},
    {"AWS::EC2::Subnet", "subnet"},
    {"AWS::EC2::SecurityGroup", "security_group"},
    {"AWS::EC2::Volume", "volume"},
    {"AWS::EC2::NetworkAcl", "network_acl"},
    {"AWS::EC2::RouteTable", "route_table"},
    {"AWS::EC2::InternetGateway", "internet_gateway"},
    {"AWS::EC2::NatGateway", "nat_gateway"},
    {"AWS::EC2::LaunchTemplate", "launch_template"},
    {"AWS::EC2::FlowLog", "flow_log"},
    {"AWS::EC2::NetworkInterface", "network_interface"},
    {"AWS::EC2::VPCEndpoint", "vpc_endpoint"},
    {"AWS::EC2::VPCPeeringConnection", "vpc_peering"},
    {"AWS::EC2::EIP", "elastic_ip"},
    {"AWS::S3::Bucket", "s3_bucket"},
};

// … whose PhysicalResourceId is a name unique within the region: ctx.id(tag, region/name).
const std::map<std::string_view, const char*> kByRegionalName = {
    {"AWS::RDS::DBInstance", "rds_instance"},
    {"AWS::Redshift::Cluster", "redshift_cluster"},
    {"AWS::ElasticLoadBalancing::LoadBalancer", "elb"},
    {"AWS::AutoScaling::AutoScalingGroup", "autoscaling_group"},
    {"AWS::Logs::LogGroup", "log_group"},
    {"AWS::SSM::Document", "ssm_document"},
};

// … whose PhysicalResourceId is a name the node's ARN is built from:
// arn:<partition>:<service>:<region>:<account>:<prefix><name> (IAM: no
// region; users and roles with a path other than / are missed).
struct ArnForm {
  const char* service;
  bool regional;
  const char* prefix;
};
const std::map<std::string_view, ArnForm> kByArn = {
    {"AWS::IAM::Role", {"iam", false, "role/"}},
    {"AWS::IAM::User", {"iam", false, "user/"}},
    {"AWS::Lambda::Function", {"lambda", true, "function:"}},
    {"AWS::DynamoDB::Table", {"dynamodb", true, "table/"}},
    {"AWS::ECR::Repository", {"ecr", true, "repository/"}},
    {"AWS::EKS::Cluster", {"eks", true, "cluster/"}},
    {"AWS::CloudTrail::Trail", {"cloudtrail", true, "trail/"}},
    {"AWS::SQS::Queue", {"sqs", true, ""}},  // the id is the queue URL; its last part the name
};

// What an edge to a stack resource names (a node id or an alias), "" when
// it is not a resource Canopy knows how to find.
std::string resource_ref(const AccountContext& ctx, const std::string& region,
                         std::string_view type, std::string_view id) {
  if (id.empty()) return "";
  if (id.starts_with("arn:")) return std::string(id);
  if (type == "AWS::KMS::Key") return kms_key_node(ctx, region, id);
  if (auto t = kById.find(type); t != kById.end()) return ctx.id(t->second, id);
  if (auto t = kByRegionalName.find(type); t != kByRegionalName.end())
    return ctx.id(t->second, region + "/" + std::string(id));
  if (auto t = kByArn.find(type); t != kByArn.end()) {
    if (type == "AWS::SQS::Queue") id = id.substr(id.rfind('/') + 1);  // npos + 1 = 0
    const ArnForm& f = t->second;
    return "arn:" + ctx.partition + ":" + f.service + ":" + (f.regional ? region : "") + ":" +
           ctx.account_id + ":" + f.prefix + std::string(id);
  }
  return "";
}

void resources(AccountContext& ctx, const std::string& region, const std::string& node,
               const std::string& stack_id, const std::string& name) {
  auto st = query_pages(ctx.client, services::kCloudFormation, region, "ListStackResources",
                        {{"StackName", stack_id}}, [&](const XmlReply& page) {
                          for (auto r : page.result.child("StackResourceSummaries").children()) {
                            std::string ref = resource_ref(ctx, region, text(r, "ResourceType"),
                                                           text(r, "PhysicalResourceId"));
                            if (!ref.empty()) ctx.out.edge(node, ref);
                          }
                        });
  // A stack deleted since DescribeStacks: "Stack with id … does not exist".
  if (!st.ok && !(st.error.code == "ValidationError" &&
                  st.error.message.find("does not exist") != std::string::npos))
    ctx.warn(part(region, "ListStackResources " + name), st.error);
}

void details(JsonBuilder& b, pugi::xml_node n) {
  b.str_if("stack_status", text(n, "StackStatus"))
      .str_if("stack_status_reason", text(n, "StackStatusReason"));
  b.begin_object("stack_parameters");
  for (auto p : n.child("Parameters").children())
    if (*text(p, "ParameterKey")) b.str(text(p, "ParameterKey"), text(p, "ParameterValue"));
  b.end_object();
  b.str_if("stack_change_set_id", text(n, "ChangeSetId"))
      .str_if("description", text(n, "Description"))
      .time("stack_deletion_time", text(n, "DeletionTime"));
  if (pugi::xml_node r = n.child("RollbackConfiguration"); r) {
    b.begin_object("stack_rollback_configuration");
    objects(b, "rollback_triggers", r.child("RollbackTriggers"),
            {{"arn", "Arn"}, {"type", "Type"}});
    b.num("monitoring_time_in_minutes", int_of(r, "MonitoringTimeInMinutes")).end_object();
  }
  b.boolean("stack_disable_rollback", bool_of(n, "DisableRollback"));
  strings(b, "stack_notification_ar_ns", n.child("NotificationARNs"));
  b.num("stack_timeout_in_minutes", int_of(n, "TimeoutInMinutes"));
  strings(b, "stack_capabilities", n.child("Capabilities"));
  objects(b, "stack_outputs", n.child("Outputs"),
          {{"output_key", "OutputKey"},
           {"output_value", "OutputValue"},
           {"description", "Description"},
           {"export_name", "ExportName"}});
  b.str_if("stack_role_arn", text(n, "RoleARN"))
      .boolean("stack_enable_termination_protection", bool_of(n, "EnableTerminationProtection"))
      .str_if("stack_parent_id", text(n, "ParentId"))
      .str_if("stack_root_id", text(n, "RootId"));
  if (pugi::xml_node d = n.child("DriftInformation"); d)
    b.begin_object("stack_drift_information")
        .str_if("stack_drift_status", text(d, "StackDriftStatus"))
        .time("last_check_timestamp", text(d, "LastCheckTimestamp"))
        .end_object();
}

void stack(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = text(n, "StackId"), name = text(n, "StackName");
  b.str("kind", "aws_cloudformation_stack").str("id", id).str("name", name).str("arn", id);
  qfields::tags(b, n.child("Tags"));
  b.time("ctime", text(n, "CreationTime")).time("mtime", text(n, "LastUpdatedTime"));
  details(b, n);

  std::string node = ctx.id("cloudformation_stack", id);
  ctx.out.node(node, "aws_cloudformation_stack", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(id, node);
  resources(ctx, region, node, id, name);
}

}  // namespace

void collect_cloudformation(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kCloudFormation, region, "DescribeStacks", {},
                        each_listed<pugi::xml_node>(
                            ctx,
                            [](const XmlReply& page, std::vector<pugi::xml_node>& stacks) {
                              for (auto n : page.result.child("Stacks").children())
                                if (n.type() == pugi::node_element) stacks.push_back(n);
                            },
                            [&](pugi::xml_node n) { stack(ctx, region, n); }));
  if (!st.ok) ctx.warn(part(region, "DescribeStacks"), st.error);
}

}  // namespace canopy::aws
