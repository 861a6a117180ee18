#include "collect/aws/services/account.h"

#include <map>

#include "collect/aws/endpoints.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;

constexpr const char* kRegionCtime = "2006-03-19T00:00:00Z";

std::optional<int64_t> int_of(const char* text) {
  if (!*text) return std::nullopt;
  return std::atoll(text);
}

void summary(AccountContext& ctx, JsonBuilder& b, AccountFacts& facts) {
  XmlReply r = query_call(ctx.client, services::kIam, ctx.global_region, "GetAccountSummary");
  if (!r.ok) {
    ctx.warn("iam GetAccountSummary", r.error);
    return;
  }
  std::map<std::string, int64_t> m;
  for (auto e : r.result.child("SummaryMap").children("entry"))
    m[e.child_value("key")] = std::atoll(e.child_value("value"));
  auto get = [&](const char* k) { return m.contains(k) ? m[k] : 0; };
  b.num("users", get("Users")).num("groups", get("Groups"));
  b.num("account_mfa_enabled", get("AccountMFAEnabled"));
  b.num("account_access_keys_present", get("AccountAccessKeysPresent"));
  b.num("account_signing_certificates_present", get("AccountSigningCertificatesPresent"));
  b.num("mfa_devices", get("MFADevices")).num("mfa_devices_in_use", get("MFADevicesInUse"));
  b.num("policies", get("Policies")).num("policy_versions_in_use", get("PolicyVersionsInUse"));
  b.num("global_endpoint_token_version", get("GlobalEndpointTokenVersion"));
  b.num("server_certificates", get("ServerCertificates"));
  facts.mfa_devices = get("MFADevices");
}

// Without a custom policy (NoSuchEntity) the fields stay null, except the
// two counters that default to 0 (spec §2.7).
void password_policy(AccountContext& ctx, JsonBuilder& b) {
  XmlReply r =
      query_call(ctx.client, services::kIam, ctx.global_region, "GetAccountPasswordPolicy");
  if (!r.ok) {
    if (r.error.code != "NoSuchEntity") ctx.warn("iam GetAccountPasswordPolicy", r.error);
    b.num("max_password_age", 0).num("password_reuse_prevention", 0);
    return;
  }
  pugi::xml_node p = r.result.child("PasswordPolicy");
  auto flag = [&](const char* name) { return std::string_view(p.child_value(name)) == "true"; };
  b.num("minimum_password_length", int_of(p.child_value("MinimumPasswordLength")));
  b.boolean("require_symbols", flag("RequireSymbols"));
  b.boolean("require_numbers", flag("RequireNumbers"));
  b.boolean("require_uppercase_characters", flag("RequireUppercaseCharacters"));
  b.boolean("require_lowercase_characters", flag("RequireLowercaseCharacters"));
  b.boolean("allow_users_to_change_password", flag("AllowUsersToChangePassword"));
  b.boolean("expire_passwords", flag("ExpirePasswords"));
  b.boolean("hard_expiry", flag("HardExpiry"));
  b.num("max_password_age", int_of(p.child_value("MaxPasswordAge")).value_or(0));
  b.num("password_reuse_prevention", int_of(p.child_value("PasswordReusePrevention")).value_or(0));
}

std::string alias(AccountContext& ctx) {
  XmlReply r = query_call(ctx.client, services::kIam, ctx.global_region, "ListAccountAliases");
  if (!r.ok) {
    ctx.warn("iam ListAccountAliases", r.error);
    return "";
  }
  return r.result.child("AccountAliases").child("member").child_value();
}

void organization(AccountContext& ctx, JsonBuilder& b) {
  JsonReply r =
      json_call(ctx.client, services::kOrganizations, ctx.global_region, "DescribeOrganization");
  if (!r.ok) {
    if (r.error.code != "AWSOrganizationsNotInUseException")
      ctx.warn("organizations DescribeOrganization", r.error);
    b.boolean("is_organization_member", false).boolean("is_organization_master", false);
    return;
  }
  simdjson::dom::element org;
  if (r.root["Organization"].get(org) != simdjson::SUCCESS) return;
  std::string_view master = json_string(org, "MasterAccountId");
  std::string_view id = json_string(org, "Id"), arn = json_string(org, "Arn");
  b.boolean("is_organization_member", true);
  b.boolean("is_organization_master", master == ctx.account_id);
  b.str_if("organization_id", id).str_if("organization_arn", arn);
}

void region_nodes(AccountContext& ctx) {
  auto add = [&](const std::string& node, std::string_view id, std::string_view name) {
    JsonBuilder b;
    b.str("kind", "aws_region").str("id", id).str("name", name).str("ctime", kRegionCtime);
    ctx.out.node(node, "aws_region", b.take());
    ctx.out.edge(ctx.account_node(), node);
  };
  add(ctx.global_node(), ctx.global_region, "global");
  for (const std::string& r : ctx.regions) add(ctx.region_node(r), r, r);
}

}  // namespace

Result<Identity> caller_identity(Client& client, const std::string& region) {
  XmlReply r = query_call(client, services::kSts, region, "GetCallerIdentity");
  if (!r.ok) return Error{"sts GetCallerIdentity: " + r.error.describe()};
  Identity id;
  id.account_id = r.result.child_value("Account");
  id.arn = r.result.child_value("Arn");
  // arn:PARTITION:sts::ACCOUNT:…
  std::string_view arn = id.arn;
  if (arn.starts_with("arn:")) id.partition = std::string(arn.substr(4, arn.find(':', 4) - 4));
  if (id.partition.empty()) id.partition = std::string(partition_of(region));
  if (id.account_id.empty()) return Error{"sts GetCallerIdentity: the answer names no account"};
  return id;
}

Result<std::vector<std::string>> enabled_regions(Client& client, const std::string& region) {
  XmlReply r = query_call(client, services::kEc2, region, "DescribeRegions");
  if (!r.ok) return Error{"ec2 DescribeRegions in " + region + ": " + r.error.describe()};
  std::vector<std::string> out;
  for (auto item : r.result.child("regionInfo").children("item")) {
    std::string_view status = item.child_value("optInStatus");
    if (status == "not-opted-in") continue;
    out.emplace_back(item.child_value("regionName"));
  }
  return out;
}

AccountFacts collect_account(AccountContext& ctx, const std::string& name,
                             const std::string& profile) {
  AccountFacts facts;
  JsonBuilder b;
  b.str("kind", "aws_account").str("id", ctx.account_id);
  facts.alias = alias(ctx);
  b.str("name", !facts.alias.empty() ? facts.alias : !name.empty() ? name : ctx.account_id);
  b.str_if("account_alias", facts.alias).str("partition", ctx.partition).str_if("profile", profile);
  summary(ctx, b, facts);
  password_policy(ctx, b);
  organization(ctx, b);
  ctx.out.node(ctx.account_node(), "aws_account", b.take(), true);
  region_nodes(ctx);
  return facts;
}

}  // namespace canopy::aws
