#include "collect/aws/services/wafv2.h"

#include <set>
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

const Service& waf() {
  return services::kWafV2;
}

// Objects the model keeps as they are (mostly empty markers such as "UriPath": {}).
void as_is(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  element o;
  if (n[field].get(o) == SUCCESS && o.is_object()) b.raw(key, simdjson::minify(o));
}

// The model keeps one member of some objects: SingleHeader {Name} → "name".
void member(JsonBuilder& b, std::string_view key, element n, std::string_view field,
            std::string_view inner, std::string_view fallback = "") {
  element o;
  if (n[field].get(o) != SUCCESS || !o.is_object()) return;
  std::string_view v = json_string(o, inner);
  b.str_if(key, v.empty() ? fallback : v);
}

// A list of objects reduced to one member each: [{Name: a}] → ["a"].
void members(JsonBuilder& b, std::string_view key, element n, std::string_view field,
             std::string_view inner) {
  b.begin_array(key);
  for (element e : fields::list(n, field)) b.str_element(json_string(e, inner));
  b.end_array();
}

// --- the parts of rules --------------------------------------------------------------------------

void match_pattern(JsonBuilder& b, element n, const char* included, const char* included_key,
                   const char* excluded, const char* excluded_key) {
  object(b, "match_pattern", n, "MatchPattern", [&](element p) {
    as_is(b, "all", p, "All");
    strings(b, included_key, p, included);
    if (excluded) strings(b, excluded_key, p, excluded);
  });
  text(b, "match_scope", n, "MatchScope");
  text(b, "oversize_handling", n, "OversizeHandling");
}

// A FieldToMatch's members (also the shape of each redacted logging field).
void field_members(JsonBuilder& b, element f) {
  member(b, "single_header", f, "SingleHeader", "Name");
  member(b, "single_query_argument", f, "SingleQueryArgument", "Name");
  as_is(b, "all_query_arguments", f, "AllQueryArguments");
  as_is(b, "uri_path", f, "UriPath");
  as_is(b, "query_string", f, "QueryString");
  member(b, "body", f, "Body", "OversizeHandling", "CONTINUE");  // AWS's default
  as_is(b, "method", f, "Method");
  object(b, "json_body", f, "JsonBody", [&](element j) {
    match_pattern(b, j, "IncludedPaths", "included_paths", nullptr, nullptr);
    text(b, "invalid_fallback_behavior", j, "InvalidFallbackBehavior");
  });
  object(b, "headers", f, "Headers", [&](element h) {
    match_pattern(b, h, "IncludedHeaders", "included_headers", "ExcludedHeaders",
                  "excluded_headers");
  });
  object(b, "cookies", f, "Cookies", [&](element c) {
    match_pattern(b, c, "IncludedCookies", "included_cookies", "ExcludedCookies",
                  "excluded_cookies");
  });
  member(b, "header_order", f, "HeaderOrder", "OversizeHandling");
  member(b, "ja3_fingerprint", f, "JA3Fingerprint", "FallbackBehavior");
}

void field_to_match(JsonBuilder& b, element n) {
  object(b, "field_to_match", n, "FieldToMatch", [&](element f) { field_members(b, f); });
}

void text_transformations(JsonBuilder& b, element n) {
  objects(b, "text_transformations", n, "TextTransformations", [&](element t) {
    integer(b, "priority", t, "Priority");
    text(b, "type", t, "Type");
  });
}

void headers(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  objects(b, key, n, field, [&](element h) {
    text(b, "name", h, "Name");
    text(b, "value", h, "Value");
  });
}

void inserted_headers(JsonBuilder& b, std::string_view key, element action) {
  element handling;
  if (action["CustomRequestHandling"].get(handling) == SUCCESS)
    headers(b, key, handling, "InsertHeaders");
  else
    b.begin_array(key).end_array();
}

// Block and Allow of a rule action or a web ACL's default action. A present
// action is always written (an empty block object still says "block").
void block_allow(JsonBuilder& b, element a) {
  object(b, "block", a, "Block", [&](element block) {
    element r;
    if (block["CustomResponse"].get(r) != SUCCESS) return;
    integer(b, "response_code", r, "ResponseCode");
    text(b, "custom_response_body_key", r, "CustomResponseBodyKey");
    headers(b, "response_headers", r, "ResponseHeaders");
  });
  element allow;
  if (a["Allow"].get(allow) == SUCCESS && allow.is_object()) inserted_headers(b, "allow", allow);
}

