// Every shipped check against its fixture (tests/report/data/<check>.json):
// a small graph with resources that must fail and resources that must pass;
// the check must return exactly the failing ones. Also: every check loads,
// every automated check of the CIS benchmarks has a fixture, and the shape
// of the definitions matches the CIS control table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "command/list_format.h"
#include "core/time.h"
#include "graph/database.h"
#include "model/batch_reader.h"
#include "report/library.h"
#include "report/runner.h"

namespace canopy::report {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(CANOPY_SOURCE_DIR) + "/tests/report/data";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shipped checks, without benchmarks (their references are tested below).
const Library& checks_only(const Model& model) {
  static std::unique_ptr<Library> lib = [&] {
    auto l = Library::load(model, shipped_checks(), {});
    EXPECT_TRUE(l) << l.message();
    return l ? std::move(*l) : nullptr;
  }();
  return *lib;
}

struct Fixture {
  std::string check, file;
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  for (const auto& e : fs::directory_iterator(kData))
    if (e.path().extension() == ".json")
      out.push_back({e.path().stem().string(), e.path().string()});
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.check < b.check; });
  return out;
}

class CheckFixture : public ::testing::TestWithParam<Fixture> {};

TEST_P(CheckFixture, ReturnsExactlyTheFailingResources) {
  const Fixture& f = GetParam();
  auto doc = parse_json(read(f.file));
  ASSERT_TRUE(doc) << doc.message();
  const Value* now_v = doc->get("now");
  ASSERT_TRUE(now_v && now_v->is_string()) << "fixture needs now";
  auto now = parse_datetime(now_v->str());
  ASSERT_TRUE(now);
  std::string dir = (fs::temp_directory_path() / ("canopy-check-" + f.check)).string();
  fs::remove_all(dir);
  auto db = Database::open(dir);
  ASSERT_TRUE(db) << db.message();
  const Value* graph = doc->get("graph");
  ASSERT_TRUE(graph && graph->is_array());
  BatchReader reader((*db)->model(), *now);
  auto batch = reader.read_text(graph->json());
  ASSERT_TRUE(batch) << batch.message();
  auto merged = (*db)->merge(std::move(*batch));
  ASSERT_TRUE(merged) << merged.message();

  const Library& lib = checks_only((*db)->model());
  const Check* check = lib.check(f.check);
  ASSERT_NE(check, nullptr) << "no check " << f.check;
  RunOptions opts;
  opts.now = *now;
  if (const Value* o = doc->get("overrides"); o && o->is_object())
    for (const auto& [k, v] : o->members()) opts.overrides[k] = v;
  auto outcomes = run_checks({check}, **db, opts);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_NE(outcomes[0].outcome, Outcome::Error) << outcomes[0].error;
  std::set<std::string> got, want;
  for (const auto& [account, list] : outcomes[0].nodes)
    for (uint32_t n : list) got.insert(std::string(outcomes[0].graph->id(n)));
  for (const Value& id : doc->get("failing")->items()) want.insert(id.str());
  EXPECT_EQ(got, want);
  EXPECT_FALSE(want.empty()) << "a fixture needs a failing resource";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Shipped, CheckFixture, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) { return info.param.check; });

TEST(CheckLibrary, EveryAutomatedCisCheckHasAFixture) {
  std::string dir = (fs::temp_directory_path() / "canopy-check-lib").string();
  fs::remove_all(dir);
  auto db = Database::open(dir);
  ASSERT_TRUE(db) << db.message();
  auto lib = Library::load((*db)->model(), shipped_checks(), shipped_benchmarks());
  ASSERT_TRUE(lib) << lib.message();
  std::set<std::string> have;
  for (const auto& f : fixtures()) have.insert(f.check);
  for (const char* id : {"aws_cis_1_5", "aws_cis_2_0"}) {
    const Benchmark* b = (*lib)->benchmark(id);
    ASSERT_NE(b, nullptr) << id;
    std::function<void(const Section&)> visit = [&](const Section& s) {
      for (const auto& c : s.checks) {
        const Check* check = (*lib)->check(c);
        ASSERT_NE(check, nullptr) << c;
        if (!check->manual()) {
          EXPECT_TRUE(have.count(c)) << "no fixture for " << c;
        }
      }
      for (const auto& child : s.children) visit(child);
    };
    visit(b->root);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace canopy::report
