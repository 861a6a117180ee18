// Scratch space for tests: one directory per test process, made with mkdtemp
// and removed when the process exits.
//
// Paths named after the process id are not enough: the system reuses ids, so
// a test could open a database a long-finished test left behind and see its
// data. A directory mkdtemp made is never anyone else's.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace canopy::testing {

class ScratchDir {
 public:
  ScratchDir() : owner_(::getpid()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "canopy-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();  // no test can run without it
    path_ = pattern;
  }
  ~ScratchDir() {
    // A forked child that exits normally must not remove its parent's files.
    if (::getpid() != owner_) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  pid_t owner_;
  std::string path_;
};

// The process's scratch directory, made on first use.
inline const std::string& scratch_dir() {
  static ScratchDir dir;
  return dir.path();
}

// A path in the scratch directory no other call returned ("<dir>/<n>-<tag>");
// nothing is created there.
inline std::string scratch_path(const std::string& tag) {
  static std::atomic<int> counter{0};
  return scratch_dir() + "/" + std::to_string(++counter) + "-" + tag;
}

}  // namespace canopy::testing