void rule_action(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element a) {
    block_allow(b, a);
    for (auto [aws, snake] : {std::pair{"Count", "count"}, std::pair{"Captcha", "captcha"},
                              std::pair{"Challenge", "challenge"}})
      object(b, snake, a, aws,
             [&](element c) { inserted_headers(b, "custom_request_handling", c); });
  });
}

void override_action(JsonBuilder& b, element n) {
  object(b, "override_action", n, "OverrideAction", [&](element o) {
    object(b, "count", o, "Count",
           [&](element c) { inserted_headers(b, "custom_request_handling", c); });
    as_is(b, "none", o, "None");
  });
}

void visibility_config(JsonBuilder& b, element n) {
  object(b, "visibility_config", n, "VisibilityConfig", [&](element v) {
    flag(b, "sampled_requests_enabled", v, "SampledRequestsEnabled");
    flag(b, "cloud_watch_metrics_enabled", v, "CloudWatchMetricsEnabled");
    text(b, "metric_name", v, "MetricName");
  });
}

void immunity(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element c) {
    element t;
    if (c["ImmunityTimeProperty"].get(t) == SUCCESS)
      integer(b, "immunity_time_property", t, "ImmunityTime");
  });
}

void forwarded_ip_config(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element f) {
    text(b, "header_name", f, "HeaderName");
    text(b, "fallback_behavior", f, "FallbackBehavior");
    text(b, "position", f, "Position");
  });
}

void rule_action_overrides(JsonBuilder& b, element n) {
  objects(b, "rule_action_overrides", n, "RuleActionOverrides", [&](element o) {
    text(b, "name", o, "Name");
    rule_action(b, "action_to_use", o, "ActionToUse");
  });
}

// StatusCode, Header, BodyContains and Json name their values differently.
void response_inspection(JsonBuilder& b, element n) {
  object(b, "response_inspection", n, "ResponseInspection", [&](element r) {
    object(b, "status_code", r, "StatusCode", [&](element s) {
      for (auto [aws, snake] : {std::pair{"SuccessCodes", "success_values"},
                                std::pair{"FailureCodes", "failure_values"}}) {
        b.begin_array(snake);
        for (element c : fields::list(s, aws)) {
          int64_t code;
          if (c.get(code) == SUCCESS) b.str_element(std::to_string(code));
        }
        b.end_array();
      }
    });
    object(b, "header", r, "Header", [&](element h) {
      text(b, "name", h, "Name");
      strings(b, "success_values", h, "SuccessValues");
      strings(b, "failure_values", h, "FailureValues");
    });
    object(b, "body_contains", r, "BodyContains", [&](element c) {
      strings(b, "success_values", c, "SuccessStrings");
      strings(b, "failure_values", c, "FailureStrings");
    });
    object(b, "json", r, "Json", [&](element j) {
      text(b, "identifier", j, "Identifier");
      strings(b, "success_values", j, "SuccessValues");
      strings(b, "failure_values", j, "FailureValues");
    });
  });
}

void request_inspection(JsonBuilder& b, element n, bool acfp) {
  object(b, "request_inspection", n, "RequestInspection", [&](element r) {
    text(b, "payload_type", r, "PayloadType");
    member(b, "username_field", r, "UsernameField", "Identifier");
    member(b, "password_field", r, "PasswordField", "Identifier");
    if (!acfp) return;
    member(b, "email_field", r, "EmailField", "Identifier");
    members(b, "phone_number_fields", r, "PhoneNumberFields", "Identifier");
    members(b, "address_fields", r, "AddressFields", "Identifier");
  });
}

void managed_rule_group_configs(JsonBuilder& b, element n) {
  objects(b, "managed_rule_group_configs", n, "ManagedRuleGroupConfigs", [&](element c) {
    text(b, "login_path", c, "LoginPath");
    text(b, "payload_type", c, "PayloadType");
    member(b, "username_field", c, "UsernameField", "Identifier");
    member(b, "password_field", c, "PasswordField", "Identifier");
    object(b, "aws_managed_rules_bot_control_rule_set", c, "AWSManagedRulesBotControlRuleSet",
           [&](element s) {
             text(b, "inspection_level", s, "InspectionLevel");
             flag(b, "enable_machine_learning", s, "EnableMachineLearning");
           });
    object(b, "aws_managed_rules_atp_rule_set", c, "AWSManagedRulesATPRuleSet", [&](element s) {
      text(b, "login_path", s, "LoginPath");
      request_inspection(b, s, false);
      response_inspection(b, s);
      flag(b, "enable_regex_in_path", s, "EnableRegexInPath");
    });
    object(b, "aws_managed_rules_acfp_rule_set", c, "AWSManagedRulesACFPRuleSet", [&](element s) {
      text(b, "creation_path", s, "CreationPath");
      text(b, "registration_page_path", s, "RegistrationPagePath");
      request_inspection(b, s, true);
      response_inspection(b, s);
      flag(b, "enable_regex_in_path", s, "EnableRegexInPath");
    });
  });
}

