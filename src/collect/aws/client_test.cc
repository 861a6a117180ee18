#include "collect/aws/client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "collect/aws/testing/fake_http.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::FixedCredentials;
using testing::query_error;
using testing::response;
using testing::transport_failure;
using Kind = http::TransportError::Kind;

constexpr const char* kListUsersOk =
    "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
    "<ListUsersResult><IsTruncated>false</IsTruncated><Users/></ListUsersResult>"
    "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListUsersResponse>";

RetryOptions fast_retry() {
  RetryOptions r;
  r.max_attempts = 4;
  r.connect_attempts = 3;
  r.base_ms = 1;
  r.throttle_base_ms = 1;
  r.cap_ms = 4;
  return r;
}

ApiRequest form_request(const std::string& action, const std::string& version = "2010-05-08") {
  ApiRequest r;
  r.operation = action;
  r.body = "Action=" + action + "&Version=" + version;
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return r;
}

struct Rig {
  explicit Rig(PacingOptions pacing = {}, RetryOptions retry = fast_retry())
      : client(http, creds, EndpointConfig{}, pacing, stats, retry) {}
  Reply send_iam(const std::string& action = "ListUsers") {
    return client.send(services::kIam, "us-east-1", form_request(action));
  }
  FakeHttp http;
  FixedCredentials creds;
  CallStats stats;
  Client client;
};

TEST(ClientTest, SuccessOnFirstTryCountsOneCall) {
  Rig rig;
  rig.http.on("ListUsers").reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_EQ(r.response.body, kListUsersOk);
  EXPECT_EQ(rig.http.total(), 1);
  EXPECT_EQ(rig.stats.calls.load(), 1u);
  EXPECT_EQ(rig.stats.retries.load(), 0u);
  EXPECT_EQ(rig.stats.throttles.load(), 0u);
  EXPECT_EQ(rig.stats.errors.load(), 0u);  // only collectors count errors
  EXPECT_EQ(rig.stats.per_service["iam"], 1u);
  auto seen = rig.http.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].request.method, "POST");
  EXPECT_EQ(seen[0].request.url, "https://iam.amazonaws.com/");
  EXPECT_EQ(seen[0].param("Version"), "2010-05-08");
}

TEST(ClientTest, RetriesThrottlingThenSucceeds) {
  Rig rig;
  rig.http.on("ListUsers")
      .reply(query_error(400, "Throttling", "Rate exceeded"))
      .reply(query_error(400, "Throttling", "Rate exceeded"))
      .reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_EQ(rig.http.total(), 3);
  EXPECT_EQ(rig.stats.calls.load(), 3u);
  EXPECT_EQ(rig.stats.retries.load(), 2u);
  EXPECT_EQ(rig.stats.throttles.load(), 2u);
  EXPECT_EQ(rig.stats.per_service["iam"], 3u);
}

TEST(ClientTest, RetriesServerErrorsAndResets) {
  Rig rig;
  rig.http.on("ListUsers")
      .reply(query_error(500, "InternalError", "We encountered an internal error"))
      .reply(transport_failure(Kind::Reset, "connection reset by peer"))
      .reply(503, "")
      .reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_EQ(rig.http.total(), 4);
  EXPECT_EQ(rig.stats.retries.load(), 3u);
  EXPECT_EQ(rig.stats.throttles.load(), 0u);
}

TEST(ClientTest, RetriesTimeoutsAndRequestTimeout) {
  Rig rig;
  rig.http.on("ListUsers")
      .reply(transport_failure(Kind::Timeout, "timed out"))
      .reply(query_error(400, "RequestTimeout", "idle"))
      .reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_TRUE(r.ok) << r.error.describe();
  EXPECT_EQ(rig.http.total(), 3);
}

