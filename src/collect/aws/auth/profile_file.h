// The shared AWS configuration files: `credentials` (sections `[NAME]`) and
// `config` (sections `[default]` and `[profile NAME]`; `[sso-session …]`,
// `[services …]` and any other section are read and ignored).
//
// Syntax, as the AWS SDKs accept it: `[section]` headers, `key = value` lines
// (blanks around both trimmed, keys case-insensitive), whole-line comments
// starting with `#` or `;`, blank lines, and lines indented under a key that
// continue it (sub-properties such as `s3 =` followed by indented
// `addressing_style = path`). Anything else is an error naming the file and
// the line; the text of the line is never quoted since it may hold a secret.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/auth/credentials.h"
#include "core/result.h"

namespace canopy::aws {

struct IniEntry {
  std::string key;    // lower case
  std::string value;  // trimmed; continuation lines appended after "\n"
  int line = 0;
};

struct IniSection {
  std::string name;  // the text between the brackets, trimmed
  int line = 0;
  std::vector<IniEntry> entries;
};

// Parses INI text; `file` names it in errors ("<file>:<line>: …").
Result<std::vector<IniSection>> parse_ini(std::string_view text, std::string_view file);

// One profile, as both files define it.
struct Profile {
  using Values = std::map<std::string, std::string, std::less<>>;
  std::string name;
  Values credentials_file;  // values from the credentials file
  Values config_file;       // values from the config file
  bool in_credentials_file = false;
  bool in_config_file = false;

  // The value of `key`, the credentials file's first, or "" when neither file sets it.
  const std::string& get(std::string_view key) const;
  // Whether either file sets `key` (even to "").
  bool has(std::string_view key) const;
};

struct ProfileFiles {
  std::string credentials_path;  // "" when there is none (no HOME and no override)
  std::string config_path;
  std::map<std::string, Profile, std::less<>> profiles;

  // The profile named `name`, or null when neither file has it.
  const Profile* find(std::string_view name) const;

  // Add a parsed file's profiles. `path` names the file in errors.
  Status add_credentials_file(std::string_view text, std::string_view path);
  Status add_config_file(std::string_view text, std::string_view path);
};

// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and
// ~/.aws/config with HOME from `env` ("" when HOME is not set either). A
// leading "~/" in the overrides is expanded too.
std::string shared_credentials_path(const EnvLookup& env);
std::string shared_config_path(const EnvLookup& env);

// Reads both files. A missing file is empty; one that cannot be read or does
// not parse is an error naming it.
Result<ProfileFiles> load_profile_files(const EnvLookup& env);

}  // namespace canopy::aws
