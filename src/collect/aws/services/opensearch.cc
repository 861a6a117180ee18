#include "collect/aws/services/opensearch.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

// DescribeDomains takes at most this many names (spec §6.18: sending all
// at once fails for larger accounts).
constexpr size_t kDomainsPerCall = 5;

const Service& opensearch() {
  return services::kOpenSearch;
}

// A member of a sub-object flattened into one property (ColdStorageOptions.Enabled).
void nested_flag(JsonBuilder& b, std::string_view name, element e, std::string_view key,
                 std::string_view inner) {
  element o;
  if (member(e, key, o)) flag(b, name, o, inner);
}

void access_policies(JsonBuilder& b, std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  if (json.empty() || parser.parse(json).get(doc) != simdjson::SUCCESS || !doc.is_object()) return;
  b.raw("access_policies", sorted_json(doc, true));  // array order as well
}

void cluster_config(JsonBuilder& b, element d) {
  object(b, "cluster_config", d, "ClusterConfig", [&](element c) {
    element zone;
    text(b, "instance_type", c, "InstanceType");
    integer(b, "instance_count", c, "InstanceCount");
    flag(b, "dedicated_master_enabled", c, "DedicatedMasterEnabled");
    flag(b, "zone_awareness_enabled", c, "ZoneAwarenessEnabled");
    if (member(c, "ZoneAwarenessConfig", zone))
      integer(b, "zone_awareness_config", zone, "AvailabilityZoneCount");
    text(b, "dedicated_master_type", c, "DedicatedMasterType");
    integer(b, "dedicated_master_count", c, "DedicatedMasterCount");
    flag(b, "warm_enabled", c, "WarmEnabled");
    text(b, "warm_type", c, "WarmType");
    integer(b, "warm_count", c, "WarmCount");
    nested_flag(b, "cold_storage_options", c, "ColdStorageOptions", "Enabled");
    flag(b, "multi_az_with_standby_enabled", c, "MultiAZWithStandbyEnabled");
  });
}

// Keyed by log type (AUDIT_LOGS, …). The values are mapped to the model's
// names, not passed through with AWS's (spec §6.10: with `Enabled` kept,
// `log_publishing_options.AUDIT_LOGS.enabled` could never be read).
void log_publishing(JsonBuilder& b, element d) {
  simdjson::dom::object logs;
  if (d["LogPublishingOptions"].get(logs) != simdjson::SUCCESS) return;
  b.begin_object("log_publishing_options");
  for (auto [type, o] : logs) {
    b.begin_object(type);
    text(b, "cloud_watch_logs_log_group_arn", o, "CloudWatchLogsLogGroupArn");
    flag(b, "enabled", o, "Enabled");
    b.end_object();
  }
  b.end_object();
}

void security_options(JsonBuilder& b, element d) {
  object(b, "advanced_security_options", d, "AdvancedSecurityOptions", [&](element s) {
    flag(b, "enabled", s, "Enabled");
    flag(b, "internal_user_database_enabled", s, "InternalUserDatabaseEnabled");
    object(b, "saml_options", s, "SAMLOptions", [&](element saml) {
      flag(b, "enabled", saml, "Enabled");
      object(b, "idp", saml, "Idp", [&](element idp) {
        text(b, "metadata_content", idp, "MetadataContent");
        text(b, "entity_id", idp, "EntityId");
      });
      text(b, "subject_key", saml, "SubjectKey");
      text(b, "roles_key", saml, "RolesKey");
      integer(b, "session_timeout_minutes", saml, "SessionTimeoutMinutes");
    });
    epoch_time(b, "anonymous_auth_disable_date", s, "AnonymousAuthDisableDate");
    flag(b, "anonymous_auth_enabled", s, "AnonymousAuthEnabled");
  });
}

void options(JsonBuilder& b, element d) {
  object(b, "ebs_options", d, "EBSOptions", [&](element o) {
    flag(b, "ebs_enabled", o, "EBSEnabled");
    text(b, "volume_type", o, "VolumeType");
    integer(b, "volume_size", o, "VolumeSize");
    integer(b, "iops", o, "Iops");
    integer(b, "throughput", o, "Throughput");
  });
  element snapshot;
  if (member(d, "SnapshotOptions", snapshot))
    integer(b, "snapshot_options", snapshot, "AutomatedSnapshotStartHour");
  object(b, "vpc_options", d, "VPCOptions", [&](element o) {
    text(b, "vpc_id", o, "VPCId");
    strings(b, "subnet_ids", o, "SubnetIds");
    strings(b, "availability_zones", o, "AvailabilityZones");
    strings(b, "security_group_ids", o, "SecurityGroupIds");
  });
  object(b, "cognito_options", d, "CognitoOptions", [&](element o) {
    flag(b, "enabled", o, "Enabled");
    text(b, "user_pool_id", o, "UserPoolId");
    text(b, "identity_pool_id", o, "IdentityPoolId");
    text(b, "role_arn", o, "RoleArn");
  });
  object(b, "encryption_at_rest_options", d, "EncryptionAtRestOptions", [&](element o) {
    flag(b, "enabled", o, "Enabled");
    text(b, "kms_key_id", o, "KmsKeyId");
  });
  nested_flag(b, "node_to_node_encryption_options", d, "NodeToNodeEncryptionOptions", "Enabled");
  string_map(b, "advanced_options", d, "AdvancedOptions");
  log_publishing(b, d);
  object(b, "service_software_options", d, "ServiceSoftwareOptions", [&](element o) {
    text(b, "current_version", o, "CurrentVersion");
    text(b, "new_version", o, "NewVersion");
    flag(b, "update_available", o, "UpdateAvailable");
    flag(b, "cancellable", o, "Cancellable");
    text(b, "update_status", o, "UpdateStatus");
    text(b, "description", o, "Description");
    epoch_time(b, "automated_update_date", o, "AutomatedUpdateDate");
    flag(b, "optional_deployment", o, "OptionalDeployment");
  });
  object(b, "domain_endpoint_options", d, "DomainEndpointOptions", [&](element o) {
    flag(b, "enforce_https", o, "EnforceHTTPS");
    text(b, "tls_security_policy", o, "TLSSecurityPolicy");
    flag(b, "custom_endpoint_enabled", o, "CustomEndpointEnabled");
    text(b, "custom_endpoint", o, "CustomEndpoint");
    text(b, "custom_endpoint_certificate_arn", o, "CustomEndpointCertificateArn");
  });
  security_options(b, d);
  object(b, "auto_tune_options", d, "AutoTuneOptions", [&](element o) {
    text(b, "state", o, "State");
    text(b, "error_message", o, "ErrorMessage");
    flag(b, "use_off_peak_window", o, "UseOffPeakWindow");
  });
  object(b, "change_progress_details", d, "ChangeProgressDetails", [&](element o) {
    text(b, "change_id", o, "ChangeId");
    text(b, "message", o, "Message");
  });
  object(b, "off_peak_window_options", d, "OffPeakWindowOptions", [&](element o) {
    flag(b, "enabled", o, "Enabled");
    object(b, "off_peak_window", o, "OffPeakWindow", [&](element sub) {
      object(b, "window_start_time", sub, "WindowStartTime", [&](element start) {
        integer(b, "hours", start, "Hours");
        integer(b, "minutes", start, "Minutes");
      });
    });
  });
  nested_flag(b, "software_update_options", d, "SoftwareUpdateOptions",
              "AutoSoftwareUpdateEnabled");
}

