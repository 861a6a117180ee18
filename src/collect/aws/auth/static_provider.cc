// Keys that are simply there: in the environment or in a shared file.
#include "collect/aws/auth/providers.h"

#include "core/time.h"

namespace canopy::aws::internal {

namespace {

// Reads the variables at every refresh: with AWS_CREDENTIAL_EXPIRATION set,
// whoever set them is expected to renew them (as botocore does).
class EnvProvider : public RefreshingProvider {
 public:
  EnvProvider(EnvLookup env, CredentialServices& services)
      : RefreshingProvider(services), env_(std::move(env)) {}
  std::string describe() const override { return "environment variables"; }

 protected:
  Result<Credentials> fetch() override {
    Credentials c;
    c.access_key_id = env_value(env_, "AWS_ACCESS_KEY_ID");
    if (c.access_key_id.empty()) return Error{"AWS_ACCESS_KEY_ID is no longer set"};
    c.secret_access_key = env_value(env_, "AWS_SECRET_ACCESS_KEY");
    if (c.secret_access_key.empty())
      return Error{"AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"};
    c.session_token = env_value(env_, "AWS_SESSION_TOKEN");
    if (c.session_token.empty()) c.session_token = env_value(env_, "AWS_SECURITY_TOKEN");
    std::string expiration = env_value(env_, "AWS_CREDENTIAL_EXPIRATION");
    if (!expiration.empty()) {
      std::optional<int64_t> t = parse_datetime(expiration);
      if (!t)
        return Error{"AWS_CREDENTIAL_EXPIRATION " + in_quotes(expiration) + " is not a date-time"};
      c.expiration = *t;
    }
    return c;
  }

 private:
  EnvLookup env_;
};

Found file_provider(const Profile::Values& values, const std::string& source,
                    const std::string& path, const std::string& profile) {
  auto value = [&](const char* key) -> std::string {
    auto it = values.find(key);
    return it == values.end() ? "" : it->second;
  };
  if (values.count("aws_access_key_id") == 0) return nothing();
  Credentials c;
  c.access_key_id = value("aws_access_key_id");
  c.secret_access_key = value("aws_secret_access_key");
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    return Error{"profile " + in_quotes(profile) + " in " + path +
                 " needs both aws_access_key_id and aws_secret_access_key"};
  c.session_token = value("aws_session_token");
  if (c.session_token.empty()) c.session_token = value("aws_security_token");
  c.source = source;
  return static_provider(std::move(c));
}

}  // namespace

std::unique_ptr<CredentialProvider> static_provider(Credentials c) {
  return std::make_unique<FixedCredentials>(std::move(c));
}

Found env_provider(const EnvLookup& env, CredentialServices& services) {
  if (env_value(env, "AWS_ACCESS_KEY_ID").empty()) return nothing();
  return primed(std::make_unique<EnvProvider>(env, services));
}

Found credentials_file_provider(const ProfileFiles& files, const Profile& profile) {
  return file_provider(profile.credentials_file,
                       "profile " + in_quotes(profile.name) + " (credentials file)",
                       files.credentials_path, profile.name);
}

Found config_file_provider(const ProfileFiles& files, const Profile& profile) {
  return file_provider(profile.config_file, "profile " + in_quotes(profile.name) + " (config file)",
                       files.config_path, profile.name);
}

}  // namespace canopy::aws::internal
