// Tests of the MotoServer harness itself: a real moto_server on 127.0.0.1.
#include "e2e/moto.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "core/test_scratch.h"

namespace canopy::testing {
namespace {

const std::string kSeedIam = std::string(CANOPY_SOURCE_DIR) + "/tests/e2e/seed_iam.py";

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(MotoServerTest, FindsMotoAndAPythonWithBoto3) {
  EXPECT_NE(MotoServer::find_executable("moto_server"), "");
  std::string python = MotoServer::find_executable("python3");
  ASSERT_NE(python, "");
  EXPECT_EQ(run_process({python, "-c", "import boto3, moto"}, {}, {}, nullptr, nullptr, 120), 0)
      << python;
  EXPECT_EQ(MotoServer::find_executable("no-such-program-canopy"), "");
}

TEST(MotoServerTest, StartsAnswersSeedsResetsAndStops) {
  MotoServer moto;
  auto started = moto.start();
  ASSERT_TRUE(started.ok) << started.error;
  ASSERT_GT(moto.port(), 0);
  EXPECT_EQ(moto.url(), "http://127.0.0.1:" + std::to_string(moto.port()));
  std::string body;
  EXPECT_EQ(moto.http("GET", "/moto-api/data.json", "", &body), 200);
  EXPECT_EQ(body, "{}");

  std::string out, err;
  ASSERT_EQ(moto.run_python(kSeedIam, {}, &out, &err), 0) << err;
  EXPECT_NE(out.find("\"alice\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"two_active_keys_users\""), std::string::npos) << out;
  ASSERT_EQ(moto.http("GET", "/moto-api/data.json", "", &body), 200);
  EXPECT_NE(body.find("alice"), std::string::npos);

  EXPECT_TRUE(moto.reset());
  ASSERT_EQ(moto.http("GET", "/moto-api/data.json", "", &body), 200);
  EXPECT_EQ(body.find("alice"), std::string::npos);

  pid_t pid = moto.pid();
  ASSERT_GT(pid, 0);
  EXPECT_EQ(::kill(pid, 0), 0);
  moto.stop();
  EXPECT_FALSE(moto.running());
  errno = 0;
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_EQ(moto.http("GET", "/moto-api/data.json"), -1);
}

// Parallel tests each start servers: each must talk to its own, never to a
// server that took the port it probed (the system picks and moto reports it).
TEST(MotoServerTest, ServersStartedAtOnceEachAnswerForThemselves) {
  MotoServer a, b;
  MotoServer::Result started_a, started_b;
  // The thread that starts a server must outlive it (the server is told to
  // stop when its parent thread ends), so b's waits until the test is done.
  std::promise<void> done;
  std::promise<void> b_started;
  std::thread other([&] {
    started_b = b.start();
    b_started.set_value();
    done.get_future().wait();
    b.stop();
  });
  started_a = a.start();
  b_started.get_future().wait();
  struct Join {
    std::promise<void>& done;
    std::thread& t;
    ~Join() {
      done.set_value();
      t.join();
    }
  } join{done, other};
  ASSERT_TRUE(started_a.ok) << started_a.error;
  ASSERT_TRUE(started_b.ok) << started_b.error;
  EXPECT_NE(a.port(), b.port());
  std::string out, err, body;
  ASSERT_EQ(a.run_python(kSeedIam, {}, &out, &err), 0) << err;
  ASSERT_EQ(a.http("GET", "/moto-api/data.json", "", &body), 200);
  EXPECT_NE(body.find("alice"), std::string::npos);
  ASSERT_EQ(b.http("GET", "/moto-api/data.json", "", &body), 200);
  EXPECT_EQ(body, "{}");
}

TEST(MotoServerTest, PassesExtraEnvironment) {
  MotoServer moto;
  // With verification on after 1 request, the dummy `testing` key is refused.
  auto started = moto.start({"INITIAL_NO_AUTH_ACTION_COUNT=1"});
  ASSERT_TRUE(started.ok) << started.error;
  std::string dir = scratch_path("moto-test");
  std::filesystem::create_directories(dir);
  std::string script = dir + "/calls.py";
  std::ofstream(script) << "import os, boto3\n"
                           "iam = boto3.client('iam', endpoint_url=os.environ['MOTO_URL'])\n"
                           "for _ in range(2):\n"
                           "    try:\n"
                           "        iam.list_users()\n"
                           "        print('ok')\n"
                           "    except Exception as e:\n"
                           "        print(type(e).__name__, e)\n";
  std::string out, err;
  ASSERT_EQ(moto.run_python(script, {}, &out, &err), 0) << err;
  EXPECT_EQ(out.rfind("ok\n", 0), 0u) << out;
  EXPECT_NE(out.find("InvalidClientTokenId"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

TEST(MotoServerTest, ReportsAServerThatDies) {
  std::string dir = scratch_path("moto-die");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/sitecustomize.py")
      << "import os, sys\nsys.stderr.write('boom from "
         "sitecustomize\\n')\nsys.stderr.flush()\nos._exit(3)\n";
  MotoServer moto;
  auto started = moto.start({"PYTHONPATH=" + dir}, 10);
  EXPECT_FALSE(started.ok);
  EXPECT_NE(started.error.find("exited with code 3"), std::string::npos) << started.error;
  EXPECT_NE(started.error.find("boom from sitecustomize"), std::string::npos) << started.error;
  EXPECT_FALSE(moto.running());
  std::filesystem::remove_all(dir);
}

TEST(MotoServerTest, RunPythonGetsTheTestEnvironment) {
  std::string dir = scratch_path("moto-env");
  std::filesystem::create_directories(dir);
  std::string script = dir + "/env.py";
  std::ofstream(script) << "import os, sys\n"
                           "for n in ('AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_PROFILE',\n"
                           "          'MOTO_URL', 'EXTRA'):\n"
                           "    print(n, os.environ.get(n))\n"
                           "print('args', sys.argv[1:])\n";
  ScopedEnv profile("AWS_PROFILE", "must-not-leak");
  MotoServer moto;
  std::string out, err;
  ASSERT_EQ(moto.run_python(script, {"a", "b c"}, &out, &err, {"EXTRA=1"}), 0) << err;
  EXPECT_EQ(out,
            "AWS_ACCESS_KEY_ID testing\nAWS_DEFAULT_REGION us-east-1\nAWS_PROFILE None\n"
            "MOTO_URL http://127.0.0.1:0\nEXTRA 1\nargs ['a', 'b c']\n");
  std::filesystem::remove_all(dir);
}

TEST(MotoServerTest, RunProcessKillsAtTheTimeout) {
  std::string err;
  EXPECT_EQ(run_process({"/bin/sh", "-c", "sleep 30"}, {}, {}, nullptr, &err, 0.3), -1);
  EXPECT_NE(err.find("killed after"), std::string::npos) << err;
  EXPECT_EQ(run_process({"/bin/sh", "-c", "exit 7"}, {}, {}, nullptr, nullptr), 7);
}

TEST(MotoServerTest, FailsClearlyWithoutMoto) {
  std::string home = scratch_path("moto-nohome");
  std::filesystem::create_directories(home);
  ScopedEnv path("PATH", "/nonexistent-canopy-bin");
  ScopedEnv h("HOME", home);
  MotoServer moto;
  auto started = moto.start();
  EXPECT_FALSE(started.ok);
  EXPECT_NE(started.error.find("moto_server not found"), std::string::npos) << started.error;
  std::filesystem::remove_all(home);
}

}  // namespace
}  // namespace canopy::testing
