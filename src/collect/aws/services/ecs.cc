#include "collect/aws/services/ecs.h"

#include <cmath>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;

const Service& ecs() {
  return services::kEcs;
}

// JSON protocols send timestamps as epoch seconds (with fractions).
void epoch_time(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  double seconds;
  if (n[field].get(seconds) == SUCCESS)
    b.str(key, format_datetime(int64_t(std::floor(seconds))));
  else
    b.time(key, json_string(n, field));
}

void text(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.str_if(key, json_string(n, field));
}

void flag(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  bool value;
  if (n[field].get(value) == SUCCESS) b.boolean(key, value);
}

void integer(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  int64_t value;
  if (n[field].get(value) == SUCCESS) b.num(key, value);
}

// A list of strings, [] when absent.
void texts(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.begin_array(key);
  simdjson::dom::array list;
  if (n[field].get(list) == SUCCESS)
    for (element e : list) {
      std::string_view s;
      if (e.get(s) == SUCCESS) b.str_element(s);
    }
  b.end_array();
}

// A string → string map as an object.
void strings_map(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  simdjson::dom::object map;
  if (n[field].get(map) != SUCCESS) return;
  b.begin_object(key);
  for (auto [k, v] : map) {
    std::string_view s;
    if (v.get(s) == SUCCESS) b.str(k, s);
  }
  b.end_object();
}

// Calls `fn` for the object `field` of `n` inside begin_object(key)/end_object().
template <typename Fn>
void object(JsonBuilder& b, std::string_view key, element n, std::string_view field, Fn fn) {
  element o;
  if (n[field].get(o) != SUCCESS || !o.is_object()) return;
  b.begin_object(key);
  fn(o);
  b.end_object();
}

// An array of objects, [] when absent.
template <typename Fn>
void objects(JsonBuilder& b, std::string_view key, element n, std::string_view field, Fn fn) {
  b.begin_array(key);
  simdjson::dom::array list;
  if (n[field].get(list) == SUCCESS)
    for (element e : list) {
      b.begin_object();
      fn(e);
      b.end_object();
    }
  b.end_array();
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
    texts(b, "add", c, "add");
    texts(b, "drop", c, "drop");
  });
  objects(b, "devices", p, "devices", [&](element d) {
    text(b, "host_path", d, "hostPath");
    text(b, "container_path", d, "containerPath");
    texts(b, "permissions", d, "permissions");
  });
  flag(b, "init_process_enabled", p, "initProcessEnabled");
  integer(b, "shared_memory_size", p, "sharedMemorySize");
  objects(b, "tmpfs", p, "tmpfs", [&](element t) {
    text(b, "container_path", t, "containerPath");
    integer(b, "size", t, "size");
    texts(b, "mount_options", t, "mountOptions");
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
  texts(b, "links", c, "links");
  objects(b, "port_mappings", c, "portMappings", [&](element p) {
    integer(b, "container_port", p, "containerPort");
    integer(b, "host_port", p, "hostPort");
    text(b, "protocol", p, "protocol");
  });
  flag(b, "essential", c, "essential");
  texts(b, "entry_point", c, "entryPoint");
  texts(b, "command", c, "command");
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
  texts(b, "dns_servers", c, "dnsServers");
  texts(b, "dns_search_domains", c, "dnsSearchDomains");
  objects(b, "extra_hosts", c, "extraHosts", [&](element h) {
    text(b, "hostname", h, "hostname");
    text(b, "ip_address", h, "ipAddress");
  });
  texts(b, "docker_security_options", c, "dockerSecurityOptions");
  flag(b, "interactive", c, "interactive");
  flag(b, "pseudo_terminal", c, "pseudoTerminal");
  strings_map(b, "docker_labels", c, "dockerLabels");
  objects(b, "ulimits", c, "ulimits", [&](element u) {
    text(b, "name", u, "name");
    integer(b, "soft_limit", u, "softLimit");
    integer(b, "hard_limit", u, "hardLimit");
  });
  object(b, "log_configuration", c, "logConfiguration", [&](element l) {
    text(b, "log_driver", l, "logDriver");
    strings_map(b, "options", l, "options");
    secrets(b, "secret_options", l, "secretOptions");
  });
  object(b, "health_check", c, "healthCheck", [&](element h) {
    texts(b, "command", h, "command");
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
    strings_map(b, "options", f, "options");
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
    strings_map(b, "driver_opts", d, "driverOpts");
    strings_map(b, "labels", d, "labels");
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

// Writes the tags as an object and returns the Name tag ("" when none).
std::string write_tags(JsonBuilder& b, element reply) {
  std::string name;
  b.begin_object("tags");
  simdjson::dom::array list;
  if (reply["tags"].get(list) == SUCCESS)
    for (element t : list) {
      b.str(json_string(t, "key"), json_string(t, "value"));
      if (json_string(t, "key") == "Name") name = json_string(t, "value");
    }
  b.end_object();
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
  texts(b, "compatibilities", td, "compatibilities");
  object(b, "runtime_platform", td, "runtimePlatform", [&](element p) {
    text(b, "cpu_architecture", p, "cpuArchitecture");
    text(b, "operating_system_family", p, "operatingSystemFamily");
  });
  texts(b, "requires_compatibilities", td, "requiresCompatibilities");
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
  std::vector<std::string> arns;
  auto st = json_pages(ctx.client, ecs(), region, "ListTaskDefinitions", "\"maxResults\":100",
                       "nextToken", "nextToken", [&](const JsonReply& page) {
                         simdjson::dom::array list;
                         if (page.root["taskDefinitionArns"].get(list) != SUCCESS) return;
                         for (element a : list) {
                           std::string_view s;
                           if (a.get(s) == SUCCESS) arns.emplace_back(s);
                         }
                       });
  if (!st.ok) ctx.warn("ecs " + region + " ListTaskDefinitions", st.error);
  run_parallel(arns.size(), ctx.threads, [&](size_t i) { task_definition(ctx, region, arns[i]); });
}

}  // namespace canopy::aws
