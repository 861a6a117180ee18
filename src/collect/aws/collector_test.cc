#include "collect/aws/collector.h"

#include <gtest/gtest.h>

namespace canopy::aws {
namespace {

TEST(CollectOptionsTest, ServiceLimitsTakeANumberOrServiceEqualsNumber) {
  PacingOptions p;
  EXPECT_EQ(set_service_limit(p, "6"), "");
  EXPECT_EQ(set_service_limit(p, "ec2=2"), "");
  EXPECT_EQ(set_service_limit(p, "cloudwatch=3"), "");
  EXPECT_EQ(p.per_service, 6);
  EXPECT_EQ(p.limit_of("ec2"), 2);
  EXPECT_EQ(p.limit_of("cloudwatch"), 3);
  EXPECT_EQ(p.limit_of("s3"), 6);
}

TEST(CollectOptionsTest, BadServiceLimitsAreRefusedAndChangeNothing) {
  PacingOptions p;
  EXPECT_NE(set_service_limit(p, "ec3=2").find("unknown service ec3"), std::string::npos);
  EXPECT_NE(set_service_limit(p, "ec2=0").find("expected N or SERVICE=N"), std::string::npos);
  EXPECT_NE(set_service_limit(p, "ec2=two").find("expected"), std::string::npos);
  EXPECT_NE(set_service_limit(p, "").find("expected"), std::string::npos);
  EXPECT_NE(set_service_limit(p, "5x").find("expected"), std::string::npos);
  EXPECT_EQ(p.per_service, 10);
  EXPECT_TRUE(p.service_limits.empty());
}

}  // namespace
}  // namespace canopy::aws
