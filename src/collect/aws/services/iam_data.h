// What the IAM collector gathers before it writes nodes (iam.cc fetches,
// iam_nodes.cc writes). XML nodes point into the answer pages kept here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "collect/aws/account_context.h"
#include "collect/aws/services/credential_report.h"

namespace canopy::aws {

struct IamKey {
  std::string id, user, status, create_date;
  std::optional<ReportKey> usage;  // last-used data, when known
};

struct IamUser {
  pugi::xml_node detail;  // a UserDetailList member
  std::string name, arn;
  std::vector<IamKey> keys;
  std::optional<bool> password_enabled, mfa_active;  // when not in the report
};

struct MfaDevice {
  std::string serial, enable_date;
};

struct IamData {
  std::vector<std::shared_ptr<pugi::xml_document>> pages;  // keep the nodes below alive
  std::vector<IamUser> users;
  std::vector<pugi::xml_node> groups, roles, policies, instance_profiles, certificates;
  std::optional<CredentialReport> report;
  std::map<std::string, std::vector<MfaDevice>> mfa_by_arn;
  std::mutex mu;  // guards pages while fetches run in parallel
};

// Writes every IAM node and edge of `data` into ctx.out.
void write_iam_nodes(AccountContext& ctx, const IamData& data);

}  // namespace canopy::aws
