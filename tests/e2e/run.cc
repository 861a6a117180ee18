#include "e2e/run.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "core/test_scratch.h"

extern char** environ;

namespace canopy::testing {

namespace {

std::vector<char*> argv_of(const std::vector<std::string>& args,
                           std::vector<std::string>& storage) {
  storage.clear();
  storage.push_back(CANOPY_BINARY);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> out;
  for (auto& s : storage) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<char*> env_of(const std::vector<std::string>& extra,
                          std::vector<std::string>& storage) {
  storage.clear();
  for (char** e = environ; *e; ++e) storage.emplace_back(*e);
  storage.insert(storage.end(), extra.begin(), extra.end());
  std::vector<char*> out;
  for (auto& s : storage) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

pid_t start(const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd,
            const std::vector<std::string>& env) {
  std::vector<std::string> a, e;
  auto argv = argv_of(args, a);
  auto envp = env_of(env, e);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(CANOPY_BINARY, argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string temp_path(const std::string& tag) {
  return scratch_path(tag);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult run_canopy(const std::vector<std::string>& args, const std::string& input,
                     const std::vector<std::string>& env) {
  std::string in_path = temp_path("in"), out_path = temp_path("out"), err_path = temp_path("err");
  std::ofstream(in_path, std::ios::binary) << input;
  int in_fd = open(in_path.c_str(), O_RDONLY);
  int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = start(args, in_fd, out_fd, err_fd, env);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove(in_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

pid_t spawn_canopy(const std::vector<std::string>& args, const std::string& input_file,
                   const std::vector<std::string>& env) {
  int in_fd = open(input_file.c_str(), O_RDONLY);
  int null_fd = open("/dev/null", O_WRONLY);
  pid_t pid = start(args, in_fd, null_fd, null_fd, env);
  close(in_fd);
  close(null_fd);
  return pid;
}

}  // namespace canopy::testing
