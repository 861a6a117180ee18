// credential_process: a command whose standard output is a JSON document
// with the keys. Its output holds secrets, so no message ever quotes it (nor
// the command line, which may carry some too).
#include "collect/aws/auth/providers.h"

#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace canopy::aws::internal {

namespace {

// More than any credentials document needs.
constexpr size_t kMaxOutput = size_t(1) << 20;

struct ProcessOutput {
  std::string out;
  int exit_code = 0;  // -1 when killed by a signal
};

// Runs `command` with /bin/sh -c, standard error passed through to ours.
Result<ProcessOutput> run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return Error{std::string("cannot start it: ") + std::strerror(errno)};
  ProcessOutput result;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    if (result.out.size() < kMaxOutput) result.out.append(buf, n);
  }
  int status = ::pclose(pipe);
  if (status == -1) return Error{std::string("cannot wait for it: ") + std::strerror(errno)};
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class ProcessProvider : public RefreshingProvider {
 public:
  ProcessProvider(std::string profile, std::string command, CredentialServices& services)
      : RefreshingProvider(services), profile_(std::move(profile)), command_(std::move(command)) {}

  std::string describe() const override {
    return "credential_process of profile " + in_quotes(profile_);
  }

 protected:
  Result<Credentials> fetch() override {
    const std::string what = describe();
    Result<ProcessOutput> r = run(command_);
    if (!r) return Error{what + ": " + r.message()};
    if (r->exit_code != 0)
      return Error{what + (r->exit_code < 0
                               ? " was killed by a signal"
                               : " exited with status " + std::to_string(r->exit_code))};
    if (r->out.size() >= kMaxOutput) return Error{what + ": its output is too large"};
    return parse_credentials_json(r->out, JsonCredentialFields{"SessionToken", false, false, true},
                                  what);
  }

 private:
  std::string profile_;
  std::string command_;
};

}  // namespace

Found process_provider(const Profile& profile, CredentialServices& services) {
  const std::string& command = profile.get("credential_process");
  if (trim(command).empty()) return nothing();
  return primed(std::make_unique<ProcessProvider>(profile.name, command, services));
}

}  // namespace canopy::aws::internal
