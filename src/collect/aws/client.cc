#include "collect/aws/client.h"

#include <chrono>
#include <random>
#include <thread>

#include "collect/aws/auth/sigv4.h"
#include "core/time.h"

namespace canopy::aws {

void CallStats::count_call(std::string_view service) {
  calls.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mu);
  ++per_service[std::string(service)];
}

Client::Client(http::Http& http, CredentialProvider& credentials, EndpointConfig endpoints,
               PacingOptions pacing, CallStats& stats, RetryOptions retry)
    : http_(http),
      provider_(credentials),
      endpoints_(std::move(endpoints)),
      pacer_(pacing),
      stats_(stats),
      retry_(retry) {}

Result<Credentials> Client::credentials() {
  std::lock_guard lock(cred_mu_);
  return provider_.get();
}

int Client::backoff_ms(const ApiError& error, int attempt) {
  // Full jitter: a uniform wait below an exponentially growing ceiling.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int base = error.is_throttling() ? retry_.throttle_base_ms : retry_.base_ms;
  double ceiling =
      std::min<double>(retry_.cap_ms, base * double(uint64_t(1) << std::min(attempt, 20)));
  return static_cast<int>(std::uniform_real_distribution<double>(0, ceiling)(rng));
}

Reply Client::send(const Service& service, const std::string& region, ApiRequest request) {
  Reply reply;
  Endpoint endpoint = resolve_endpoint(service, region, endpoints_);
  std::string lane = std::string(service.name) + "/" + endpoint.signing_region;
  for (int attempt = 1;; ++attempt) {
    auto creds = credentials();
    if (!creds) {
      reply.error = {"CredentialsError", creds.message(), 0};
      reply.error.status = -1;  // not a transport error: never retried
      return reply;
    }
    http::Request req;
    req.method = request.method;
    req.url = endpoint.url + request.path + (request.query.empty() ? "" : "?" + request.query);
    req.headers = request.headers;
    req.headers.emplace_back("User-Agent", "canopy/0.1");
    req.body = request.body;
    req.timeout_ms = retry_.timeout_ms;
    SignOptions opts;
    opts.s3 = service.protocol == Protocol::RestXml && service.signing_name == "s3";
    sign_request(req, *creds, endpoint.signing_region, std::string(service.signing_name),
                 now_seconds(), opts);
    http::Outcome out;
    {
      PacedSlot slot(pacer_, lane);
      stats_.count_call(service.name);
      out = http_.send(req);
      if (out.ok && out.response.status < 300) {
        reply.ok = true;
        reply.response = std::move(out.response);
        return reply;
      }
      reply.error =
          out.ok ? parse_error(service.protocol, out.response) : transport_error(out.error);
      scrub(reply.error.message, {creds->secret_access_key, creds->session_token});
      if (reply.error.is_throttling()) {
        slot.mark_throttled();
        stats_.throttles.fetch_add(1, std::memory_order_relaxed);
      } else if (reply.error.code == "Timeout") {
        slot.mark_throttled();  // too busy to answer: ask it less at once
      }
    }
    bool unreachable = reply.error.code == "ConnectionFailed" || reply.error.is_endpoint_missing();
    int limit = unreachable ? retry_.connect_attempts : retry_.max_attempts;
    if (!reply.error.is_retryable() || attempt >= limit) break;
    stats_.retries.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms(reply.error, attempt - 1)));
  }
  return reply;
}

}  // namespace canopy::aws
