#include "collect/aws/auth/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>
#include <utility>
#include <vector>

namespace canopy::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// Headers botocore leaves out of the signature (hop-by-hop headers and those
// that clients or proxies rewrite), plus Authorization, which the signature
// replaces.
constexpr std::string_view kUnsignedHeaders[] = {"authorization",
                                                 "connection",
                                                 "expect",
                                                 "keep-alive",
                                                 "proxy-authenticate",
                                                 "proxy-authorization",
                                                 "te",
                                                 "trailer",
                                                 "transfer-encoding",
                                                 "upgrade",
                                                 "user-agent",
                                                 "x-amzn-trace-id"};

using Digest = std::array<unsigned char, 32>;

char lower_char(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
char upper_char(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_char(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower_char(a[i]) != lower_char(b[i])) return false;
  }
  return true;
}

std::string to_hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
           &len) == nullptr ||
      len != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

std::string_view as_view(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

void erase_header(http::Headers& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
}

void set_header(http::Headers& headers, std::string_view name, std::string value) {
  erase_header(headers, name);
  headers.emplace_back(std::string(name), std::move(value));
}

const std::string* find_header(const http::Headers& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (iequals(h.first, name)) return &h.second;
  }
  return nullptr;
}

// The parts of an absolute URL that the signature covers, split as Python's
// urllib.parse.urlsplit splits them.
struct UrlParts {
  std::string host;  // lower case, [brackets] for IPv6, ":port" unless the default
  std::string path;  // raw, as it is sent
  std::string query;
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  std::string scheme;
  if (size_t colon = url.find("://"); colon != std::string_view::npos) {
    scheme = to_lower(url.substr(0, colon));
    url.remove_prefix(colon + 3);
  }
  size_t authority_end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, authority_end);
  std::string_view rest =
      authority_end == std::string_view::npos ? std::string_view() : url.substr(authority_end);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    parts.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  parts.path = std::string(rest);

  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user info is never sent as part of Host
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    std::string_view after = close == std::string_view::npos ? "" : authority.substr(close + 1);
    parts.host = to_lower(
        authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    if (!after.empty() && after.front() == ':') port = after.substr(1);
  } else {
    size_t colon = authority.find(':');
    parts.host = to_lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    bool numeric =
        std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    long value = -1;
    if (numeric && port.size() <= 5) value = std::stol(std::string(port));
    bool is_default = (scheme == "http" && value == 80) || (scheme == "https" && value == 443);
    if (!is_default) {
      parts.host += ':';
      parts.host += value >= 0 ? std::to_string(value) : std::string(port);
    }
  }
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; anything else, '+' included, stands for itself.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// RFC 3986 remove_dot_segments, and empty segments dropped too ("a//b" is
// "a/b"), as botocore normalises the paths of services other than S3.
std::string normalize_path(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += segments[i];
  }
  if (path.back() == '/' && !segments.empty()) out += '/';
  return out;
}

std::string canonical_uri(std::string_view path, bool s3) {
  // The request line of a URL without a path is "/"; botocore never signs
  // such a URL because its endpoints always carry one.
  if (s3) return path.empty() ? "/" : std::string(path);
  return uri_encode(normalize_path(path), /*encode_slash=*/false);
}

std::string canonical_query(std::string_view query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(start, end - start);
    size_t eq = param.find('=');
    std::string_view name = param.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
    params.emplace_back(uri_encode(percent_decode(name), true),
                        uri_encode(percent_decode(value), true));
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

// Python's str.split() separators in ASCII.
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// Trims the value and turns every run of white space inside into one blank.
std::string trim_all(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_signed(std::string_view lower_name) {
  return std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), lower_name) ==
         std::end(kUnsignedHeaders);
}

struct CanonicalHeaders {
  std::string text;          // "name:value\n" for each, sorted by name
  std::string signed_names;  // "name;name;…"
};

