#include "core/time.h"

#include <gtest/gtest.h>

namespace canopy {
namespace {

TEST(Time, ParsesAndFormatsDatetimes) {
  EXPECT_EQ(parse_datetime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(format_datetime(*parse_datetime("2024-06-01T12:34:56Z")), "2024-06-01T12:34:56Z");
  EXPECT_EQ(format_datetime(*parse_datetime("2024-06-01T12:34:56.789+02:00")),
            "2024-06-01T10:34:56Z");
  EXPECT_EQ(format_datetime(*parse_datetime("2024-06-01 12:34:56-0130")), "2024-06-01T14:04:56Z");
  EXPECT_EQ(format_datetime(*parse_datetime("2024-02-29")), "2024-02-29T00:00:00Z");
  EXPECT_EQ(format_datetime(-1), "1969-12-31T23:59:59Z");
}

TEST(Time, RejectsBadDatetimes) {
  EXPECT_FALSE(parse_datetime("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_datetime("2024-13-01"));
  EXPECT_FALSE(parse_datetime("yesterday"));
  EXPECT_FALSE(parse_datetime("2024-06-01T25:00:00Z"));
  EXPECT_FALSE(parse_datetime("2024-06-01T12:00:00Zjunk"));
  EXPECT_FALSE(parse_datetime(""));
}

TEST(Time, ParsesDurations) {
  EXPECT_EQ(parse_duration("30s"), 30);
  EXPECT_EQ(parse_duration("5min"), 300);
  EXPECT_EQ(parse_duration("3d4h"), 3 * 86400 + 4 * 3600);
  EXPECT_EQ(parse_duration("1yr2mo"), 31536000 + 2 * 2678400);
  EXPECT_EQ(parse_duration("-3d"), -3 * 86400);
  EXPECT_EQ(parse_duration("1 day, 2 hours and 3 minutes"), 86400 + 7200 + 180);
  EXPECT_EQ(parse_duration("P3D"), 3 * 86400);
  EXPECT_EQ(parse_duration("PT1H30M"), 5400);
  EXPECT_EQ(parse_duration("2w"), 14 * 86400);
  EXPECT_EQ(parse_duration("1M"), 2678400);
  EXPECT_EQ(parse_duration("1m"), 60);
  EXPECT_FALSE(parse_duration("3 parsecs"));
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("d"));
}

TEST(Time, ShortDurationUsesTwoUnits) {
  EXPECT_EQ(format_short_duration(400 * 86400), "1yr1mo");
  EXPECT_EQ(format_short_duration(374 * 86400), "1yr");
  EXPECT_EQ(format_short_duration(3 * 86400 + 300), "3d");
  EXPECT_EQ(format_short_duration(45 * 86400 + 3 * 3600), "1mo14d");
  EXPECT_EQ(format_short_duration(26 * 3600 + 600), "1d2h");
  EXPECT_EQ(format_short_duration(90), "1min30s");
  EXPECT_EQ(format_short_duration(59), "59s");
  EXPECT_EQ(format_short_duration(0), "0s");
  EXPECT_EQ(format_short_duration(-5), "0s");
}

}  // namespace
}  // namespace canopy

namespace canopy {
TEST(Time, HugeDurationsAreRejected) {
  EXPECT_FALSE(parse_duration("311111111111111111111111111111111111111d").has_value());
  EXPECT_FALSE(parse_duration("P99999999999999999999Y").has_value());
  EXPECT_EQ(parse_duration("1000yr").value(), 1000 * 365 * 86400LL);
}
}  // namespace canopy