void edges(AccountContext& ctx, const std::string& region, const std::string& node, element d) {
  element vpc, enc;
  if (member(d, "VPCOptions", vpc))
    vpc_edges(ctx, node, json_string(vpc, "VPCId"), string_list(vpc, "SubnetIds"),
              string_list(vpc, "SecurityGroupIds"));
  if (member(d, "EncryptionAtRestOptions", enc))
    kms_key_edges(ctx, region, node, json_string(enc, "KmsKeyId"));
}

void domain(AccountContext& ctx, const std::string& region, element d) {
  std::string arn(json_string(d, "ARN"));
  std::string name(json_string(d, "DomainName"));
  JsonReply tags = rest_json_call(ctx.client, opensearch(), region, "ListTags", "GET",
                                  "/2021-01-01/tags/", "arn=" + uri_encode(arn, true));
  if (!tags.ok && tags.error.code != "ResourceNotFoundException")
    ctx.warn("opensearch " + region + " ListTags " + name, tags.error);

  JsonBuilder b;
  std::string id(json_string(d, "DomainId"));
  b.str("kind", "aws_opensearch_domain").str("id", id).str("name", name.empty() ? id : name);
  b.str_if("arn", arn);
  if (tags.ok)
    tag_list(b, tags.root, "TagList");
  else
    b.begin_object("tags").end_object();
  flag(b, "created", d, "Created");
  flag(b, "deleted", d, "Deleted");
  text(b, "endpoint", d, "Endpoint");
  text(b, "endpoint_v2", d, "EndpointV2");
  string_map(b, "endpoints", d, "Endpoints");
  flag(b, "processing", d, "Processing");
  flag(b, "upgrade_processing", d, "UpgradeProcessing");
  text(b, "engine_version", d, "EngineVersion");
  cluster_config(b, d);
  access_policies(b, json_string(d, "AccessPolicies"));
  text(b, "ip_address_type", d, "IPAddressType");
  options(b, d);

  std::string node = ctx.id("opensearch_domain", arn);
  ctx.out.node(node, "aws_opensearch_domain", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  edges(ctx, region, node, d);
}

// The domains of one DescribeDomains call (`names` in JSON list form).
void describe(AccountContext& ctx, const std::string& region, const std::string& names,
              std::vector<JsonReply>& kept, std::vector<element>& domains) {
  JsonReply r =
      rest_json_call(ctx.client, opensearch(), region, "DescribeDomains", "POST",
                     "/2021-01-01/opensearch/domain-info", "", "{\"DomainNames\":[" + names + "]}");
  if (!r.ok) {
    ctx.warn("opensearch " + region + " DescribeDomains", r.error);
    return;
  }
  kept.push_back(r);
  for (element d : list(r.root, "DomainStatusList")) domains.push_back(d);
}

}  // namespace

void collect_opensearch(AccountContext& ctx, const std::string& region) {
  JsonReply r = rest_json_call(ctx.client, opensearch(), region, "ListDomainNames", "GET",
                               "/2021-01-01/domain");
  if (!r.ok) {
    ctx.warn("opensearch " + region + " ListDomainNames", r.error);
    return;
  }
  std::vector<std::string> batches;
  size_t in_batch = 0;
  for (element info : list(r.root, "DomainNames")) {
    if (in_batch++ % kDomainsPerCall == 0) batches.emplace_back();
    if (!batches.back().empty()) batches.back() += ',';
    batches.back() += json::quote(json_string(info, "DomainName"));
  }
  std::vector<JsonReply> kept;  // the documents the domains point into
  std::vector<element> domains;
  for (const std::string& names : batches) describe(ctx, region, names, kept, domains);
  ctx.parallel(domains.size(), [&](size_t i) { domain(ctx, region, domains[i]); });
}

}  // namespace canopy::aws
