// Appending JSON text to a string: escaping and number formatting that
// round-trips (shortest representation of doubles).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace canopy::json {

void append_string(std::string& out, std::string_view s);  // with quotes
void append_int(std::string& out, int64_t v);
void append_double(std::string& out, double d);

inline std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

}  // namespace canopy::json
