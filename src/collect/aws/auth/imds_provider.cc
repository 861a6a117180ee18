// EC2 instance metadata (IMDSv2): a session token from PUT /latest/api/token,
// then the role name and the role's credentials. Short timeouts and one retry
// (none after a timeout), since off EC2 nothing answers. As botocore, when the token request is
// refused (403, 404, 405) or times out, the GETs go without a token (IMDSv1)
// unless AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled says not to.
#include "collect/aws/auth/providers.h"

namespace canopy::aws::internal {

namespace {

constexpr const char* kDefaultEndpoint = "http://169.254.169.254";
constexpr const char* kTokenTtlSeconds = "21600";
constexpr const char* kRolePath = "/latest/meta-data/iam/security-credentials/";
constexpr int kTimeoutMs = 1000;
constexpr int kAttempts = 2;

bool is_true(std::string_view v) {
  return lower(trim(v)) == "true";
}

class ImdsProvider : public RefreshingProvider {
 public:
  ImdsProvider(ImdsConfig config, CredentialServices& services)
      : RefreshingProvider(services), config_(std::move(config)) {}

  std::string describe() const override {
    return "EC2 instance metadata (" + config_.endpoint + ")";
  }

 protected:
  Result<Credentials> fetch() override {
    const std::string what = describe();
    Result<std::string> token = session_token();
    if (!token) return Error{what + ": " + token.message()};
    Result<std::string> roles = fetch_path(kRolePath, *token);
    if (!roles) return Error{what + ": role name: " + roles.message()};
    std::string_view role = trim(*roles);
    role = role.substr(0, role.find('\n'));  // the first role listed
    role = trim(role);
    if (role.empty()) return Error{what + ": the instance has no IAM role"};
    Result<std::string> doc = fetch_path(kRolePath + std::string(role), *token);
    if (!doc)
      return Error{what + ": credentials of role " + in_quotes(role) + ": " + doc.message()};
    return parse_credentials_json(*doc, JsonCredentialFields{"Token", true, true},
                                  what + " role " + in_quotes(role));
  }

 private:
  http::Request request(std::string method, const std::string& path) const {
    http::Request req;
    req.method = std::move(method);
    req.url = config_.endpoint + path;
    req.timeout_ms = kTimeoutMs;
    req.connect_timeout_ms = kTimeoutMs;
    return req;
  }

  // The IMDSv2 token, or "" to go on without one (IMDSv1).
  Result<std::string> session_token() {
    http::Request req = request("PUT", "/latest/api/token");
    req.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds);
    std::string failure;
    bool fallback = false;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      http::Outcome o = services_.send(req);
      if (!o.ok) {
        failure = "token request failed: " + o.error.message;
        if (o.error.kind == http::TransportError::Kind::Timeout) {
          fallback = true;
          break;
        }
        continue;
      }
      const long status = o.response.status;
      if (status == 200 && !trim(o.response.body).empty())
        return std::string(trim(o.response.body));
      failure = "token request: HTTP status " + std::to_string(status);
      if (status == 403 || status == 404 || status == 405) {
        fallback = true;
        break;
      }
      if (status == 400) break;
    }
    if (fallback && !config_.v1_disabled) return std::string();
    return Error{failure};
  }

  Result<std::string> fetch_path(const std::string& path, const std::string& token) {
    http::Request req = request("GET", path);
    if (!token.empty()) req.headers.emplace_back("X-aws-ec2-metadata-token", token);
    std::string failure;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      http::Outcome o = services_.send(req);
      if (!o.ok) {
        failure = "request failed: " + o.error.message;
        // Nothing answered in time: off EC2, or the instance is overloaded. A
        // second wait of a second would not help either case much.
        if (o.error.kind == http::TransportError::Kind::Timeout) break;
      } else if (o.response.status != 200) {
        failure = "HTTP status " + std::to_string(o.response.status);
      } else if (o.response.body.empty()) {
        failure = "empty response";
      } else {
        return std::move(o.response.body);
      }
    }
    return Error{failure};
  }

  ImdsConfig config_;
};

}  // namespace

ImdsConfig imds_config(const EnvLookup& env, const Profile* profile) {
  ImdsConfig c;
  c.disabled = is_true(env_value(env, "AWS_EC2_METADATA_DISABLED"));
  std::string v1 = env_value(env, "AWS_EC2_METADATA_V1_DISABLED");
  if (v1.empty() && profile) v1 = profile->get("ec2_metadata_v1_disabled");
  c.v1_disabled = is_true(v1);
  c.endpoint = env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (c.endpoint.empty() && profile) c.endpoint = profile->get("ec2_metadata_service_endpoint");
  if (c.endpoint.empty()) c.endpoint = kDefaultEndpoint;
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
  return c;
}

std::unique_ptr<CredentialProvider> imds_provider(const ImdsConfig& config,
                                                  CredentialServices& services) {
  return std::make_unique<ImdsProvider>(config, services);
}

}  // namespace canopy::aws::internal
