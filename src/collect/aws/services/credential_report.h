// The IAM credential report: a CSV text with one line per user and one for
// the root account (<root_account>). Columns are read by header name, since
// AWS may append columns. Values "N/A", "not_supported" and
// "no_information" mean "no value"; booleans compare case-insensitively.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace canopy::aws {

struct ReportKey {
  bool active = false;
  std::string last_rotated, last_used, last_used_region, last_used_service;  // "" when no value
  bool has_data() const {
    return !last_rotated.empty() || !last_used.empty() || !last_used_region.empty() ||
           !last_used_service.empty();
  }
};

struct ReportLine {
  std::string user, arn, user_creation_time;
  bool password_enabled = false;
  std::string password_last_used, password_last_changed, password_next_rotation;
  bool mfa_active = false;
  ReportKey keys[2];
};

struct CredentialReport {
  std::map<std::string, ReportLine> users;  // by user name
  std::optional<ReportLine> root;           // the <root_account> line
};

// Parses the decoded CSV; an error names the line.
Result<CredentialReport> parse_credential_report(std::string_view csv);

// Decodes standard base64 (line breaks ignored); nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace canopy::aws
