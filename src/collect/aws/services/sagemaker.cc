#include "collect/aws/services/sagemaker.h"

#include <utility>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

const Service& sagemaker() {
  return services::kSageMaker;
}

// Notebooks, models and training jobs are listed with their name and ARN.
struct Listed {
  std::string name, arn;
};

struct Kind {
  const char* list_op;      // ListNotebookInstances
  const char* list_field;   // NotebookInstances
  const char* name_field;   // NotebookInstanceName (list entry and describe request)
  const char* arn_field;    // NotebookInstanceArn
  const char* describe_op;  // DescribeNotebookInstance
  const char* kind;         // aws_sagemaker_notebook
  const char* tag;          // node id tag
  void (*write)(JsonBuilder& b, element d);
  // Edges of the node, after it was added.
  void (*link)(AccountContext& ctx, const std::string& region, const std::string& node, element d);
};

// Every entry of the kind's listing, to `each` a page at a time.
template <class Each>
void list(AccountContext& ctx, const std::string& region, const Kind& k, Each each) {
  auto st = json_pages(ctx.client, sagemaker(), region, k.list_op, "\"MaxResults\":100",
                       "NextToken", "NextToken",
                       each_listed<Listed>(
                           ctx,
                           [&k](const JsonReply& page, std::vector<Listed>& out) {
                             for (element i : fields::list(page.root, k.list_field))
                               out.push_back({std::string(json_string(i, k.name_field)),
                                              std::string(json_string(i, k.arn_field))});
                           },
                           each));
  if (!st.ok) ctx.warn("sagemaker " + region + " " + k.list_op, st.error);
}

// Deleted between the list and the describe call: SageMaker answers
// ResourceNotFound or a ValidationException that says so.
bool gone(const ApiError& e) {
  if (e.code == "ResourceNotFound" || e.code == "ResourceNotFoundException") return true;
  return e.code == "ValidationException" &&
         (e.message.find("RecordNotFound") != std::string::npos ||
          e.message.find("not find") != std::string::npos ||
          e.message.find("does not exist") != std::string::npos);
}

void tags(AccountContext& ctx, const std::string& region, const Listed& item, JsonBuilder& b) {
  std::vector<std::pair<std::string, std::string>> found;
  auto st = json_pages(ctx.client, sagemaker(), region, "ListTags",
                       "\"ResourceArn\":" + json::quote(item.arn), "NextToken", "NextToken",
                       [&](const JsonReply& page) {
                         for (element t : fields::list(page.root, "Tags"))
                           found.emplace_back(json_string(t, "Key"), json_string(t, "Value"));
                       });
  if (!st.ok) {
    ctx.warn("sagemaker " + region + " ListTags " + item.name, st.error);
    return;  // unknown, not empty
  }
  b.begin_object("tags");
  for (const auto& [key, value] : found) b.str(key, value);
  b.end_object();
}

