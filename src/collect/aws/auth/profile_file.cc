#include "collect/aws/auth/profile_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "collect/aws/auth/providers.h"

namespace canopy::aws {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

Error line_error(std::string_view file, int line, std::string_view what) {
  return Error{std::string(file) + ":" + std::to_string(line) + ": " + std::string(what)};
}

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

void merge(Profile::Values& into, const IniSection& section) {
  for (const IniEntry& e : section.entries) into[e.key] = e.value;
}

// The variable's value, or "" when it is unset.
std::string env_value(const EnvLookup& env, const std::string& name) {
  if (!env) return "";
  std::optional<std::string> v = env(name);
  return v ? *v : "";
}

std::string expand_home(const std::string& path, const EnvLookup& env) {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  std::string home = env_value(env, "HOME");
  if (home.empty()) return path;
  return home + path.substr(1);
}

std::string path_from(const EnvLookup& env, const char* variable, const char* file) {
  std::string path = env_value(env, variable);
  if (!path.empty()) return expand_home(path, env);
  std::string home = env_value(env, "HOME");
  if (home.empty()) return "";
  if (home.back() == '/') home.pop_back();
  return home + "/.aws/" + file;
}

// The file's bytes; "" when it does not exist.
Result<std::string> read_if_present(const std::string& path) {
  if (path.empty()) return std::string();
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (st.type() == std::filesystem::file_type::not_found) return std::string();
  if (ec) return Error{"cannot read " + path + ": " + ec.message()};
  // /dev/null is a common way to say "no file"; only a directory is wrong.
  if (st.type() == std::filesystem::file_type::directory)
    return Error{"cannot read " + path + ": it is a directory"};
  return internal::read_file(path);
}

}  // namespace

Result<std::vector<IniSection>> parse_ini(std::string_view text, std::string_view file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  std::vector<IniSection> sections;
  // The entry that indented lines continue, and its key's indentation.
  IniEntry* open_entry = nullptr;
  size_t open_indent = 0;
  int line_no = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view body = trim(line);
    if (body.empty() || body.front() == '#' || body.front() == ';') continue;
    size_t indent = indent_of(line);
    if (open_entry && indent > open_indent) {
      // A continuation line or a sub-property: kept with the key it belongs to.
      open_entry->value += '\n';
      open_entry->value += body;
      continue;
    }
    open_entry = nullptr;
    if (body.front() == '[') {
      size_t close = body.find(']');
      if (close == std::string_view::npos)
        return line_error(file, line_no, "section header without a closing ']'");
      std::string_view rest = trim(body.substr(close + 1));
      if (!rest.empty() && rest.front() != '#' && rest.front() != ';')
        return line_error(file, line_no, "unexpected text after a section header");
      std::string_view name = trim(body.substr(1, close - 1));
      if (name.empty()) return line_error(file, line_no, "empty section name");
      sections.push_back(IniSection{std::string(name), line_no, {}});
      continue;
    }
    size_t eq = body.find('=');
    if (eq == std::string_view::npos)
      return line_error(file, line_no,
                        "expected a [section] header, a 'key = value' line or a comment");
    if (sections.empty())
      return line_error(file, line_no, "'key = value' line before any [section] header");
    std::string_view key = trim(body.substr(0, eq));
    if (key.empty()) return line_error(file, line_no, "'=' without a key before it");
    IniSection& section = sections.back();
    section.entries.push_back(
        IniEntry{lower(key), std::string(trim(body.substr(eq + 1))), line_no});
    open_entry = &section.entries.back();
    open_indent = indent;
  }
  return sections;
}

const std::string& Profile::get(std::string_view key) const {
  if (auto it = credentials_file.find(key); it != credentials_file.end()) return it->second;
  if (auto it = config_file.find(key); it != config_file.end()) return it->second;
  return empty_string();
}

bool Profile::has(std::string_view key) const {
  return credentials_file.count(key) != 0 || config_file.count(key) != 0;
}

const Profile* ProfileFiles::find(std::string_view name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

Status ProfileFiles::add_credentials_file(std::string_view text, std::string_view path) {
  Result<std::vector<IniSection>> sections = parse_ini(text, path);
  if (!sections) return sections.status();
  // Every section of the credentials file is a profile, named verbatim.
  for (const IniSection& s : *sections) {
    Profile& p = profiles[s.name];
    p.name = s.name;
    p.in_credentials_file = true;
    merge(p.credentials_file, s);
  }
  return Status::ok();
}

Status ProfileFiles::add_config_file(std::string_view text, std::string_view path) {
  Result<std::vector<IniSection>> sections = parse_ini(text, path);
  if (!sections) return sections.status();
  // `[default]` first, so that `[profile default]` wins where both set a key,
  // as in the other SDKs.
  for (int pass = 0; pass < 2; ++pass) {
    for (const IniSection& s : *sections) {
      std::string name;
      bool plain_default = s.name == "default";
      if (plain_default) {
        name = "default";
      } else if (s.name.rfind("profile", 0) == 0 && s.name.size() > 7 && is_blank(s.name[7])) {
        name = std::string(trim(std::string_view(s.name).substr(7)));
      }
      // Not a profile (sso-session, services, …), or not this pass's kind.
      if (name.empty() || plain_default != (pass == 0)) continue;
      Profile& p = profiles[name];
      p.name = name;
      p.in_config_file = true;
      merge(p.config_file, s);
    }
  }
  return Status::ok();
}

std::string shared_credentials_path(const EnvLookup& env) {
  return path_from(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

std::string shared_config_path(const EnvLookup& env) {
  return path_from(env, "AWS_CONFIG_FILE", "config");
}

Result<ProfileFiles> load_profile_files(const EnvLookup& env) {
  ProfileFiles files;
  files.credentials_path = shared_credentials_path(env);
  files.config_path = shared_config_path(env);
  Result<std::string> config = read_if_present(files.config_path);
  if (!config) return config.status();
  CANOPY_RETURN_IF_ERROR(files.add_config_file(*config, files.config_path));
  Result<std::string> credentials = read_if_present(files.credentials_path);
  if (!credentials) return credentials.status();
  CANOPY_RETURN_IF_ERROR(files.add_credentials_file(*credentials, files.credentials_path));
  return files;
}

}  // namespace canopy::aws
