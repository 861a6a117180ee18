#include "collect/aws/services/eks.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

const Service& eks() {
  return services::kEks;
}

// Every name of a paged list (`nextToken` in the query and the answer).
CallStatus names(AccountContext& ctx, const std::string& region, const std::string& op,
                 const std::string& path, std::string_view key, std::vector<std::string>& out) {
  return rest_json_pages(ctx.client, eks(), region, op, path, "maxResults=100", "nextToken",
                         "nextToken", [&](const JsonReply& page) {
                           for (std::string_view n : string_list(page.root, key))
                             out.emplace_back(n);
                         });
}

void vpc_config(JsonBuilder& b, element c) {
  object(b, "cluster_resources_vpc_config", c, "resourcesVpcConfig", [&](element v) {
    strings(b, "subnet_ids", v, "subnetIds");
    strings(b, "security_group_ids", v, "securityGroupIds");
    text(b, "cluster_security_group_id", v, "clusterSecurityGroupId");
    text(b, "vpc_id", v, "vpcId");
    flag(b, "endpoint_public_access", v, "endpointPublicAccess");
    flag(b, "endpoint_private_access", v, "endpointPrivateAccess");
    strings(b, "public_access_cidrs", v, "publicAccessCidrs");
  });
}

void logging(JsonBuilder& b, element c) {
  object(b, "cluster_logging", c, "logging", [&](element l) {
    objects(b, "cluster_logging", l, "clusterLogging", [&](element setup) {
      strings(b, "types", setup, "types");
      flag(b, "enabled", setup, "enabled");
    });
  });
}

// `[]` when the cluster's secrets are not encrypted with a key of ours (spec §5).
void encryption(JsonBuilder& b, element c) {
  objects(b, "cluster_encryption_config", c, "encryptionConfig", [&](element e) {
    strings(b, "resources", e, "resources");
    element provider;
    if (member(e, "provider", provider)) text(b, "provider", provider, "keyArn");
  });
}

void nodegroup(AccountContext& ctx, const std::string& region, const std::string& cluster_node,
               element g) {
  std::string arn(json_string(g, "nodegroupArn"));
  std::string name(json_string(g, "nodegroupName"));
  JsonBuilder b;
  b.str("kind", "aws_eks_nodegroup").str("id", name).str("name", name).str_if("arn", arn);
  tag_map(b, g, "tags");
  epoch_time(b, "ctime", g, "createdAt");
  text(b, "cluster_name", g, "clusterName");
  text(b, "group_version", g, "version");
  text(b, "group_release_version", g, "releaseVersion");
  epoch_time(b, "group_modified_at", g, "modifiedAt");
  text(b, "group_status", g, "status");
  text(b, "group_capacity_type", g, "capacityType");
  object(b, "group_scaling_config", g, "scalingConfig", [&](element o) {
    integer(b, "min_size", o, "minSize");
    integer(b, "max_size", o, "maxSize");
    integer(b, "desired_size", o, "desiredSize");
  });
  strings(b, "group_instance_types", g, "instanceTypes");
  strings(b, "group_subnets", g, "subnets");
  object(b, "group_remote_access", g, "remoteAccess", [&](element o) {
    text(b, "ec2_ssh_key", o, "ec2SshKey");
    strings(b, "source_security_groups", o, "sourceSecurityGroups");
  });
  text(b, "group_ami_type", g, "amiType");
  text(b, "group_node_role", g, "nodeRole");
  string_map(b, "group_labels", g, "labels");
  objects(b, "group_taints", g, "taints", [&](element t) {
    text(b, "key", t, "key");
    text(b, "value", t, "value");
    text(b, "effect", t, "effect");
  });
  object(b, "group_resources", g, "resources", [&](element o) {
    b.begin_array("auto_scaling_groups");
    for (element a : list(o, "autoScalingGroups")) b.str_element(json_string(a, "name"));
    b.end_array();
    text(b, "remote_access_security_group", o, "remoteAccessSecurityGroup");
  });
  integer(b, "group_disk_size", g, "diskSize");
  object(b, "group_health", g, "health", [&](element o) {
    objects(b, "issues", o, "issues", [&](element i) {
      text(b, "code", i, "code");
      text(b, "message", i, "message");
      strings(b, "resource_ids", i, "resourceIds");
    });
  });
  object(b, "group_update_config", g, "updateConfig", [&](element o) {
    integer(b, "max_unavailable", o, "maxUnavailable");
    integer(b, "max_unavailable_percentage", o, "maxUnavailablePercentage");
  });
  object(b, "group_launch_template", g, "launchTemplate", [&](element o) {
    text(b, "name", o, "name");
    text(b, "version", o, "version");
    text(b, "id", o, "id");
  });
  std::string node = ctx.id("eks_nodegroup", arn);
  ctx.out.node(node, "aws_eks_nodegroup", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  owns_edges(ctx, cluster_node, node);
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
  tag_map(b, c, "tags");
  epoch_time(b, "ctime", c, "createdAt");
  text(b, "cluster_version", c, "version");
  text(b, "cluster_endpoint", c, "endpoint");
  text(b, "cluster_role_arn", c, "roleArn");
  vpc_config(b, c);
  object(b, "cluster_kubernetes_network_config", c, "kubernetesNetworkConfig", [&](element o) {
    text(b, "service_ipv4_cidr", o, "serviceIpv4Cidr");
    text(b, "service_ipv6_cidr", o, "serviceIpv6Cidr");
    text(b, "ip_family", o, "ipFamily");
  });
  logging(b, c);
  object(b, "cluster_identity", c, "identity", [&](element o) {
    element oidc;
    if (member(o, "oidc", oidc)) text(b, "oidc", oidc, "issuer");
  });
  text(b, "cluster_status", c, "status");
  element ca;
  if (member(c, "certificateAuthority", ca)) text(b, "cluster_certificate_authority", ca, "data");
  text(b, "cluster_client_request_token", c, "clientRequestToken");
  text(b, "cluster_platform_version", c, "platformVersion");
  encryption(b, c);
  // activationCode is left out: it registers a cluster with EKS.
  object(b, "cluster_connector_config", c, "connectorConfig", [&](element o) {
    text(b, "activation_id", o, "activationId");
    epoch_time(b, "activation_expiry", o, "activationExpiry");
    text(b, "provider", o, "provider");
    text(b, "role_arn", o, "roleArn");
  });

  std::string node = ctx.id("eks_cluster", arn);
  ctx.out.node(node, "aws_eks_cluster", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  if (std::string role(json_string(c, "roleArn")); !role.empty()) owns_edges(ctx, role, node);
  for (element e : list(c, "encryptionConfig")) {
    element provider;
    if (member(e, "provider", provider))
      kms_key_edges(ctx, region, node, json_string(provider, "keyArn"));
  }
  nodegroups(ctx, region, name, node);
}

}  // namespace

void collect_eks(AccountContext& ctx, const std::string& region) {
  auto st = rest_json_pages(ctx.client, eks(), region, "ListClusters", "/clusters",
                            "maxResults=100", "nextToken", "nextToken",
                            each_listed<std::string>(
                                ctx,
                                [](const JsonReply& page, std::vector<std::string>& clusters) {
                                  for (std::string_view n : string_list(page.root, "clusters"))
                                    clusters.emplace_back(n);
                                },
                                [&](const std::string& name) { cluster(ctx, region, name); }));
  if (!st.ok) ctx.warn("eks " + region + " ListClusters", st.error);
}

}  // namespace canopy::aws
