// Running the real canopy binary from tests.
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

namespace canopy::testing {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out, err;
};

// Runs canopy with `args`; `input` is fed to standard input. `env` holds
// extra NAME=VALUE pairs.
RunResult run_canopy(const std::vector<std::string>& args, const std::string& input = "",
                     const std::vector<std::string>& env = {});

// Starts canopy in the background with standard input from `input_file`
// and output discarded.
pid_t spawn_canopy(const std::vector<std::string>& args, const std::string& input_file,
                   const std::vector<std::string>& env = {});

std::string read_file(const std::string& path);
std::string temp_path(const std::string& tag);

}  // namespace canopy::testing
