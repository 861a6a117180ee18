#include "collect/aws/services/apigateway.h"

#include <functional>
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

const Service& apigateway() {
  return services::kApiGateway;
}

// Whole numbers; a fraction (canary percentTraffic) is cut off.
void number(JsonBuilder& b, std::string_view name, element e, std::string_view key) {
  double v;
  if (e[key].get(v) == simdjson::SUCCESS) b.num(name, static_cast<int64_t>(v));
}

void common(JsonBuilder& b, std::string_view kind, std::string_view id, std::string_view name,
            const std::string& arn) {
  b.str("kind", kind).str("id", id).str("name", name.empty() ? id : name).str("arn", arn);
}

struct Api {
  AccountContext& ctx;
  const std::string& region;
  std::string id;
  std::string node;

  std::string arn(const std::string& path) const {
    return "arn:" + ctx.partition + ":apigateway:" + region + "::/restapis/" + id + path;
  }
  std::string node_id(std::string_view tag, std::string_view child) const {
    return ctx.id(tag, region + "/" + id + "/" + std::string(child));
  }
  std::string part(const std::string& op) const { return call_part("apigateway", region, op, id); }
  // Adds the node below its region and its API.
  void add(const std::string& node_id, std::string_view kind, std::string reported,
           const std::string& node_arn) const {
    ctx.out.node(node_id, kind, reported);
    ctx.out.alias(node_arn, node_id);
    ctx.out.edge(ctx.region_node(region), node_id);
  }
};

// Every page of a list (`item` on the wire; `position` in the query and the answer).
CallStatus pages(AccountContext& ctx, const std::string& region, const std::string& op,
                 const std::string& path, const std::string& query,
                 const std::function<void(element item)>& on_item) {
  return rest_json_pages(ctx.client, apigateway(), region, op, path,
                         query.empty() ? "limit=500" : query + "&limit=500", "position", "position",
                         [&](const JsonReply& page) {
                           for (element e : list(page.root, "item")) on_item(e);
                         });
}

// Writes every item of a list below the API. NotFoundException: the API
// was deleted meanwhile.
void write_all(const Api& api, const std::string& op, const std::string& what,
               const std::string& query, void (*write)(const Api&, element)) {
  auto st = pages(api.ctx, api.region, op, "/restapis/" + api.id + "/" + what, query,
                  [&](element e) { write(api, e); });
  if (!st.ok && st.error.code != "NotFoundException") api.ctx.warn(api.part(op), st.error);
}

void deployment(const Api& api, element d) {
  std::string id(json_string(d, "id"));
  std::string arn = api.arn("/deployments/" + id);
  JsonBuilder b;
  common(b, "aws_apigateway_deployment", id, id, arn);
  epoch_time(b, "ctime", d, "createdDate");
  text(b, "description", d, "description");
  any(b, "deployment_api_summary", d, "apiSummary");
  b.str("api_link", api.id);
  std::string node = api.node_id("apigateway_deployment", id);
  api.add(node, "aws_apigateway_deployment", b.take(), arn);
  api.ctx.out.edge(api.node, node);
}

void canary(JsonBuilder& b, element s) {
  element c;
  if (!member(s, "canarySettings", c)) return;
  b.begin_object("stage_canary_settings");
  number(b, "percent_traffic", c, "percentTraffic");
  text(b, "deployment_id", c, "deploymentId");
  string_map(b, "stage_variable_overrides", c, "stageVariableOverrides");
  flag(b, "use_stage_cache", c, "useStageCache");
  b.end_object();
}

void stage(const Api& api, element s) {
  std::string name(json_string(s, "stageName"));
  std::string id = api.id + "_" + name;  // stage names repeat across APIs
  std::string arn = api.arn("/stages/" + name);
  JsonBuilder b;
  common(b, "aws_apigateway_stage", id, name, arn);
  tag_map(b, s, "tags");
  epoch_time(b, "ctime", s, "createdDate");
  epoch_time(b, "mtime", s, "lastUpdatedDate");
  text(b, "description", s, "description");
  text(b, "stage_client_certificate_id", s, "clientCertificateId");
  flag(b, "stage_cache_cluster_enabled", s, "cacheClusterEnabled");
  text(b, "stage_cache_cluster_size", s, "cacheClusterSize");
  text(b, "stage_cache_status", s, "cacheClusterStatus");
  any(b, "stage_method_settings", s, "methodSettings");
  string_map(b, "stage_variables", s, "variables");
  text(b, "stage_documentation_version", s, "documentationVersion");
  string_map(b, "stage_access_log_settings", s, "accessLogSettings");
  canary(b, s);
  flag(b, "stage_tracing_enabled", s, "tracingEnabled");
  text(b, "stage_web_acl_arn", s, "webAclArn");
  b.str("api_link", api.id);
  std::string node = api.ctx.id("apigateway_stage", api.region + "/" + id);
  api.add(node, "aws_apigateway_stage", b.take(), arn);
  if (std::string_view dep = json_string(s, "deploymentId"); !dep.empty())
    api.ctx.out.edge(api.node_id("apigateway_deployment", dep), node);
}

