#include "collect/aws/services/eks.h"

#include <set>
#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

const Service& eks() {
  return services::kEks;
}

bool member(element e, std::string_view key, element& out) {
  return e[key].get(out) == simdjson::SUCCESS && !out.is_null();
}

std::string_view as_string(element e) {
  std::string_view s;
  return e.get(s) == simdjson::SUCCESS ? s : std::string_view();
}

void text(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  b.str_if(name, json_string(e, key));
}

void flag(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  bool v;
  if (e[key].get(v) == simdjson::SUCCESS) b.boolean(name, v);
}

void number(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  int64_t v;
  if (e[key].get(v) == simdjson::SUCCESS) b.num(name, v);
}

// A list of strings; [] when absent.
void strings(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  b.begin_array(name);
  simdjson::dom::array a;
  if (e[key].get(a) == simdjson::SUCCESS)
    for (element x : a) b.str_element(as_string(x));
  b.end_array();
}

void string_map(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  simdjson::dom::object o;
  if (e[key].get(o) != simdjson::SUCCESS) return;
  b.begin_object(name);
  for (auto [k, v] : o) b.str(k, as_string(v));
  b.end_object();
}

// Timestamps arrive as epoch seconds (with fractions).
void epoch(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  double v;
  if (e[key].get(v) == simdjson::SUCCESS) b.time(name, format_datetime(static_cast<int64_t>(v)));
}

// Begins object `name` when `e` has the object `key` (the caller ends it).
bool object(JsonBuilder& b, std::string_view name, element e, std::string_view key, element& out) {
  if (!member(e, key, out) || !out.is_object()) return false;
  b.begin_object(name);
  return true;
}

std::vector<element> list(element e, std::string_view key) {
  std::vector<element> out;
  simdjson::dom::array a;
  if (e[key].get(a) == simdjson::SUCCESS) out.assign(a.begin(), a.end());
  return out;
}

// Every name of a paged list (`nextToken` in the query and the answer).
CallStatus names(AccountContext& ctx, const std::string& region, const std::string& op,
                 const std::string& path, std::string_view key, std::vector<std::string>& out) {
  std::set<std::string> seen;
  std::string token;
  while (true) {
    std::string query = "maxResults=100";
    if (!token.empty()) query += "&nextToken=" + uri_encode(token, true);
    JsonReply r = rest_json_call(ctx.client, eks(), region, op, "GET", path, query);
    if (!r.ok) return {false, r.error};
    for (element n : list(r.root, key)) out.emplace_back(as_string(n));
    token = std::string(json_string(r.root, "nextToken"));
    if (token.empty()) return {};
    if (!seen.insert(token).second)
      return {false, ApiError{"MalformedResponse", "pagination: nextToken repeated", -1}};
  }
}

// Default edge plus a delete edge in the same direction.
void owns(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(from, to, true);
}

void tags(JsonBuilder& b, element e) {
  b.begin_object("tags");
  simdjson::dom::object o;
  if (e["tags"].get(o) == simdjson::SUCCESS)
    for (auto [k, v] : o) b.str(k, as_string(v));
  b.end_object();
}

void vpc_config(JsonBuilder& b, element c) {
  element v;
  if (!object(b, "cluster_resources_vpc_config", c, "resourcesVpcConfig", v)) return;
  strings(b, "subnet_ids", v, "subnetIds");
  strings(b, "security_group_ids", v, "securityGroupIds");
  text(b, "cluster_security_group_id", v, "clusterSecurityGroupId");
  text(b, "vpc_id", v, "vpcId");
  flag(b, "endpoint_public_access", v, "endpointPublicAccess");
  flag(b, "endpoint_private_access", v, "endpointPrivateAccess");
  strings(b, "public_access_cidrs", v, "publicAccessCidrs");
  b.end_object();
}

void logging(JsonBuilder& b, element c) {
  element l;
  if (!object(b, "cluster_logging", c, "logging", l)) return;
  b.begin_array("cluster_logging");
  for (element setup : list(l, "clusterLogging")) {
    b.begin_object();
    strings(b, "types", setup, "types");
    flag(b, "enabled", setup, "enabled");
    b.end_object();
  }
  b.end_array();
  b.end_object();
}

