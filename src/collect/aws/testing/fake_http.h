// A fake http::Http for the collector's unit tests: it answers requests
// with canned responses chosen by what the request asks for, and records
// every request it got. No network.
//
// A request is reduced to an operation name and parameters:
//   JSON (X-Amz-Target "Prefix.Operation")  op = Operation, params = the
//                                            top-level string members of the body
//   query / EC2 (form body Action=…)         op = Action, params = the form fields
//   REST                                     op = "METHOD /path", params = the query
// A route answers an operation when all of its parameters are in the request
// (the route with the most parameters wins; among equals the latest added).
// A route holds a sequence of answers: the n-th matching request gets the
// n-th answer, the last one repeats. Requests no route answers get a 400
// error "FakeHttpNoRoute" and are listed by unmatched().
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collect/aws/auth/credentials.h"
#include "collect/http/http.h"

namespace canopy::aws::testing {

using FakeParams = std::vector<std::pair<std::string, std::string>>;

// Answers.
http::Outcome response(long status, std::string body, http::Headers headers = {});
http::Outcome transport_failure(http::TransportError::Kind kind, std::string message = "fake");
// A query-protocol error document (<ErrorResponse><Error>…).
http::Outcome query_error(long status, std::string_view code, std::string_view message = "");
// A JSON-protocol error document ({"__type": …}).
http::Outcome json_error(long status, std::string_view type, std::string_view message = "");

// The text of tests/collect/data/<relative> (empty and a test failure when missing).
std::string test_data(std::string_view relative);

// A request as the fake understood it.
struct SeenRequest {
  http::Request request;
  std::string op;
  FakeParams params;
  std::string param(std::string_view name) const;  // "" when absent
  bool has_param(std::string_view name) const;
  // Every value of header `name` (case-insensitive).
  std::vector<std::string> headers(std::string_view name) const;
};

// Reads op and params from a request (what the fake matches on).
SeenRequest describe_request(const http::Request& request);

class FakeHttp : public http::Http {
 public:
  class Route {
   public:
    Route& reply(http::Outcome outcome);
    Route& reply(long status, std::string body, http::Headers headers = {});
    // A response with the text of tests/collect/data/<relative>.
    Route& reply_file(long status, std::string_view relative, http::Headers headers = {});

   private:
    friend class FakeHttp;
    std::string op;
    FakeParams params;
    std::vector<http::Outcome> answers;
    size_t served = 0;
    size_t order = 0;
  };

  // A new route for `op` with `params` (the returned reference stays valid).
  Route& on(std::string op, FakeParams params = {});
  // Makes the `nth` (1-based; 0: every) request of `op` that has `params`
  // fail with `outcome`, whatever the routes say.
  void fail(std::string op, FakeParams params, http::Outcome outcome, int nth = 0);
  // Each send takes at least this long (to make concurrency observable).
  void set_delay_ms(int ms) { delay_ms_ = ms; }

  http::Outcome send(const http::Request& request) override;

  std::vector<SeenRequest> requests() const;
  std::vector<SeenRequest> requests(std::string_view op) const;
  // Requests of `op` that carry every one of `params`.
  int count(std::string_view op, const FakeParams& params = {}) const;
  int total() const;
  std::vector<SeenRequest> unmatched() const;
  // The most requests that were inside send() at once.
  int max_in_flight() const { return max_in_flight_.load(); }
  void reset_max_in_flight() { max_in_flight_ = 0; }

 private:
  struct Failure {
    std::string op;
    FakeParams params;
    http::Outcome outcome;
    int nth = 0;
    int seen = 0;
  };

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<Failure> failures_;
  std::vector<SeenRequest> seen_;
  std::vector<SeenRequest> unmatched_;
  std::atomic<int> delay_ms_{0};
  std::atomic<int> in_flight_{0}, max_in_flight_{0};
};

// Fixed test credentials. With `rotate`, every get() hands out a new access
// key id (AKIDTEST1, AKIDTEST2, …) so that each signature can be told apart;
// with `fail`, get() fails.
class FixedCredentials : public CredentialProvider {
 public:
  Result<Credentials> get() override;
  std::string describe() const override { return "fixed test credentials"; }
  int calls() const { return calls_.load(); }

  bool rotate = false;
  bool fail = false;
  std::string session_token;        // for every get()
  std::string first_session_token;  // only for the first get(), when set

 private:
  std::atomic<int> calls_{0};
};

}  // namespace canopy::aws::testing