// One call for all stages of the API; each names its deployment.
void stages(const Api& api) {
  JsonReply r = rest_json_call(api.ctx.client, apigateway(), api.region, "GetStages", "GET",
                               "/restapis/" + api.id + "/stages");
  if (!r.ok) {
    if (r.error.code != "NotFoundException") api.ctx.warn(api.part("GetStages"), r.error);
    return;
  }
  for (element s : list(r.root, "item")) stage(api, s);
}

// The function of a Lambda authorizer:
// arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations.
std::string_view lambda_of(std::string_view uri) {
  size_t at = uri.find("/functions/");
  if (at == std::string_view::npos) return {};
  uri.remove_prefix(at + 11);
  return uri.substr(0, uri.rfind("/invocations"));
}

void authorizer(const Api& api, element a) {
  AccountContext& ctx = api.ctx;
  std::string id(json_string(a, "id"));
  std::string arn = api.arn("/authorizers/" + id);
  JsonBuilder b;
  common(b, "aws_apigateway_authorizer", id, json_string(a, "name"), arn);
  text(b, "authorizer_type", a, "type");
  strings(b, "authorizer_provider_arns", a, "providerARNs");
  text(b, "authorizer_auth_type", a, "authType");
  text(b, "authorizer_uri", a, "authorizerUri");
  text(b, "authorizer_credentials", a, "authorizerCredentials");
  text(b, "authorizer_identity_source", a, "identitySource");
  text(b, "authorizer_identity_validation_expression", a, "identityValidationExpression");
  number(b, "authorizer_result_ttl_in_seconds", a, "authorizerResultTtlInSeconds");
  b.str("api_link", api.id);
  std::string node = api.node_id("apigateway_authorizer", id);
  api.add(node, "aws_apigateway_authorizer", b.take(), arn);
  ctx.out.edge(api.node, node);
  if (std::string fn(lambda_of(json_string(a, "authorizerUri"))); !fn.empty())
    depends_edges(ctx, node, fn);
  if (std::string role(json_string(a, "authorizerCredentials")); !role.empty())
    owns_edges(ctx, role, node);
}

void integration(JsonBuilder& b, element i) {
  b.begin_object("method_integration");
  text(b, "integration_type", i, "type");
  text(b, "http_method", i, "httpMethod");
  text(b, "uri", i, "uri");
  text(b, "connection_type", i, "connectionType");
  text(b, "connection_id", i, "connectionId");
  text(b, "credentials", i, "credentials");
  string_map(b, "request_parameters", i, "requestParameters");
  string_map(b, "request_templates", i, "requestTemplates");
  text(b, "passthrough_behavior", i, "passthroughBehavior");
  text(b, "content_handling", i, "contentHandling");
  number(b, "timeout_in_millis", i, "timeoutInMillis");
  text(b, "cache_namespace", i, "cacheNamespace");
  strings(b, "cache_key_parameters", i, "cacheKeyParameters");
  simdjson::dom::object responses;
  if (i["integrationResponses"].get(responses) == simdjson::SUCCESS) {
    b.begin_object("integration_responses");
    for (auto [code, r] : responses) {
      b.begin_object(code);
      text(b, "status_code", r, "statusCode");
      text(b, "selection_pattern", r, "selectionPattern");
      string_map(b, "response_parameters", r, "responseParameters");
      string_map(b, "response_templates", r, "responseTemplates");
      text(b, "content_handling", r, "contentHandling");
      b.end_object();
    }
    b.end_object();
  }
  element tls;
  if (member(i, "tlsConfig", tls)) flag(b, "tls_config", tls, "insecureSkipVerification");
  b.end_object();
}

void method(JsonBuilder& b, std::string_view verb, element m) {
  b.begin_object(verb);
  text(b, "http_method", m, "httpMethod");
  text(b, "authorization_type", m, "authorizationType");
  text(b, "authorizer_id", m, "authorizerId");
  flag(b, "api_key_required", m, "apiKeyRequired");
  text(b, "request_validator_id", m, "requestValidatorId");
  text(b, "operation_name", m, "operationName");
  any(b, "request_parameters", m, "requestParameters");
  string_map(b, "request_models", m, "requestModels");
  simdjson::dom::object responses;
  if (m["methodResponses"].get(responses) == simdjson::SUCCESS) {
    b.begin_object("method_responses");
    for (auto [code, r] : responses) {
      b.begin_object(code);
      text(b, "status_code", r, "statusCode");
      any(b, "response_parameters", r, "responseParameters");
      string_map(b, "response_models", r, "responseModels");
      b.end_object();
    }
    b.end_object();
  }
  element i;
  if (member(m, "methodIntegration", i)) integration(b, i);
  strings(b, "authorization_scopes", m, "authorizationScopes");
  b.end_object();
}

