#include "collect/aws/credential_services.h"

#include "collect/aws/protocol/protocol.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

Result<Credentials> read_sts_credentials(pugi::xml_node result, const std::string& source) {
  pugi::xml_node c = result.child("Credentials");
  Credentials out;
  out.access_key_id = c.child_value("AccessKeyId");
  out.secret_access_key = c.child_value("SecretAccessKey");
  out.session_token = c.child_value("SessionToken");
  if (auto t = parse_datetime(c.child_value("Expiration"))) out.expiration = *t;
  out.source = source;
  if (out.access_key_id.empty() || out.secret_access_key.empty())
    return Error{source + ": the STS answer holds no credentials"};
  return out;
}

Params role_params(const AssumeRoleParams& p) {
  Params params{{"RoleArn", p.role_arn}, {"RoleSessionName", p.session_name}};
  if (!p.external_id.empty()) params.emplace_back("ExternalId", p.external_id);
  if (p.duration_seconds > 0)
    params.emplace_back("DurationSeconds", std::to_string(p.duration_seconds));
  return params;
}

}  // namespace

int64_t NetworkCredentialServices::now() {
  return now_seconds();
}

Result<Credentials> NetworkCredentialServices::assume_role(const Credentials& source,
                                                           const AssumeRoleParams& p) {
  FixedCredentials fixed(source);
  Client client(http_, fixed, endpoints_, PacingOptions{}, stats_, retry_);
  std::string region = p.region.empty() ? "us-east-1" : p.region;
  XmlReply r = query_call(client, services::kSts, region, "AssumeRole", role_params(p));
  if (!r.ok) return Error{"sts AssumeRole " + p.role_arn + ": " + r.error.describe()};
  return read_sts_credentials(r.result, "role " + p.role_arn);
}

Result<Credentials> NetworkCredentialServices::assume_role_with_web_identity(
    const AssumeRoleParams& p, const std::string& token) {
  // This call is not signed: the token is the proof.
  std::string region = p.region.empty() ? "us-east-1" : p.region;
  Endpoint ep = resolve_endpoint(services::kSts, region, endpoints_);
  Params params = role_params(p);
  params.insert(params.begin(), {{"Action", "AssumeRoleWithWebIdentity"},
                                 {"Version", std::string(services::kSts.api_version)}});
  params.emplace_back("WebIdentityToken", token);
  http::Request req;
  req.method = "POST";
  req.url = ep.url + "/";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  req.body = form_encode(params);
  stats_.count_call("sts");
  http::Outcome out = http_.send(req);
  if (!out.ok) return Error{"sts AssumeRoleWithWebIdentity: " + out.error.message};
  if (out.response.status >= 300) {
    ApiError e = parse_error(Protocol::Query, out.response);
    scrub(e.message, {token});
    return Error{"sts AssumeRoleWithWebIdentity " + p.role_arn + ": " + e.describe()};
  }
  pugi::xml_document doc;
  if (!doc.load_buffer(out.response.body.data(), out.response.body.size()))
    return Error{"sts AssumeRoleWithWebIdentity: the answer does not parse"};
  return read_sts_credentials(doc.document_element().child("AssumeRoleWithWebIdentityResult"),
                              "web identity " + p.role_arn);
}

Result<Credentials> AssumedRole::get() {
  int64_t now = services_.now();
  if (current_ && (current_->expiration == 0 || current_->expiration - now > 300)) return *current_;
  auto source = source_.get();
  if (!source) return source.status();
  auto creds = services_.assume_role(*source, params_);
  if (!creds) return creds.status();
  current_ = *creds;
  return *current_;
}

}  // namespace canopy::aws
