// Writes the IAM nodes and edges from what iam.cc gathered (aws-collector
// spec §2.3–§2.6 for the property mapping).
#include <simdjson.h>

#include "collect/aws/services/iam_data.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;

const char* v(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}

// Policy documents arrive URL-encoded, often pretty-printed; they are stored
// minified (one ndjson line per node). An undecodable one is left out.
std::optional<std::string> policy_json(std::string_view encoded) {
  if (encoded.empty()) return std::nullopt;
  std::string text = collect::url_decode(encoded);
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(text).get(e) != simdjson::SUCCESS || !e.is_object()) return std::nullopt;
  return simdjson::minify(e);
}

void common(JsonBuilder& b, std::string_view kind, std::string_view id, std::string_view name,
            pugi::xml_node n) {
  b.str("kind", kind).str("id", id).str("name", name.empty() ? id : name);
  b.str_if("arn", v(n, "Arn"));
  b.time("ctime", v(n, "CreateDate"));
}

void tags(JsonBuilder& b, pugi::xml_node n) {
  b.begin_object("tags");
  for (auto t : n.child("Tags").children("member")) b.str(v(t, "Key"), v(t, "Value"));
  b.end_object();
}

void inline_policies(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto p : list.children("member")) {
    b.begin_object().str("policy_name", v(p, "PolicyName"));
    if (auto doc = policy_json(v(p, "PolicyDocument"))) b.raw("policy_document", *doc);
    b.end_object();
  }
  b.end_array();
}

void boundary(JsonBuilder& b, std::string_view key, pugi::xml_node n) {
  pugi::xml_node pb = n.child("PermissionsBoundary");
  if (!pb) return;
  b.begin_object(key)
      .str_if("permissions_boundary_type", v(pb, "PermissionsBoundaryType"))
      .str_if("permissions_boundary_arn", v(pb, "PermissionsBoundaryArn"))
      .end_object();
}

void mfa_devices(JsonBuilder& b, const IamData& data, const std::string& arn) {
  auto it = data.mfa_by_arn.find(arn);
  if (it == data.mfa_by_arn.end()) return;  // null, never [] (spec §5)
  b.begin_array("user_virtual_mfa_devices");
  for (const auto& d : it->second)
    b.begin_object().str("serial_number", d.serial).time("enable_date", d.enable_date).end_object();
  b.end_array();
}

void report_fields(JsonBuilder& b, const ReportLine& line, bool with_atime) {
  b.boolean("password_enabled", line.password_enabled);
  b.time("password_last_used", line.password_last_used);
  if (with_atime) b.time("atime", line.password_last_used);
  b.time("password_last_changed", line.password_last_changed);
  b.time("password_next_rotation", line.password_next_rotation);
  b.boolean("mfa_active", line.mfa_active);
}

void key_usage(JsonBuilder& b, const ReportKey& k) {
  if (!k.has_data()) return;
  b.begin_object("access_key_last_used")
      .time("last_used", k.last_used)
      .time("last_rotated", k.last_rotated)
      .str_if("service_name", k.last_used_service)
      .str_if("region", k.last_used_region)
      .end_object();
}

// Default edge plus a delete edge in the same direction, when `to` exists.
void attach(AccountContext& ctx, const std::string& from, const std::string& to) {
  if (!ctx.out.has_node(to)) return;
  ctx.out.edge(from, to);
  ctx.out.edge(from, to, true);
}

std::string policy_node(AccountContext& ctx, std::string_view arn) {
  return ctx.id("iam_policy", arn);
}

void attached_policies(AccountContext& ctx, const std::string& from, pugi::xml_node n) {
  for (auto p : n.child("AttachedManagedPolicies").children("member"))
    attach(ctx, from, policy_node(ctx, v(p, "PolicyArn")));
}

// Some emulators leave PolicyName and PolicyId out of the Policies list;
// the ARN ends with the name and identifies the policy as well.
std::string policy_name(pugi::xml_node p) {
  std::string name = v(p, "PolicyName");
  if (!name.empty()) return name;
  std::string_view arn = v(p, "Arn");
  return std::string(arn.substr(arn.rfind('/') + 1));
}

