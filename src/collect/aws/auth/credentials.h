// AWS credentials and the chain that finds them, in the official SDKs'
// order: environment, shared credentials/config files (static keys,
// role_arn with source_profile or credential_source, web_identity_token_file,
// credential_process), web identity from the environment, container
// credentials, instance metadata (IMDSv2).
//
// The secret parts of Credentials are never printed or logged; describe()
// names only the source.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "collect/http/http.h"
#include "core/result.h"

namespace canopy::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret: never printed
  std::string session_token;      // secret: never printed; empty when none
  int64_t expiration = 0;         // unix seconds; 0 when the keys do not expire
  std::string source;             // where they came from, e.g. "profile dev (credentials file)"
};

// Reads an environment variable; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::string external_id;   // empty when none
  int duration_seconds = 0;  // 0: the service default
  std::string region;        // STS region; empty: the global endpoint
};

// What providers need from the network, so that they can be tested with fakes.
class CredentialServices {
 public:
  virtual ~CredentialServices() = default;
  // STS AssumeRole signed with `source`.
  virtual Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& p) = 0;
  // STS AssumeRoleWithWebIdentity (unsigned).
  virtual Result<Credentials> assume_role_with_web_identity(const AssumeRoleParams& p,
                                                            const std::string& token) = 0;
  // Plain HTTP for container credentials and instance metadata.
  virtual http::Outcome send(const http::Request& request) = 0;
  virtual int64_t now() = 0;  // unix seconds
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Current credentials; refreshes them when they expire within 5 minutes.
  virtual Result<Credentials> get() = 0;
  // Where credentials come from, for messages (no secrets).
  virtual std::string describe() const = 0;
};

// Credentials that are already known (static keys, the source of a role).
class FixedCredentials final : public CredentialProvider {
 public:
  explicit FixedCredentials(Credentials c) : c_(std::move(c)) {}
  Result<Credentials> get() override { return c_; }
  std::string describe() const override { return c_.source; }

 private:
  Credentials c_;
};

struct ChainOptions {
  std::string profile;  // --profile; empty: AWS_PROFILE, else "default"
  EnvLookup env;        // empty: process_env()
};

// Finds the first source that has credentials. Errors name the profile and
// the file (a profile that does not exist, a malformed file, a role without
// a source, a failing credential_process …).
Result<std::unique_ptr<CredentialProvider>> resolve_chain(const ChainOptions& options,
                                                          CredentialServices& services);

// The region configured for a profile (AWS_REGION, AWS_DEFAULT_REGION, the
// profile's `region` in the config file), or "" when none is.
std::string configured_region(const ChainOptions& options);

}  // namespace canopy::aws
