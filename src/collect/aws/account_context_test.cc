#include "collect/aws/account_context.h"

#include <gtest/gtest.h>

#include "collect/aws/endpoints.h"
#include "collect/aws/testing/fake_http.h"

namespace canopy::aws {
namespace {

struct Context {
  testing::FakeHttp http;
  testing::FixedCredentials credentials;
  CallStats stats;
  Client client{http, credentials, EndpointConfig{}, PacingOptions{}, stats};
  collect::GraphOut out;
  Warnings warnings;
  AccountContext ctx{client, out, warnings, stats, "123456789012", "aws", "us-east-1", {}};
};

TEST(AccountContextTest, AServiceWithoutAnEndpointInARegionIsSkippedNotAnError) {
  Context c;
  ApiError missing = transport_error({http::TransportError::Kind::Resolve, "no such host"});
  c.ctx.warn("sagemaker ap-east-2 ListNotebookInstances", missing);
  c.ctx.warn("sagemaker ap-east-2 ListModels", missing);
  EXPECT_TRUE(c.warnings.list().empty());
  EXPECT_EQ(c.warnings.fatal(), "");
  EXPECT_EQ(c.stats.errors.load(), 0u);
  ASSERT_EQ(c.warnings.skipped().size(), 1u);
  EXPECT_EQ(c.warnings.skipped()[0], "sagemaker ap-east-2 (no endpoint)");
}

TEST(AccountContextTest, AccessDeniedIsAWarningAndARefusedConnectionIsFatal) {
  Context c;
  ApiError denied{"AccessDenied", "not authorized", 403};
  c.ctx.warn("s3 us-east-1 GetBucketAcl logs", denied);
  EXPECT_EQ(c.warnings.fatal(), "");
  ASSERT_EQ(c.warnings.list().size(), 1u);
  EXPECT_EQ(c.warnings.list()[0],
            "s3 us-east-1 GetBucketAcl logs: AccessDenied (403): not authorized");
  c.ctx.warn("kms eu-west-1 ListKeys",
             transport_error({http::TransportError::Kind::Connect, "refused"}));
  EXPECT_NE(c.warnings.fatal().find("ConnectionFailed"), std::string::npos);
  EXPECT_EQ(c.stats.errors.load(), 2u);
}

TEST(AccountContextTest, ACallThatTimedOutIsAGapNotAFailedAccount) {
  Context c;
  c.ctx.warn("ec2 eu-west-1 GetMetricData",
             transport_error({http::TransportError::Kind::Timeout, "timed out"}));
  EXPECT_EQ(c.warnings.fatal(), "");
  ASSERT_EQ(c.warnings.list().size(), 1u);
  EXPECT_EQ(c.warnings.list()[0].rfind("ec2 eu-west-1 GetMetricData: Timeout", 0), 0u);
}

TEST(AccountContextTest, UnresolvedHostsAreRetriedLikeUnreachableOnes) {
  Context c;
  c.http.fail("ListKeys", {}, testing::transport_failure(http::TransportError::Kind::Resolve));
  ApiRequest req;
  req.operation = "ListKeys";
  req.headers = {{"X-Amz-Target", "TrentService.ListKeys"}};
  req.body = "{}";
  Reply r = c.client.send(services::kKms, "ap-east-2", req);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.error.is_endpoint_missing());
  EXPECT_EQ(c.http.count("ListKeys"), RetryOptions{}.connect_attempts);
}

}  // namespace
}  // namespace canopy::aws