void collect_one(AccountContext& ctx, const std::string& region, const Kind& k,
                 const Listed& item) {
  JsonReply d = json_call(ctx.client, sagemaker(), region, k.describe_op,
                          json::quote(k.name_field) + ":" + json::quote(item.name));
  if (!d.ok) {
    if (!gone(d.error))
      ctx.warn("sagemaker " + region + " " + k.describe_op + " " + item.name, d.error);
    return;
  }
  JsonBuilder b;
  b.str("kind", k.kind).str("id", item.name).str("name", item.name).str_if("arn", item.arn);
  tags(ctx, region, item, b);
  epoch_time(b, "ctime", d.root, "CreationTime");
  k.write(b, d.root);
  std::string node = ctx.id(k.tag, item.arn.empty() ? item.name : item.arn);
  ctx.out.node(node, k.kind, b.take());
  ctx.out.alias(item.arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  if (k.link) k.link(ctx, region, node, d.root);
}

void write_notebook(JsonBuilder& b, element d) {
  epoch_time(b, "mtime", d, "LastModifiedTime");
  text(b, "notebook_instance_status", d, "NotebookInstanceStatus");
  text(b, "notebook_failure_reason", d, "FailureReason");
  text(b, "notebook_url", d, "Url");
  text(b, "notebook_instance_type", d, "InstanceType");
  text(b, "notebook_instance_lifecycle_config_name", d, "NotebookInstanceLifecycleConfigName");
  text(b, "notebook_direct_internet_access", d, "DirectInternetAccess");
  integer(b, "notebook_volume_size_in_gb", d, "VolumeSizeInGB");
  strings(b, "notebook_accelerator_types", d, "AcceleratorTypes");
  text(b, "notebook_default_code_repository", d, "DefaultCodeRepository");
  strings(b, "notebook_additional_code_repositories", d, "AdditionalCodeRepositories");
  text(b, "notebook_root_access", d, "RootAccess");
  text(b, "notebook_platform_identifier", d, "PlatformIdentifier");
  element imds;
  if (d["InstanceMetadataServiceConfiguration"].get(imds) == SUCCESS)
    text(b, "notebook_instance_metadata_service_configuration", imds,
         "MinimumInstanceMetadataServiceVersion");
}

void link_notebook(AccountContext& ctx, const std::string& region, const std::string& node,
                   element d) {
  if (auto subnet = json_string(d, "SubnetId"); !subnet.empty())
    owns_edges(ctx, ctx.id("subnet", subnet), node);
  for (element g : fields::list(d, "SecurityGroups"))
    if (g.is_string()) owns_edges(ctx, ctx.id("security_group", as_string(g)), node);
  if (auto role = json_string(d, "RoleArn"); !role.empty())
    owns_edges(ctx, std::string(role), node);
  kms_key_edges(ctx, region, node, json_string(d, "KmsKeyId"));
  if (auto eni = json_string(d, "NetworkInterfaceId"); !eni.empty())
    depends_edges(ctx, node, ctx.id("network_interface", eni));
}

void write_model(JsonBuilder& b, element d) {
  element config;
  if (d["InferenceExecutionConfig"].get(config) == SUCCESS)
    text(b, "model_inference_execution_config", config, "Mode");
  object(b, "model_vpc_config", d, "VpcConfig", [&](element vpc) {
    strings(b, "security_group_ids", vpc, "SecurityGroupIds");
    strings(b, "subnets", vpc, "Subnets");  // [] inside a present config (checks test it)
  });
  flag(b, "model_enable_network_isolation", d, "EnableNetworkIsolation");
}

void write_training_job(JsonBuilder& b, element d) {
  epoch_time(b, "mtime", d, "LastModifiedTime");
  object(b, "training_job_resource_config", d, "ResourceConfig", [&](element rc) {
    text(b, "instance_type", rc, "InstanceType");
    integer(b, "instance_count", rc, "InstanceCount");
    integer(b, "volume_size_in_gb", rc, "VolumeSizeInGB");
    text(b, "volume_kms_key_id", rc, "VolumeKmsKeyId");
  });
  flag(b, "training_job_enable_network_isolation", d, "EnableNetworkIsolation");
  flag(b, "training_job_enable_inter_container_traffic_encryption", d,
       "EnableInterContainerTrafficEncryption");
}

void link_training_job(AccountContext& ctx, const std::string& region, const std::string& node,
                       element d) {
  element rc;
  if (d["ResourceConfig"].get(rc) != SUCCESS) return;
  kms_key_edges(ctx, region, node, json_string(rc, "VolumeKmsKeyId"));
}

const Kind kNotebook{.list_op = "ListNotebookInstances",
                     .list_field = "NotebookInstances",
                     .name_field = "NotebookInstanceName",
                     .arn_field = "NotebookInstanceArn",
                     .describe_op = "DescribeNotebookInstance",
                     .kind = "aws_sagemaker_notebook",
                     .tag = "sagemaker_notebook",
                     .write = write_notebook,
                     .link = link_notebook};
const Kind kModel{.list_op = "ListModels",
                  .list_field = "Models",
                  .name_field = "ModelName",
                  .arn_field = "ModelArn",
                  .describe_op = "DescribeModel",
                  .kind = "aws_sagemaker_model",
                  .tag = "sagemaker_model",
                  .write = write_model,
                  .link = nullptr};
const Kind kTrainingJob{.list_op = "ListTrainingJobs",
                        .list_field = "TrainingJobSummaries",
                        .name_field = "TrainingJobName",
                        .arn_field = "TrainingJobArn",
                        .describe_op = "DescribeTrainingJob",
                        .kind = "aws_sagemaker_training_job",
                        .tag = "sagemaker_training_job",
                        .write = write_training_job,
                        .link = link_training_job};

}  // namespace

void collect_sagemaker(AccountContext& ctx, const std::string& region) {
  const Kind* kinds[] = {&kNotebook, &kModel, &kTrainingJob};
  ctx.parallel(
      3,
      [&](size_t k) {
        list(ctx, region, *kinds[k],
             [&](const Listed& item) { collect_one(ctx, region, *kinds[k], item); });
      },
      3);
}

}  // namespace canopy::aws
