// Errors of AWS calls: the code and message read from an error response of
// any of the five protocols, and what the code means for the caller
// (retry it, skip that part as access denied, treat it as "no data").
#pragma once

#include <string>
#include <string_view>

#include "collect/aws/service.h"
#include "collect/http/http.h"

namespace canopy::aws {

struct ApiError {
  std::string code;     // e.g. Throttling, AccessDenied, NoSuchEntity; "Transport" below HTTP
  std::string message;  // the service's message (never holds credentials)
  long status = 0;      // HTTP status; 0 for transport errors

  bool is_throttling() const;
  bool is_retryable() const;  // throttling, 5xx, timeouts, resets
  bool is_access_denied() const;
  // Errors that make the whole account's data untrustworthy: bad or expired
  // credentials, an endpoint that is down, an answer that does not parse.
  bool is_fatal() const;
  bool is_transport() const { return status == 0; }
  // The endpoint's name does not resolve: the service is not offered in
  // that region (or DNS is down, which the account's first call shows).
  bool is_endpoint_missing() const { return code == "EndpointNotFound"; }
  std::string describe() const;  // "AccessDenied (403): User … is not authorized"
};

// Reads the error of a failed response (status >= 300) in `protocol`.
ApiError parse_error(Protocol protocol, const http::Response& response);
// An error for a transport failure.
ApiError transport_error(const http::TransportError& error);

// Removes from `message` what could hold credentials: AWS quotes the whole
// canonical request (signed headers, the session token among them) after
// "The Canonical String for this request should have been", and every
// occurrence of the given secrets is masked.
void scrub(std::string& message, std::initializer_list<std::string_view> secrets);

}  // namespace canopy::aws
