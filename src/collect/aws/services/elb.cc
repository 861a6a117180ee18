#include "collect/aws/services/elb.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::object;
using qfields::objects;
using qfields::strings;
using qfields::text;

using Docs = std::vector<std::shared_ptr<pugi::xml_document>>;

constexpr size_t kTagBatch = 20;  // DescribeTags takes at most 20 names or ARNs

std::string part(const Service& service, const std::string& region, const std::string& what) {
  return std::string(service.name) + " " + region + " " + what;
}

// The Tags list of every load balancer, by `key` (name or ARN), asked 20 at a time.
std::map<std::string, pugi::xml_node> tags_by(AccountContext& ctx, const Service& service,
                                              const std::string& region,
                                              const std::vector<std::string>& keys,
                                              const char* param, const char* key, Docs& docs) {
  size_t batches = (keys.size() + kTagBatch - 1) / kTagBatch;
  std::vector<XmlReply> replies(batches);
  ctx.parallel(batches, [&](size_t i) {
    Params p;
    for (size_t k = i * kTagBatch; k < std::min(keys.size(), (i + 1) * kTagBatch); ++k)
      p.emplace_back(std::string(param) + ".member." + std::to_string(k - i * kTagBatch + 1),
                     keys[k]);
    replies[i] = query_call(ctx.client, service, region, "DescribeTags", p);
  });
  std::map<std::string, pugi::xml_node> out;
  for (const XmlReply& r : replies) {
    if (!r.ok) {
      ctx.warn(part(service, region, "DescribeTags"), r.error);
      continue;
    }
    docs.push_back(r.doc);
    for (auto d : r.result.child("TagDescriptions").children()) out[text(d, key)] = d.child("Tags");
  }
  return out;
}

void write_tags(JsonBuilder& b, const std::map<std::string, pugi::xml_node>& tags,
                const std::string& key) {
  auto it = tags.find(key);
  if (it != tags.end()) qfields::tags(b, it->second);
}

// Edges of a resource inside a VPC: vpc/subnet/security group → lb, deleted with it.
void inside(AccountContext& ctx, const std::string& node, const char* tag, std::string_view ref) {
  if (ref.empty()) return;
  ctx.out.edge(ctx.id(tag, ref), node);
  ctx.out.edge(ctx.id(tag, ref), node, true);
}

// --- classic load balancers --------------------------------------------------------------------

void listeners(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("elb_listener_descriptions");
  for (auto d : list.children()) {
    if (d.type() != pugi::node_element) continue;
    pugi::xml_node l = d.child("Listener");
    b.begin_object();
    b.begin_object("listener")
        .str_if("protocol", text(l, "Protocol"))
        .num("load_balancer_port", int_of(l, "LoadBalancerPort"))
        .str_if("instance_protocol", text(l, "InstanceProtocol"))
        .num("instance_port", int_of(l, "InstancePort"))
        .str_if("ssl_certificate_id", text(l, "SSLCertificateId"))
        .end_object();
    strings(b, "policy_names", d.child("PolicyNames"));
    b.end_object();
  }
  b.end_array();
}