TEST(ClientTest, NoRetryOnAccessDenied) {
  Rig rig;
  rig.http.on("ListUsers")
      .reply(query_error(403, "AccessDenied",
                         "User: arn:aws:iam::123456789012:user/x is not "
                         "authorized to perform: iam:ListUsers"))
      .reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "AccessDenied");
  EXPECT_EQ(r.error.status, 403);
  EXPECT_TRUE(r.error.is_access_denied());
  EXPECT_EQ(rig.http.total(), 1);
  EXPECT_EQ(rig.stats.retries.load(), 0u);
}

TEST(ClientTest, NoRetryOnValidationError) {
  Rig rig;
  rig.http.on("ListUsers").reply(query_error(400, "ValidationError", "1 validation error"));
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "ValidationError");
  EXPECT_EQ(rig.http.total(), 1);
  EXPECT_EQ(rig.stats.retries.load(), 0u);
}

TEST(ClientTest, NoRetryOnNoSuchEntity) {
  Rig rig;
  rig.http.on("GetLoginProfile").reply(query_error(404, "NoSuchEntity", "no login profile"));
  Reply r = rig.send_iam("GetLoginProfile");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "NoSuchEntity");
  EXPECT_EQ(rig.http.total(), 1);
}

TEST(ClientTest, MaxAttemptsRespected) {
  Rig rig;
  rig.http.on("ListUsers").reply(query_error(400, "Throttling", "Rate exceeded"));
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "Throttling");
  EXPECT_TRUE(r.error.is_throttling());
  EXPECT_EQ(rig.http.total(), 4);
  EXPECT_EQ(rig.stats.calls.load(), 4u);
  EXPECT_EQ(rig.stats.retries.load(), 3u);
  EXPECT_EQ(rig.stats.throttles.load(), 4u);
}

TEST(ClientTest, MaxAttemptsOfOneMeansNoRetry) {
  RetryOptions retry = fast_retry();
  retry.max_attempts = 1;
  Rig rig({}, retry);
  rig.http.on("ListUsers").reply(query_error(503, "ServiceUnavailable", ""));
  EXPECT_FALSE(rig.send_iam().ok);
  EXPECT_EQ(rig.http.total(), 1);
}

TEST(ClientTest, UnreachableEndpointUsesConnectAttempts) {
  Rig rig;
  rig.http.on("ListUsers").reply(transport_failure(Kind::Connect, "connection refused"));
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "ConnectionFailed");
  EXPECT_TRUE(r.error.is_transport());
  EXPECT_TRUE(r.error.is_fatal());
  EXPECT_EQ(rig.http.total(), 3);  // connect_attempts, not max_attempts
}

TEST(ClientTest, ServerErrorsUseMaxAttempts) {
  Rig rig;
  rig.http.on("ListUsers").reply(query_error(500, "InternalError", ""));
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "InternalError");
  EXPECT_EQ(r.error.status, 500);
  EXPECT_EQ(rig.http.total(), 4);
}

TEST(ClientTest, BackOffIsCappedAndJittered) {
  // Bases of seconds, but a cap of 5 ms: 7 waits stay far below a second.
  RetryOptions retry;
  retry.max_attempts = 8;
  retry.base_ms = 1000;
  retry.throttle_base_ms = 1000;
  retry.cap_ms = 5;
  Rig rig({}, retry);
  rig.http.on("ListUsers").reply(query_error(400, "Throttling", ""));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(rig.send_iam().ok);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(rig.http.total(), 8);
  EXPECT_LT(ms, 1000);
}

TEST(ClientTest, BackOffWaitsBetweenAttempts) {
  // With a 40 ms base the expected total wait of 3 retries is
  // 20 + 40 + 80 ms; the chance that full jitter waits under 2 ms in total is tiny.
  RetryOptions retry = fast_retry();
  retry.base_ms = 40;
  retry.cap_ms = 1000;
  Rig rig({}, retry);
  rig.http.on("ListUsers").reply(query_error(500, "InternalError", ""));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(rig.send_iam().ok);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(rig.http.total(), 4);
  EXPECT_GE(ms, 2);
  EXPECT_LT(ms, 3 * 1000);
}

