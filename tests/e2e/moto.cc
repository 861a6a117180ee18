#include "e2e/moto.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

extern char** environ;

namespace canopy::testing {

namespace {

namespace fs = std::filesystem;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void sleep_seconds(double s) {
  std::this_thread::sleep_for(std::chrono::duration<double>(s));  // restarts after EINTR
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string env_name(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

// The current environment without variables whose names start with one of `unset_prefixes`,
// then `extra` (NAME=VALUE) on top, a later entry replacing an earlier one of the same name.
std::vector<std::string> make_env(const std::vector<std::string>& extra,
                                  const std::vector<std::string>& unset_prefixes) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    bool drop = false;
    for (const auto& p : unset_prefixes) drop = drop || entry.rfind(p, 0) == 0;
    if (!drop) out.push_back(entry);
  }
  for (const auto& entry : extra) {
    std::string name = env_name(entry);
    std::erase_if(out, [&](const std::string& s) { return env_name(s) == name; });
    out.push_back(entry);
  }
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// fork + execve. Everything the child needs is prepared before fork(), so the child only
// makes async-signal-safe calls. The child gets `death_signal` when this process dies, so a
// crashed test leaves no server behind.
pid_t spawn(std::vector<std::string> argv, std::vector<std::string> env, int in_fd, int out_fd,
            int err_fd, int death_signal) {
  auto argv_c = c_strings(argv);
  auto env_c = c_strings(env);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid != 0) return pid;  // parent, or -1

