#include "collect/aws/services/credential_report.h"

#include <openssl/evp.h>

#include <cctype>

namespace canopy::aws {

namespace {

std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

bool no_value(std::string_view v) {
  return v.empty() || v == "N/A" || v == "not_supported" || v == "no_information";
}

bool is_true(std::string_view v) {
  if (v.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != "true"[i]) return false;
  return true;
}

class Row {
 public:
  Row(const std::map<std::string, size_t>& columns, std::vector<std::string> cells)
      : columns_(columns), cells_(std::move(cells)) {}
  std::string value(const std::string& name) const {
    auto it = columns_.find(name);
    if (it == columns_.end() || it->second >= cells_.size()) return "";
    const std::string& v = cells_[it->second];
    return no_value(v) ? "" : v;
  }

 private:
  const std::map<std::string, size_t>& columns_;
  std::vector<std::string> cells_;
};

ReportLine read_line(const Row& row) {
  ReportLine l;
  l.user = row.value("user");
  l.arn = row.value("arn");
  l.user_creation_time = row.value("user_creation_time");
  l.password_enabled = is_true(row.value("password_enabled"));
  l.password_last_used = row.value("password_last_used");
  l.password_last_changed = row.value("password_last_changed");
  l.password_next_rotation = row.value("password_next_rotation");
  l.mfa_active = is_true(row.value("mfa_active"));
  for (int i = 0; i < 2; ++i) {
    std::string p = "access_key_" + std::to_string(i + 1) + "_";
    ReportKey& k = l.keys[i];
    k.active = is_true(row.value(p + "active"));
    k.last_rotated = row.value(p + "last_rotated");
    k.last_used = row.value(p + "last_used_date");
    k.last_used_region = row.value(p + "last_used_region");
    k.last_used_service = row.value(p + "last_used_service");
  }
  return l;
}

}  // namespace

Result<CredentialReport> parse_credential_report(std::string_view csv) {
  CredentialReport report;
  std::map<std::string, size_t> columns;
  size_t line_no = 0;
  while (!csv.empty()) {
    size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view() : csv.substr(nl + 1);
    ++line_no;
    if (line.empty() || line == "\r") continue;
    auto cells = split_csv(line);
    if (columns.empty()) {
      for (size_t i = 0; i < cells.size(); ++i) columns[cells[i]] = i;
      if (!columns.contains("user") || !columns.contains("password_enabled"))
        return Error{"credential report line " + std::to_string(line_no) +
                     ": no header with the columns user and password_enabled"};
      continue;
    }
    if (cells.size() < 2)
      return Error{"credential report line " + std::to_string(line_no) + ": too few columns"};
    ReportLine l = read_line(Row(columns, std::move(cells)));
    if (l.user == "<root_account>") {
      report.root = std::move(l);
    } else {
      std::string name = l.user;
      report.users.emplace(std::move(name), std::move(l));
    }
  }
  if (columns.empty()) return Error{"credential report is empty"};
  return report;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // OpenSSL's streaming decoder skips the line breaks AWS may insert.
  EVP_ENCODE_CTX* ctx = EVP_ENCODE_CTX_new();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  int n = 0, tail = 0;
  EVP_DecodeInit(ctx);
  int rc = EVP_DecodeUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &n,
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
  bool ok =
      rc >= 0 && EVP_DecodeFinal(ctx, reinterpret_cast<unsigned char*>(out.data()) + n, &tail) >= 0;
  EVP_ENCODE_CTX_free(ctx);
  if (!ok) return std::nullopt;
  out.resize(static_cast<size_t>(n + tail));
  return out;
}

}  // namespace canopy::aws