CanonicalHeaders canonical_headers(const http::Headers& headers, const std::string& url_host) {
  std::vector<std::pair<std::string, std::string>> entries;
  bool has_host = false;
  for (const auto& [name, value] : headers) {
    std::string lower = to_lower(name);
    if (!is_signed(lower)) continue;
    has_host = has_host || lower == "host";
    entries.emplace_back(std::move(lower), trim_all(value));
  }
  if (!has_host) entries.emplace_back("host", url_host);
  // Stable: the values of a repeated header are joined in request order.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (size_t i = 0; i < entries.size(); ++i) {
    bool repeat = i > 0 && entries[i].first == entries[i - 1].first;
    if (repeat) {
      out.text.pop_back();  // the previous line's '\n'
      out.text += ',';
    } else {
      out.text += entries[i].first;
      out.text += ':';
      if (!out.signed_names.empty()) out.signed_names += ';';
      out.signed_names += entries[i].first;
    }
    out.text += entries[i].second;
    out.text += '\n';
  }
  return out;
}

std::string amz_date(int64_t unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) throw std::runtime_error("time out of range");
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Digest md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != md.size()) {
    throw std::runtime_error("SHA-256 failed");
  }
  return to_hex(md.data(), md.size());
}

std::string uri_encode(std::string_view s, bool encode_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash);
    if (unreserved) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kDigits[byte >> 4];
      out += kDigits[byte & 0xf];
    }
  }
  return out;
}

void sign_request(http::Request& request, const Credentials& creds, const std::string& region,
                  const std::string& service, int64_t unix_time, const SignOptions& options) {
  http::Headers& headers = request.headers;
  const std::string timestamp = amz_date(unix_time);
  const std::string date = timestamp.substr(0, 8);

  erase_header(headers, "Authorization");
  set_header(headers, "X-Amz-Date", timestamp);
  if (!creds.session_token.empty()) {
    set_header(headers, "X-Amz-Security-Token", creds.session_token);
  } else {
    erase_header(headers, "X-Amz-Security-Token");  // left by earlier credentials
  }
  if (options.s3 || options.unsigned_payload) {
    set_header(headers, "X-Amz-Content-SHA256",
               options.unsigned_payload ? std::string(kUnsignedPayload) : sha256_hex(request.body));
  }
  // As botocore does, an x-amz-content-sha256 the request carries stands for
  // the body.
  const std::string* declared_hash = find_header(headers, "X-Amz-Content-SHA256");
  std::string payload_hash = declared_hash ? *declared_hash : sha256_hex(request.body);

  const UrlParts url = split_url(request.url);
  const CanonicalHeaders canonical = canonical_headers(headers, url.host);
  std::string method = request.method;
  for (char& c : method) c = upper_char(c);

  std::string canonical_request;
  canonical_request.append(method).append("\n");
  canonical_request.append(canonical_uri(url.path, options.s3)).append("\n");
  canonical_request.append(canonical_query(url.query)).append("\n");
  canonical_request.append(canonical.text).append("\n");
  canonical_request.append(canonical.signed_names).append("\n");
  canonical_request.append(payload_hash);

  const std::string scope = date + "/" + region + "/" + service + "/aws4_request";
  std::string string_to_sign;
  string_to_sign.append(kAlgorithm).append("\n");
  string_to_sign.append(timestamp).append("\n");
  string_to_sign.append(scope).append("\n");
  string_to_sign.append(sha256_hex(canonical_request));

  std::string secret = "AWS4" + creds.secret_access_key;
  Digest k_date = hmac_sha256(secret, date);
  OPENSSL_cleanse(secret.data(), secret.size());
  Digest k_region = hmac_sha256(as_view(k_date), region);
  Digest k_service = hmac_sha256(as_view(k_region), service);
  Digest k_signing = hmac_sha256(as_view(k_service), "aws4_request");
  Digest signature = hmac_sha256(as_view(k_signing), string_to_sign);
  for (Digest* key : {&k_date, &k_region, &k_service, &k_signing}) {
    OPENSSL_cleanse(key->data(), key->size());
  }

  std::string authorization(kAlgorithm);
  authorization.append(" Credential=").append(creds.access_key_id).append("/").append(scope);
  authorization.append(", SignedHeaders=").append(canonical.signed_names);
  authorization.append(", Signature=").append(to_hex(signature.data(), signature.size()));
  headers.emplace_back("Authorization", std::move(authorization));
}

}  // namespace canopy::aws