TEST(ClientTest, ResignsEveryAttempt) {
  Rig rig;
  rig.creds.rotate = true;
  rig.creds.first_session_token = "first-session-token";
  rig.http.on("ListUsers")
      .reply(query_error(400, "Throttling", ""))
      .reply(transport_failure(Kind::Reset, "reset"))
      .reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_TRUE(r.ok) << r.error.describe();
  auto seen = rig.http.requests();
  ASSERT_EQ(seen.size(), 3u);
  std::set<std::string> authorizations;
  for (size_t i = 0; i < seen.size(); ++i) {
    SCOPED_TRACE("attempt " + std::to_string(i + 1));
    auto auth = seen[i].headers("Authorization");
    ASSERT_EQ(auth.size(), 1u);
    EXPECT_TRUE(
        auth[0].starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST" + std::to_string(i + 1) + "/"))
        << auth[0];
    EXPECT_NE(auth[0].find("/us-east-1/iam/aws4_request"), std::string::npos) << auth[0];
    authorizations.insert(auth[0]);
    EXPECT_EQ(seen[i].headers("X-Amz-Date").size(), 1u);
    EXPECT_EQ(seen[i].headers("User-Agent").size(), 1u);
    EXPECT_EQ(seen[i].headers("Content-Type").size(), 1u);
    // The token of the first credentials must not stay on later attempts.
    EXPECT_EQ(seen[i].headers("X-Amz-Security-Token").size(), i == 0 ? 1u : 0u);
    EXPECT_EQ(seen[i].request.body, "Action=ListUsers&Version=2010-05-08");
    EXPECT_EQ(seen[i].request.url, "https://iam.amazonaws.com/");
  }
  EXPECT_EQ(authorizations.size(), 3u);
  EXPECT_EQ(rig.creds.calls(), 3);
}

TEST(ClientTest, CredentialFailureIsFatalAndNotSent) {
  Rig rig;
  rig.creds.fail = true;
  rig.http.on("ListUsers").reply(200, kListUsersOk);
  Reply r = rig.send_iam();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "CredentialsError");
  EXPECT_TRUE(r.error.is_fatal());
  EXPECT_FALSE(r.error.is_retryable());
  EXPECT_EQ(rig.http.total(), 0);
  EXPECT_EQ(rig.creds.calls(), 1);
}

TEST(ClientTest, RegionalServiceGoesToItsRegion) {
  Rig rig;
  rig.http.on("DescribeRegions")
      .reply(200, "<DescribeRegionsResponse><regionInfo/></DescribeRegionsResponse>");
  Reply r = rig.client.send(services::kEc2, "eu-west-1", form_request("DescribeRegions"));
  ASSERT_TRUE(r.ok) << r.error.describe();
  auto seen = rig.http.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].request.url, "https://ec2.eu-west-1.amazonaws.com/");
  auto auth = seen[0].headers("Authorization");
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_NE(auth[0].find("/eu-west-1/ec2/aws4_request"), std::string::npos) << auth[0];
  EXPECT_EQ(rig.stats.per_service["ec2"], 1u);
}

TEST(PacerTest, HalvesOnThrottlingAndGrowsBack) {
  Pacer pacer({.per_account = 32, .per_service = 8});
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 8);
  auto once = [&](bool throttled) {
    pacer.acquire("iam/us-east-1");
    pacer.release("iam/us-east-1", throttled);
  };
  once(true);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 4);
  once(true);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 2);
  once(true);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 1);
  once(true);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 1);  // never below one
  for (int i = 0; i < 9; ++i) once(false);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 1);
  once(false);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 2);  // one more after a run of successes
  for (int i = 0; i < 200; ++i) once(false);
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 8);  // back to, never above, the configured limit
  // Other lanes are not affected.
  EXPECT_EQ(pacer.limit("ec2/eu-west-1"), 8);
}

