// The credential providers behind resolve_chain, one file each, and what they
// share. Internal to collect/aws/auth.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/auth/credentials.h"
#include "collect/aws/auth/profile_file.h"
#include "core/result.h"

namespace canopy::aws::internal {

// Credentials are fetched again when they expire within this many seconds.
inline constexpr int64_t kRefreshWindowSeconds = 5 * 60;

// What one step of the chain found: a provider, nothing (null: try the next
// step) or an error (stop: the configuration asks for something that fails).
using Found = Result<std::unique_ptr<CredentialProvider>>;

inline Found nothing() {
  return std::unique_ptr<CredentialProvider>();
}

// Keeps the last credentials and calls fetch() again when they expire within
// kRefreshWindowSeconds. When fetching fails while the kept credentials have
// not expired yet, those are returned. Thread-safe.
class RefreshingProvider : public CredentialProvider {
 public:
  explicit RefreshingProvider(CredentialServices& services) : services_(services) {}
  Result<Credentials> get() final;

 protected:
  // New credentials; `source` is set by get().
  virtual Result<Credentials> fetch() = 0;
  CredentialServices& services_;

 private:
  std::mutex mu_;
  std::optional<Credentials> current_;
};

// Calls get() once so that a provider whose source fails is reported where
// the chain finds it.
Found primed(std::unique_ptr<CredentialProvider> provider);

// Everything the steps of the chain need.
struct ChainContext {
  EnvLookup env;
  CredentialServices& services;
  const ProfileFiles& files;
  std::string region;  // for STS
};

// The variable's value, or "" when it is unset.
std::string env_value(const EnvLookup& env, const std::string& name);
std::string lower(std::string_view s);
std::string_view trim(std::string_view s);
std::string in_quotes(std::string_view s);  // 'like this', for names in messages
// The whole file, or an error naming it (without its content).
Result<std::string> read_file(const std::string& path);

// Credentials in a JSON document (credential_process output, container and
// instance metadata responses). Errors say what is wrong, never quote it.
struct JsonCredentialFields {
  std::string_view token = "Token";
  bool token_required = false;
  bool expiration_required = false;
  bool version_1_required = false;  // "Version": 1 (credential_process)
};
Result<Credentials> parse_credentials_json(std::string_view json, const JsonCredentialFields& f,
                                           std::string_view what);

// --- The providers ---------------------------------------------------------

// Fixed credentials (files, already-resolved values); describe() is c.source.
std::unique_ptr<CredentialProvider> static_provider(Credentials c);

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or the older
// AWS_SECURITY_TOKEN), AWS_CREDENTIAL_EXPIRATION. Nothing when
// AWS_ACCESS_KEY_ID is unset or empty; an error when the secret is missing.
Found env_provider(const EnvLookup& env, CredentialServices& services);

// aws_access_key_id / aws_secret_access_key / aws_session_token of the profile
// in one of the files. Nothing when that file does not set aws_access_key_id.
Found credentials_file_provider(const ProfileFiles& files, const Profile& profile);
Found config_file_provider(const ProfileFiles& files, const Profile& profile);

// credential_process of the profile, run with /bin/sh -c.
Found process_provider(const Profile& profile, CredentialServices& services);

// role_arn + web_identity_token_file (+ role_session_name).
struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::string session_name;  // "" for a generated one
  std::string origin;        // "profile 'x'" or "environment"
  std::string region;
};
std::unique_ptr<CredentialProvider> web_identity_provider(WebIdentityConfig config,
                                                          CredentialServices& services);

// role_arn of a profile, with its source_profile (followed through chained
// roles) or credential_source. `visited` holds the profiles already on the
// path, for cycle detection.
Found assume_role_provider(const ChainContext& ctx, const Profile& profile,
                           std::vector<std::string>& visited);
bool has_assume_role_config(const Profile& profile);

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI; nothing when neither is set.
Found container_provider(const EnvLookup& env, CredentialServices& services);

// EC2 instance metadata. `profile` may be null.
struct ImdsConfig {
  bool disabled = false;
  bool v1_disabled = false;
  std::string endpoint;  // scheme://host[:port], no trailing '/'
};
ImdsConfig imds_config(const EnvLookup& env, const Profile* profile);
std::unique_ptr<CredentialProvider> imds_provider(const ImdsConfig& config,
                                                  CredentialServices& services);

// The profile-based providers that can source a role's credentials too: web
// identity from the profile, static keys in the credentials file,
// credential_process, static keys in the config file. `env_web_identity`
// lets AWS_WEB_IDENTITY_TOKEN_FILE & co. override the profile's values.
Found profile_providers(const ChainContext& ctx, const Profile* profile, std::string_view name,
                        bool env_web_identity);

}  // namespace canopy::aws::internal
