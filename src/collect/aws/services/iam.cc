#include "collect/aws/services/iam.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/iam_data.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

const Service& iam() {
  return services::kIam;
}

void keep(IamData& data, const XmlReply& page) {
  std::lock_guard lock(data.mu);
  data.pages.push_back(page.doc);
}

// Lists `list` members of every page of `action` into `into`.
void list_all(AccountContext& ctx, IamData& data, const char* action, const char* list,
              std::vector<pugi::xml_node>& into) {
  std::vector<pugi::xml_node> found;
  auto st =
      query_pages(ctx.client, iam(), ctx.global_region, action, {}, [&](const XmlReply& page) {
        keep(data, page);
        for (auto m : page.result.child(list).children("member")) found.push_back(m);
      });
  if (!st.ok) ctx.warn(std::string("iam ") + action, st.error);
  into = std::move(found);
}

// GetAccountAuthorizationDetails: users, groups, roles and policies in one
// paged call instead of one call per entity.
bool authorization_details(AccountContext& ctx, IamData& data) {
  auto st = query_pages(ctx.client, iam(), ctx.global_region, "GetAccountAuthorizationDetails", {},
                        [&](const XmlReply& page) {
                          keep(data, page);
                          pugi::xml_node r = page.result;
                          for (auto m : r.child("UserDetailList").children("member")) {
                            IamUser u;
                            u.detail = m;
                            u.name = m.child_value("UserName");
                            u.arn = m.child_value("Arn");
                            data.users.push_back(std::move(u));
                          }
                          for (auto m : r.child("GroupDetailList").children("member"))
                            data.groups.push_back(m);
                          for (auto m : r.child("RoleDetailList").children("member"))
                            data.roles.push_back(m);
                          for (auto m : r.child("Policies").children("member"))
                            data.policies.push_back(m);
                        });
  if (!st.ok) ctx.warn("iam GetAccountAuthorizationDetails", st.error);
  return st.ok;
}

// The report is generated asynchronously; AWS answers STARTED/INPROGRESS
// until it is COMPLETE. Started first so it is built while other calls run.
std::string generate_report(AccountContext& ctx) {
  XmlReply r = query_call(ctx.client, iam(), ctx.global_region, "GenerateCredentialReport");
  if (!r.ok) {
    ctx.warn("iam GenerateCredentialReport", r.error);
    return "";
  }
  return r.result.child_value("State");
}

