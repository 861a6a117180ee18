// What the end-to-end collect tests of each service share: a moto server
// started per test, a fresh data directory, boto3 seeding scripts written
// inline, the real canopy binary collecting from moto, and the searches and
// check runs that read the result.
//
//   class S3Collect : public CollectFixture {};
//   TEST_F(S3Collect, Buckets) {
//     std::string out = seed_python("import boto3, os\n…print(name)\n");
//     ASSERT_EQ(collect({"us-east-1"}, {"s3"}).exit_code, 0);
//     EXPECT_EQ(exec("search is(aws_s3_bucket) | count"), "total matched: 1\n…");
//     EXPECT_EQ(failing("aws_s3_bucket_versioning_enabled"), std::set<std::string>{out});
//   }
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "e2e/moto.h"
#include "e2e/run.h"

namespace canopy::testing {

// Credentials moto accepts, and no shared files or instance metadata of the machine.
std::vector<std::string> aws_env(const std::string& key = "testing",
                                 const std::string& secret = "testing");

// The lines of `text` that start with `prefix`, without it.
std::vector<std::string> lines_with(const std::string& text, const std::string& prefix);

class CollectFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  // Runs `code` (Python with boto3; MOTO_URL names the server) and returns its
  // standard output, trailing newline removed; fails the test when it fails.
  std::string seed_python(const std::string& code);

  // `canopy collect aws` against moto for these regions and services.
  RunResult collect(const std::vector<std::string>& regions,
                    const std::vector<std::string>& services);

  // `canopy exec LINE`; expects exit code 0.
  std::string exec(const std::string& line);

  // The ids of the resources a check reports as failing.
  std::set<std::string> failing(const std::string& check);

  MotoServer moto_;
  std::string data_;
};

}  // namespace canopy::testing
