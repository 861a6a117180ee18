// Container credentials (ECS task roles, EKS Pod Identity, local emulators):
// GET an endpoint named by the environment, with an optional Authorization
// header. As botocore: when the variables are set, a failure is an error,
// and a plain-http full URI must point at a loopback address or at one of
// the ECS/EKS link-local endpoints.
#include "collect/aws/auth/providers.h"

namespace canopy::aws::internal {

namespace {

constexpr const char* kEcsHost = "169.254.170.2";
constexpr int kTimeoutMs = 2000;
constexpr int kAttempts = 2;

bool is_ipv4_loopback(std::string_view host) {
  int parts = 0;
  while (true) {
    size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3) return false;
    int v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (v > 255 || (parts == 0 && v != 127)) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return parts == 4;
}

struct ParsedUrl {
  std::string scheme;  // lower case
  std::string host;    // lower case, without IPv6 brackets
  std::string origin;  // scheme://authority, for messages (no path: it may identify the task)
};

Result<ParsedUrl> parse_url(const std::string& url) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) return Error{"is not an absolute URL"};
  ParsedUrl u;
  u.scheme = lower(std::string_view(url).substr(0, sep));
  std::string_view rest = std::string_view(url).substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    return Error{"must not carry user information"};
  u.origin = u.scheme + "://" + std::string(authority);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return Error{"has a malformed host"};
    host = host.substr(1, close - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) return Error{"has no host"};
  u.host = lower(host);
  return u;
}

Status check_allowed(const ParsedUrl& u) {
  if (u.scheme == "https") return Status::ok();
  if (u.scheme != "http") return Error{"must be http or https"};
  if (u.host == "localhost" || u.host == "::1" || is_ipv4_loopback(u.host) || u.host == kEcsHost ||
      u.host == "169.254.170.23" || u.host == "fd00:ec2::23")
    return Status::ok();
  return Error{"uses plain http with host " + in_quotes(u.host) +
               ", which is neither a loopback address nor 169.254.170.2, 169.254.170.23 or "
               "fd00:ec2::23"};
}

class ContainerProvider : public RefreshingProvider {
 public:
  ContainerProvider(EnvLookup env, std::string url, std::string origin,
                    CredentialServices& services)
      : RefreshingProvider(services),
        env_(std::move(env)),
        url_(std::move(url)),
        origin_(std::move(origin)) {}

  std::string describe() const override { return "container credentials endpoint " + origin_; }

 protected:
  Result<Credentials> fetch() override {
    const std::string what = describe();
    http::Request req;
    req.method = "GET";
    req.url = url_;
    req.timeout_ms = kTimeoutMs;
    req.connect_timeout_ms = kTimeoutMs;
    req.headers.emplace_back("Accept", "application/json");
    // Read at every refresh: the agent may rotate the token file.
    std::string token;
    if (std::string file = env_value(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        !file.empty()) {
      Result<std::string> t = read_file(file);
      if (!t) return Error{what + ": authorization token: " + t.message()};
      token = std::string(trim(*t));
    } else {
      token = env_value(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
    if (token.find_first_of("\r\n") != std::string::npos)
      return Error{what + ": the authorization token contains a line break"};
    if (!token.empty()) req.headers.emplace_back("Authorization", token);

    std::string failure;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      http::Outcome o = services_.send(req);
      if (!o.ok) {
        failure = "request failed: " + o.error.message;
        continue;
      }
      if (o.response.status != 200) {
        failure = "HTTP status " + std::to_string(o.response.status);
        continue;
      }
      return parse_credentials_json(o.response.body, JsonCredentialFields{}, what);
    }
    return Error{what + ": " + failure};
  }

 private:
  EnvLookup env_;
  std::string url_;
  std::string origin_;
};

}  // namespace

Found container_provider(const EnvLookup& env, CredentialServices& services) {
  std::string url;
  if (std::string relative = env_value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
      !relative.empty()) {
    if (relative.front() != '/') relative.insert(relative.begin(), '/');
    url = std::string("http://") + kEcsHost + relative;
  } else {
    url = env_value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (url.empty()) return nothing();
  }
  Result<ParsedUrl> parsed = parse_url(url);
  if (!parsed) return Error{"container credentials URL " + parsed.message()};
  Status allowed = check_allowed(*parsed);
  if (!allowed) return Error{"container credentials URL " + allowed.message()};
  return primed(std::make_unique<ContainerProvider>(env, url, parsed->origin, services));
}

}  // namespace canopy::aws::internal
