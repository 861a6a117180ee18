#include "collect/aws/services/cloudfront.h"

#include <pugixml.hpp>

#include <cstdlib>
#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using pugi::xml_node;

const char* v(xml_node n, const char* name) {
  return n.child_value(name);
}

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  return call_part("cloudfront", region, op, item);
}

void flag(JsonBuilder& b, std::string_view key, xml_node n, const char* name) {
  if (*v(n, name)) b.boolean(key, std::string_view(v(n, name)) == "true");
}

void number(JsonBuilder& b, std::string_view key, xml_node n, const char* name) {
  if (*v(n, name)) b.num(key, int64_t(std::atoll(v(n, name))));
}

// CloudFront lists are <List><Quantity/><Items><Element/>…</Items></List>.
xml_node items(xml_node n, const char* list) {
  return n.child(list).child("Items");
}

// A list of strings; [] when absent.
void strings(JsonBuilder& b, std::string_view key, xml_node list) {
  b.begin_array(key);
  for (xml_node e : list.children()) b.str_element(e.child_value());
  b.end_array();
}

void origin(JsonBuilder& b, xml_node o) {
  b.begin_object()
      .str_if("id", v(o, "Id"))
      .str_if("domain_name", v(o, "DomainName"))
      .str_if("origin_path", v(o, "OriginPath"));
  b.begin_object("custom_header");
  for (xml_node h : items(o, "CustomHeaders").children("OriginCustomHeader"))
    b.str(v(h, "HeaderName"), v(h, "HeaderValue"));
  b.end_object();
  if (xml_node s3 = o.child("S3OriginConfig"))
    b.str("s3_origin_config", v(s3, "OriginAccessIdentity"));
  if (xml_node c = o.child("CustomOriginConfig")) {
    b.begin_object("custom_origin_config");
    number(b, "http_port", c, "HTTPPort");
    number(b, "https_port", c, "HTTPSPort");
    b.str_if("origin_protocol_policy", v(c, "OriginProtocolPolicy"));
    strings(b, "origin_ssl_protocol", items(c, "OriginSslProtocols"));
    number(b, "origin_read_timeout", c, "OriginReadTimeout");
    number(b, "origin_keepalive_timeout", c, "OriginKeepaliveTimeout");
    b.end_object();
  }
  number(b, "connection_attempts", o, "ConnectionAttempts");
  number(b, "connection_timeout", o, "ConnectionTimeout");
  if (xml_node s = o.child("OriginShield")) {
    b.begin_object("origin_shield");
    flag(b, "enabled", s, "Enabled");
    b.str_if("origin_shield_region", v(s, "OriginShieldRegion")).end_object();
  }
  b.str_if("origin_access_control_id", v(o, "OriginAccessControlId"));
  b.end_object();
}

void origin_groups(JsonBuilder& b, xml_node cfg) {
  b.begin_array("origin_groups");
  for (xml_node g : items(cfg, "OriginGroups").children("OriginGroup")) {
    b.begin_object().str_if("id", v(g, "Id"));
    b.begin_object("failover_criteria");
    strings(b, "status_codes", items(g.child("FailoverCriteria"), "StatusCodes"));
    b.end_object();
    b.begin_array("members");
    for (xml_node m : items(g, "Members").children("OriginGroupMember"))
      b.begin_object().str_if("origin_id", v(m, "OriginId")).end_object();
    b.end_array().end_object();
  }
  b.end_array();
}

void forwarded_values(JsonBuilder& b, xml_node f) {
  if (!f) return;
  b.begin_object("forwarded_values");
  flag(b, "query_string", f, "QueryString");
  b.begin_object("cookies").str_if("forward", v(f.child("Cookies"), "Forward"));
  strings(b, "whitelisted_names", items(f.child("Cookies"), "WhitelistedNames"));
  b.end_object();
  strings(b, "headers", items(f, "Headers"));
  strings(b, "query_string_cache_keys", items(f, "QueryStringCacheKeys"));
  b.end_object();
}