  // Child.
  // dup2(fd, fd) would keep O_CLOEXEC (set on every fd we open): clear it instead.
  auto move_to = [](int from, int to) {
    return from == to ? ::fcntl(to, F_SETFD, 0) : ::dup2(from, to);
  };
  if (move_to(in_fd, 0) < 0 || move_to(out_fd, 1) < 0 || move_to(err_fd, 2) < 0) ::_exit(127);
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
  {
    long max_fd = ::sysconf(_SC_OPEN_MAX);
    if (max_fd < 0 || max_fd > 65536) max_fd = 65536;
    for (int fd = 3; fd < max_fd; ++fd) ::close(fd);
  }
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) ::sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (death_signal != 0) {
    ::prctl(PR_SET_PDEATHSIG, death_signal);
    if (::getppid() != parent) ::_exit(127);  // the parent is already gone
  }
  ::execve(argv_c[0], argv_c.data(), env_c.data());
  const char msg[] = "exec failed: ";
  ssize_t ignored = ::write(2, msg, sizeof msg - 1);
  const char* what = std::strerror(errno);  // not async-signal-safe in theory; fine in practice
  ignored = ::write(2, what, std::strlen(what));
  ignored = ::write(2, "\n", 1);
  (void)ignored;
  ::_exit(127);
}

// waitpid() that retries after EINTR. Returns the pid, 0 (still running) or -1.
pid_t wait_for(pid_t pid, int* status, int flags) {
  for (;;) {
    pid_t r = ::waitpid(pid, status, flags);
    if (r >= 0 || errno != EINTR) return r;
  }
}

// Waits up to `timeout` seconds for `pid` to exit; then kills it with SIGKILL and reaps it.
// Returns the exit code, 128+signal, or -1 on a timeout.
int wait_with_timeout(pid_t pid, double timeout, bool* timed_out) {
  double deadline = now_seconds() + timeout;
  double nap = 0.002;
  int status = 0;
  *timed_out = false;
  for (;;) {
    pid_t r = wait_for(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return -1;
    if (now_seconds() >= deadline) {
      ::kill(pid, SIGKILL);
      wait_for(pid, &status, 0);
      *timed_out = true;
      return -1;
    }
    sleep_seconds(nap);
    nap = std::min(nap * 2, 0.05);
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
  return "stopped";
}

std::string make_temp_dir(const std::string& tag) {
  std::string pattern = (fs::temp_directory_path() / ("canopy-" + tag + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

// Natural ordering of version strings, so 3.11.7 > 3.9.18.
bool version_greater(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit(static_cast<unsigned char>(a[i2]))) ++i2;
      while (j2 < b.size() && std::isdigit(static_cast<unsigned char>(b[j2]))) ++j2;
      unsigned long x = std::strtoul(a.substr(i, i2 - i).c_str(), nullptr, 10);
      unsigned long y = std::strtoul(b.substr(j, j2 - j).c_str(), nullptr, 10);
      if (x != y) return x > y;
      i = i2;
      j = j2;
    } else {
      if (a[i] != b[j]) return a[i] > b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i > b.size() - j;
}

std::vector<std::string> candidates(const std::string& name) {
  std::vector<std::string> out;
  auto add = [&](const std::string& path) {
    if (is_executable_file(path) && std::find(out.begin(), out.end(), path) == out.end())
      out.push_back(path);
  };
  if (name.find('/') != std::string::npos) {
    add(name);
    return out;
  }
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    size_t start = 0;
    for (;;) {
      size_t colon = p.find(':', start);
      std::string dir = p.substr(start, colon == std::string::npos ? colon : colon - start);
      add((dir.empty() ? std::string(".") : dir) + "/" + name);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    std::string pyenv = std::string(home) + "/.pyenv";
    add(pyenv + "/shims/" + name);
    std::vector<std::string> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(pyenv + "/versions", ec))
      versions.push_back(entry.path().filename().string());
    std::sort(versions.begin(), versions.end(), version_greater);
    for (const auto& v : versions) add(pyenv + "/versions/" + v + "/bin/" + name);
  }
  return out;
}

bool can_import_boto3_and_moto(const std::string& python) {
  static std::mutex mu;
  static std::map<std::string, bool> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(python);
  if (it != cache.end()) return it->second;
  bool ok = run_process({python, "-c", "import boto3, moto"}, {}, {}, nullptr, nullptr, 120) == 0;
  cache[python] = ok;
  return ok;
}

bool send_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

int run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const std::vector<std::string>& unset_prefixes, std::string* out, std::string* err,
                double timeout_seconds) {
  if (argv.empty()) return -1;
  std::string dir = make_temp_dir("proc");
  if (dir.empty()) {
    if (err) *err = "run_process: mkdtemp failed: " + std::string(std::strerror(errno));
    return -1;
  }
  std::string out_path = dir + "/out", err_path = dir + "/err";
  int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int code = -1;
  bool timed_out = false;
  pid_t pid = -1;
  if (in_fd >= 0 && out_fd >= 0 && err_fd >= 0)
    pid = spawn(argv, make_env(env, unset_prefixes), in_fd, out_fd, err_fd, SIGKILL);
  for (int fd : {in_fd, out_fd, err_fd})
    if (fd >= 0) ::close(fd);
  if (pid > 0) code = wait_with_timeout(pid, timeout_seconds, &timed_out);
  if (out) *out = slurp(out_path);
  if (err) {
    *err = slurp(err_path);
    if (pid <= 0) *err += "run_process: could not start " + argv[0] + "\n";
    if (timed_out)
      *err +=
          "run_process: " + argv[0] + " killed after " + std::to_string(timeout_seconds) + " s\n";
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return code;
}

MotoServer::MotoServer() = default;

MotoServer::~MotoServer() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string MotoServer::find_executable(const std::string& name) {
  auto found = candidates(name);
  if (found.empty()) return "";
  if (name == "python3" || name == "python") {
    for (const auto& c : found)
      if (can_import_boto3_and_moto(c)) return c;
  }
  return found.front();
}

std::string MotoServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string MotoServer::log_tail(size_t max_bytes) const {
  if (log_path_.empty()) return "";
  std::string log = slurp(log_path_);
  if (log.size() > max_bytes) log = "..." + log.substr(log.size() - max_bytes);
  return log;
}

MotoServer::Result MotoServer::start(std::vector<std::string> extra_env, double timeout_seconds) {
  stop();
  std::string exe = find_executable("moto_server");
  if (exe.empty()) {
    return {false,
            "moto_server not found on $PATH, in $HOME/.pyenv/shims or in "
            "$HOME/.pyenv/versions/*/bin; the end-to-end tests need moto with its server extras "
            "(pip install 'moto[server]')"};
  }
  if (dir_.empty()) {
    dir_ = make_temp_dir("moto");
    if (dir_.empty()) return {false, "mkdtemp failed: " + std::string(std::strerror(errno))};
  }
  log_path_ = dir_ + "/moto_server.log";
  return launch(exe, extra_env, timeout_seconds);
}

namespace {

// The port a server started with `-p 0` reports in its log ("Running on
// http://127.0.0.1:PORT"), 0 while it has not said.
int reported_port(const std::string& log) {
  const std::string said = "Running on http://127.0.0.1:";
  size_t at = log.find(said);
  if (at == std::string::npos) return 0;
  int port = 0;
  for (size_t i = at + said.size();
       i < log.size() && std::isdigit(static_cast<unsigned char>(log[i])) && port < 65536; ++i)
    port = port * 10 + (log[i] - '0');
  return port < 65536 ? port : 0;
}

}  // namespace

MotoServer::Result MotoServer::launch(const std::string& exe,
                                      const std::vector<std::string>& extra_env,
                                      double timeout_seconds) {
  // The server binds a port the system picks and says which: a port probed
  // beforehand could be taken by a parallel test's server in between, and
  // the test would then talk to that server.
  port_ = 0;
  int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (in_fd < 0 || log_fd < 0) {
    std::string why = std::strerror(errno);
    if (in_fd >= 0) ::close(in_fd);
    if (log_fd >= 0) ::close(log_fd);
    return {false, "cannot open " + log_path_ + ": " + why};
  }
  std::vector<std::string> env = {"PYTHONUNBUFFERED=1"};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<std::string> argv = {exe, "-H", "127.0.0.1", "-p", "0"};
  pid_ = spawn(argv, make_env(env, {}), in_fd, log_fd, log_fd, SIGTERM);
  int fork_errno = errno;
  ::close(in_fd);
  ::close(log_fd);
  if (pid_ <= 0) {
    pid_ = -1;
    return {false, "fork failed: " + std::string(std::strerror(fork_errno))};
  }

  std::string command = exe + " -H 127.0.0.1 -p 0";
  double deadline = now_seconds() + timeout_seconds;
  for (;;) {
    int status = 0;
    if (wait_for(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return {false, "moto_server (" + command + ") " + describe_status(status) +
                         " before answering; log " + log_path_ + ":\n" + log_tail()};
    }
    if (port_ == 0) port_ = reported_port(slurp(log_path_));
    if (port_ != 0 && http("GET", "/moto-api/data.json", "", nullptr, 2) == 200) return {true, ""};
    if (now_seconds() >= deadline) break;
    sleep_seconds(0.1);
  }
  std::string tail = log_tail();
  stop();
  std::string what = port_ == 0 ? "did not report its port (\"Running on http://127.0.0.1:…\")"
                                : "did not answer GET /moto-api/data.json";
  return {false, "moto_server (" + command + ") " + what + " within " +
                     std::to_string(static_cast<int>(timeout_seconds)) + " s; log " + log_path_ +
                     ":\n" + tail};
}

void MotoServer::stop(double grace_seconds) {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  bool timed_out = false;
  wait_with_timeout(pid_, grace_seconds, &timed_out);  // SIGKILLs and reaps on a timeout
  pid_ = -1;
}

bool MotoServer::reset() const {
  return http("POST", "/moto-api/reset") == 200;
}

int MotoServer::http(const std::string& method, const std::string& path, const std::string& body,
                     std::string* body_out, double timeout_seconds) const {
  if (port_ <= 0) return -1;
  double deadline = now_seconds() + timeout_seconds;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0 && errno != EISCONN) {
    ::close(fd);
    return -1;
  }
  std::string request =
      method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + std::to_string(port_) +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  std::string response;
  bool ok = send_all(fd, request);
  while (ok) {
    int wait_ms = static_cast<int>((deadline - now_seconds()) * 1000);
    if (wait_ms <= 0) {
      ok = false;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    char buf[16384];
    ssize_t got = ::recv(fd, buf, sizeof buf, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) ok = false;
    if (got <= 0) break;
    response.append(buf, static_cast<size_t>(got));
  }
  ::close(fd);
  // "HTTP/1.1 200 OK\r\n..."
  if (!ok || response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return -1;
  int status = std::atoi(response.substr(9, 3).c_str());
  if (body_out) {
    size_t split = response.find("\r\n\r\n");
    *body_out = split == std::string::npos ? "" : response.substr(split + 4);
  }
  return status > 0 ? status : -1;
}

int MotoServer::run_python(const std::string& script_path, const std::vector<std::string>& args,
                           std::string* out, std::string* err,
                           const std::vector<std::string>& extra_env,
                           double timeout_seconds) const {
  std::string python = find_executable("python3");
  if (python.empty()) {
    if (err) *err = "python3 not found on $PATH or under $HOME/.pyenv\n";
    return -1;
  }
  std::vector<std::string> argv = {python, script_path};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=testing",      "AWS_SECRET_ACCESS_KEY=testing",
                                  "AWS_DEFAULT_REGION=us-east-1",   "AWS_REGION=us-east-1",
                                  "AWS_EC2_METADATA_DISABLED=true", "MOTO_URL=" + url()};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  return run_process(argv, env, {"AWS_"}, out, err, timeout_seconds);
}

}  // namespace canopy::testing
