#include "collect/aws/auth/sigv4.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace canopy::aws {
namespace {

// AWS's documentation example keys, not real ones.
Credentials example_credentials() {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.source = "test";
  return c;
}

Credentials session_credentials() {
  Credentials c;
  c.access_key_id = "ASIAEXAMPLEEXAMPLE12";
  c.secret_access_key = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
  c.session_token = "IQoJb3JpZ2luX2VjEXAMPLE+TOKEN/with/slashes==";
  c.source = "test";
  return c;
}

constexpr int64_t k20150830T123600Z = 1440938160;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string> values_of(const http::Request& r, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : r.headers) {
    if (iequals(n, name)) out.push_back(v);
  }
  return out;
}

std::string authorization(const http::Request& r) {
  auto v = values_of(r, "authorization");
  return v.size() == 1 ? v[0] : "<" + std::to_string(v.size()) + " Authorization headers>";
}

TEST(Sha256HexTest, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string_view("\0", 1)),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(UriEncodeTest, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(uri_encode("", true), "");
  EXPECT_EQ(uri_encode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c=d&e", true), "a%20b%2Bc%3Dd%26e");
  EXPECT_EQ(uri_encode("*!'()%", true), "%2A%21%27%28%29%25");
  EXPECT_EQ(uri_encode("caf\xc3\xa9", true), "caf%C3%A9");
  EXPECT_EQ(uri_encode(std::string_view("\0\xff", 2), true), "%00%FF");
}

TEST(UriEncodeTest, SlashOnlyWhenAsked) {
  EXPECT_EQ(uri_encode("/a/b c/", true), "%2Fa%2Fb%20c%2F");
  EXPECT_EQ(uri_encode("/a/b c/", false), "/a/b%20c/");
  EXPECT_EQ(uri_encode("/my%20fn", false), "/my%2520fn");
}

// The "get-vanilla" example of AWS's SigV4 documentation; the expected value
// is what botocore 1.43 computes for it.
TEST(SignRequestTest, PublishedGetVanillaExample) {
  http::Request r;
  r.method = "GET";
  r.url = "https://example.amazonaws.com/";
  sign_request(r, example_credentials(), "us-east-1", "service", k20150830T123600Z);
  EXPECT_EQ(authorization(r),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(values_of(r, "x-amz-date"), std::vector<std::string>{"20150830T123600Z"});
  EXPECT_TRUE(values_of(r, "host").empty()) << "libcurl sends Host; the signer must not add one";
  EXPECT_TRUE(values_of(r, "x-amz-content-sha256").empty());
  EXPECT_TRUE(values_of(r, "x-amz-security-token").empty());
  EXPECT_EQ(r.headers.size(), 2u);
}

TEST(SignRequestTest, SecretKeyNeverAppearsInHeaders) {
  const Credentials creds = session_credentials();
  const std::string prefixed = "AWS4" + creds.secret_access_key;
  for (bool s3 : {false, true}) {
    for (bool unsigned_payload : {false, true}) {
      http::Request r;
      r.method = "PUT";
      r.url = "https://bucket.s3.us-east-1.amazonaws.com/key?x=1";
      r.headers = {{"Content-Type", "text/plain"}};
      r.body = "body";
      sign_request(r, creds, "us-east-1", "s3", k20150830T123600Z, {s3, unsigned_payload});
      for (const auto& [name, value] : r.headers) {
        // No value in the message: it would be the secret.
        EXPECT_TRUE(value.find(creds.secret_access_key) == std::string::npos) << name;
        EXPECT_TRUE(value.find(prefixed) == std::string::npos) << name;
      }
      EXPECT_EQ(values_of(r, "x-amz-security-token").size(), 1u);
    }
  }
}

TEST(SignRequestTest, SigningAgainReplacesHeaders) {
  const Credentials creds = session_credentials();
  http::Request first;
  first.method = "POST";
  first.url = "https://sts.amazonaws.com/";
  first.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  first.body = "Action=GetCallerIdentity&Version=2011-06-15";
  const http::Request original = first;
  const SignOptions s3{.s3 = true};

  sign_request(first, creds, "us-east-1", "sts", k20150830T123600Z, s3);
  const std::string first_auth = authorization(first);
  sign_request(first, creds, "us-east-1", "sts", k20150830T123600Z + 3600, s3);  // a retry

  for (std::string_view name :
       {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
    EXPECT_EQ(values_of(first, name).size(), 1u) << name;
  }
  EXPECT_NE(authorization(first), first_auth);
  http::Request fresh = original;
  sign_request(fresh, creds, "us-east-1", "sts", k20150830T123600Z + 3600, s3);
  EXPECT_EQ(first.headers, fresh.headers);
}

TEST(SignRequestTest, TokenOfEarlierCredentialsIsRemoved) {
  http::Request r;
  r.url = "https://sts.amazonaws.com/";
  sign_request(r, session_credentials(), "us-east-1", "sts", k20150830T123600Z);
  ASSERT_EQ(values_of(r, "x-amz-security-token").size(), 1u);
  sign_request(r, example_credentials(), "us-east-1", "sts", k20150830T123600Z);
  EXPECT_TRUE(values_of(r, "x-amz-security-token").empty());
  EXPECT_EQ(authorization(r).find("x-amz-security-token"), std::string::npos);
}

http::Request signed_get(const std::string& url, const SignOptions& options = {}) {
  http::Request r;
  r.url = url;
  sign_request(r, example_credentials(), "us-east-1", "service", k20150830T123600Z, options);
  return r;
}

// The query string is decoded and encoded again, so equivalent spellings of
// a URL sign alike (botocore signs the query text as it is, which agrees for
// the RFC 3986 encoding that it and we produce).
TEST(SignRequestTest, EquivalentQueryEncodingsSignAlike) {
  const std::string canonical = authorization(signed_get("https://h.example/?a=~&b=%2F&c=%2A"));
  EXPECT_EQ(authorization(signed_get("https://h.example/?c=*&b=%2f&a=%7E")), canonical);
  EXPECT_NE(authorization(signed_get("https://h.example/?a=~&b=/&c=%2B")), canonical);
}

TEST(SignRequestTest, UrlPartsThatAreNotSentAreNotSigned) {
  const std::string plain = authorization(signed_get("https://h.example/p?q=1"));
  EXPECT_EQ(authorization(signed_get("https://user:pw@H.Example:443/p?q=1#frag")), plain);
  EXPECT_NE(authorization(signed_get("https://h.example:8443/p?q=1")), plain);
}

TEST(SignRequestTest, S3UrlWithoutPathSignsSlash) {
  const SignOptions s3{.s3 = true};
  EXPECT_EQ(authorization(signed_get("https://b.s3.amazonaws.com", s3)),
            authorization(signed_get("https://b.s3.amazonaws.com/", s3)));
}

// Vectors signed by botocore: tools/make_sigv4_vectors.py.

struct Vector {
  std::string name;
  http::Request request;
  std::string region;
  std::string service;
  SignOptions options;
  Credentials creds;
  int64_t time = 0;
  http::Headers expected_headers;
  std::string expected_authorization;
  std::string expected_date;
  std::optional<std::string> expected_content_sha256;
  std::optional<std::string> expected_token;
  std::string canonical_request;  // botocore's, for messages
};

const std::string kVectorFile =
    std::string(CANOPY_SOURCE_DIR) + "/tests/collect/data/sigv4_vectors.json";

using Json = simdjson::simdjson_result<simdjson::dom::element>;

std::string str(Json e) {
  std::string_view v;
  return e.get(v) ? std::string() : std::string(v);
}

std::optional<std::string> optional_str(Json e) {
  std::string_view v;
  if (e.get(v)) return std::nullopt;  // null
  return std::string(v);
}

http::Headers headers_of(Json e) {
  http::Headers out;
  simdjson::dom::array list;
  if (e.get(list)) return out;
  for (simdjson::dom::element pair : list) out.emplace_back(str(pair.at(0)), str(pair.at(1)));
  return out;
}

// Every case in the file; empty when it cannot be read (VectorFileTest says why).
std::vector<Vector> load_vectors() {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(kVectorFile).get(root)) return {};
  std::vector<Vector> out;
  simdjson::dom::array cases;
  if (root["cases"].get(cases)) return {};
  for (simdjson::dom::element c : cases) {
    Vector v;
    v.name = str(c["name"]);
    v.request.method = str(c["method"]);
    v.request.url = str(c["url"]);
    v.request.headers = headers_of(c["headers"]);
    v.request.body = str(c["body"]);
    v.region = str(c["region"]);
    v.service = str(c["service"]);
    bool flag = false;
    v.options.s3 = !c["s3"].get(flag) && flag;
    flag = false;
    v.options.unsigned_payload = !c["unsigned_payload"].get(flag) && flag;
    Json creds = root["credentials"][str(c["creds"])];
    v.creds.access_key_id = str(creds["access_key_id"]);
    v.creds.secret_access_key = str(creds["secret_access_key"]);
    v.creds.session_token = str(creds["session_token"]);
    if (c["time"].get(v.time)) v.time = -1;
    Json expected = c["expected"];
    v.expected_headers = headers_of(expected["headers"]);
    v.expected_authorization = str(expected["authorization"]);
    v.expected_date = str(expected["x-amz-date"]);
    v.expected_content_sha256 = optional_str(expected["x-amz-content-sha256"]);
    v.expected_token = optional_str(expected["x-amz-security-token"]);
    v.canonical_request = str(expected["canonical_request"]);
    out.push_back(std::move(v));
  }
  return out;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> all = load_vectors();
  return all;
}

TEST(VectorFileTest, HasTheCases) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_FALSE(parser.load(kVectorFile).get(root)) << "cannot read " << kVectorFile;
  EXPECT_GE(vectors().size(), 14u);
  for (const Vector& v : vectors()) {
    EXPECT_FALSE(v.name.empty());
    EXPECT_FALSE(v.request.url.empty()) << v.name;
    EXPECT_GT(v.time, 0) << v.name;
  }
}

// botocore's canonical request without the session token's value.
std::string redacted(const std::string& canonical_request) {
  std::string out;
  size_t start = 0;
  while (start < canonical_request.size()) {
    size_t end = canonical_request.find('\n', start);
    if (end == std::string::npos) end = canonical_request.size();
    std::string_view line(canonical_request.data() + start, end - start);
    out += line.starts_with("x-amz-security-token:") ? "x-amz-security-token:<redacted>" : line;
    out += '\n';
    start = end + 1;
  }
  return out;
}

// For gtest's messages: the name only, never the credentials.
void PrintTo(const Vector& v, std::ostream* os) {
  *os << v.name;
}

// Headers for messages, without the session token's value.
std::string describe(const http::Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    out += name + ": " + (iequals(name, "x-amz-security-token") ? "<redacted>" : value) + "\n";
  }
  return out;
}

class BotocoreVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(BotocoreVectorTest, ReproducesEveryHeader) {
  const Vector& v = GetParam();
  http::Request r = v.request;
  sign_request(r, v.creds, v.region, v.service, v.time, v.options);

  EXPECT_EQ(authorization(r), v.expected_authorization) << "botocore's canonical request:\n"
                                                        << redacted(v.canonical_request);
  EXPECT_EQ(values_of(r, "x-amz-date"), std::vector<std::string>{v.expected_date});
  auto content_sha = values_of(r, "x-amz-content-sha256");
  if (v.expected_content_sha256) {
    EXPECT_EQ(content_sha, std::vector<std::string>{*v.expected_content_sha256});
  } else {
    EXPECT_TRUE(content_sha.empty());
  }
  auto token = values_of(r, "x-amz-security-token");
  if (v.expected_token) {
    EXPECT_TRUE(token == std::vector<std::string>{*v.expected_token});
  } else {
    EXPECT_TRUE(token.empty());
  }
  // The whole list, in order: nothing duplicated, nothing extra (no Host).
  EXPECT_TRUE(r.headers == v.expected_headers) << "ours:\n"
                                               << describe(r.headers) << "botocore's:\n"
                                               << describe(v.expected_headers);
}

INSTANTIATE_TEST_SUITE_P(Sigv4Vectors, BotocoreVectorTest, ::testing::ValuesIn(vectors()),
                         [](const ::testing::TestParamInfo<Vector>& info) {
                           return info.param.name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BotocoreVectorTest);

}  // namespace
}  // namespace canopy::aws