TEST(PacerTest, ThrottleResetsTheRunOfSuccesses) {
  Pacer pacer({.per_account = 32, .per_service = 4});
  auto once = [&](bool throttled) {
    pacer.acquire("k");
    pacer.release("k", throttled);
  };
  once(true);  // 2
  for (int i = 0; i < 9; ++i) once(false);
  once(true);  // 1, and the 9 successes are forgotten
  EXPECT_EQ(pacer.limit("k"), 1);
  for (int i = 0; i < 9; ++i) once(false);
  EXPECT_EQ(pacer.limit("k"), 1);
  once(false);
  EXPECT_EQ(pacer.limit("k"), 2);
}

TEST(PacerTest, AServiceOfItsOwnLimitStartsAndGrowsBackToIt) {
  Pacer pacer({.per_account = 32, .per_service = 8, .service_limits = {{"ec2", 2}}});
  EXPECT_EQ(pacer.limit("ec2/eu-west-1"), 2);
  EXPECT_EQ(pacer.limit("ec2/us-east-1"), 2);  // per region, like per_service
  EXPECT_EQ(pacer.limit("iam/us-east-1"), 8);
  pacer.acquire("ec2/eu-west-1");
  pacer.release("ec2/eu-west-1", true);
  EXPECT_EQ(pacer.limit("ec2/eu-west-1"), 1);
  for (int i = 0; i < 100; ++i) {
    pacer.acquire("ec2/eu-west-1");
    pacer.release("ec2/eu-west-1", false);
  }
  EXPECT_EQ(pacer.limit("ec2/eu-west-1"), 2);  // its own ceiling, not per_service
}

TEST(ClientTest, EveryAttemptCarriesTheRequestTimeout) {
  RetryOptions retry = fast_retry();
  retry.timeout_ms = 120000;
  Rig rig({}, retry);
  rig.http.on("ListUsers").reply(500, "").reply(200, kListUsersOk);
  ASSERT_TRUE(rig.send_iam().ok);
  auto seen = rig.http.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].request.timeout_ms, 120000);
  EXPECT_EQ(seen[1].request.timeout_ms, 120000);
}

TEST(ClientTest, ATimedOutCallSlowsItsLaneButIsNoThrottle) {
  Rig rig({.per_account = 32, .per_service = 8});
  rig.http.on("ListUsers")
      .reply(transport_failure(Kind::Timeout, "timed out"))
      .reply(200, kListUsersOk);
  ASSERT_TRUE(rig.send_iam().ok);
  EXPECT_EQ(rig.client.pacer().limit("iam/us-east-1"), 4);
  EXPECT_EQ(rig.stats.throttles.load(), 0u);
  EXPECT_EQ(rig.stats.retries.load(), 1u);
}

TEST(ClientTest, ThrottlingHalvesTheLaneAndSuccessesGrowItBack) {
  Rig rig({.per_account = 32, .per_service = 8});
  rig.http.on("ListUsers").reply(query_error(400, "Throttling", "")).reply(200, kListUsersOk);
  ASSERT_TRUE(rig.send_iam().ok);
  EXPECT_EQ(rig.client.pacer().limit("iam/us-east-1"), 4);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(rig.send_iam().ok);  // 10 successes in all
  EXPECT_EQ(rig.client.pacer().limit("iam/us-east-1"), 5);
  EXPECT_EQ(rig.client.pacer().limit("ec2/eu-west-1"), 8);
}

TEST(ClientTest, HttpTooManyRequestsIsThrottling) {
  Rig rig({.per_account = 32, .per_service = 8});
  rig.http.on("ListUsers").reply(429, "").reply(200, kListUsersOk);
  ASSERT_TRUE(rig.send_iam().ok);
  EXPECT_EQ(rig.stats.throttles.load(), 1u);
  EXPECT_EQ(rig.client.pacer().limit("iam/us-east-1"), 4);
}

// Sends `per_lane` requests on each of `lanes` at once from separate threads.
void send_concurrently(Rig& rig, const std::vector<std::pair<const Service*, std::string>>& lanes,
                       int per_lane) {
  std::vector<std::thread> threads;
  for (const auto& [service, region] : lanes)
    for (int i = 0; i < per_lane; ++i)
      threads.emplace_back([&rig, service, region] {
        const char* action = service == &services::kEc2 ? "DescribeRegions" : "ListUsers";
        Reply r = rig.client.send(*service, region, form_request(action));
        EXPECT_TRUE(r.ok) << r.error.describe();
      });
  for (auto& t : threads) t.join();
}

