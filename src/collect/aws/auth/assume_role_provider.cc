// role_arn in a profile: AssumeRole with credentials from source_profile
// (itself possibly a role: chained roles) or from credential_source.
//
// As botocore: the configuration is checked and the source credentials are
// resolved when the chain is built; STS is called on first use and again
// when the role's credentials expire within kRefreshWindowSeconds.
#include "collect/aws/auth/providers.h"

#include <charconv>

namespace canopy::aws::internal {

namespace {

class AssumeRoleProvider : public RefreshingProvider {
 public:
  AssumeRoleProvider(std::string profile, std::unique_ptr<CredentialProvider> source,
                     AssumeRoleParams params, CredentialServices& services)
      : RefreshingProvider(services),
        profile_(std::move(profile)),
        source_(std::move(source)),
        params_(std::move(params)) {}

  std::string describe() const override {
    return "role " + params_.role_arn + " of profile " + in_quotes(profile_) + " (from " +
           source_->describe() + ")";
  }

 protected:
  Result<Credentials> fetch() override {
    // The source may be a role whose own credentials need refreshing.
    Result<Credentials> source = source_->get();
    if (!source)
      return Error{"profile " + in_quotes(profile_) + ": source credentials for role " +
                   params_.role_arn + ": " + source.message()};
    Result<Credentials> c = services_.assume_role(*source, params_);
    if (!c)
      return Error{"profile " + in_quotes(profile_) + ": assuming role " + params_.role_arn + ": " +
                   c.message()};
    return c;
  }

 private:
  std::string profile_;
  std::unique_ptr<CredentialProvider> source_;
  AssumeRoleParams params_;
};

bool has_static_keys(const Profile& p) {
  return p.has("aws_access_key_id") || p.has("aws_secret_access_key");
}

std::string path_text(const std::vector<std::string>& visited, const std::string& next) {
  std::string out;
  for (const std::string& v : visited) out += in_quotes(v) + " -> ";
  return out + in_quotes(next);
}

// credential_source = Environment | Ec2InstanceMetadata | EcsContainer.
Found named_source(const ChainContext& ctx, const Profile& profile, const std::string& source) {
  const std::string name = lower(source);
  Found found = nothing();
  if (name == "environment") {
    found = env_provider(ctx.env, ctx.services);
  } else if (name == "ecscontainer") {
    found = container_provider(ctx.env, ctx.services);
  } else if (name == "ec2instancemetadata") {
    ImdsConfig config = imds_config(ctx.env, &profile);
    // Here, unlike at the end of the chain, no instance metadata is an error.
    if (!config.disabled) found = primed(imds_provider(config, ctx.services));
  } else {
    return Error{"profile " + in_quotes(profile.name) + ": credential_source " + in_quotes(source) +
                 " is not one of Environment, Ec2InstanceMetadata, EcsContainer"};
  }
  if (!found)
    return Error{"profile " + in_quotes(profile.name) + ": credential_source " + in_quotes(source) +
                 ": " + found.message()};
  if (!found.value())
    return Error{"profile " + in_quotes(profile.name) + ": credential_source " + in_quotes(source) +
                 " has no credentials"};
  return found;
}

}  // namespace

bool has_assume_role_config(const Profile& profile) {
  // A profile with web_identity_token_file is web identity's, role_arn or not.
  return !profile.get("role_arn").empty() && !profile.has("web_identity_token_file");
}

Found assume_role_provider(const ChainContext& ctx, const Profile& profile,
                           std::vector<std::string>& visited) {
  const std::string where = "profile " + in_quotes(profile.name);
  const std::string& source_profile = profile.get("source_profile");
  const std::string& credential_source = profile.get("credential_source");
  if (!source_profile.empty() && !credential_source.empty())
    return Error{where + " has both source_profile and credential_source; it may have only one"};
  if (source_profile.empty() && credential_source.empty())
    return Error{where + " has role_arn but neither source_profile nor credential_source"};
  if (!profile.get("mfa_serial").empty())
    return Error{where + " needs an MFA code (mfa_serial), which Canopy cannot prompt for"};

  AssumeRoleParams params;
  params.role_arn = profile.get("role_arn");
  params.session_name = profile.get("role_session_name");
  if (params.session_name.empty())
    params.session_name = "canopy-" + std::to_string(ctx.services.now());
  params.external_id = profile.get("external_id");
  params.region = ctx.region;
  if (const std::string& d = profile.get("duration_seconds"); !d.empty()) {
    auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), params.duration_seconds);
    if (ec != std::errc() || end != d.data() + d.size() || params.duration_seconds <= 0)
      return Error{where + ": duration_seconds " + in_quotes(d) +
                   " is not a positive whole number"};
  }

  std::unique_ptr<CredentialProvider> source;
  if (!credential_source.empty()) {
    Found found = named_source(ctx, profile, credential_source);
    if (!found) return found;
    source = std::move(found).value();
  } else {
    const Profile* next = ctx.files.find(source_profile);
    if (!next)
      return Error{where + ": its source_profile " + in_quotes(source_profile) + " does not exist"};
    bool seen = false;
    for (const std::string& v : visited) seen = seen || v == source_profile;
    // A profile may name itself as its source to use its own static keys.
    if (seen && (source_profile != profile.name || !has_static_keys(*next)))
      return Error{where + ": source_profile loop: " + path_text(visited, source_profile)};
    visited.push_back(source_profile);
    Found found = has_static_keys(*next) || !has_assume_role_config(*next)
                      ? profile_providers(ctx, next, next->name, /*env_web_identity=*/false)
                      : assume_role_provider(ctx, *next, visited);
    if (!found) return found;
    if (!found.value())
      return Error{where + ": its source_profile " + in_quotes(source_profile) +
                   " has no credentials"};
    source = std::move(found).value();
  }
  return std::unique_ptr<CredentialProvider>(std::make_unique<AssumeRoleProvider>(
      profile.name, std::move(source), std::move(params), ctx.services));
}

}  // namespace canopy::aws::internal