void resource(const Api& api, element r) {
  AccountContext& ctx = api.ctx;
  std::string id(json_string(r, "id"));
  std::string arn = api.arn("/resources/" + id);
  JsonBuilder b;
  common(b, "aws_apigateway_resource", id, id, arn);
  text(b, "resource_parent_id", r, "parentId");
  text(b, "resource_path_part", r, "pathPart");
  text(b, "resource_path", r, "path");
  simdjson::dom::object methods;
  bool has_methods = r["resourceMethods"].get(methods) == simdjson::SUCCESS;
  if (has_methods) {
    b.begin_object("resource_methods");
    for (auto [verb, m] : methods) method(b, verb, m);
    b.end_object();
  }
  b.str("api_link", api.id);
  std::string node = api.node_id("apigateway_resource", id);
  api.add(node, "aws_apigateway_resource", b.take(), arn);
  ctx.out.alias(apigateway_resource_by_path(ctx, api.region, api.id, json_string(r, "path")), node);
  ctx.out.edge(api.node, node);
  if (has_methods)
    for (auto [verb, m] : methods)
      if (std::string_view auth = json_string(m, "authorizerId"); !auth.empty())
        ctx.out.edge(node, api.node_id("apigateway_authorizer", auth));
}

void rest_api(AccountContext& ctx, const std::string& region, element a) {
  Api api{ctx, region, std::string(json_string(a, "id")), ""};
  api.node = apigateway_rest_api_node(ctx, region, api.id);
  std::string arn = api.arn("");
  JsonBuilder b;
  common(b, "aws_apigateway_rest_api", api.id, json_string(a, "name"), arn);
  tag_map(b, a, "tags");
  epoch_time(b, "ctime", a, "createdDate");
  text(b, "description", a, "description");
  text(b, "api_version", a, "version");
  strings(b, "api_warnings", a, "warnings");
  strings(b, "api_binary_media_types", a, "binaryMediaTypes");
  number(b, "api_minimum_compression_size", a, "minimumCompressionSize");
  text(b, "api_key_source", a, "apiKeySource");
  element endpoint;
  bool has_endpoint = member(a, "endpointConfiguration", endpoint);
  if (has_endpoint) {
    b.begin_object("api_endpoint_configuration");
    strings(b, "types", endpoint, "types");
    strings(b, "vpc_endpoint_ids", endpoint, "vpcEndpointIds");
    b.end_object();
  }
  text(b, "api_policy", a, "policy");
  flag(b, "api_disable_execute_api_endpoint", a, "disableExecuteApiEndpoint");
  api.add(api.node, "aws_apigateway_rest_api", b.take(), arn);
  if (has_endpoint)
    for (std::string_view e : string_list(endpoint, "vpcEndpointIds"))
      owns_edges(ctx, api.node, ctx.id("vpc_endpoint", e));
  write_all(api, "GetDeployments", "deployments", "", deployment);
  stages(api);
  write_all(api, "GetAuthorizers", "authorizers", "", authorizer);
  write_all(api, "GetResources", "resources", "embed=methods", resource);
}

}  // namespace

std::string apigateway_rest_api_node(const AccountContext& ctx, std::string_view region,
                                     std::string_view api_id) {
  return ctx.id("apigateway_rest_api", std::string(region) + "/" + std::string(api_id));
}

std::string apigateway_resource_by_path(const AccountContext& ctx, std::string_view region,
                                        std::string_view api_id, std::string_view path) {
  return ctx.id("apigateway_resource_path",
                std::string(region) + "/" + std::string(api_id) + std::string(path));
}

void collect_apigateway(AccountContext& ctx, const std::string& region) {
  auto st = rest_json_pages(ctx.client, apigateway(), region, "GetRestApis", "/restapis",
                            "limit=500", "position", "position",
                            each_listed<element>(
                                ctx,
                                [](const JsonReply& page, std::vector<element>& apis) {
                                  for (element a : list(page.root, "item")) apis.push_back(a);
                                },
                                [&](element a) { rest_api(ctx, region, a); }));
  if (!st.ok) ctx.warn("apigateway " + region + " GetRestApis", st.error);
}

}  // namespace canopy::aws
