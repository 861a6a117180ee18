#include "core/time.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace canopy {

namespace {
// Beyond a million years a duration means nothing (and stops fitting int64).
constexpr double kMaxDurationSeconds = 3.2e13;
}  // namespace
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

// Reads exactly n digits at s[pos]; advances pos.
bool digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool valid_date(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool parse_ymd(std::string_view s, size_t& pos, int& y, int& m, int& d) {
  return digits(s, pos, 4, y) && pos < s.size() && s[pos++] == '-' && digits(s, pos, 2, m) &&
         pos < s.size() && s[pos++] == '-' && digits(s, pos, 2, d) && valid_date(y, m, d);
}

struct Unit {
  std::string_view name;
  int64_t seconds;
};
// Longest names first so that "min" wins over "m" and "mo" over "m".
constexpr Unit kUnits[] = {
    {"seconds", 1},      {"second", 1},      {"minutes", 60},     {"minute", 60},
    {"months", 2678400}, {"month", 2678400}, {"years", 31536000}, {"year", 31536000},
    {"weeks", 604800},   {"week", 604800},   {"hours", 3600},     {"hour", 3600},
    {"days", 86400},     {"day", 86400},     {"min", 60},         {"yr", 31536000},
    {"mo", 2678400},     {"y", 31536000},    {"M", 2678400},      {"w", 604800},
    {"d", 86400},        {"h", 3600},        {"m", 60},           {"s", 1},
};

std::optional<int64_t> parse_iso_duration(std::string_view s) {
  // P[nY][nM][nW][nD][T[nH][nM][nS]]
  size_t pos = 1;
  bool time = false, any = false;
  int64_t total = 0;
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      time = true;
      ++pos;
      continue;
    }
    size_t start = pos;
    while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.'))
      ++pos;
    if (start == pos || pos >= s.size()) return std::nullopt;
    double n = std::strtod(std::string(s.substr(start, pos - start)).c_str(), nullptr);
    int64_t unit = 0;
    switch (s[pos]) {
      case 'Y':
        unit = time ? 0 : 31536000;
        break;
      case 'M':
        unit = time ? 60 : 2678400;
        break;
      case 'W':
        unit = time ? 0 : 604800;
        break;
      case 'D':
        unit = time ? 0 : 86400;
        break;
      case 'H':
        unit = time ? 3600 : 0;
        break;
      case 'S':
        unit = time ? 1 : 0;
        break;
      default:
        unit = 0;
    }
    if (unit == 0) return std::nullopt;
    double part = n * static_cast<double>(unit);
    if (!(part < kMaxDurationSeconds) || total > int64_t(kMaxDurationSeconds)) return std::nullopt;
    total += static_cast<int64_t>(part);
    any = true;
    ++pos;
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace

int64_t to_epoch(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

std::optional<int64_t> parse_datetime(std::string_view s) {
  size_t pos = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!parse_ymd(s, pos, y, mo, d)) return std::nullopt;
  if (pos == s.size()) return to_epoch(y, mo, d);
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  if (!digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mi))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, sec)) return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int oh, om = 0;
      if (!digits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (c == '+' ? 1 : -1);
    }
  }
  if (pos != s.size()) return std::nullopt;
  return to_epoch(y, mo, d, h, mi, sec) - offset;
}

std::string format_datetime(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t rem = t - days * 86400;
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, int(rem / 3600),
                  int(rem / 60 % 60), int(rem % 60));
    return buf;
  }
  // The common case without printf: this runs for every datetime rendered.
  char buf[21] = "0000-00-00T00:00:00Z";
  auto two = [&](int at, unsigned v) {
    buf[at] = char('0' + v / 10);
    buf[at + 1] = char('0' + v % 10);
  };
  two(0, unsigned(y) / 100);
  two(2, unsigned(y) % 100);
  two(5, m);
  two(8, d);
  two(11, unsigned(rem / 3600));
  two(14, unsigned(rem / 60 % 60));
  two(17, unsigned(rem % 60));
  return std::string(buf, 20);
}

std::optional<int64_t> parse_date(std::string_view s) {
  size_t pos = 0;
  int y, m, d;
  if (!parse_ymd(s, pos, y, m, d) || pos != s.size()) return std::nullopt;
  return to_epoch(y, m, d);
}

std::string format_date(int64_t t) {
  return format_datetime(t).substr(0, 10);
}

std::optional<int64_t> parse_duration(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  int64_t sign = 1;
  if (s[0] == '-' || s[0] == '+') {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (!s.empty() && s[0] == 'P') {
    auto v = parse_iso_duration(s);
    if (!v) return std::nullopt;
    return sign * *v;
  }
  size_t pos = 0;
  int64_t total = 0;
  bool any = false;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == ',')) ++pos;
    if (s.substr(pos, 4) == "and ") pos += 4;
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos >= s.size()) break;
    size_t start = pos;
    while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.'))
      ++pos;
    if (start == pos) return std::nullopt;
    double n = std::strtod(std::string(s.substr(start, pos - start)).c_str(), nullptr);
    while (pos < s.size() && s[pos] == ' ') ++pos;
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (s.substr(pos, u.name.size()) != u.name) continue;
      size_t after = pos + u.name.size();
      if (after < s.size() && std::isalpha(static_cast<unsigned char>(s[after]))) continue;
      unit = &u;
      break;
    }
    if (!unit) return std::nullopt;
    pos += unit->name.size();
    double part = n * static_cast<double>(unit->seconds);
    if (!(part < kMaxDurationSeconds) || total > int64_t(kMaxDurationSeconds)) return std::nullopt;
    total += static_cast<int64_t>(part);
    any = true;
  }
  if (!any) return std::nullopt;
  return sign * total;
}

std::string format_short_duration(int64_t seconds) {
  static const Unit kShort[] = {{"yr", 31536000}, {"mo", 2678400}, {"d", 86400},
                                {"h", 3600},      {"min", 60},     {"s", 1}};
  if (seconds < 1) return "0s";
  std::string out;
  int considered = 0;
  int64_t rest = seconds;
  for (const Unit& u : kShort) {
    if (considered == 0 && rest < u.seconds) continue;
    int64_t n = rest / u.seconds;
    if (n > 0) out += std::to_string(n) + std::string(u.name);
    rest -= n * u.seconds;
    if (++considered == 2 || rest < 1) break;
  }
  return out.empty() ? "0s" : out;
}

int64_t now_seconds() {
  if (const char* fixed = std::getenv("CANOPY_NOW")) {
    if (auto t = parse_datetime(fixed)) return *t;
  }
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace canopy
