#include "collect/aws/services/ecs.h"

#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

const Service& ecs() {
  return services::kEcs;
}

void name_values(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  objects(b, key, n, field, [&](element e) {
    text(b, "name", e, "name");
    text(b, "value", e, "value");
  });
}

void secrets(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  objects(b, key, n, field, [&](element s) {
    text(b, "name", s, "name");
    text(b, "value_from", s, "valueFrom");
  });
}

void linux_parameters(JsonBuilder& b, element p) {
  object(b, "capabilities", p, "capabilities", [&](element c) {
    strings(b, "add", c, "add");
    strings(b, "drop", c, "drop");
  });
  objects(b, "devices", p, "devices", [&](element d) {
    text(b, "host_path", d, "hostPath");
    text(b, "container_path", d, "containerPath");
    strings(b, "permissions", d, "permissions");
  });
  flag(b, "init_process_enabled", p, "initProcessEnabled");
  integer(b, "shared_memory_size", p, "sharedMemorySize");
  objects(b, "tmpfs", p, "tmpfs", [&](element t) {
    text(b, "container_path", t, "containerPath");
    integer(b, "size", t, "size");
    strings(b, "mount_options", t, "mountOptions");
  });
  integer(b, "max_swap", p, "maxSwap");
  integer(b, "swappiness", p, "swappiness");
}

void container(JsonBuilder& b, element c) {
  text(b, "name", c, "name");
  text(b, "image", c, "image");
  element creds;
  if (c["repositoryCredentials"].get(creds) == SUCCESS)
    text(b, "repository_credentials", creds, "credentialsParameter");
  integer(b, "cpu", c, "cpu");
  integer(b, "memory", c, "memory");
  integer(b, "memory_reservation", c, "memoryReservation");
  strings(b, "links", c, "links");
  objects(b, "port_mappings", c, "portMappings", [&](element p) {
    integer(b, "container_port", p, "containerPort");
    integer(b, "host_port", p, "hostPort");
    text(b, "protocol", p, "protocol");
  });
  flag(b, "essential", c, "essential");
  strings(b, "entry_point", c, "entryPoint");
  strings(b, "command", c, "command");
  name_values(b, "environment", c, "environment");
  objects(b, "environment_files", c, "environmentFiles", [&](element f) {
    text(b, "value", f, "value");
    text(b, "type", f, "type");
  });
  objects(b, "mount_points", c, "mountPoints", [&](element m) {
    text(b, "source_volume", m, "sourceVolume");
    text(b, "container_path", m, "containerPath");
    flag(b, "read_only", m, "readOnly");
  });
  objects(b, "volumes_from", c, "volumesFrom", [&](element v) {
    text(b, "source_container", v, "sourceContainer");
    flag(b, "read_only", v, "readOnly");
  });
  object(b, "linux_parameters", c, "linuxParameters", [&](element p) { linux_parameters(b, p); });
  secrets(b, "secrets", c, "secrets");
  objects(b, "depends_on", c, "dependsOn", [&](element d) {
    text(b, "container_name", d, "containerName");
    text(b, "condition", d, "condition");
  });
  integer(b, "start_timeout", c, "startTimeout");
  integer(b, "stop_timeout", c, "stopTimeout");
  text(b, "hostname", c, "hostname");
  text(b, "user", c, "user");
  text(b, "working_directory", c, "workingDirectory");
  flag(b, "disable_networking", c, "disableNetworking");
  flag(b, "privileged", c, "privileged");
  flag(b, "readonly_root_filesystem", c, "readonlyRootFilesystem");
  strings(b, "dns_servers", c, "dnsServers");
  strings(b, "dns_search_domains", c, "dnsSearchDomains");
  objects(b, "extra_hosts", c, "extraHosts", [&](element h) {
    text(b, "hostname", h, "hostname");
    text(b, "ip_address", h, "ipAddress");
  });
  strings(b, "docker_security_options", c, "dockerSecurityOptions");
  flag(b, "interactive", c, "interactive");
  flag(b, "pseudo_terminal", c, "pseudoTerminal");
  string_map(b, "docker_labels", c, "dockerLabels");
  objects(b, "ulimits", c, "ulimits", [&](element u) {
    text(b, "name", u, "name");
    integer(b, "soft_limit", u, "softLimit");
    integer(b, "hard_limit", u, "hardLimit");
  });
  object(b, "log_configuration", c, "logConfiguration", [&](element l) {
    text(b, "log_driver", l, "logDriver");
    string_map(b, "options", l, "options");
    secrets(b, "secret_options", l, "secretOptions");
  });
  object(b, "health_check", c, "healthCheck", [&](element h) {
    strings(b, "command", h, "command");
    integer(b, "interval", h, "interval");
    integer(b, "timeout", h, "timeout");
    integer(b, "retries", h, "retries");
    integer(b, "start_period", h, "startPeriod");
  });
  objects(b, "system_controls", c, "systemControls", [&](element s) {
    text(b, "namespace", s, "namespace");
    text(b, "value", s, "value");
  });
  objects(b, "resource_requirements", c, "resourceRequirements", [&](element r) {
    text(b, "value", r, "value");
    text(b, "type", r, "type");
  });
  object(b, "firelens_configuration", c, "firelensConfiguration", [&](element f) {
    text(b, "type", f, "type");
    string_map(b, "options", f, "options");
  });
}

