// The AWS client every service collector calls: resolves the endpoint,
// signs with the current credentials, paces, retries and counts. One client
// serves one account (its credentials and its pacing); any thread may call it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "collect/aws/api_error.h"
#include "collect/aws/auth/credentials.h"
#include "collect/aws/endpoints.h"
#include "collect/aws/pacer.h"
#include "collect/aws/service.h"
#include "collect/http/http.h"

namespace canopy::aws {

struct ApiRequest {
  std::string operation;  // for pacing keys, statistics and messages
  std::string method = "POST";
  std::string path = "/";
  std::string query;  // encoded, without '?'
  http::Headers headers;
  std::string body;
};

struct Reply {
  bool ok = false;
  http::Response response;  // when ok
  ApiError error;           // when not
};

struct RetryOptions {
  int max_attempts = 8;        // throttling, 5xx, resets (the first try included)
  int connect_attempts = 3;    // when the endpoint cannot be reached at all
  int base_ms = 100;           // back-off base for errors
  int throttle_base_ms = 500;  // back-off base for throttling
  int cap_ms = 20000;          // longest single wait
  int timeout_ms = 30000;      // one attempt, from connecting to the last byte
};

// Counters of one collect run, shared by the clients of all accounts.
// `errors` counts the failures the collectors reported (expected answers
// such as NoSuchEntity are not errors).
struct CallStats {
  std::atomic<uint64_t> calls{0}, retries{0}, throttles{0}, errors{0};
  std::mutex mu;
  std::map<std::string, uint64_t> per_service;  // "iam" → calls
  void count_call(std::string_view service);
};

class Client {
 public:
  Client(http::Http& http, CredentialProvider& credentials, EndpointConfig endpoints,
         PacingOptions pacing, CallStats& stats, RetryOptions retry = {});

  // Sends `request` to `service` in `region`; retries what may be retried.
  Reply send(const Service& service, const std::string& region, ApiRequest request);

  Pacer& pacer() { return pacer_; }
  const EndpointConfig& endpoints() const { return endpoints_; }

 private:
  Result<Credentials> credentials();
  int backoff_ms(const ApiError& error, int attempt);

  http::Http& http_;
  CredentialProvider& provider_;
  std::mutex cred_mu_;  // providers are not thread-safe
  EndpointConfig endpoints_;
  Pacer pacer_;
  CallStats& stats_;
  RetryOptions retry_;
};

}  // namespace canopy::aws