// DefaultCacheBehavior and every CacheBehavior (which adds PathPattern).
void behavior(JsonBuilder& b, xml_node c) {
  b.str_if("path_pattern", v(c, "PathPattern"));
  b.str_if("target_origin_id", v(c, "TargetOriginId"));
  strings(b, "trusted_signers", items(c, "TrustedSigners"));
  strings(b, "trusted_key_groups", items(c, "TrustedKeyGroups"));
  b.str_if("viewer_protocol_policy", v(c, "ViewerProtocolPolicy"));
  strings(b, "allowed_methods", items(c, "AllowedMethods"));
  flag(b, "smooth_streaming", c, "SmoothStreaming");
  flag(b, "compress", c, "Compress");
  b.begin_array("lambda_function_associations");
  for (xml_node a : items(c, "LambdaFunctionAssociations").children()) {
    b.begin_object()
        .str_if("lambda_function_arn", v(a, "LambdaFunctionARN"))
        .str_if("event_type", v(a, "EventType"));
    flag(b, "include_body", a, "IncludeBody");
    b.end_object();
  }
  b.end_array();
  b.begin_array("function_associations");
  for (xml_node a : items(c, "FunctionAssociations").children())
    b.begin_object()
        .str_if("function_arn", v(a, "FunctionARN"))
        .str_if("event_type", v(a, "EventType"))
        .end_object();
  b.end_array();
  b.str_if("field_level_encryption_id", v(c, "FieldLevelEncryptionId"));
  b.str_if("realtime_log_config_arn", v(c, "RealtimeLogConfigArn"));
  b.str_if("cache_policy_id", v(c, "CachePolicyId"));
  b.str_if("origin_request_policy_id", v(c, "OriginRequestPolicyId"));
  b.str_if("response_headers_policy_id", v(c, "ResponseHeadersPolicyId"));
  forwarded_values(b, c.child("ForwardedValues"));
  number(b, "min_ttl", c, "MinTTL");
  number(b, "default_ttl", c, "DefaultTTL");
  number(b, "max_ttl", c, "MaxTTL");
}

void viewer_certificate(JsonBuilder& b, xml_node c) {
  if (!c) return;
  b.begin_object("viewer_certificate");
  flag(b, "cloudfront_default_certificate", c, "CloudFrontDefaultCertificate");
  b.str_if("iam_certificate_id", v(c, "IAMCertificateId"))
      .str_if("acm_certificate_arn", v(c, "ACMCertificateArn"))
      .str_if("ssl_support_method", v(c, "SSLSupportMethod"))
      .str_if("minimum_protocol_version", v(c, "MinimumProtocolVersion"))
      .str_if("certificate", v(c, "Certificate"))
      .str_if("certificate_source", v(c, "CertificateSource"))
      .end_object();
}