void credential_report(AccountContext& ctx, IamData& data, std::string state) {
  if (state.empty()) return;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  int wait_ms = 100;  // doubling up to a second between polls
  while (state != "COMPLETE") {
    if (std::chrono::steady_clock::now() > deadline) {
      ctx.warnings.add("iam credential report", "not complete after 5 minutes");
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    wait_ms = std::min(1000, wait_ms * 2);
    state = generate_report(ctx);
    if (state.empty()) return;
  }
  XmlReply r = query_call(ctx.client, iam(), ctx.global_region, "GetCredentialReport");
  if (!r.ok) {
    if (r.error.code != "ReportNotPresent") ctx.warn("iam GetCredentialReport", r.error);
    return;
  }
  auto csv = base64_decode(r.result.child_value("Content"));
  if (!csv) {
    ctx.warnings.add("iam GetCredentialReport", "Content is not base64");
    return;
  }
  auto report = parse_credential_report(*csv);
  if (!report) {
    ctx.warnings.add("iam GetCredentialReport", report.message());
    return;
  }
  data.report = std::move(*report);
}

void list_keys(AccountContext& ctx, IamUser& user) {
  auto st = query_pages(ctx.client, iam(), ctx.global_region, "ListAccessKeys",
                        {{"UserName", user.name}}, [&](const XmlReply& page) {
                          for (auto m : page.result.child("AccessKeyMetadata").children("member")) {
                            IamKey k;
                            k.id = m.child_value("AccessKeyId");
                            k.user = m.child_value("UserName");
                            k.status = m.child_value("Status");
                            k.create_date = m.child_value("CreateDate");
                            user.keys.push_back(std::move(k));
                          }
                        });
  if (!st.ok) ctx.warn("iam ListAccessKeys " + user.name, st.error);
}

bool same_time(const std::string& a, const std::string& b) {
  auto x = parse_datetime(a), y = parse_datetime(b);
  return x && y && std::llabs(*x - *y) <= 2;
}

// The report's key columns 1 and 2 are matched to keys by rotation time
// (= creation time), which does not depend on the order of ListAccessKeys;
// keys that do not match take the remaining columns that name no rotation
// time. A key may stay without a column (created after the report, maybe
// replacing a deleted key). Returns false when the match is ambiguous: two
// keys created within the same seconds whose columns say different things.
bool match_report_keys(IamUser& user, const ReportLine& line) {
  bool used[2] = {false, false};
  for (IamKey& k : user.keys)
    for (int s = 0; s < 2; ++s)
      if (!used[s] && !k.usage && same_time(line.keys[s].last_rotated, k.create_date)) {
        k.usage = line.keys[s];
        used[s] = true;
      }
  for (IamKey& k : user.keys)
    for (int s = 0; s < 2 && !k.usage; ++s)
      if (!used[s] && line.keys[s].last_rotated.empty()) {
        k.usage = line.keys[s];
        used[s] = true;
      }
  const ReportKey &a = line.keys[0], &b = line.keys[1];
  bool differ = a.last_used != b.last_used || a.last_used_service != b.last_used_service ||
                a.last_used_region != b.last_used_region;
  return !(user.keys.size() == 2 && differ &&
           same_time(user.keys[0].create_date, user.keys[1].create_date));
}

std::string known(const char* v) {
  std::string_view s(v);
  return s == "N/A" ? "" : std::string(s);
}

// Exact last-used data of the keys that have none yet, one call per key.
void ask_key_usage(AccountContext& ctx, IamUser& user) {
  for (IamKey& k : user.keys) {
    if (k.usage) continue;
    XmlReply r = query_call(ctx.client, iam(), ctx.global_region, "GetAccessKeyLastUsed",
                            {{"AccessKeyId", k.id}});
    if (!r.ok) {
      ctx.warn("iam GetAccessKeyLastUsed " + k.id, r.error);
      continue;
    }
    pugi::xml_node u = r.result.child("AccessKeyLastUsed");
    ReportKey usage;
    usage.active = k.status == "Active";
    usage.last_used = known(u.child_value("LastUsedDate"));
    usage.last_used_service = known(u.child_value("ServiceName"));
    usage.last_used_region = known(u.child_value("Region"));
    usage.last_rotated = k.create_date;
    k.usage = usage;
  }
}

// A user the (possibly hours old) report does not know yet: ask directly.
void fill_unreported_user(AccountContext& ctx, IamUser& user) {
  XmlReply lp = query_call(ctx.client, iam(), ctx.global_region, "GetLoginProfile",
                           {{"UserName", user.name}});
  if (lp.ok)
    user.password_enabled = true;
  else if (lp.error.code == "NoSuchEntity")
    user.password_enabled = false;
  else
    ctx.warn("iam GetLoginProfile " + user.name, lp.error);
  XmlReply mfa =
      query_call(ctx.client, iam(), ctx.global_region, "ListMFADevices", {{"UserName", user.name}});
  if (mfa.ok)
    user.mfa_active = !mfa.result.child("MFADevices").children("member").empty();
  else
    ctx.warn("iam ListMFADevices " + user.name, mfa.error);
  ask_key_usage(ctx, user);
}

void user_details(AccountContext& ctx, IamData& data) {
  ctx.parallel(data.users.size(), [&](size_t i) {
    IamUser& user = data.users[i];
    list_keys(ctx, user);
    const ReportLine* line = nullptr;
    if (data.report) {
      auto it = data.report->users.find(user.name);
      if (it != data.report->users.end()) line = &it->second;
    }
    if (!line) {
      fill_unreported_user(ctx, user);
    } else {
      if (!match_report_keys(user, *line))
        for (IamKey& k : user.keys) k.usage.reset();
      ask_key_usage(ctx, user);  // keys the report does not describe
    }
  });
}

void virtual_mfa_devices(AccountContext& ctx, IamData& data) {
  auto st = query_pages(ctx.client, iam(), ctx.global_region, "ListVirtualMFADevices", {},
                        [&](const XmlReply& page) {
                          for (auto m : page.result.child("VirtualMFADevices").children("member")) {
                            std::string arn = m.child("User").child_value("Arn");
                            if (arn.empty()) continue;  // not assigned
                            data.mfa_by_arn[arn].push_back(
                                {m.child_value("SerialNumber"), m.child_value("EnableDate")});
                          }
                        });
  if (!st.ok) ctx.warn("iam ListVirtualMFADevices", st.error);
}

}  // namespace

void collect_iam(AccountContext& ctx, int64_t mfa_devices) {
  IamData data;
  std::string state = generate_report(ctx);
  std::vector<std::function<void()>> parts = {
      [&] { authorization_details(ctx, data); },
      [&] {
        list_all(ctx, data, "ListInstanceProfiles", "InstanceProfiles", data.instance_profiles);
      },
      [&] {
        list_all(ctx, data, "ListServerCertificates", "ServerCertificateMetadataList",
                 data.certificates);
      },
      [&] {
        if (mfa_devices != 0) virtual_mfa_devices(ctx, data);
      },
      [&] { credential_report(ctx, data, state); },
  };
  ctx.parallel(
      parts.size(), [&](size_t i) { parts[i](); }, static_cast<int>(parts.size()));
  user_details(ctx, data);
  write_iam_nodes(ctx, data);
}

}  // namespace canopy::aws
