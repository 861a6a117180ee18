#include "collect/aws/services/lambda.h"

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/apigateway.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

const Service& lambda() {
  return services::kLambda;
}

void error_object(JsonBuilder& b, element e) {
  object(b, "error", e, "Error", [&](element err) {
    text(b, "error_code", err, "ErrorCode");
    text(b, "message", err, "Message");
  });
}

// A per-function call; ResourceNotFoundException means there is nothing
// (no policy, no URL, function just deleted) and is no warning.
JsonReply optional_call(AccountContext& ctx, const std::string& region, const std::string& op,
                        const std::string& path, const std::string& function) {
  JsonReply r = rest_json_call(ctx.client, lambda(), region, op, "GET", path);
  if (!r.ok && r.error.code != "ResourceNotFoundException")
    ctx.warn("lambda " + region + " " + op + " " + function, r.error);
  return r;
}

void environment(JsonBuilder& b, element f) {
  object(b, "function_environment", f, "Environment", [&](element env) {
    string_map(b, "variables", env, "Variables");
    error_object(b, env);
  });
}

void layers(JsonBuilder& b, element f) {
  objects(b, "function_layers", f, "Layers", [&](element l) {
    text(b, "arn", l, "Arn");
    integer(b, "code_size", l, "CodeSize");
    text(b, "signing_profile_version_arn", l, "SigningProfileVersionArn");
    text(b, "signing_job_arn", l, "SigningJobArn");
  });
}

void image_config(JsonBuilder& b, element f) {
  object(b, "function_image_config_response", f, "ImageConfigResponse", [&](element r) {
    object(b, "image_config", r, "ImageConfig", [&](element c) {
      strings(b, "entry_point", c, "EntryPoint");
      strings(b, "command", c, "Command");
      text(b, "working_directory", c, "WorkingDirectory");
    });
    error_object(b, r);
  });
}

// The resource policy (a JSON string) with lower-case statement keys; the
// principal, action, resource and condition stay as AWS wrote them. Returns
// the statements (they live in `parser`).
std::vector<element> policy(JsonBuilder& b, simdjson::dom::parser& parser, std::string_view json) {
  std::vector<element> statements;
  element doc, st;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS || !doc.is_object()) return statements;
  if (member(doc, "Statement", st)) {
    if (st.is_array())
      statements = list(doc, "Statement");
    else if (st.is_object())
      statements.push_back(st);
  }
  b.begin_object("function_policy");
  text(b, "id", doc, "Id");
  text(b, "version", doc, "Version");
  b.begin_array("statement");
  for (element s : statements) {
    b.begin_object();
    text(b, "sid", s, "Sid");
    text(b, "effect", s, "Effect");
    any(b, "principal", s, "Principal");
    any(b, "action", s, "Action");
    any(b, "resource", s, "Resource");
    any(b, "condition", s, "Condition");
    b.end_object();
  }
  b.end_array();
  b.end_object();
  return statements;
}

void url_config(JsonBuilder& b, element u) {
  b.begin_object("function_url_config");
  text(b, "function_url", u, "FunctionUrl");
  text(b, "function_arn", u, "FunctionArn");
  text(b, "auth_type", u, "AuthType");
  object(b, "cors", u, "Cors", [&](element cors) {
    flag(b, "allow_credentials", cors, "AllowCredentials");
    strings(b, "allow_headers", cors, "AllowHeaders");
    strings(b, "allow_methods", cors, "AllowMethods");
    strings(b, "allow_origins", cors, "AllowOrigins");
    strings(b, "expose_headers", cors, "ExposeHeaders");
    integer(b, "max_age", cors, "MaxAge");
  });
  text(b, "creation_time", u, "CreationTime");
  text(b, "last_modified_time", u, "LastModifiedTime");
  b.end_object();
}

void vpc(AccountContext& ctx, const std::string& node, element f) {
  element v;
  if (member(f, "VpcConfig", v))
    vpc_edges(ctx, node, json_string(v, "VpcId"), string_list(v, "SubnetIds"),
              string_list(v, "SecurityGroupIds"));
}

