// Durability: an import killed at any moment (SIGKILL, at random times and at
// named points inside the commit) leaves either the previous graph or the
// new one, exactly, never a mix; the next start loads it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "e2e/run.h"

namespace canopy::testing {
namespace {

namespace fs = std::filesystem;

const std::string kFixture = std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson";

// A second inventory with the same root and cloud as the fixture: importing
// it replaces everything below the cloud node.
std::string big_inventory(int instances) {
  std::string s =
      R"({"id":"root","reported":{"kind":"graph_root","id":"root","name":"root"}})"
      "\n"
      R"({"id":"aws","reported":{"kind":"cloud","id":"aws","name":"aws"},"metadata":{"replace":true}})"
      "\n"
      R"({"id":"acc","reported":{"kind":"aws_account","id":"999999999999","name":"crash"}})"
      "\n"
      R"({"id":"reg","reported":{"kind":"aws_region","id":"us-west-2","name":"us-west-2"}})"
      "\n"
      R"({"from":"root","to":"aws"})"
      "\n"
      R"({"from":"aws","to":"acc"})"
      "\n"
      R"({"from":"acc","to":"reg"})"
      "\n";
  for (int i = 0; i < instances; ++i) {
    std::string id = "i-" + std::to_string(i);
    s += R"({"id":")" + id + R"(","reported":{"kind":"aws_ec2_instance","id":")" + id +
         R"(","instance_type":"m5.large","instance_cores":2,"tags":{"n":")" + std::to_string(i) +
         R"("}}})"
         "\n";
    s += R"({"from":"reg","to":")" + id + "\"}\n";
  }
  return s;
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = temp_path("base");
    ASSERT_EQ(run_canopy({"--data-dir", base, "import", kFixture}, "", env).exit_code, 0);
    before = export_of(base);
    input = temp_path("big.ndjson");
    std::ofstream(input) << big_inventory(40000);
    std::string full = temp_path("full");
    fs::copy(base, full);
    auto start = std::chrono::steady_clock::now();
    auto r = run_canopy({"--data-dir", full, "import", input}, "", env);
    import_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    after = export_of(full);
    ASSERT_NE(before, after);
    fs::remove_all(full);
  }
  void TearDown() override {
    fs::remove_all(base);
    fs::remove(input);
  }
  std::string export_of(const std::string& dir) {
    auto r = run_canopy({"--data-dir", dir, "export"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  // Copies the base store, runs the import with `extra_env`, kills it after
  // `delay_ms` (if still running) and returns the store's export.
  std::string crashed_import(int delay_ms, const std::vector<std::string>& extra_env,
                             bool* killed) {
    std::string dir = temp_path("crash");
    fs::copy(base, dir);
    std::vector<std::string> e = env;
    e.insert(e.end(), extra_env.begin(), extra_env.end());
    pid_t pid = spawn_canopy({"--data-dir", dir, "import", input}, "/dev/null", e);
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
    bool exited = false;
    while (!exited && std::chrono::steady_clock::now() < deadline) {
      exited = waitpid(pid, &status, WNOHANG) == pid;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    *killed = WIFSIGNALED(status);
    std::string out = export_of(dir);
    fs::remove_all(dir);
    return out;
  }

  std::vector<std::string> env = {"CANOPY_NOW=2024-06-01T00:00:00Z"};
  std::string base, input, before, after;
  long import_ms = 0;
};

TEST_F(CrashTest, RandomKillsLeaveOldOrNewGraph) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<long> delay(0, import_ms + import_ms / 4);
  int old_seen = 0, new_seen = 0, killed_count = 0;
  for (int round = 0; round < 14; ++round) {
    bool killed = false;
    std::string got = crashed_import(static_cast<int>(delay(rng)), {}, &killed);
    killed_count += killed;
    if (got == before)
      ++old_seen;
    else if (got == after)
      ++new_seen;
    else
      ADD_FAILURE() << "round " << round << ": the store holds neither the old nor the new graph";
  }
  EXPECT_GT(killed_count, 0);
  EXPECT_GT(old_seen, 0) << "no kill landed before the commit; the test proved nothing";
  std::printf("import %ld ms; %d kills; %d old, %d new\n", import_ms, killed_count, old_seen,
              new_seen);
}

TEST_F(CrashTest, KillsInsideTheCommitAreAtomic) {
  struct Point {
    const char* name;
    bool expect_new;
  } points[] = {{"commit-after-delete", false},
                {"commit-half-nodes", false},
                {"commit-before-commit", false},
                {"commit-after-commit", true}};
  for (const Point& p : points) {
    bool killed = false;
    std::string got = crashed_import(static_cast<int>(import_ms * 3 + 2000),
                                     {std::string("CANOPY_CRASH_POINT=") + p.name}, &killed);
    EXPECT_TRUE(killed) << p.name;
    EXPECT_EQ(got == after, p.expect_new) << p.name;
    EXPECT_TRUE(got == before || got == after) << p.name;
  }
}

}  // namespace
}  // namespace canopy::testing
