#include "collect/aws/api_error.h"

#include <simdjson.h>
#include <pugixml.hpp>

#include <array>

namespace canopy::aws {

namespace {

constexpr std::array<std::string_view, 16> kThrottling = {"Throttling",
                                                          "ThrottlingException",
                                                          "ThrottledException",
                                                          "RequestThrottledException",
                                                          "TooManyRequestsException",
                                                          "ProvisionedThroughputExceededException",
                                                          "TransactionInProgressException",
                                                          "RequestLimitExceeded",
                                                          "BandwidthLimitExceeded",
                                                          "LimitExceededException",
                                                          "RequestThrottled",
                                                          "SlowDown",
                                                          "PriorRequestNotComplete",
                                                          "EC2ThrottledException",
                                                          "Rate exceeded",
                                                          "ThrottlingError"};

constexpr std::array<std::string_view, 6> kTransient = {
    "RequestTimeout",  "RequestTimeoutException", "InternalError",
    "InternalFailure", "ServiceUnavailable",      "IDPCommunicationError"};

// JSON error types may be "namespace#Code" or "Code:http://…".
std::string clean_type(std::string_view t) {
  if (auto hash = t.rfind('#'); hash != std::string_view::npos) t = t.substr(hash + 1);
  if (auto colon = t.find(':'); colon != std::string_view::npos) t = t.substr(0, colon);
  return std::string(t);
}

void from_xml(const http::Response& r, ApiError& e) {
  pugi::xml_document doc;
  if (!doc.load_buffer(r.body.data(), r.body.size())) return;
  // query: ErrorResponse/Error (some emulators: ErrorResponse/Errors/Error);
  // EC2: Response/Errors/Error; S3: Error. The first Error with a Code wins.
  pugi::xml_node err = doc.select_node("//Error[Code]").node();
  if (!err) return;
  e.code = err.child_value("Code");
  e.message = err.child_value("Message");
}

void from_json(const http::Response& r, ApiError& e) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(r.body).get(doc) != simdjson::SUCCESS) return;
  std::string_view s;
  for (const char* key : {"__type", "code", "Code"})
    if (doc[key].get(s) == simdjson::SUCCESS) {
      e.code = clean_type(s);
      break;
    }
  for (const char* key : {"message", "Message", "errorMessage"})
    if (doc[key].get(s) == simdjson::SUCCESS) {
      e.message = std::string(s);
      break;
    }
}

}  // namespace

ApiError parse_error(Protocol protocol, const http::Response& response) {
  ApiError e;
  e.status = response.status;
  if (!response.header("x-amzn-errortype").empty())
    e.code = clean_type(response.header("x-amzn-errortype"));
  if (protocol == Protocol::Json || protocol == Protocol::RestJson) {
    ApiError body;
    from_json(response, body);
    if (e.code.empty()) e.code = body.code;
    e.message = body.message;
  } else {
    from_xml(response, e);
  }
  if (e.code.empty()) {
    // S3 HEAD responses and proxies answer without a body.
    if (response.status == 429)
      e.code = "TooManyRequestsException";
    else if (response.status == 403)
      e.code = "AccessDenied";
    else if (response.status == 404)
      e.code = "NotFound";
    else if (response.status >= 500)
      e.code = "InternalFailure";
    else
      e.code = "HTTP" + std::to_string(response.status);
  }
  return e;
}

void scrub(std::string& message, std::initializer_list<std::string_view> secrets) {
  for (std::string_view cut : {"The Canonical String", "The String-to-Sign", "The String to Sign"})
    if (size_t at = message.find(cut); at != std::string::npos) message.resize(at);
  while (!message.empty() && (message.back() == ' ' || message.back() == '\n')) message.pop_back();
  for (std::string_view s : secrets) {
    if (s.size() < 8) continue;
    for (size_t at = message.find(s); at != std::string::npos; at = message.find(s, at))
      message.replace(at, s.size(), "***");
  }
}

ApiError transport_error(const http::TransportError& error) {
  ApiError e;
  e.code = error.kind == http::TransportError::Kind::Connect   ? "ConnectionFailed"
           : error.kind == http::TransportError::Kind::Resolve ? "EndpointNotFound"
           : error.kind == http::TransportError::Kind::Timeout ? "Timeout"
           : error.kind == http::TransportError::Kind::Reset   ? "ConnectionReset"
                                                               : "Transport";
  e.message = error.message;
  return e;
}

bool ApiError::is_throttling() const {
  if (status == 429) return true;
  for (auto t : kThrottling)
    if (code == t) return true;
  return false;
}

bool ApiError::is_retryable() const {
  if (is_throttling() || is_transport() || status >= 500) return true;
  for (auto t : kTransient)
    if (code == t) return true;
  return false;
}

bool ApiError::is_access_denied() const {
  return code.starts_with("AccessDenied") || code == "UnauthorizedOperation" ||
         code == "OptInRequired";
}

// A refused connection or bad credentials spoil every call of the account:
// storing what little arrived would replace a good graph with a hollow one.
// A call that timed out or was reset after its retries is one gap (a slow
// answer on a large listing), reported like any other failed call.
bool ApiError::is_fatal() const {
  static constexpr std::string_view kFatal[] = {"CredentialsError",
                                                "MalformedResponse",
                                                "ConnectionFailed",
                                                "ExpiredToken",
                                                "ExpiredTokenException",
                                                "InvalidClientTokenId",
                                                "UnrecognizedClientException",
                                                "SignatureDoesNotMatch",
                                                "AuthFailure",
                                                "InvalidAccessKeyId"};
  for (auto f : kFatal)
    if (code == f) return true;
  return false;
}

std::string ApiError::describe() const {
  std::string out = code;
  if (status > 0) out += " (" + std::to_string(status) + ")";
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace canopy::aws