void write_policies(AccountContext& ctx, const IamData& data) {
  for (pugi::xml_node p : data.policies) {
    JsonBuilder b;
    std::string id = *v(p, "PolicyId") ? v(p, "PolicyId") : v(p, "Arn");
    common(b, "aws_iam_policy", id, policy_name(p), p);
    b.time("mtime", v(p, "UpdateDate")).str_if("path", v(p, "Path"));
    std::string def = v(p, "DefaultVersionId");
    b.str_if("policy_default_version_id", def);
    b.num("policy_attachment_count", std::atoll(v(p, "AttachmentCount")));
    b.num("policy_permissions_boundary_usage_count",
          std::atoll(v(p, "PermissionsBoundaryUsageCount")));
    b.boolean("policy_is_attachable", std::string_view(v(p, "IsAttachable")) == "true");
    b.str_if("policy_description", v(p, "Description"));
    for (auto ver : p.child("PolicyVersionList").children("member")) {
      if (def != v(ver, "VersionId")) continue;
      b.begin_object("policy_document");
      if (auto doc = policy_json(v(ver, "Document"))) b.raw("document", *doc);
      b.str("version_id", def).boolean("is_default_version", true);
      b.time("create_date", v(ver, "CreateDate")).end_object();
    }
    std::string node = policy_node(ctx, v(p, "Arn"));
    ctx.out.node(node, "aws_iam_policy", b.take());
    ctx.out.edge(ctx.global_node(), node);
  }
}

void write_keys(AccountContext& ctx, const std::string& owner, const IamUser& u) {
  for (const IamKey& k : u.keys) {
    JsonBuilder b;
    b.str("kind", "aws_iam_access_key").str("id", k.id).str("name", u.name);
    b.time("ctime", k.create_date).str_if("access_key_status", k.status);
    if (k.usage) key_usage(b, *k.usage);
    std::string id = ctx.id("iam_access_key", k.id);
    ctx.out.node(id, "aws_iam_access_key", b.take());
    ctx.out.edge(owner, id);
    ctx.out.edge(id, owner, true);
  }
}

void write_users(AccountContext& ctx, const IamData& data) {
  for (const IamUser& u : data.users) {
    pugi::xml_node n = u.detail;
    JsonBuilder b;
    common(b, "aws_iam_user", v(n, "UserId"), u.name, n);
    b.str_if("path", v(n, "Path"));
    tags(b, n);
    inline_policies(b, "user_policies", n.child("UserPolicyList"));
    boundary(b, "user_permissions_boundary", n);
    const ReportLine* line = nullptr;
    if (data.report)
      if (auto it = data.report->users.find(u.name); it != data.report->users.end())
        line = &it->second;
    if (line) {
      report_fields(b, *line, true);
    } else {
      b.boolean("password_enabled", u.password_enabled).boolean("mfa_active", u.mfa_active);
    }
    mfa_devices(b, data, u.arn);
    std::string id = ctx.id("iam_user", v(n, "UserId"));
    ctx.out.node(id, "aws_iam_user", b.take());
    ctx.out.alias(u.arn, id);
    ctx.out.edge(ctx.global_node(), id);
    attached_policies(ctx, id, n);
    write_keys(ctx, id, u);
  }
}

void write_groups(AccountContext& ctx, const IamData& data) {
  std::map<std::string, std::string> user_by_name;
  for (const IamUser& u : data.users)
    user_by_name[u.name] = ctx.id("iam_user", v(u.detail, "UserId"));
  std::map<std::string, std::string> group_by_name;
  for (pugi::xml_node g : data.groups) {
    JsonBuilder b;
    common(b, "aws_iam_group", v(g, "GroupId"), v(g, "GroupName"), g);
    b.str_if("path", v(g, "Path"));
    inline_policies(b, "group_policies", g.child("GroupPolicyList"));
    std::string id = ctx.id("iam_group", v(g, "GroupId"));
    ctx.out.node(id, "aws_iam_group", b.take());
    ctx.out.edge(ctx.global_node(), id);
    attached_policies(ctx, id, g);
    group_by_name[v(g, "GroupName")] = id;
  }
  // GroupList holds group names (matching by ARN, as Resoto 3.9 did, never links).
  for (const IamUser& u : data.users)
    for (auto g : u.detail.child("GroupList").children("member"))
      if (auto it = group_by_name.find(g.child_value()); it != group_by_name.end())
        ctx.out.edge(it->second, user_by_name[u.name]);
}

std::string profile_node(AccountContext& ctx, std::string_view arn) {
  return ctx.id("iam_instance_profile", arn);
}

