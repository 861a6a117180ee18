// The credentials chain, in botocore's order (create_credential_resolver):
//
//   1. environment variables (AWS_ACCESS_KEY_ID …)
//   2. role_arn in the profile (AssumeRole from source_profile or credential_source)
//   3. web identity: AWS_WEB_IDENTITY_TOKEN_FILE & co., else the profile's
//      web_identity_token_file
//   4. static keys of the profile in the credentials file
//   5. credential_process of the profile
//   6. static keys of the profile in the config file
//   7. container credentials endpoint
//   8. EC2 instance metadata
//
// botocore has SSO and login providers between 3 and 4 and the legacy EC2 and
// boto2 files between 6 and 7; Canopy supports none of them. The first step
// that finds something wins; a step whose configuration is present but
// broken (a partial key pair, a failing credential_process, a role without a
// source …) stops the chain with an error rather than falling through to
// another identity. Instance metadata alone may fail quietly: off EC2 nothing
// answers.
#include "collect/aws/auth/credentials.h"

#include <cstdlib>

#include "collect/aws/auth/profile_file.h"
#include "collect/aws/auth/providers.h"

namespace canopy::aws {

using internal::env_value;
using internal::Found;
using internal::in_quotes;

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

namespace {

struct ProfileChoice {
  std::string name;
  bool from_flag = false;      // --profile
  bool from_variable = false;  // AWS_PROFILE
};

ProfileChoice choose_profile(const ChainOptions& options, const EnvLookup& env) {
  ProfileChoice c;
  if (!options.profile.empty()) {
    c.name = options.profile;
    c.from_flag = true;
  } else if (std::string v = env_value(env, "AWS_PROFILE"); !v.empty()) {
    c.name = std::move(v);
    c.from_variable = true;
  } else {
    c.name = "default";
  }
  return c;
}

std::string region_for(const EnvLookup& env, const Profile* profile) {
  if (std::string r = env_value(env, "AWS_REGION"); !r.empty()) return r;
  if (std::string r = env_value(env, "AWS_DEFAULT_REGION"); !r.empty()) return r;
  return profile ? profile->get("region") : "";
}

// The shared files' paths joined by `conjunction`, or "" when there are none.
std::string files_text(const ProfileFiles& files, const char* conjunction) {
  std::vector<std::string> paths;
  if (!files.credentials_path.empty()) paths.push_back(files.credentials_path);
  if (!files.config_path.empty()) paths.push_back(files.config_path);
  if (paths.size() < 2) return paths.empty() ? "" : paths[0];
  return paths[0] + " " + conjunction + " " + paths[1];
}

// Where the chain looked for the profile, for the "no credentials" message.
std::string profile_text(const ProfileFiles& files, const std::string& name, bool exists) {
  std::string paths = files_text(files, exists ? "and" : "or");
  if (paths.empty()) return "profile " + in_quotes(name) + " (no shared files: HOME is not set)";
  return "profile " + in_quotes(name) + (exists ? " in " + paths : " (not in " + paths + ")");
}

}  // namespace

namespace internal {

Found profile_providers(const ChainContext& ctx, const Profile* profile, std::string_view name,
                        bool env_web_identity) {
  // Web identity: each setting from the environment when allowed, else from
  // the profile, as botocore reads them.
  auto setting = [&](const char* variable, const char* key, bool* from_env) {
    std::string v = env_web_identity ? env_value(ctx.env, variable) : "";
    if (from_env) *from_env = !v.empty();
    if (v.empty() && profile) v = profile->get(key);
    return v;
  };
  bool token_from_env = false;
  WebIdentityConfig web;
  web.token_file =
      setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file", &token_from_env);
  if (!web.token_file.empty()) {
    web.origin = token_from_env ? "environment" : "profile " + in_quotes(name);
    web.role_arn = setting("AWS_ROLE_ARN", "role_arn", nullptr);
    if (web.role_arn.empty())
      return Error{"web identity (" + web.origin +
                   "): a web identity token file is set but no role_arn (AWS_ROLE_ARN)"};
    web.session_name = setting("AWS_ROLE_SESSION_NAME", "role_session_name", nullptr);
    web.region = ctx.region;
    return web_identity_provider(std::move(web), ctx.services);
  }
  if (!profile) return nothing();
  Found f = credentials_file_provider(ctx.files, *profile);
  if (!f || f.value()) return f;
  f = process_provider(*profile, ctx.services);
  if (!f || f.value()) return f;
  return config_file_provider(ctx.files, *profile);
}

}  // namespace internal

Result<std::unique_ptr<CredentialProvider>> resolve_chain(const ChainOptions& options,
                                                          CredentialServices& services) {
  const EnvLookup env = options.env ? options.env : process_env();
  const ProfileChoice choice = choose_profile(options, env);
  Result<ProfileFiles> files = load_profile_files(env);
  if (!files) return files.status();
  const Profile* profile = files->find(choice.name);
  if (!profile && (choice.from_flag || choice.from_variable)) {
    std::string paths = files_text(*files, "and");
    return Error{
        "profile " + in_quotes(choice.name) + " does not exist (" +
        (paths.empty() ? "HOME is not set, so there are no shared files" : "looked in " + paths) +
        ")"};
  }

  internal::ChainContext ctx{env, services, *files, region_for(env, profile)};
  std::vector<std::string> looked;

  // botocore leaves the environment variables out of the chain when the
  // profile was given explicitly (--profile), so that the profile named on
  // the command line beats keys exported in the shell. AWS_PROFILE is not
  // explicit in that sense: with both AWS_PROFILE and AWS_ACCESS_KEY_ID set,
  // the keys win. The same goes for the web identity variables below.
  const bool use_env = !choice.from_flag;
  if (use_env) {
    Found f = internal::env_provider(env, services);
    if (!f || f.value()) return f;
    looked.push_back("environment variables");
  }

  if (profile && internal::has_assume_role_config(*profile)) {
    std::vector<std::string> visited{choice.name};
    return internal::assume_role_provider(ctx, *profile, visited);
  }
  Found f = internal::profile_providers(ctx, profile, choice.name, use_env);
  if (!f || f.value()) return f;
  looked.push_back(profile_text(*files, choice.name, profile != nullptr));

  f = internal::container_provider(env, services);
  if (!f || f.value()) return f;
  looked.push_back("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI unset)");

  const internal::ImdsConfig imds = internal::imds_config(env, profile);
  if (imds.disabled) {
    looked.push_back("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
  } else {
    std::unique_ptr<CredentialProvider> p = internal::imds_provider(imds, services);
    Result<Credentials> c = p->get();
    if (c) return p;
    looked.push_back(c.message());
  }

  std::string message =
      "no AWS credentials found for profile " + in_quotes(choice.name) + " (looked in: ";
  for (size_t i = 0; i < looked.size(); ++i) message += (i ? "; " : "") + looked[i];
  message += ")";
  if (profile && (profile->has("sso_session") || profile->has("sso_start_url")))
    message += "; the profile uses IAM Identity Center (sso_*), which Canopy does not support";
  return Error{message};
}

std::string configured_region(const ChainOptions& options) {
  const EnvLookup env = options.env ? options.env : process_env();
  const ProfileChoice choice = choose_profile(options, env);
  Result<ProfileFiles> files = load_profile_files(env);
  // An unreadable file is reported by resolve_chain; here it just has no region.
  return region_for(env, files ? files->find(choice.name) : nullptr);
}

}  // namespace canopy::aws
