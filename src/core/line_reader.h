// Reads newline-delimited input from a file descriptor, one line at a time,
// without ever holding more than one line (plus one read chunk) in memory.
// Every returned line is followed by at least kPadding readable bytes, as
// simdjson requires for parsing in place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace canopy {

class LineReader {
 public:
  static constexpr size_t kPadding = 64;
  static constexpr size_t kDefaultMaxLine = size_t(256) << 20;

  LineReader(int fd, size_t max_line = kDefaultMaxLine);

  // The next line without its newline. Returns false at end of input or on
  // error (then error() is set). Line numbers start at 1.
  bool next(std::string_view& line);
  uint64_t line_number() const { return line_no_; }
  const std::string& error() const { return error_; }

  // Reads everything that is left (at most `limit` bytes) into `out`.
  Status read_rest(std::string& out, size_t limit);

 private:
  bool fill();
  int fd_;
  size_t max_line_;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0, begin_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t line_no_ = 0;
  std::string error_;
};

}  // namespace canopy