void write_roles(AccountContext& ctx, const IamData& data) {
  for (pugi::xml_node r : data.roles) {
    JsonBuilder b;
    common(b, "aws_iam_role", v(r, "RoleId"), v(r, "RoleName"), r);
    b.time("atime", r.child("RoleLastUsed").child_value("LastUsedDate"));
    b.str_if("path", v(r, "Path")).str_if("description", v(r, "Description"));
    tags(b, r);
    if (auto doc = policy_json(v(r, "AssumeRolePolicyDocument")))
      b.raw("role_assume_role_policy_document", *doc);
    if (*v(r, "MaxSessionDuration"))
      b.num("role_max_session_duration", std::atoll(v(r, "MaxSessionDuration")));
    boundary(b, "role_permissions_boundary", r);
    if (pugi::xml_node lu = r.child("RoleLastUsed"); lu && lu.first_child()) {
      b.begin_object("role_last_used").time("last_used", v(lu, "LastUsedDate"));
      b.str_if("region", v(lu, "Region")).end_object();
    }
    inline_policies(b, "role_policies", r.child("RolePolicyList"));
    std::string id = ctx.id("iam_role", v(r, "RoleId"));
    ctx.out.node(id, "aws_iam_role", b.take());
    ctx.out.alias(v(r, "Arn"), id);  // other services name roles by ARN
    ctx.out.edge(ctx.global_node(), id);
    attached_policies(ctx, id, r);
    for (auto p : r.child("InstanceProfileList").children("member"))
      if (ctx.out.has_node(profile_node(ctx, v(p, "Arn"))))
        ctx.out.edge(id, profile_node(ctx, v(p, "Arn")));
  }
}

void write_profiles_and_certificates(AccountContext& ctx, const IamData& data) {
  for (pugi::xml_node p : data.instance_profiles) {
    JsonBuilder b;
    common(b, "aws_iam_instance_profile", v(p, "InstanceProfileId"), v(p, "InstanceProfileName"),
           p);
    b.str_if("instance_profile_path", v(p, "Path"));
    std::string id = profile_node(ctx, v(p, "Arn"));
    ctx.out.node(id, "aws_iam_instance_profile", b.take());
    ctx.out.edge(ctx.global_node(), id);
  }
  for (pugi::xml_node c : data.certificates) {
    JsonBuilder b;
    b.str("kind", "aws_iam_server_certificate").str("id", v(c, "ServerCertificateId"));
    b.str("name", v(c, "ServerCertificateName")).str_if("arn", v(c, "Arn"));
    b.time("ctime", v(c, "UploadDate")).str_if("path", v(c, "Path"));
    b.time("expires", v(c, "Expiration"));
    std::string id = ctx.id("iam_server_certificate", v(c, "ServerCertificateId"));
    ctx.out.node(id, "aws_iam_server_certificate", b.take());
    ctx.out.edge(ctx.global_node(), id);
  }
}

// The root user and its keys come from the report's <root_account> line.
void write_root(AccountContext& ctx, const IamData& data) {
  if (!data.report || !data.report->root) return;
  const ReportLine& line = *data.report->root;
  JsonBuilder b;
  b.str("kind", "aws_root_user").str("id", "root").str("name", "root").str_if("arn", line.arn);
  b.time("ctime", line.user_creation_time);
  report_fields(b, line, false);
  mfa_devices(b, data, line.arn);
  std::string root = ctx.id("root_user", "root");
  ctx.out.node(root, "aws_root_user", b.take());
  ctx.out.edge(ctx.global_node(), root);
  for (int i = 0; i < 2; ++i) {
    const ReportKey& k = line.keys[i];
    if (!k.active && !k.has_data()) continue;
    std::string key_id = "root_key_" + std::to_string(i + 1);
    JsonBuilder kb;
    kb.str("kind", "aws_iam_access_key").str("id", key_id).str("name", key_id);
    kb.str("access_key_status", k.active ? "Active" : "Inactive");
    key_usage(kb, k);
    kb.time("atime", k.last_used);
    std::string id = ctx.id("iam_access_key", key_id);
    ctx.out.node(id, "aws_iam_access_key", kb.take());
    ctx.out.edge(root, id);
  }
}

}  // namespace

void write_iam_nodes(AccountContext& ctx, const IamData& data) {
  write_policies(ctx, data);  // first: the others link to policies that exist
  write_profiles_and_certificates(ctx, data);
  write_users(ctx, data);
  write_groups(ctx, data);
  write_roles(ctx, data);
  write_root(ctx, data);
}

}  // namespace canopy::aws
