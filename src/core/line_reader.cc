#include "core/line_reader.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace canopy {

namespace {
constexpr size_t kChunk = size_t(4) << 20;
}

LineReader::LineReader(int fd, size_t max_line) : fd_(fd), max_line_(max_line) {
  cap_ = kChunk;
  buf_.reset(new char[cap_ + kPadding]);
  std::memset(buf_.get(), 0, cap_ + kPadding);
}

// Moves pending bytes to the front, grows the buffer when a line needs it,
// and reads one more chunk. Returns false at end of input or on error.
bool LineReader::fill() {
  if (eof_) return false;
  size_t pending = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  if (end_ == cap_) {
    size_t grown = cap_ * 2;
    std::unique_ptr<char[]> bigger(new char[grown + kPadding]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    std::memset(bigger.get() + end_, 0, grown + kPadding - end_);
    buf_ = std::move(bigger);
    cap_ = grown;
  }
  for (;;) {
    ssize_t n = ::read(fd_, buf_.get() + end_, cap_ - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::string("read failed: ") + std::strerror(errno);
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return end_ > begin_;
    }
    end_ += static_cast<size_t>(n);
    return true;
  }
}

bool LineReader::next(std::string_view& line) {
  size_t scanned = begin_;
  for (;;) {
    const char* start = buf_.get() + begin_;
    const void* nl = std::memchr(buf_.get() + scanned, '\n', end_ - scanned);
    if (nl) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
      ++line_no_;
      if (len > max_line_) {
        error_ = "line " + std::to_string(line_no_) + ": line is longer than " +
                 std::to_string(max_line_ >> 20) + " MiB";
        return false;
      }
      line = std::string_view(start, len);
      if (len && line.back() == '\r') line.remove_suffix(1);
      begin_ += len + 1;
      return true;
    }
    scanned = end_;
    if (end_ - begin_ > max_line_) {
      error_ = "line " + std::to_string(line_no_ + 1) + ": line is longer than " +
               std::to_string(max_line_ >> 20) + " MiB";
      return false;
    }
    size_t before = end_ - begin_;
    if (!fill()) {
      if (!error_.empty()) return false;
      if (end_ == begin_) return false;
      // Last line without a trailing newline.
      ++line_no_;
      line = std::string_view(buf_.get() + begin_, end_ - begin_);
      begin_ = end_;
      return true;
    }
    scanned = begin_ + before;
  }
}

Status LineReader::read_rest(std::string& out, size_t limit) {
  out.assign(buf_.get() + begin_, end_ - begin_);
  begin_ = end_;
  char chunk[1 << 16];
  while (!eof_) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{std::string("read failed: ") + std::strerror(errno)};
    if (n == 0) break;
    out.append(chunk, static_cast<size_t>(n));
    if (out.size() > limit)
      return Error{"input is larger than " + std::to_string(limit >> 20) + " MiB"};
  }
  eof_ = true;
  return Status::ok();
}

}  // namespace canopy
