// The HTML report in a real browser: headless Chromium opens the file
// offline, takes a screenshot and dumps the DOM it built. The page must
// render (a PNG of the requested size with content), show the benchmark and
// the failing check, and show a resource name full of markup as text — the
// DOM must hold it as an escaped text node, never as an element.
//
// Chromium is a dependency of the test suite (scripts/install-deps.sh): when
// it is missing this test fails, it does not skip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/test_scratch.h"
#include "report/format.h"

namespace canopy::report {
namespace {

namespace fs = std::filesystem;

const char* kTitle = "Canopy Browser Benchmark";
const char* kCheckTitle = "Buckets block public access";
const char* kEvilName = "<img src=x onerror=alert(1)> & \"bucket\"";
const char* kEvilInDom = "&lt;img src=x onerror=alert(1)&gt; &amp; \"bucket\"";
const char* kUnicodeName = "café ☁️ 東京";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The browser: $CANOPY_CHROMIUM, else the first of the usual names on PATH.
std::string find_chromium() {
  if (const char* env = std::getenv("CANOPY_CHROMIUM")) return env;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  std::vector<std::string> found;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      fs::path p = fs::path(dir) / name;
      if (access(p.c_str(), X_OK) == 0) return p.string();
    }
  }
  return "";
}

struct Page {
  std::vector<Check> checks;
  std::vector<CheckOutcome> outcomes;
  BenchmarkResult result;

  Page() {
    checks.resize(2);
    checks[0].id = "aws_s3_bucket_public_access";
    checks[0].title = kCheckTitle;
    checks[0].severity = Severity::High;
    checks[0].risk = "Anyone can read the data.";
    checks[0].remediation_text = "Turn on the public access block.";
    checks[0].remediation_url = "https://docs.example.com/s3";
    checks[1].id = "aws_iam_support_role";
    checks[1].title = "A support role exists";
    checks[1].detect = Detect::Manual;
    outcomes.resize(2);
    outcomes[0].check = &checks[0];
    outcomes[0].outcome = Outcome::Failed;
    for (const char* name : {kEvilName, kUnicodeName}) {
      ResourceSummary r;
      r.node_id = std::string("node-") + name;
      r.id = std::string("id-") + std::to_string(outcomes[0].failing["123456789012"].size());
      r.name = name;
      r.kind = "aws_s3_bucket";
      r.account = Value::string("prod");
      r.region = Value::string("eu-central-1");
      r.account_id = "123456789012";
      outcomes[0].failing["123456789012"].push_back(r);
    }
    outcomes[1].check = &checks[1];
    outcomes[1].outcome = Outcome::Manual;
    result.id = "browser_test";
    result.title = kTitle;
    result.root.title = kTitle;
    SectionResult section{"1 Storage", "", "", {&outcomes[0], &outcomes[1]}, {}};
    result.root.children = {section};
  }
};

TEST(HtmlReportInBrowser, RendersAndEscapes) {
  std::string chromium = find_chromium();
  ASSERT_FALSE(chromium.empty())
      << "Chromium not found on PATH (install it: scripts/install-deps.sh, package chromium)";

  fs::path dir = testing::scratch_path("html");
  fs::create_directories(dir);
  Page page;
  auto html = format_results({page.result}, "html", false);
  ASSERT_TRUE(html) << html.message();
  fs::path file = dir / "report.html";
  std::ofstream(file, std::ios::binary) << *html;

  std::string common = "timeout 120 " + chromium +
                       " --headless --no-sandbox --disable-gpu --no-first-run"
                       " --user-data-dir=" +
                       (dir / "profile").string();
  std::string url = "file://" + file.string();
  fs::path png = dir / "report.png";
  std::string shot = common + " --screenshot=" + png.string() + " --window-size=1280,2000 " + url +
                     " > " + (dir / "shot.log").string() + " 2>&1";
  ASSERT_EQ(std::system(shot.c_str()), 0) << read(dir / "shot.log");
  fs::path dom_file = dir / "dom.html";
  std::string dump = common + " --dump-dom " + url + " > " + dom_file.string() + " 2> " +
                     (dir / "dom.log").string();
  ASSERT_EQ(std::system(dump.c_str()), 0) << read(dir / "dom.log");

  // The screenshot: a PNG of the window's size, not an empty image.
  ASSERT_TRUE(fs::exists(png));
  std::string image = read(png);
  ASSERT_GT(image.size(), 24u);
  EXPECT_EQ(image.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(image.substr(12, 4), "IHDR");
  auto be32 = [&](size_t at) {
    return (uint32_t(uint8_t(image[at])) << 24) | (uint32_t(uint8_t(image[at + 1])) << 16) |
           (uint32_t(uint8_t(image[at + 2])) << 8) | uint32_t(uint8_t(image[at + 3]));
  };
  EXPECT_EQ(be32(16), 1280u);
  EXPECT_EQ(be32(20), 2000u);
  // A blank 1280×2000 page compresses to a few kilobytes; text and tables
  // make it much larger.
  EXPECT_GT(image.size(), 20000u) << "screenshot looks empty";

  // The DOM Chromium built: the text is there, the markup in the resource
  // name stayed text (serialized escaped), and no element came from it.
  std::string dom = read(dom_file);
  ASSERT_FALSE(dom.empty()) << read(dir / "dom.log");
  EXPECT_NE(dom.find(kTitle), std::string::npos);
  EXPECT_NE(dom.find(kCheckTitle), std::string::npos);
  EXPECT_NE(dom.find(std::string("<td>") + kEvilInDom + "</td>"), std::string::npos) << dom;
  EXPECT_NE(dom.find(std::string("<td>") + kUnicodeName + "</td>"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<img"), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  EXPECT_NE(dom.find("href=\"https://docs.example.com/s3\""), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace canopy::report
