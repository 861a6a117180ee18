#include "collect/aws/services/opensearch.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;

// DescribeDomains takes at most this many names (spec §6.18: sending all
// at once fails for larger accounts).
constexpr size_t kDomainsPerCall = 5;

const Service& opensearch() {
  return services::kOpenSearch;
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

// Timestamps arrive as epoch seconds.
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

// A member of a sub-object flattened into one property (ColdStorageOptions.Enabled).
void nested_flag(JsonBuilder& b, std::string_view name, element e, std::string_view key,
                 std::string_view inner) {
  element o;
  if (member(e, key, o)) flag(b, name, o, inner);
}

// JSON text with object keys and array elements sorted, so that an
// unchanged policy always reads the same.
std::string sorted(element e) {
  simdjson::dom::array a;
  simdjson::dom::object o;
  if (e.get(a) == simdjson::SUCCESS) {
    std::vector<std::string> parts;
    for (element x : a) parts.push_back(sorted(x));
    std::sort(parts.begin(), parts.end());
    std::string out = "[";
    for (const auto& p : parts) out += (out.size() > 1 ? "," : "") + p;
    return out + "]";
  }
  if (e.get(o) == simdjson::SUCCESS) {
    std::vector<std::pair<std::string_view, std::string>> members;
    for (auto [k, v] : o) members.emplace_back(k, sorted(v));
    std::sort(members.begin(), members.end());
    std::string out = "{";
    for (const auto& [k, v] : members)
      out += (out.size() > 1 ? "," : "") + json::quote(k) + ":" + v;
    return out + "}";
  }
  return simdjson::minify(e);
}

void access_policies(JsonBuilder& b, std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  if (json.empty() || parser.parse(json).get(doc) != simdjson::SUCCESS || !doc.is_object()) return;
  b.raw("access_policies", sorted(doc));
}

void cluster_config(JsonBuilder& b, element d) {
  element c, zone;
  if (!object(b, "cluster_config", d, "ClusterConfig", c)) return;
  text(b, "instance_type", c, "InstanceType");
  number(b, "instance_count", c, "InstanceCount");
  flag(b, "dedicated_master_enabled", c, "DedicatedMasterEnabled");
  flag(b, "zone_awareness_enabled", c, "ZoneAwarenessEnabled");
  if (member(c, "ZoneAwarenessConfig", zone))
    number(b, "zone_awareness_config", zone, "AvailabilityZoneCount");
  text(b, "dedicated_master_type", c, "DedicatedMasterType");
  number(b, "dedicated_master_count", c, "DedicatedMasterCount");
  flag(b, "warm_enabled", c, "WarmEnabled");
  text(b, "warm_type", c, "WarmType");
  number(b, "warm_count", c, "WarmCount");
  nested_flag(b, "cold_storage_options", c, "ColdStorageOptions", "Enabled");
  flag(b, "multi_az_with_standby_enabled", c, "MultiAZWithStandbyEnabled");
  b.end_object();
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
  element s, saml, idp;
  if (!object(b, "advanced_security_options", d, "AdvancedSecurityOptions", s)) return;
  flag(b, "enabled", s, "Enabled");
  flag(b, "internal_user_database_enabled", s, "InternalUserDatabaseEnabled");
  if (object(b, "saml_options", s, "SAMLOptions", saml)) {
    flag(b, "enabled", saml, "Enabled");
    if (object(b, "idp", saml, "Idp", idp)) {
      text(b, "metadata_content", idp, "MetadataContent");
      text(b, "entity_id", idp, "EntityId");
      b.end_object();
    }
    text(b, "subject_key", saml, "SubjectKey");
    text(b, "roles_key", saml, "RolesKey");
    number(b, "session_timeout_minutes", saml, "SessionTimeoutMinutes");
    b.end_object();
  }
  epoch(b, "anonymous_auth_disable_date", s, "AnonymousAuthDisableDate");
  flag(b, "anonymous_auth_enabled", s, "AnonymousAuthEnabled");
  b.end_object();
}

void options(JsonBuilder& b, element d) {
  element o, sub, start;
  if (object(b, "ebs_options", d, "EBSOptions", o)) {
    flag(b, "ebs_enabled", o, "EBSEnabled");
    text(b, "volume_type", o, "VolumeType");
    number(b, "volume_size", o, "VolumeSize");
    number(b, "iops", o, "Iops");
    number(b, "throughput", o, "Throughput");
    b.end_object();
  }
  if (member(d, "SnapshotOptions", o))
    number(b, "snapshot_options", o, "AutomatedSnapshotStartHour");
  if (object(b, "vpc_options", d, "VPCOptions", o)) {
    text(b, "vpc_id", o, "VPCId");
    strings(b, "subnet_ids", o, "SubnetIds");
    strings(b, "availability_zones", o, "AvailabilityZones");
    strings(b, "security_group_ids", o, "SecurityGroupIds");
    b.end_object();
  }
  if (object(b, "cognito_options", d, "CognitoOptions", o)) {
    flag(b, "enabled", o, "Enabled");
    text(b, "user_pool_id", o, "UserPoolId");
    text(b, "identity_pool_id", o, "IdentityPoolId");
    text(b, "role_arn", o, "RoleArn");
    b.end_object();
  }
  if (object(b, "encryption_at_rest_options", d, "EncryptionAtRestOptions", o)) {
    flag(b, "enabled", o, "Enabled");
    text(b, "kms_key_id", o, "KmsKeyId");
    b.end_object();
  }
  nested_flag(b, "node_to_node_encryption_options", d, "NodeToNodeEncryptionOptions", "Enabled");
  string_map(b, "advanced_options", d, "AdvancedOptions");
  log_publishing(b, d);
  if (object(b, "service_software_options", d, "ServiceSoftwareOptions", o)) {
    text(b, "current_version", o, "CurrentVersion");
    text(b, "new_version", o, "NewVersion");
    flag(b, "update_available", o, "UpdateAvailable");
    flag(b, "cancellable", o, "Cancellable");
    text(b, "update_status", o, "UpdateStatus");
    text(b, "description", o, "Description");
    epoch(b, "automated_update_date", o, "AutomatedUpdateDate");
    flag(b, "optional_deployment", o, "OptionalDeployment");
    b.end_object();
  }
  if (object(b, "domain_endpoint_options", d, "DomainEndpointOptions", o)) {
    flag(b, "enforce_https", o, "EnforceHTTPS");
    text(b, "tls_security_policy", o, "TLSSecurityPolicy");
    flag(b, "custom_endpoint_enabled", o, "CustomEndpointEnabled");
    text(b, "custom_endpoint", o, "CustomEndpoint");
    text(b, "custom_endpoint_certificate_arn", o, "CustomEndpointCertificateArn");
    b.end_object();
  }
  security_options(b, d);
  if (object(b, "auto_tune_options", d, "AutoTuneOptions", o)) {
    text(b, "state", o, "State");
    text(b, "error_message", o, "ErrorMessage");
    flag(b, "use_off_peak_window", o, "UseOffPeakWindow");
    b.end_object();
  }
  if (object(b, "change_progress_details", d, "ChangeProgressDetails", o)) {
    text(b, "change_id", o, "ChangeId");
    text(b, "message", o, "Message");
    b.end_object();
  }
  if (object(b, "off_peak_window_options", d, "OffPeakWindowOptions", o)) {
    flag(b, "enabled", o, "Enabled");
    if (object(b, "off_peak_window", o, "OffPeakWindow", sub)) {
      if (object(b, "window_start_time", sub, "WindowStartTime", start)) {
        number(b, "hours", start, "Hours");
        number(b, "minutes", start, "Minutes");
        b.end_object();
      }
      b.end_object();
    }
    b.end_object();
  }
  nested_flag(b, "software_update_options", d, "SoftwareUpdateOptions",
              "AutoSoftwareUpdateEnabled");
}

// Default edge plus a delete edge in the same direction.
void owns(AccountContext& ctx, const std::string& from, const std::string& to) {
  ctx.out.edge(from, to);
  ctx.out.edge(from, to, true);
}

void edges(AccountContext& ctx, const std::string& node, element d) {
  element vpc, enc;
  if (member(d, "VPCOptions", vpc)) {
    if (std::string_view id = json_string(vpc, "VPCId"); !id.empty())
      owns(ctx, ctx.id("vpc", id), node);
    simdjson::dom::array a;
    if (vpc["SubnetIds"].get(a) == simdjson::SUCCESS)
      for (element s : a) owns(ctx, ctx.id("subnet", as_string(s)), node);
    if (vpc["SecurityGroupIds"].get(a) == simdjson::SUCCESS)
      for (element s : a) owns(ctx, ctx.id("security_group", as_string(s)), node);
  }
  if (member(d, "EncryptionAtRestOptions", enc))
    if (std::string key = kms_key_node(ctx, json_string(enc, "KmsKeyId")); !key.empty()) {
      ctx.out.edge(node, key);
      ctx.out.edge(key, node, true);
    }
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
  b.begin_object("tags");
  simdjson::dom::array list;
  if (tags.ok && tags.root["TagList"].get(list) == simdjson::SUCCESS)
    for (element t : list) b.str(json_string(t, "Key"), json_string(t, "Value"));
  b.end_object();
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
  edges(ctx, node, d);
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
  simdjson::dom::array list;
  if (r.root["DomainStatusList"].get(list) == simdjson::SUCCESS)
    for (element d : list) domains.push_back(d);
}

}  // namespace

void collect_opensearch(AccountContext& ctx, const std::string& region) {
  JsonReply r = rest_json_call(ctx.client, opensearch(), region, "ListDomainNames", "GET",
                               "/2021-01-01/domain");
  if (!r.ok) {
    ctx.warn("opensearch " + region + " ListDomainNames", r.error);
    return;
  }
  simdjson::dom::array list;
  std::vector<std::string> batches;
  size_t in_batch = 0;
  if (r.root["DomainNames"].get(list) == simdjson::SUCCESS)
    for (element info : list) {
      if (in_batch++ % kDomainsPerCall == 0) batches.emplace_back();
      if (!batches.back().empty()) batches.back() += ',';
      batches.back() += json::quote(json_string(info, "DomainName"));
    }
  std::vector<JsonReply> kept;  // the documents the domains point into
  std::vector<element> domains;
  for (const std::string& names : batches) describe(ctx, region, names, kept, domains);
  run_parallel(domains.size(), ctx.threads, [&](size_t i) { domain(ctx, region, domains[i]); });
}

}  // namespace canopy::aws