// A statement that lets API Gateway invoke the function names the API in
// its source ARN: arn:aws:execute-api:<region>:<account>:<api>/<stage>/<method>/<path>.
void api_edges(AccountContext& ctx, const std::string& node, element s) {
  element principal, condition;
  if (!member(s, "Principal", principal) || !member(s, "Condition", condition)) return;
  if (json_string(principal, "Service") != "apigateway.amazonaws.com") return;
  element arn_like;
  if (!member(condition, "ArnLike", arn_like)) return;
  std::string_view arn = json_string(arn_like, "AWS:SourceArn");
  std::string_view region = arn_field(arn, 3), source = arn_field(arn, 5);
  std::string_view api = source.substr(0, source.find('/'));
  if (region.empty() || api.empty()) return;
  depends_edges(ctx, apigateway_rest_api_node(ctx, region, api), node);
  // The resource path follows the API id, the stage and the method.
  size_t at = 0;
  for (int i = 0; i < 3 && at != std::string_view::npos; ++i) at = source.find('/', at + 1);
  if (at == std::string_view::npos) return;
  depends_edges(ctx, apigateway_resource_by_path(ctx, region, api, source.substr(at)), node);
}

void function(AccountContext& ctx, const std::string& region, element f) {
  std::string name(json_string(f, "FunctionName")), arn(json_string(f, "FunctionArn"));
  std::string fn_path = uri_encode(name, true);
  JsonReply tags =
      optional_call(ctx, region, "ListTags", "/2017-03-31/tags/" + uri_encode(arn, true), name);
  JsonReply pol =
      optional_call(ctx, region, "GetPolicy", "/2015-03-31/functions/" + fn_path + "/policy", name);
  JsonReply url = optional_call(ctx, region, "GetFunctionUrlConfig",
                                "/2021-10-31/functions/" + fn_path + "/url", name);

  JsonBuilder b;
  b.str("kind", "aws_lambda_function").str("id", name).str("name", name).str_if("arn", arn);
  if (tags.ok)
    tag_map(b, tags.root, "Tags");
  else
    b.begin_object("tags").end_object();
  b.time("mtime", json_string(f, "LastModified"));
  text(b, "function_runtime", f, "Runtime");
  text(b, "function_role", f, "Role");
  text(b, "function_handler", f, "Handler");
  integer(b, "function_code_size", f, "CodeSize");
  text(b, "function_description", f, "Description");
  integer(b, "function_timeout", f, "Timeout");
  integer(b, "function_memory_size", f, "MemorySize");
  text(b, "function_code_sha256", f, "CodeSha256");
  text(b, "function_version", f, "Version");
  element sub;
  if (member(f, "DeadLetterConfig", sub)) text(b, "function_dead_letter_config", sub, "TargetArn");
  environment(b, f);
  text(b, "function_kms_key_arn", f, "KMSKeyArn");
  if (member(f, "TracingConfig", sub)) text(b, "function_tracing_config", sub, "Mode");
  text(b, "function_master_arn", f, "MasterArn");
  text(b, "function_revision_id", f, "RevisionId");
  layers(b, f);
  text(b, "function_state", f, "State");
  text(b, "function_state_reason", f, "StateReason");
  text(b, "function_state_reason_code", f, "StateReasonCode");
  text(b, "function_last_update_status", f, "LastUpdateStatus");
  text(b, "function_last_update_status_reason", f, "LastUpdateStatusReason");
  text(b, "function_last_update_status_reason_code", f, "LastUpdateStatusReasonCode");
  objects(b, "function_file_system_configs", f, "FileSystemConfigs",
          [&](element c) { text(b, "arn", c, "Arn"); });
  text(b, "function_package_type", f, "PackageType");
  image_config(b, f);
  text(b, "function_signing_profile_version_arn", f, "SigningProfileVersionArn");
  text(b, "function_signing_job_arn", f, "SigningJobArn");
  strings(b, "function_architectures", f, "Architectures");
  if (member(f, "EphemeralStorage", sub)) integer(b, "function_ephemeral_storage", sub, "Size");
  simdjson::dom::parser policy_parser;
  std::vector<element> statements;
  if (pol.ok) statements = policy(b, policy_parser, json_string(pol.root, "Policy"));
  if (url.ok) url_config(b, url.root);

  std::string node = ctx.id("lambda_function", arn);
  ctx.out.node(node, "aws_lambda_function", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  vpc(ctx, node, f);
  kms_key_edges(ctx, region, node, json_string(f, "KMSKeyArn"));
  for (element s : statements) api_edges(ctx, node, s);
}

}  // namespace

void collect_lambda(AccountContext& ctx, const std::string& region) {
  auto st = rest_json_pages(ctx.client, lambda(), region, "ListFunctions", "/2015-03-31/functions",
                            "MaxItems=50", "Marker", "NextMarker",
                            each_listed<element>(
                                ctx,
                                [](const JsonReply& page, std::vector<element>& functions) {
                                  for (element f : list(page.root, "Functions"))
                                    functions.push_back(f);
                                },
                                [&](element f) { function(ctx, region, f); }));
  if (!st.ok) ctx.warn("lambda " + region + " ListFunctions", st.error);
}

}  // namespace canopy::aws
