// Time values as Canopy stores and prints them: datetimes are whole seconds
// since the Unix epoch (UTC), printed as YYYY-MM-DDTHH:MM:SSZ; durations are
// seconds, parsed from the forms users and collectors write ("3d4h", "90s",
// "1yr2mo", "P3D").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace canopy {

// Seconds since the epoch for a civil UTC date and time.
int64_t to_epoch(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

// ISO-8601 date-time: "2024-06-01T12:00:00Z", with fractions (dropped),
// offsets (+02:00, +0200), a blank instead of T, or a plain date.
std::optional<int64_t> parse_datetime(std::string_view s);
std::string format_datetime(int64_t epoch_seconds);

// "YYYY-MM-DD" only.
std::optional<int64_t> parse_date(std::string_view s);
std::string format_date(int64_t epoch_seconds);

// Durations: a sequence of <number><unit> parts, optionally separated by
// blanks, "," or "and", with an optional leading sign; or ISO-8601 "P…".
// Units: yr/year(s)/y (365 d), mo/month(s)/M (31 d), w/week(s), d/day(s),
// h/hour(s), min/minute(s)/m, s/second(s). Result in whole seconds.
std::optional<int64_t> parse_duration(std::string_view s);

// Two-unit short form used when rendering synthetic ages: "1yr1mo", "3d", "0s".
std::string format_short_duration(int64_t seconds);

// Seconds since the epoch, now (or the value of $CANOPY_NOW when set, so
// tests can pin the clock).
int64_t now_seconds();

}  // namespace canopy
