// What the credential providers share: caching with refresh, JSON
// credentials, small string and file helpers.
#include "collect/aws/auth/providers.h"

#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/time.h"

namespace canopy::aws::internal {

Result<Credentials> RefreshingProvider::get() {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = services_.now();
  if (current_ && (current_->expiration == 0 || current_->expiration - now > kRefreshWindowSeconds))
    return *current_;
  Result<Credentials> fresh = fetch();
  if (!fresh) {
    // Keys that still work are better than none; the next call tries again.
    if (current_ && current_->expiration > now) return *current_;
    return fresh.status();
  }
  if (fresh->expiration != 0 && fresh->expiration <= now)
    return Error{describe() + ": the credentials returned have already expired"};
  fresh->source = describe();
  current_ = std::move(fresh).value();
  return *current_;
}

Found primed(std::unique_ptr<CredentialProvider> provider) {
  Result<Credentials> c = provider->get();
  if (!c) return c.status();
  return provider;
}

std::string env_value(const EnvLookup& env, const std::string& name) {
  if (!env) return "";
  std::optional<std::string> v = env(name);
  return v ? *v : "";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path + ": " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{"cannot read " + path + ": read failed"};
  return text.str();
}

Result<Credentials> parse_credentials_json(std::string_view json, const JsonCredentialFields& f,
                                           std::string_view what) {
  const std::string where(what);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::object obj;
  if (parser.parse(padded).get_object().get(obj) != simdjson::SUCCESS)
    return Error{where + ": the response is not a JSON object"};
  int64_t version = 0;
  if (f.version_1_required &&
      (obj["Version"].get_int64().get(version) != simdjson::SUCCESS || version != 1))
    return Error{where + ": the response must have \"Version\": 1"};
  // A field's string value; false when it is missing, null or "".
  auto field = [&](std::string_view name, std::string& out) {
    std::string_view v;
    if (obj[name].get_string().get(v) != simdjson::SUCCESS || v.empty()) return false;
    out = std::string(v);
    return true;
  };
  Credentials c;
  if (!field("AccessKeyId", c.access_key_id))
    return Error{where + ": the response has no AccessKeyId"};
  if (!field("SecretAccessKey", c.secret_access_key))
    return Error{where + ": the response has no SecretAccessKey"};
  if (!field(f.token, c.session_token) && f.token_required)
    return Error{where + ": the response has no " + std::string(f.token)};
  std::string expiration;
  if (field("Expiration", expiration)) {
    std::optional<int64_t> t = parse_datetime(expiration);
    if (!t) return Error{where + ": Expiration " + in_quotes(expiration) + " is not a date-time"};
    c.expiration = *t;
  } else if (f.expiration_required) {
    return Error{where + ": the response has no Expiration"};
  }
  return c;
}

}  // namespace canopy::aws::internal
