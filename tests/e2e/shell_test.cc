// `canopy shell` driven in a pseudo-terminal (tmux): a query typed at the
// prompt, completion with Tab, Ctrl-C stopping a long command while the
// shell stays usable, history kept in the data directory, Ctrl-D leaving.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "e2e/run.h"

namespace canopy::testing {
namespace {

class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = temp_path("shell");
    auto r = run_canopy({"--data-dir", dir, "import",
                         std::string(CANOPY_SOURCE_DIR) + "/tests/data/inventory.ndjson"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    socket = "canopy-test-" + std::to_string(getpid());
    std::string cmd = tmux() +
                      " new-session -d -s shell -x 160 -y 40 'CANOPY_NOW=2024-06-01T00:00:00Z " +
                      std::string(CANOPY_BINARY) + " --data-dir " + dir + " shell; sleep 30'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "tmux is needed (scripts/install-deps.sh)";
    ASSERT_TRUE(wait_for("Ctrl-D to leave.\n>")) << screen();
  }
  void TearDown() override {
    std::system((tmux() + " kill-server 2>/dev/null").c_str());
    std::filesystem::remove_all(dir);
  }
  std::string tmux() const { return "tmux -L " + socket; }
  void keys(const std::string& k) {
    ASSERT_EQ(std::system((tmux() + " send-keys -t shell " + k).c_str()), 0);
  }
  std::string screen() {
    std::string out;
    if (FILE* p = popen((tmux() + " capture-pane -p -t shell").c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      pclose(p);
    }
    return out;
  }
  bool wait_for(const std::string& text, int ms = 5000) {
    for (int waited = 0; waited < ms; waited += 50) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::string dir, socket;
};

TEST_F(ShellTest, QueryCompletionCancelHistoryExit) {
  keys("'search is(aws_iam_user) and name==alice | list name' Enter");
  ASSERT_TRUE(wait_for("name=alice\n>")) << screen();

  // Tab completes a command name and a kind name.
  keys("'sea' Tab");
  ASSERT_TRUE(wait_for("> search")) << screen();
  keys("'is(aws_iam_us' Tab");
  ASSERT_TRUE(wait_for("> search is(aws_iam_user")) << screen();
  keys("') | count' Enter");
  ASSERT_TRUE(wait_for("total matched: 8")) << screen();

  // Ctrl-C stops a long command; the shell keeps working.
  keys("'sleep 60' Enter");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  keys("C-c");
  ASSERT_TRUE(wait_for("(stopped)")) << screen();
  keys("'echo still here' Enter");
  ASSERT_TRUE(wait_for("still here\n>")) << screen();

  // Errors are shown, not fatal.
  keys("'frobnicate' Enter");
  ASSERT_TRUE(wait_for("Command >frobnicate< is not known. Typo?")) << screen();

  // Ctrl-D leaves; the history file has the lines typed.
  keys("C-d");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::string history = read_file(dir + "/shell_history");
  EXPECT_NE(history.find("echo"), std::string::npos) << history;
  EXPECT_NE(history.find("frobnicate"), std::string::npos) << history;
}

}  // namespace
}  // namespace canopy::testing
