// HTTP requests and responses as plain values, and the interface that sends
// them. Nothing here knows about AWS; the libcurl transport implements Http.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace canopy::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";  // GET, POST, PUT, …
  std::string url;             // absolute: scheme://host[:port]/path?query
  Headers headers;
  std::string body;
  int timeout_ms = 30000;          // whole transfer
  int connect_timeout_ms = 10000;  // connection set-up
};

struct Response {
  long status = 0;  // HTTP status code
  Headers headers;  // names lower-cased
  std::string body;
  // Returns the first header named `name` (lower case), or "".
  const std::string& header(std::string_view name) const;
};

// Failures below HTTP (no status): refused, reset, timed out, DNS, TLS.
// Resolve: the host name does not exist (for AWS: the service is not
// offered in that region).
struct TransportError {
  enum class Kind { Connect, Resolve, Timeout, Reset, Other } kind;
  std::string message;
};

// Either a response (any status) or a transport error.
struct Outcome {
  bool ok = false;
  Response response;
  TransportError error{TransportError::Kind::Other, ""};
};

// Sends requests. `send` blocks the calling thread until the exchange ends;
// many threads may call it at once.
class Http {
 public:
  virtual ~Http() = default;
  virtual Outcome send(const Request& request) = 0;
};

}  // namespace canopy::http