void volume(JsonBuilder& b, element v) {
  text(b, "name", v, "name");
  element host;
  if (v["host"].get(host) == SUCCESS) text(b, "host", host, "sourcePath");
  object(b, "docker_volume_configuration", v, "dockerVolumeConfiguration", [&](element d) {
    text(b, "scope", d, "scope");
    flag(b, "autoprovision", d, "autoprovision");
    text(b, "driver", d, "driver");
    string_map(b, "driver_opts", d, "driverOpts");
    string_map(b, "labels", d, "labels");
  });
  object(b, "efs_volume_configuration", v, "efsVolumeConfiguration", [&](element e) {
    text(b, "file_system_id", e, "fileSystemId");
    text(b, "root_directory", e, "rootDirectory");
    text(b, "transit_encryption", e, "transitEncryption");
    integer(b, "transit_encryption_port", e, "transitEncryptionPort");
    object(b, "authorization_config", e, "authorizationConfig", [&](element a) {
      text(b, "access_point_id", a, "accessPointId");
      text(b, "iam", a, "iam");
    });
  });
  object(b, "fsx_windows_file_server_volume_configuration", v,
         "fsxWindowsFileServerVolumeConfiguration", [&](element f) {
           text(b, "file_system_id", f, "fileSystemId");
           text(b, "root_directory", f, "rootDirectory");
           object(b, "authorization_config", f, "authorizationConfig", [&](element a) {
             text(b, "credentials_parameter", a, "credentialsParameter");
             text(b, "domain", a, "domain");
           });
         });
}

// Writes the tags and returns the Name tag ("" when none).
std::string write_tags(JsonBuilder& b, element reply) {
  tag_list(b, reply, "tags", "key", "value");
  std::string name;
  for (element t : list(reply, "tags"))
    if (json_string(t, "key") == "Name") name = json_string(t, "value");
  return name;
}

void task_definition(AccountContext& ctx, const std::string& region, const std::string& arn) {
  JsonReply r = json_call(ctx.client, ecs(), region, "DescribeTaskDefinition",
                          "\"taskDefinition\":" + json::quote(arn) + ",\"include\":[\"TAGS\"]");
  if (!r.ok) {
    ctx.warn("ecs " + region + " DescribeTaskDefinition " + arn, r.error);
    return;
  }
  element td;
  if (r.root["taskDefinition"].get(td) != SUCCESS) return;
  JsonBuilder b;
  std::string id = arn.substr(arn.rfind('/') + 1);  // family:revision
  b.str("kind", "aws_ecs_task_definition").str("id", id);
  std::string name = write_tags(b, r.root);
  b.str("name", name.empty() ? arn : name).str("arn", arn);
  epoch_time(b, "ctime", td, "registeredAt");
  objects(b, "container_definitions", td, "containerDefinitions",
          [&](element c) { container(b, c); });
  text(b, "family", td, "family");
  text(b, "task_role_arn", td, "taskRoleArn");
  text(b, "execution_role_arn", td, "executionRoleArn");
  text(b, "network_mode", td, "networkMode");
  integer(b, "revision", td, "revision");
  objects(b, "volumes", td, "volumes", [&](element v) { volume(b, v); });
  text(b, "status", td, "status");
  objects(b, "requires_attributes", td, "requiresAttributes", [&](element a) {
    text(b, "name", a, "name");
    text(b, "value", a, "value");
    text(b, "target_type", a, "targetType");
    text(b, "target_id", a, "targetId");
  });
  objects(b, "placement_constraints", td, "placementConstraints", [&](element p) {
    text(b, "type", p, "type");
    text(b, "expression", p, "expression");
  });
  strings(b, "compatibilities", td, "compatibilities");
  object(b, "runtime_platform", td, "runtimePlatform", [&](element p) {
    text(b, "cpu_architecture", p, "cpuArchitecture");
    text(b, "operating_system_family", p, "operatingSystemFamily");
  });
  strings(b, "requires_compatibilities", td, "requiresCompatibilities");
  text(b, "cpu", td, "cpu");
  text(b, "memory", td, "memory");
  objects(b, "inference_accelerators", td, "inferenceAccelerators", [&](element a) {
    text(b, "device_name", a, "deviceName");
    text(b, "device_type", a, "deviceType");
  });
  text(b, "pid_mode", td, "pidMode");
  text(b, "ipc_mode", td, "ipcMode");
  object(b, "proxy_configuration", td, "proxyConfiguration", [&](element p) {
    text(b, "type", p, "type");
    text(b, "container_name", p, "containerName");
    name_values(b, "properties", p, "properties");
  });
  text(b, "registered_by", td, "registeredBy");
  element storage;
  if (td["ephemeralStorage"].get(storage) == SUCCESS)
    integer(b, "ephemeral_storage", storage, "sizeInGiB");

  std::string node = ctx.id("ecs_task_definition", arn);
  ctx.out.node(node, "aws_ecs_task_definition", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  // IAM roles are registered by their ARN.
  for (const char* field : {"taskRoleArn", "executionRoleArn"})
    if (auto role = json_string(td, field); !role.empty()) {
      ctx.out.edge(std::string(role), node);
      ctx.out.edge(std::string(role), node, true);
    }
}

}  // namespace

void collect_ecs(AccountContext& ctx, const std::string& region) {
  auto st = json_pages(ctx.client, ecs(), region, "ListTaskDefinitions", "\"maxResults\":100",
                       "nextToken", "nextToken",
                       each_listed<std::string>(
                           ctx,
                           [](const JsonReply& page, std::vector<std::string>& arns) {
                             for (element a : list(page.root, "taskDefinitionArns"))
                               if (a.is_string()) arns.emplace_back(as_string(a));
                           },
                           [&](const std::string& arn) { task_definition(ctx, region, arn); }));
  if (!st.ok) ctx.warn("ecs " + region + " ListTaskDefinitions", st.error);
}

}  // namespace canopy::aws