// `[]` when the cluster's secrets are not encrypted with a key of ours (spec §5).
void encryption(JsonBuilder& b, element c) {
  b.begin_array("cluster_encryption_config");
  for (element e : list(c, "encryptionConfig")) {
    b.begin_object();
    strings(b, "resources", e, "resources");
    element provider;
    if (member(e, "provider", provider)) text(b, "provider", provider, "keyArn");
    b.end_object();
  }
  b.end_array();
}

void nodegroup(AccountContext& ctx, const std::string& region, const std::string& cluster_node,
               element g) {
  std::string arn(json_string(g, "nodegroupArn"));
  std::string name(json_string(g, "nodegroupName"));
  JsonBuilder b;
  b.str("kind", "aws_eks_nodegroup").str("id", name).str("name", name).str_if("arn", arn);
  tags(b, g);
  epoch(b, "ctime", g, "createdAt");
  text(b, "cluster_name", g, "clusterName");
  text(b, "group_version", g, "version");
  text(b, "group_release_version", g, "releaseVersion");
  epoch(b, "group_modified_at", g, "modifiedAt");
  text(b, "group_status", g, "status");
  text(b, "group_capacity_type", g, "capacityType");
  element o, sub;
  if (object(b, "group_scaling_config", g, "scalingConfig", o)) {
    number(b, "min_size", o, "minSize");
    number(b, "max_size", o, "maxSize");
    number(b, "desired_size", o, "desiredSize");
    b.end_object();
  }
  strings(b, "group_instance_types", g, "instanceTypes");
  strings(b, "group_subnets", g, "subnets");
  if (object(b, "group_remote_access", g, "remoteAccess", o)) {
    text(b, "ec2_ssh_key", o, "ec2SshKey");
    strings(b, "source_security_groups", o, "sourceSecurityGroups");
    b.end_object();
  }
  text(b, "group_ami_type", g, "amiType");
  text(b, "group_node_role", g, "nodeRole");
  string_map(b, "group_labels", g, "labels");
  b.begin_array("group_taints");
  for (element t : list(g, "taints")) {
    b.begin_object();
    text(b, "key", t, "key");
    text(b, "value", t, "value");
    text(b, "effect", t, "effect");
    b.end_object();
  }
  b.end_array();
  if (object(b, "group_resources", g, "resources", o)) {
    b.begin_array("auto_scaling_groups");
    for (element a : list(o, "autoScalingGroups")) b.str_element(json_string(a, "name"));
    b.end_array();
    text(b, "remote_access_security_group", o, "remoteAccessSecurityGroup");
    b.end_object();
  }
  number(b, "group_disk_size", g, "diskSize");
  if (object(b, "group_health", g, "health", o)) {
    b.begin_array("issues");
    for (element i : list(o, "issues")) {
      b.begin_object();
      text(b, "code", i, "code");
      text(b, "message", i, "message");
      strings(b, "resource_ids", i, "resourceIds");
      b.end_object();
    }
    b.end_array();
    b.end_object();
  }
  if (object(b, "group_update_config", g, "updateConfig", o)) {
    number(b, "max_unavailable", o, "maxUnavailable");
    number(b, "max_unavailable_percentage", o, "maxUnavailablePercentage");
    b.end_object();
  }
  if (object(b, "group_launch_template", g, "launchTemplate", sub)) {
    text(b, "name", sub, "name");
    text(b, "version", sub, "version");
    text(b, "id", sub, "id");
    b.end_object();
  }
  std::string node = ctx.id("eks_nodegroup", arn);
  ctx.out.node(node, "aws_eks_nodegroup", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  owns(ctx, cluster_node, node);
}

// ResourceNotFoundException: the cluster or node group was deleted meanwhile.
void nodegroups(AccountContext& ctx, const std::string& region, const std::string& cluster,
                const std::string& cluster_node) {
  std::string path = "/clusters/" + uri_encode(cluster, true) + "/node-groups";
  std::vector<std::string> groups;
  auto st = names(ctx, region, "ListNodegroups", path, "nodegroups", groups);
  if (!st.ok && st.error.code != "ResourceNotFoundException")
    ctx.warn("eks " + region + " ListNodegroups " + cluster, st.error);
  for (const std::string& g : groups) {
    JsonReply r = rest_json_call(ctx.client, eks(), region, "DescribeNodegroup", "GET",
                                 path + "/" + uri_encode(g, true));
    element ng;
    if (r.ok && member(r.root, "nodegroup", ng))
      nodegroup(ctx, region, cluster_node, ng);
    else if (!r.ok && r.error.code != "ResourceNotFoundException")
      ctx.warn("eks " + region + " DescribeNodegroup " + cluster + "/" + g, r.error);
  }
}

void cluster(AccountContext& ctx, const std::string& region, const std::string& name) {
  JsonReply r = rest_json_call(ctx.client, eks(), region, "DescribeCluster", "GET",
                               "/clusters/" + uri_encode(name, true));
  element c;
  if (!r.ok || !member(r.root, "cluster", c)) {
    if (!r.ok && r.error.code != "ResourceNotFoundException")
      ctx.warn("eks " + region + " DescribeCluster " + name, r.error);
    return;
  }
  std::string arn(json_string(c, "arn"));
  JsonBuilder b;
  b.str("kind", "aws_eks_cluster").str("id", name).str("name", name).str_if("arn", arn);
  tags(b, c);
  epoch(b, "ctime", c, "createdAt");
  text(b, "cluster_version", c, "version");
  text(b, "cluster_endpoint", c, "endpoint");
  text(b, "cluster_role_arn", c, "roleArn");
  vpc_config(b, c);
  element o, sub;
  if (object(b, "cluster_kubernetes_network_config", c, "kubernetesNetworkConfig", o)) {
    text(b, "service_ipv4_cidr", o, "serviceIpv4Cidr");
    text(b, "service_ipv6_cidr", o, "serviceIpv6Cidr");
    text(b, "ip_family", o, "ipFamily");
    b.end_object();
  }
  logging(b, c);
  if (object(b, "cluster_identity", c, "identity", o)) {
    if (member(o, "oidc", sub)) text(b, "oidc", sub, "issuer");
    b.end_object();
  }
  text(b, "cluster_status", c, "status");
  if (member(c, "certificateAuthority", o)) text(b, "cluster_certificate_authority", o, "data");
  text(b, "cluster_client_request_token", c, "clientRequestToken");
  text(b, "cluster_platform_version", c, "platformVersion");
  encryption(b, c);
  // activationCode is left out: it registers a cluster with EKS.
  if (object(b, "cluster_connector_config", c, "connectorConfig", o)) {
    text(b, "activation_id", o, "activationId");
    epoch(b, "activation_expiry", o, "activationExpiry");
    text(b, "provider", o, "provider");
    text(b, "role_arn", o, "roleArn");
    b.end_object();
  }

  std::string node = ctx.id("eks_cluster", arn);
  ctx.out.node(node, "aws_eks_cluster", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  if (std::string role(json_string(c, "roleArn")); !role.empty()) owns(ctx, role, node);
  for (element e : list(c, "encryptionConfig")) {
    element provider;
    if (!member(e, "provider", provider)) continue;
    if (std::string key = kms_key_node(ctx, json_string(provider, "keyArn")); !key.empty()) {
      ctx.out.edge(node, key);
      ctx.out.edge(key, node, true);
    }
  }
  nodegroups(ctx, region, name, node);
}

}  // namespace

void collect_eks(AccountContext& ctx, const std::string& region) {
  std::vector<std::string> clusters;
  auto st = names(ctx, region, "ListClusters", "/clusters", "clusters", clusters);
  if (!st.ok) ctx.warn("eks " + region + " ListClusters", st.error);
  run_parallel(clusters.size(), ctx.threads, [&](size_t i) { cluster(ctx, region, clusters[i]); });
}

}  // namespace canopy::aws