void distribution_config(JsonBuilder& b, xml_node cfg) {
  b.begin_object("distribution_config");
  b.str_if("caller_reference", v(cfg, "CallerReference"));
  strings(b, "aliases", items(cfg, "Aliases"));
  b.str_if("default_root_object", v(cfg, "DefaultRootObject"));
  b.begin_array("origins");
  for (xml_node o : items(cfg, "Origins").children("Origin")) origin(b, o);
  b.end_array();
  origin_groups(b, cfg);
  b.begin_object("default_cache_behavior");
  behavior(b, cfg.child("DefaultCacheBehavior"));
  b.end_object();
  b.begin_array("cache_behaviors");
  for (xml_node c : items(cfg, "CacheBehaviors").children("CacheBehavior")) {
    b.begin_object();
    behavior(b, c);
    b.end_object();
  }
  b.end_array();
  b.begin_array("custom_error_responses");
  for (xml_node e : items(cfg, "CustomErrorResponses").children("CustomErrorResponse")) {
    b.begin_object();
    number(b, "error_code", e, "ErrorCode");
    b.str_if("response_page_path", v(e, "ResponsePagePath"))
        .str_if("response_code", v(e, "ResponseCode"));
    number(b, "error_caching_min_ttl", e, "ErrorCachingMinTTL");
    b.end_object();
  }
  b.end_array();
  b.str_if("comment", v(cfg, "Comment"));
  // Returned with Enabled=false when logging is off (spec §6.11).
  if (xml_node l = cfg.child("Logging")) {
    b.begin_object("logging");
    flag(b, "enabled", l, "Enabled");
    flag(b, "include_cookies", l, "IncludeCookies");
    b.str_if("bucket", v(l, "Bucket")).str_if("prefix", v(l, "Prefix")).end_object();
  }
  b.str_if("price_class", v(cfg, "PriceClass"));
  flag(b, "enabled", cfg, "Enabled");
  viewer_certificate(b, cfg.child("ViewerCertificate"));
  b.begin_object("restrictions");
  strings(b, "geo_restriction", items(cfg.child("Restrictions"), "GeoRestriction"));
  b.end_object();
  if (xml_node acl = cfg.child("WebACLId")) b.str("web_acl_id", acl.child_value());  // "" when none
  b.str_if("http_version", v(cfg, "HttpVersion"));
  flag(b, "is_ipv6_enabled", cfg, "IsIPV6Enabled");
  b.str_if("continuous_deployment_policy_id", v(cfg, "ContinuousDeploymentPolicyId"));
  flag(b, "staging", cfg, "Staging");
  b.end_object();
}

// ActiveTrustedSigners (Signer: AwsAccountNumber) and ActiveTrustedKeyGroups
// (KGKeyPairIds: KeyGroupId); both carry KeyPairIds.
void trusted(JsonBuilder& b, std::string_view key, xml_node n, const char* id_field,
             std::string_view id_key) {
  if (!n) return;
  b.begin_object(key);
  flag(b, "enabled", n, "Enabled");
  number(b, "quantity", n, "Quantity");
  b.begin_array("items");
  for (xml_node s : n.child("Items").children()) {
    b.begin_object().str_if(id_key, v(s, id_field));
    strings(b, "key_pair_ids", items(s, "KeyPairIds"));
    b.end_object();
  }
  b.end_array().end_object();
}

void icp_recordals(JsonBuilder& b, xml_node d) {
  b.begin_array("distribution_alias_icp_recordals");
  for (xml_node r : d.child("AliasICPRecordals").children("AliasICPRecordal"))
    b.begin_object()
        .str_if("cname", v(r, "CNAME"))
        .str_if("icp_recordal_status", v(r, "ICPRecordalStatus"))
        .end_object();
  b.end_array();
}

// The bucket of an S3 origin: <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com
// or <bucket>.s3-<region>.amazonaws.com; "" for other origins.
std::string_view origin_bucket(std::string_view domain) {
  for (std::string_view marker : {".s3.", ".s3-"})
    if (size_t at = domain.find(marker); at != std::string_view::npos && at > 0)
      return domain.substr(0, at);
  return {};
}

// A Lambda@Edge association names a version (…:function:name:3); the
// function node is known by its unqualified ARN.
std::string_view unqualified(std::string_view arn) {
  size_t colons = 0;
  for (char c : arn) colons += c == ':';
  return colons == 7 ? arn.substr(0, arn.rfind(':')) : arn;
}

void edges(AccountContext& ctx, const std::string& node, xml_node cfg) {
  for (xml_node o : items(cfg, "Origins").children("Origin"))
    if (auto bucket = origin_bucket(v(o, "DomainName")); !bucket.empty())
      ctx.out.edge(node, ctx.id("s3_bucket", bucket));
  std::vector<xml_node> behaviors{cfg.child("DefaultCacheBehavior")};
  for (xml_node c : items(cfg, "CacheBehaviors").children("CacheBehavior")) behaviors.push_back(c);
  for (xml_node c : behaviors)
    for (xml_node a : items(c, "LambdaFunctionAssociations").children())
      ctx.out.edge(node, std::string(unqualified(v(a, "LambdaFunctionARN"))));
  if (*v(cfg, "WebACLId")) ctx.out.edge(node, v(cfg, "WebACLId"));
  xml_node cert = cfg.child("ViewerCertificate");
  if (*v(cert, "ACMCertificateArn")) ctx.out.edge(node, v(cert, "ACMCertificateArn"));
  if (*v(cert, "IAMCertificateId"))
    ctx.out.edge(node, ctx.id("iam_server_certificate", v(cert, "IAMCertificateId")));
}