void policies(JsonBuilder& b, pugi::xml_node p) {
  if (!p) return;
  b.begin_object("elb_policies");
  objects(b, "app_cookie_stickiness_policies", p.child("AppCookieStickinessPolicies"),
          {{"policy_name", "PolicyName"}, {"cookie_name", "CookieName"}});
  b.begin_array("lb_cookie_stickiness_policies");
  for (auto c : p.child("LBCookieStickinessPolicies").children()) {
    if (c.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("policy_name", text(c, "PolicyName"))
        .num("cookie_expiration_period", int_of(c, "CookieExpirationPeriod"))
        .end_object();
  }
  b.end_array();
  strings(b, "other_policies", p.child("OtherPolicies"));
  b.end_object();
}

void backend_servers(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("elb_backend_server_descriptions");
  for (auto d : list.children()) {
    if (d.type() != pugi::node_element) continue;
    b.begin_object().num("instance_port", int_of(d, "InstancePort"));
    strings(b, "policy_names", d.child("PolicyNames"));
    b.end_object();
  }
  b.end_array();
}

void health_check(JsonBuilder& b, pugi::xml_node h) {
  if (!h) return;
  b.begin_object("elb_health_check")
      .str_if("target", text(h, "Target"))
      .num("interval", int_of(h, "Interval"))
      .num("timeout", int_of(h, "Timeout"))
      .num("unhealthy_threshold", int_of(h, "UnhealthyThreshold"))
      .num("healthy_threshold", int_of(h, "HealthyThreshold"))
      .end_object();
}

// DescribeLoadBalancerAttributes as `elb_attributes`; nothing when the
// load balancer is gone or the call failed.
void attributes(AccountContext& ctx, const std::string& region, JsonBuilder& b,
                const std::string& name) {
  XmlReply r = query_call(ctx.client, services::kElb, region, "DescribeLoadBalancerAttributes",
                          {{"LoadBalancerName", name}});
  if (!r.ok) {
    if (r.error.code != "LoadBalancerNotFound")
      ctx.warn(part(services::kElb, region, "DescribeLoadBalancerAttributes " + name), r.error);
    return;
  }
  pugi::xml_node a = r.result.child("LoadBalancerAttributes");
  b.begin_object("elb_attributes")
      .boolean("cross_zone_load_balancing", bool_of(a.child("CrossZoneLoadBalancing"), "Enabled"));
  if (pugi::xml_node l = a.child("AccessLog"); l)
    b.begin_object("access_log")
        .boolean("enabled", bool_of(l, "Enabled"))
        .str_if("s3_bucket_name", text(l, "S3BucketName"))
        .num("emit_interval", int_of(l, "EmitInterval"))
        .str_if("s3_bucket_prefix", text(l, "S3BucketPrefix"))
        .end_object();
  if (pugi::xml_node d = a.child("ConnectionDraining"); d)
    b.begin_object("connection_draining")
        .boolean("enabled", bool_of(d, "Enabled"))
        .num("timeout", int_of(d, "Timeout"))
        .end_object();
  b.num("connection_settings", int_of(a.child("ConnectionSettings"), "IdleTimeout"));
  objects(b, "additional_attributes", a.child("AdditionalAttributes"),
          {{"key", "Key"}, {"value", "Value"}});
  b.end_object();
}

void classic(AccountContext& ctx, const std::string& region, pugi::xml_node n,
             const std::map<std::string, pugi::xml_node>& tags) {
  JsonBuilder b;
  std::string name = text(n, "LoadBalancerName");
  // The API names no ARN for classic load balancers; it has this form.
  std::string arn = "arn:" + ctx.partition + ":elasticloadbalancing:" + region + ":" +
                    ctx.account_id + ":loadbalancer/" + name;
  // The id is the DNS name (as Resoto has it); the node is known by the name.
  std::string_view dns = text(n, "DNSName");
  b.str("kind", "aws_elb").str("id", dns.empty() ? name : dns).str("name", name).str("arn", arn);
  write_tags(b, tags, name);
  b.time("ctime", text(n, "CreatedTime")).str("lb_type", "elb");
  b.begin_array("backends");
  for (auto i : n.child("Instances").children())
    if (*text(i, "InstanceId")) b.str_element(text(i, "InstanceId"));
  b.end_array();
  b.str_if("scheme", text(n, "Scheme"))
      .str_if("elb_canonical_hosted_zone_name", text(n, "CanonicalHostedZoneName"))
      .str_if("elb_canonical_hosted_zone_name_id", text(n, "CanonicalHostedZoneNameID"));
  listeners(b, n.child("ListenerDescriptions"));
  policies(b, n.child("Policies"));
  backend_servers(b, n.child("BackendServerDescriptions"));
  strings(b, "elb_availability_zones", n.child("AvailabilityZones"));
  health_check(b, n.child("HealthCheck"));
  object(b, "elb_source_security_group", n.child("SourceSecurityGroup"),
         {{"owner_alias", "OwnerAlias"}, {"group_name", "GroupName"}});
  attributes(ctx, region, b, name);

  std::string node = ctx.id("elb", region + "/" + name);
  ctx.out.node(node, "aws_elb", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  inside(ctx, node, "vpc", text(n, "VPCId"));
  for (auto s : n.child("Subnets").children()) inside(ctx, node, "subnet", s.child_value());
  for (auto g : n.child("SecurityGroups").children())
    inside(ctx, node, "security_group", g.child_value());
  for (auto i : n.child("Instances").children()) {
    if (!*text(i, "InstanceId")) continue;
    std::string instance = ctx.id("instance", text(i, "InstanceId"));
    ctx.out.edge(node, instance);
    ctx.out.edge(instance, node, true);
  }
}

// --- application, network and gateway load balancers -------------------------------------------

void action(JsonBuilder& b, pugi::xml_node a) {
  b.begin_object()
      .str_if("type", text(a, "Type"))
      .str_if("target_group_arn", text(a, "TargetGroupArn"))
      .num("order", int_of(a, "Order"));
  object(b, "redirect_config", a.child("RedirectConfig"),
         {{"protocol", "Protocol"},
          {"port", "Port"},
          {"host", "Host"},
          {"path", "Path"},
          {"query", "Query"},
          {"status_code", "StatusCode"}});
  object(b, "fixed_response_config", a.child("FixedResponseConfig"),
         {{"message_body", "MessageBody"},
          {"status_code", "StatusCode"},
          {"content_type", "ContentType"}});
  if (pugi::xml_node f = a.child("ForwardConfig"); f) {
    b.begin_object("forward_config").begin_array("target_groups");
    for (auto t : f.child("TargetGroups").children()) {
      if (t.type() != pugi::node_element) continue;
      b.begin_object()
          .str_if("target_group_arn", text(t, "TargetGroupArn"))
          .num("weight", int_of(t, "Weight"))
          .end_object();
    }
    b.end_array();
    if (pugi::xml_node s = f.child("TargetGroupStickinessConfig"); s)
      b.begin_object("target_group_stickiness_config")
          .boolean("enabled", bool_of(s, "Enabled"))
          .num("duration_seconds", int_of(s, "DurationSeconds"))
          .end_object();
    b.end_object();
  }
  // The client secret of an OIDC action is left out on purpose.
  object(b, "authenticate_oidc_config", a.child("AuthenticateOidcConfig"),
         {{"issuer", "Issuer"},
          {"authorization_endpoint", "AuthorizationEndpoint"},
          {"token_endpoint", "TokenEndpoint"},
          {"user_info_endpoint", "UserInfoEndpoint"},
          {"client_id", "ClientId"},
          {"session_cookie_name", "SessionCookieName"},
          {"scope", "Scope"},
          {"on_unauthenticated_request", "OnUnauthenticatedRequest"}});
  object(b, "authenticate_cognito_config", a.child("AuthenticateCognitoConfig"),
         {{"user_pool_arn", "UserPoolArn"},
          {"user_pool_client_id", "UserPoolClientId"},
          {"user_pool_domain", "UserPoolDomain"},
          {"session_cookie_name", "SessionCookieName"},
          {"scope", "Scope"},
          {"on_unauthenticated_request", "OnUnauthenticatedRequest"}});
  b.end_object();
}

void listener(JsonBuilder& b, pugi::xml_node l) {
  b.begin_object()
      .str_if("listener_arn", text(l, "ListenerArn"))
      .str_if("load_balancer_arn", text(l, "LoadBalancerArn"))
      .num("port", int_of(l, "Port"))
      .str_if("protocol", text(l, "Protocol"))
      .str_if("ssl_policy", text(l, "SslPolicy"));
  b.begin_array("certificates");
  for (auto c : l.child("Certificates").children()) {
    if (c.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("certificate_arn", text(c, "CertificateArn"))
        .boolean("is_default", bool_of(c, "IsDefault"))
        .end_object();
  }
  b.end_array().begin_array("default_actions");
  for (auto a : l.child("DefaultActions").children())
    if (a.type() == pugi::node_element) action(b, a);
  b.end_array();
  strings(b, "alpn_policy", l.child("AlpnPolicy"));
  b.end_object();
}

// DescribeListeners as `alb_listener` ([] when there are none); nothing
// when the call failed.
void write_listeners(AccountContext& ctx, const std::string& region, JsonBuilder& b,
                     const std::string& arn, const std::string& name) {
  auto found = qfields::list_all(ctx.client, services::kElbV2, region, "DescribeListeners",
                                 {{"LoadBalancerArn", arn}}, "Listeners");
  if (!found.status.ok && found.status.error.code != "LoadBalancerNotFound") {
    ctx.warn(part(services::kElbV2, region, "DescribeListeners " + name), found.status.error);
    return;
  }
  b.begin_array("alb_listener");
  for (auto l : found.items) listener(b, l);
  b.end_array();
}

void availability_zones(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("alb_availability_zones");
  for (auto z : list.children()) {
    if (z.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("zone_name", text(z, "ZoneName"))
        .str_if("subnet_id", text(z, "SubnetId"))
        .str_if("outpost_id", text(z, "OutpostId"));
    objects(b, "load_balancer_addresses", z.child("LoadBalancerAddresses"),
            {{"ip_address", "IpAddress"},
             {"allocation_id", "AllocationId"},
             {"private_i_pv4_address", "PrivateIPv4Address"},
             {"i_pv6_address", "IPv6Address"}});
    b.end_object();
  }
  b.end_array();
}

void v2(AccountContext& ctx, const std::string& region, pugi::xml_node n,
        const std::map<std::string, pugi::xml_node>& tags) {
  JsonBuilder b;
  std::string name = text(n, "LoadBalancerName"), arn = text(n, "LoadBalancerArn");
  b.str("kind", "aws_alb").str("id", name).str("name", name).str("arn", arn);
  write_tags(b, tags, arn);
  b.time("ctime", text(n, "CreatedTime")).str("lb_type", "alb");
  b.str_if("alb_dns_name", text(n, "DNSName"))
      .str_if("alb_canonical_hosted_zone_id", text(n, "CanonicalHostedZoneId"))
      .str_if("alb_scheme", text(n, "Scheme"));
  object(b, "alb_state", n.child("State"), {{"code", "Code"}, {"reason", "Reason"}});
  availability_zones(b, n.child("AvailabilityZones"));
  strings(b, "alb_security_groups", n.child("SecurityGroups"));
  b.str_if("alb_ip_address_type", text(n, "IpAddressType"))
      .str_if("alb_customer_owned_ipv4_pool", text(n, "CustomerOwnedIpv4Pool"))
      .str_if("alb_type", text(n, "Type"));
  write_listeners(ctx, region, b, arn, name);

  std::string node = ctx.id("alb", arn);
  ctx.out.node(node, "aws_alb", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  inside(ctx, node, "vpc", text(n, "VpcId"));
  for (auto z : n.child("AvailabilityZones").children())
    inside(ctx, node, "subnet", text(z, "SubnetId"));
  for (auto g : n.child("SecurityGroups").children())
    inside(ctx, node, "security_group", g.child_value());
}

// The tags of one page of load balancers, with the answers they live in.
struct PageTags {
  Docs docs;
  std::map<std::string, pugi::xml_node> by_key;
};

struct Balancer {
  pugi::xml_node n;
  std::shared_ptr<const PageTags> tags;  // shared by the page's balancers
};

// Every load balancer of the region, a page at a time, with its tags
// (DescribeTags for the page's balancers by their `field`, 20 at a time;
// the answer names them by `key`).
template <class Each>
void load_balancers(AccountContext& ctx, const Service& service, const std::string& region,
                    const char* list, const char* field, const char* param, const char* key,
                    Each each) {
  auto st = query_pages(ctx.client, service, region, "DescribeLoadBalancers", {{"PageSize", "400"}},
                        each_listed<Balancer>(
                            ctx,
                            [&](const XmlReply& page, std::vector<Balancer>& found) {
                              std::vector<std::string> keys;
                              for (auto n : page.result.child(list).children())
                                if (n.type() == pugi::node_element)
                                  keys.emplace_back(text(n, field));
                              auto tags = std::make_shared<PageTags>();
                              tags->by_key =
                                  tags_by(ctx, service, region, keys, param, key, tags->docs);
                              for (auto n : page.result.child(list).children())
                                if (n.type() == pugi::node_element) found.push_back({n, tags});
                            },
                            [&](const Balancer& b) { each(b.n, b.tags->by_key); }));
  if (!st.ok) ctx.warn(part(service, region, "DescribeLoadBalancers"), st.error);
}

}  // namespace

void collect_elb(AccountContext& ctx, const std::string& region) {
  load_balancers(ctx, services::kElb, region, "LoadBalancerDescriptions", "LoadBalancerName",
                 "LoadBalancerNames", "LoadBalancerName",
                 [&](pugi::xml_node n, const auto& tags) { classic(ctx, region, n, tags); });
}

void collect_elbv2(AccountContext& ctx, const std::string& region) {
  load_balancers(ctx, services::kElbV2, region, "LoadBalancers", "LoadBalancerArn", "ResourceArns",
                 "ResourceArn",
                 [&](pugi::xml_node n, const auto& tags) { v2(ctx, region, n, tags); });
}

}  // namespace canopy::aws
