// A real moto_server (local AWS emulator) for end-to-end tests, run as one child process
// listening on 127.0.0.1 on a free port. Tests that need it fail (never skip) when moto is
// missing or does not come up.
//
//   canopy::testing::MotoServer moto;
//   auto started = moto.start({"MOTO_IAM_LOAD_MANAGED_POLICIES=true"});
//   ASSERT_TRUE(started.ok) << started.error;
//   std::string out, err;
//   ASSERT_EQ(moto.run_python(script, {}, &out, &err), 0) << err;
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

namespace canopy::testing {

class MotoServer {
 public:
  struct Result {
    bool ok = false;
    std::string error;  // why it failed, with the tail of the server's log
    explicit operator bool() const { return ok; }
  };

  MotoServer();
  ~MotoServer();  // stop(), then removes the temporary directory with the log
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  // The full path of an executable: $PATH first, then $HOME/.pyenv/shims, then
  // $HOME/.pyenv/versions/*/bin (newest version first); "" when there is none. For "python3"
  // (and "python") the first candidate that can `import boto3, moto` wins, so pyenv's Python
  // is chosen over a system one without moto; when none can, the first one found.
  static std::string find_executable(const std::string& name);

  // Starts `moto_server -H 127.0.0.1 -p 0` (the system picks the port, moto's log says which)
  // with `extra_env` (NAME=VALUE, e.g. "INITIAL_NO_AUTH_ACTION_COUNT=3") added to the
  // environment, and waits until GET /moto-api/data.json answers 200, up to
  // `timeout_seconds`. Fails when moto_server is not found, dies, or does not answer in time.
  // A server already running is stopped first.
  Result start(std::vector<std::string> extra_env = {}, double timeout_seconds = 20);

  // SIGTERM to the server's PID, up to `grace_seconds` for it to exit, then SIGKILL; reaps it.
  // Safe to call more than once.
  void stop(double grace_seconds = 5);

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string url() const;  // http://127.0.0.1:PORT
  const std::string& log_path() const { return log_path_; }
  std::string log_tail(size_t max_bytes = 4000) const;

  // POST /moto-api/reset: forgets every resource. True when moto answered 200.
  bool reset() const;

  // One HTTP/1.0 request to the server over a plain socket. Returns the status code (or -1
  // on a connection or protocol error) and, when `body_out` is given, the response body.
  int http(const std::string& method, const std::string& path, const std::string& body = "",
           std::string* body_out = nullptr, double timeout_seconds = 30) const;

  // Runs `python3 script_path args...` with find_executable("python3") and the environment
  // AWS_ACCESS_KEY_ID=testing, AWS_SECRET_ACCESS_KEY=testing, AWS_DEFAULT_REGION=us-east-1,
  // AWS_EC2_METADATA_DISABLED=true, MOTO_URL=url() (other inherited AWS_* variables are
  // dropped), plus `extra_env`. Captures stdout/stderr into `out`/`err` (either may be null).
  // Returns the exit code, 128+signal when killed, or -1 when it could not run or ran past
  // `timeout_seconds` (it is then killed, and `err` says so).
  int run_python(const std::string& script_path, const std::vector<std::string>& args,
                 std::string* out, std::string* err, const std::vector<std::string>& extra_env = {},
                 double timeout_seconds = 600) const;

 private:
  Result launch(const std::string& exe, const std::vector<std::string>& extra_env,
                double timeout_seconds);

  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;       // temporary directory for the log
  std::string log_path_;  // moto_server's stdout and stderr
};

// A free TCP port on 127.0.0.1 (bind port 0, read it, close), or 0 on failure.
int free_loopback_port();

// Runs `argv` (argv[0] a full path) with the current environment minus variables named in
// `unset` plus `env` (NAME=VALUE), stdin from /dev/null, stdout/stderr captured. Returns
// like MotoServer::run_python.
int run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const std::vector<std::string>& unset_prefixes, std::string* out, std::string* err,
                double timeout_seconds = 600);

}  // namespace canopy::testing