void statement(JsonBuilder& b, element s);

void nested(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element s) { statement(b, s); });
}

void managed_rule_group(JsonBuilder& b, element m) {
  text(b, "vendor_name", m, "VendorName");
  text(b, "name", m, "Name");
  text(b, "version", m, "Version");
  members(b, "excluded_rules", m, "ExcludedRules", "Name");
  nested(b, "scope_down_statement", m, "ScopeDownStatement");
  managed_rule_group_configs(b, m);
  rule_action_overrides(b, m);
}

void rule_group_reference(JsonBuilder& b, element r) {
  text(b, "arn", r, "ARN");
  members(b, "excluded_rules", r, "ExcludedRules", "Name");
  rule_action_overrides(b, r);
}

void rate_limit(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  object(b, key, n, field, [&](element l) {
    text(b, "name", l, "Name");
    text_transformations(b, l);
  });
}

void rate_based(JsonBuilder& b, element r) {
  integer(b, "limit", r, "Limit");
  text(b, "aggregate_key_type", r, "AggregateKeyType");
  nested(b, "scope_down_statement", r, "ScopeDownStatement");
  forwarded_ip_config(b, "forwarded_ip_config", r, "ForwardedIPConfig");
  objects(b, "custom_keys", r, "CustomKeys", [&](element k) {
    rate_limit(b, "header", k, "Header");
    rate_limit(b, "cookie", k, "Cookie");
    rate_limit(b, "query_argument", k, "QueryArgument");
    rate_limit(b, "query_string", k, "QueryString");
    as_is(b, "http_method", k, "HTTPMethod");
    as_is(b, "forwarded_ip", k, "ForwardedIP");
    as_is(b, "ip", k, "IP");
    member(b, "label_namespace", k, "LabelNamespace", "Namespace");
    object(b, "uri_path", k, "UriPath", [&](element u) { text_transformations(b, u); });
  });
}

void statement(JsonBuilder& b, element s) {
  object(b, "byte_match_statement", s, "ByteMatchStatement", [&](element m) {
    text(b, "search_string", m, "SearchString");  // base64, as the API sends it
    field_to_match(b, m);
    text_transformations(b, m);
    text(b, "positional_constraint", m, "PositionalConstraint");
  });
  object(b, "sqli_match_statement", s, "SqliMatchStatement", [&](element m) {
    field_to_match(b, m);
    text_transformations(b, m);
    text(b, "sensitivity_level", m, "SensitivityLevel");
  });
  object(b, "xss_match_statement", s, "XssMatchStatement", [&](element m) {
    field_to_match(b, m);
    text_transformations(b, m);
  });
  object(b, "size_constraint_statement", s, "SizeConstraintStatement", [&](element m) {
    field_to_match(b, m);
    text(b, "comparison_operator", m, "ComparisonOperator");
    integer(b, "size", m, "Size");
    text_transformations(b, m);
  });
  object(b, "geo_match_statement", s, "GeoMatchStatement", [&](element m) {
    strings(b, "country_codes", m, "CountryCodes");
    forwarded_ip_config(b, "forwarded_ip_config", m, "ForwardedIPConfig");
  });
  object(b, "rule_group_reference_statement", s, "RuleGroupReferenceStatement",
         [&](element r) { rule_group_reference(b, r); });
  object(b, "ip_set_reference_statement", s, "IPSetReferenceStatement", [&](element r) {
    text(b, "arn", r, "ARN");
    forwarded_ip_config(b, "ip_set_forwarded_ip_config", r, "IPSetForwardedIPConfig");
  });
  object(b, "regex_pattern_set_reference_statement", s, "RegexPatternSetReferenceStatement",
         [&](element r) {
           text(b, "arn", r, "ARN");
           field_to_match(b, r);
           text_transformations(b, r);
         });
  object(b, "rate_based_statement", s, "RateBasedStatement", [&](element r) { rate_based(b, r); });
  for (auto [aws, snake] :
       {std::pair{"AndStatement", "and_statement"}, std::pair{"OrStatement", "or_statement"}})
    object(b, snake, s, aws, [&](element l) {
      objects(b, "statements", l, "Statements", [&](element inner) { statement(b, inner); });
    });
  object(b, "not_statement", s, "NotStatement",
         [&](element n) { nested(b, "statement", n, "Statement"); });
  object(b, "managed_rule_group_statement", s, "ManagedRuleGroupStatement",
         [&](element m) { managed_rule_group(b, m); });
  object(b, "label_match_statement", s, "LabelMatchStatement", [&](element m) {
    text(b, "scope", m, "Scope");
    text(b, "key", m, "Key");
  });
  object(b, "regex_match_statement", s, "RegexMatchStatement", [&](element m) {
    text(b, "regex_string", m, "RegexString");
    field_to_match(b, m);
    text_transformations(b, m);
  });
}

