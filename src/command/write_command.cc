// `write FILE`: the text of a line stored in a file, as Resoto's shell
// stores a downloaded file. The text goes to a temporary file next to FILE
// which is renamed at the end, so a failure or Ctrl-C leaves no half file.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "command/command.h"
#include "command/flows.h"

namespace canopy {

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

// A file being written under a temporary name; removed unless committed.
class TempFile {
 public:
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
  }
  // Creates the temporary file in the directory of `path`.
  Status open(const std::string& path) {
    std::filesystem::path p(path);
    std::filesystem::path dir = p.parent_path();
    std::string name = "." + p.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter_++);
    tmp_ = (dir.empty() ? std::filesystem::path(name) : dir / name).string();
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      int err = errno;
      tmp_.clear();
      return Error{"cannot write " + path + ": " + errno_text(err)};
    }
    return Status::ok();
  }
  // Buffers `text`, writing it out in pieces of 64 KiB (large texts go
  // out directly).
  Status append(std::string_view text, const std::string& path) {
    if (text.size() < kBuffer) {
      buf_.append(text);
      return buf_.size() >= kBuffer ? flush(path) : Status::ok();
    }
    CANOPY_RETURN_IF_ERROR(flush(path));
    return write_all(text, path);
  }
  // Writes what is left and renames the file to `path`.
  Status commit(const std::string& path) {
    CANOPY_RETURN_IF_ERROR(flush(path));
    if (::close(fd_) != 0) {
      fd_ = -1;
      return Error{"cannot write " + path + ": " + errno_text(errno)};
    }
    fd_ = -1;
    if (::rename(tmp_.c_str(), path.c_str()) != 0)
      return Error{"cannot write " + path + ": " + errno_text(errno)};
    tmp_.clear();
    return Status::ok();
  }

 private:
  Status flush(const std::string& path) {
    CANOPY_RETURN_IF_ERROR(write_all(buf_, path));
    buf_.clear();
    return Status::ok();
  }
  Status write_all(std::string_view text, const std::string& path) {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{"cannot write " + path + ": " + errno_text(errno)};
      done += size_t(n);
    }
    return Status::ok();
  }

  static constexpr size_t kBuffer = 64 << 10;
  static inline std::atomic<int> counter_{0};
  int fd_ = -1;
  std::string tmp_;
  std::string buf_;
};

// The path as the confirmation shows it: relative paths start with `./`.
std::string shown_path(const std::string& path) {
  if (path.front() == '/' || path.rfind("./", 0) == 0 || path.rfind("../", 0) == 0) return path;
  return "./" + path;
}

// Consumes the whole input on the first call, then emits the confirmation.
class WriteStream : public Stream {
 public:
  WriteStream(std::unique_ptr<Stream> in, std::string path, const std::atomic<bool>* cancel)
      : in_(std::move(in)), path_(std::move(path)), cancel_(cancel) {}
  Result<bool> next(Element& out) override {
    if (done_) return false;
    done_ = true;
    TempFile file;
    CANOPY_RETURN_IF_ERROR(file.open(path_));
    Element e;
    while (true) {
      if (cancel_ && *cancel_) return Error{"cancelled"};
      auto more = in_->next(e);
      if (!more) return more.status();
      if (!*more) break;
      if (!e.is_text) {
        auto text = text_of(e);
        if (!text) return text.status();
        e = Element::of_text(std::move(text.value()));
      }
      CANOPY_RETURN_IF_ERROR(file.append(e.text, path_));
      CANOPY_RETURN_IF_ERROR(file.append("\n", path_));
    }
    CANOPY_RETURN_IF_ERROR(file.commit(path_));
    out =
        Element::of_text("Received a file " + path_ + ", which is stored to " + shown_path(path_));
    return true;
  }

 private:
  // Strings (and scalars) are written as text; objects need a formatter.
  static Result<std::string> text_of(const Element& e) {
    if (!e.node && !e.value.is_object() && !e.value.is_array()) return python_str(e.value);
    return Error{"No output format is defined! Consider to use the format command."};
  }

  std::unique_ptr<Stream> in_;
  std::string path_;
  const std::atomic<bool>* cancel_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Stream>> make_write(std::unique_ptr<Stream> in, const std::string& args,
                                           const std::atomic<bool>* cancel) {
  auto words = split_words(args);
  if (!words) return words.status();
  if (words->empty() || words->front().empty())
    return Error{"needs the name of the file to write: write <file name>"};
  if (words->size() > 1) return Error{"takes one file name, got '" + args + "'"};
  const std::string& path = words->front();
  if (path.back() == '/') return Error{"cannot write " + path + ": it names a directory"};
  return std::unique_ptr<Stream>(new WriteStream(std::move(in), path, cancel));
}

}  // namespace canopy