TEST(ClientTest, PerAccountInFlightBoundHoldsUnderConcurrency) {
  Rig rig({.per_account = 3, .per_service = 10});
  rig.http.set_delay_ms(40);
  rig.http.on("ListUsers").reply(200, kListUsersOk);
  rig.http.on("DescribeRegions").reply(200, "<DescribeRegionsResponse/>");
  send_concurrently(rig,
                    {{&services::kIam, "us-east-1"},
                     {&services::kEc2, "eu-west-1"},
                     {&services::kEc2, "us-west-2"}},
                    4);
  EXPECT_EQ(rig.http.total(), 12);
  EXPECT_LE(rig.http.max_in_flight(), 3);
  EXPECT_GE(rig.http.max_in_flight(), 2);  // the bound, not a serialisation
}

TEST(ClientTest, PerServiceBoundHoldsPerLane) {
  Rig rig({.per_account = 32, .per_service = 2});
  rig.http.set_delay_ms(40);
  rig.http.on("ListUsers").reply(200, kListUsersOk);
  send_concurrently(rig, {{&services::kIam, "us-east-1"}}, 8);
  EXPECT_EQ(rig.http.total(), 8);
  EXPECT_LE(rig.http.max_in_flight(), 2);

  // Two lanes: each bounded on its own.
  rig.http.reset_max_in_flight();
  rig.http.on("DescribeRegions").reply(200, "<DescribeRegionsResponse/>");
  send_concurrently(rig, {{&services::kIam, "us-east-1"}, {&services::kEc2, "eu-west-1"}}, 6);
  EXPECT_LE(rig.http.max_in_flight(), 4);
  EXPECT_GE(rig.http.max_in_flight(), 3);
}

TEST(ClientTest, ThrottledLaneAllowsFewerRequestsInFlight) {
  Rig rig({.per_account = 32, .per_service = 8});
  rig.http.on("ListUsers")
      .reply(query_error(400, "Throttling", ""))
      .reply(query_error(400, "Throttling", ""))
      .reply(200, kListUsersOk);
  ASSERT_TRUE(rig.send_iam().ok);
  ASSERT_EQ(rig.client.pacer().limit("iam/us-east-1"), 2);
  rig.http.set_delay_ms(40);
  rig.http.reset_max_in_flight();
  // 8 more successes: fewer than the run that grows the lane again.
  send_concurrently(rig, {{&services::kIam, "us-east-1"}}, 8);
  EXPECT_LE(rig.http.max_in_flight(), 2);
  EXPECT_EQ(rig.client.pacer().limit("iam/us-east-1"), 2);
}

TEST(ClientTest, CallStatsShareAcrossClients) {
  FakeHttp http;
  FixedCredentials creds;
  CallStats stats;
  Client a(http, creds, {}, {}, stats, fast_retry());
  Client b(http, creds, {}, {}, stats, fast_retry());
  http.on("ListUsers").reply(query_error(400, "Throttling", "")).reply(200, kListUsersOk);
  http.on("DescribeRegions").reply(200, "<DescribeRegionsResponse/>");
  ASSERT_TRUE(a.send(services::kIam, "us-east-1", form_request("ListUsers")).ok);
  ASSERT_TRUE(b.send(services::kEc2, "eu-west-1", form_request("DescribeRegions")).ok);
  EXPECT_EQ(stats.calls.load(), 3u);
  EXPECT_EQ(stats.retries.load(), 1u);
  EXPECT_EQ(stats.throttles.load(), 1u);
  EXPECT_EQ(stats.per_service["iam"], 2u);
  EXPECT_EQ(stats.per_service["ec2"], 1u);
}

}  // namespace
}  // namespace canopy::aws