void rule(JsonBuilder& b, element r) {
  text(b, "name", r, "Name");
  integer(b, "priority", r, "Priority");
  nested(b, "statement", r, "Statement");
  rule_action(b, "action", r, "Action");
  override_action(b, r);
  members(b, "rule_labels", r, "RuleLabels", "Name");
  visibility_config(b, r);
  immunity(b, "captcha_config", r, "CaptchaConfig");
  immunity(b, "challenge_config", r, "ChallengeConfig");
}

void firewall_manager_rule_groups(JsonBuilder& b, std::string_view key, element acl,
                                  std::string_view field) {
  objects(b, key, acl, field, [&](element g) {
    text(b, "name", g, "Name");
    integer(b, "priority", g, "Priority");
    object(b, "firewall_manager_statement", g, "FirewallManagerStatement", [&](element s) {
      object(b, "managed_rule_group_statement", s, "ManagedRuleGroupStatement",
             [&](element m) { managed_rule_group(b, m); });
      object(b, "rule_group_reference_statement", s, "RuleGroupReferenceStatement",
             [&](element r) { rule_group_reference(b, r); });
    });
    override_action(b, g);
    visibility_config(b, g);
  });
}

void logging_configuration(JsonBuilder& b, element l) {
  b.begin_object("logging_configuration");
  strings(b, "log_destination_configs", l, "LogDestinationConfigs");
  objects(b, "redacted_fields", l, "RedactedFields", [&](element f) { field_members(b, f); });
  flag(b, "managed_by_firewall_manager", l, "ManagedByFirewallManager");
  object(b, "logging_filter", l, "LoggingFilter", [&](element f) {
    objects(b, "filters", f, "Filters", [&](element x) {
      text(b, "behavior", x, "Behavior");
      text(b, "requirement", x, "Requirement");
      objects(b, "conditions", x, "Conditions", [&](element c) {
        member(b, "action_condition", c, "ActionCondition", "Action");
        member(b, "label_name_condition", c, "LabelNameCondition", "LabelName");
      });
    });
    text(b, "default_behavior", f, "DefaultBehavior");
  });
  b.end_object();
}

// --- one web ACL ---------------------------------------------------------------------------------

struct Acl {
  std::string name, id, arn, description;
};

std::string part(const std::string& region, const std::string& what) {
  return call_part("wafv2", region, what);
}

// The ARNs of the resources a regional web ACL protects: load balancers and
// API Gateway stages (the original collector asked for load balancers only).
std::vector<std::string> protected_resources(AccountContext& ctx, const std::string& region,
                                             const Acl& acl) {
  std::vector<std::string> out;
  for (const char* type : {"APPLICATION_LOAD_BALANCER", "API_GATEWAY"}) {
    JsonReply r = json_call(
        ctx.client, waf(), region, "ListResourcesForWebACL",
        "\"WebACLArn\":" + json::quote(acl.arn) + ",\"ResourceType\":" + json::quote(type));
    if (!r.ok) {
      if (r.error.code != "WAFNonexistentItemException")
        ctx.warn(part(region, "ListResourcesForWebACL " + acl.name), r.error);
      continue;
    }
    for (element a : fields::list(r.root, "ResourceArns"))
      if (a.is_string()) out.emplace_back(as_string(a));
  }
  return out;
}

