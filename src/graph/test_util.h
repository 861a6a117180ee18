// Helpers for graph tests: a temporary data directory and small inventories.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <filesystem>
#include <string>

#include "core/doc_json.h"
#include "core/test_scratch.h"
#include "graph/database.h"
#include "model/batch_reader.h"

namespace canopy::testing {

inline std::string temp_dir(const std::string& tag) {
  return scratch_path(tag + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

inline std::string node(const std::string& id, const std::string& kind,
                        const std::string& extra = "", bool replace = false) {
  std::string s = R"({"id":")" + id + R"(","reported":{"kind":")" + kind + R"(","id":")" + id +
                  R"(","name":")" + id + "\"";
  if (!extra.empty()) s += "," + extra;
  s += "}";
  if (replace) s += R"(,"metadata":{"replace":true})";
  return s + "}\n";
}

inline std::string edge(const std::string& from, const std::string& to, bool del = false) {
  return R"({"from":")" + from + R"(","to":")" + to + "\"" +
         (del ? R"(,"edge_type":"delete")" : "") + "}\n";
}

// root -> aws (cloud, replace) -> account -> region(s)
inline std::string skeleton(const std::string& account = "acc1",
                            const std::vector<std::string>& regions = {"eu-central-1"}) {
  std::string s = node("root", "graph_root") + node("aws", "cloud", "", true) +
                  node(account, "aws_account") + edge("root", "aws") + edge("aws", account);
  for (const auto& r : regions) s += node(r, "aws_region") + edge(account, r);
  return s;
}

inline Result<MergeOutcome> import_text(Database& db, const std::string& text) {
  BatchReader reader(db.model(), 1717200000);
  auto batch = reader.read_text(text);
  if (!batch) return batch.status();
  return db.merge(std::move(batch.value()));
}

inline std::string reported(const Graph& g, uint32_t i) {
  return to_json(g.section(i, g.model().symbols().find("reported")), g.model().symbols());
}

// A test with an empty database of its own in a temporary directory.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = temp_dir("db");
    auto d = Database::open(dir);
    ASSERT_TRUE(d.is_ok()) << d.message();
    db = std::move(d.value());
  }
  void TearDown() override {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  // Imports `text` and returns the new snapshot.
  std::shared_ptr<const Graph> load(const std::string& text) {
    auto r = import_text(*db, text);
    EXPECT_TRUE(r.is_ok()) << r.message();
    return db->snapshot();
  }

  std::string dir;
  std::unique_ptr<Database> db;
};

}  // namespace canopy::testing