void tags(AccountContext& ctx, const std::string& region, const std::string& arn, JsonBuilder& b) {
  if (arn.empty()) return;
  XmlReply r = rest_xml_call(ctx.client, services::kCloudFront, region, "ListTagsForResource",
                             "GET", "/2020-05-31/tagging", "Resource=" + uri_encode(arn, true));
  if (!r.ok) {
    if (r.error.code != "NoSuchResource")
      ctx.warn(part(region, "ListTagsForResource", arn), r.error);
    return;
  }
  b.begin_object("tags");
  for (xml_node t : r.result.child("Items").children("Tag")) b.str(v(t, "Key"), v(t, "Value"));
  b.end_object();
}

// `summary` is the ListDistributions entry; GetDistribution adds the whole
// configuration (logging only comes with it). Without it the node keeps
// what the summary says.
void distribution(AccountContext& ctx, const std::string& region, xml_node summary) {
  std::string id = v(summary, "Id");
  XmlReply r = rest_xml_call(ctx.client, services::kCloudFront, region, "GetDistribution", "GET",
                             "/2020-05-31/distribution/" + uri_encode(id, true));
  if (!r.ok && r.error.code == "NoSuchDistribution") return;  // deleted meanwhile
  if (!r.ok) ctx.warn(part(region, "GetDistribution", id), r.error);
  xml_node d = r.ok ? r.result : summary;
  std::string arn = v(d, "ARN");
  JsonBuilder b;
  b.str("kind", "aws_cloudfront_distribution").str("id", id).str("name", id).str_if("arn", arn);
  b.time("mtime", v(d, "LastModifiedTime"));
  tags(ctx, region, arn, b);
  b.str_if("distribution_status", v(d, "Status"));
  number(b, "distribution_in_progress_invalidation_batches", d, "InProgressInvalidationBatches");
  trusted(b, "distribution_active_trusted_signers", d.child("ActiveTrustedSigners"),
          "AwsAccountNumber", "aws_account_number");
  trusted(b, "distribution_active_trusted_key_groups", d.child("ActiveTrustedKeyGroups"),
          "KeyGroupId", "key_group_id");
  xml_node cfg = d.child("DistributionConfig");
  if (cfg) distribution_config(b, cfg);
  icp_recordals(b, d);
  std::string node = ctx.id("cloudfront_distribution", id);
  ctx.out.node(node, "aws_cloudfront_distribution", b.take());
  if (!arn.empty()) ctx.out.alias(arn, node);
  ctx.out.edge(ctx.global_node(), node);
  edges(ctx, node, cfg ? cfg : summary);  // the summary has origins and behaviors too
}

}  // namespace

void collect_cloudfront(AccountContext& ctx, const std::string& region) {
  auto on_page = each_listed<xml_node>(
      ctx,
      [](const XmlReply& page, std::vector<xml_node>& summaries) {
        for (xml_node s : page.result.child("Items").children("DistributionSummary"))
          summaries.push_back(s);
      },
      [&](xml_node summary) { distribution(ctx, region, summary); });
  auto next = [](const XmlReply& page) {
    if (std::string_view(v(page.result, "IsTruncated")) != "true") return std::string();
    return query_param("Marker", v(page.result, "NextMarker"));
  };
  CallStatus st = rest_xml_pages(ctx.client, services::kCloudFront, region, "ListDistributions",
                                 "/2020-05-31/distribution", "MaxItems=100", next, on_page);
  if (!st.ok) ctx.warn(part(region, "ListDistributions"), st.error);
}

}  // namespace canopy::aws