void web_acl(AccountContext& ctx, const std::string& region, const char* scope, const Acl& acl) {
  JsonReply got =
      json_call(ctx.client, waf(), region, "GetWebACL",
                "\"Name\":" + json::quote(acl.name) + ",\"Scope\":" + json::quote(scope) +
                    ",\"Id\":" + json::quote(acl.id));
  element a;
  if (!got.ok) {
    if (got.error.code == "WAFNonexistentItemException") return;  // deleted since listed
    ctx.warn(part(region, "GetWebACL " + acl.name), got.error);
  }
  bool described = got.ok && got.root["WebACL"].get(a) == SUCCESS;
  JsonReply logging = json_call(ctx.client, waf(), region, "GetLoggingConfiguration",
                                "\"ResourceArn\":" + json::quote(acl.arn));
  if (!logging.ok && logging.error.code != "WAFNonexistentItemException")
    ctx.warn(part(region, "GetLoggingConfiguration " + acl.name), logging.error);

  JsonBuilder b;
  b.str("kind", "aws_waf_web_acl").str("id", acl.id).str("name", acl.name).str("arn", acl.arn);
  b.str_if("description", acl.description);
  if (described) {
    object(b, "default_action", a, "DefaultAction", [&](element d) { block_allow(b, d); });
    objects(b, "rules", a, "Rules", [&](element r) { rule(b, r); });
    visibility_config(b, a);
    integer(b, "capacity", a, "Capacity");
    firewall_manager_rule_groups(b, "pre_process_firewall_manager_rule_groups", a,
                                 "PreProcessFirewallManagerRuleGroups");
    firewall_manager_rule_groups(b, "post_process_firewall_manager_rule_groups", a,
                                 "PostProcessFirewallManagerRuleGroups");
    flag(b, "managed_by_firewall_manager", a, "ManagedByFirewallManager");
    text(b, "label_namespace", a, "LabelNamespace");
    simdjson::dom::object bodies;
    if (a["CustomResponseBodies"].get(bodies) == SUCCESS) {
      b.begin_object("custom_response_bodies");
      for (auto [key, body] : bodies) {
        b.begin_object(key);
        text(b, "content_type", body, "ContentType");
        text(b, "content", body, "Content");
        b.end_object();
      }
      b.end_object();
    }
    immunity(b, "captcha_config", a, "CaptchaConfig");
    immunity(b, "challenge_config", a, "ChallengeConfig");
    strings(b, "token_domains", a, "TokenDomains");
  }
  element config;
  bool logged = logging.ok && logging.root["LoggingConfiguration"].get(config) == SUCCESS;
  if (logged) logging_configuration(b, config);  // null when logging is off

  std::string node = ctx.id("waf_web_acl", acl.arn);
  ctx.out.node(node, "aws_waf_web_acl", b.take());
  ctx.out.alias(acl.arn, node);
  ctx.out.edge(ctx.global_node(), node);
  if (std::string_view(scope) == "REGIONAL")
    for (const std::string& arn : protected_resources(ctx, region, acl)) ctx.out.edge(node, arn);
  if (logged)
    for (element d : fields::list(config, "LogDestinationConfigs"))
      if (d.is_string()) ctx.out.edge(node, std::string(as_string(d)));
}

// ListWebACLs, every page, each page's web ACLs to `each`: WAF may hand out
// a marker with the last page, so an empty page or a repeated marker ends
// the list as well.
template <class Each>
void list(AccountContext& ctx, const std::string& region, const char* scope, Each each) {
  auto on_page = each_listed<Acl>(
      ctx,
      [](const JsonReply& r, std::vector<Acl>& out) {
        simdjson::dom::array acls;
        if (r.root["WebACLs"].get(acls) != SUCCESS) return;
        for (element a : acls)
          out.push_back({std::string(json_string(a, "Name")), std::string(json_string(a, "Id")),
                         std::string(json_string(a, "ARN")),
                         std::string(json_string(a, "Description"))});
      },
      each);
  std::set<std::string> seen;
  std::string marker;
  while (true) {
    std::string members = "\"Scope\":" + json::quote(scope) + ",\"Limit\":100";
    if (!marker.empty()) members += ",\"NextMarker\":" + json::quote(marker);
    JsonReply r = json_call(ctx.client, waf(), region, "ListWebACLs", members);
    if (!r.ok) {
      ctx.warn(part(region, std::string("ListWebACLs ") + scope), r.error);
      return;
    }
    simdjson::dom::array acls;
    if (r.root["WebACLs"].get(acls) != SUCCESS || acls.size() == 0) return;
    on_page(r);
    marker = json_string(r.root, "NextMarker");
    if (marker.empty() || !seen.insert(marker).second) return;
  }
}

}  // namespace

void collect_wafv2(AccountContext& ctx, const std::string& region) {
  std::vector<const char*> scopes = {"REGIONAL"};
  if (region == "us-east-1") scopes.push_back("CLOUDFRONT");  // only there
  for (const char* scope : scopes)
    list(ctx, region, scope, [&](const Acl& acl) { web_acl(ctx, region, scope, acl); });
}

}  // namespace canopy::aws
