#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <filesystem>

namespace canopy {
namespace {

std::string temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("canopy-store-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(Store, CommitsAndReloadsRowsAndSymbols) {
  std::string dir = temp_dir();
  const uint8_t doc1[] = {1, 2, 3}, doc2[] = {4, 5}, edges1[] = {0, 2};
  {
    auto s = Store::open(dir);
    ASSERT_TRUE(s.is_ok()) << s.message();
    Symbols syms;
    ASSERT_TRUE((*s)->load_symbols(syms).is_ok());
    syms.intern("id");
    syms.intern("reported");
    StoreChanges c;
    c.put_nodes.push_back({1, doc1, 3, 100, 101, 7, edges1, 2});
    c.put_nodes.push_back({2, doc2, 2, 200, 201, 8, nullptr, 0});
    ASSERT_TRUE((*s)->commit(c, syms).is_ok());
    StoreChanges d;
    d.deleted_nodes.push_back(2);
    syms.intern("later");
    ASSERT_TRUE((*s)->commit(d, syms).is_ok());
  }
  auto s = Store::open(dir);
  ASSERT_TRUE(s.is_ok());
  Symbols syms;
  ASSERT_TRUE((*s)->load_symbols(syms).is_ok());
  EXPECT_EQ(syms.size(), 3u);
  EXPECT_EQ(syms.name(2), "later");
  std::vector<NodeRow> rows;
  std::vector<std::vector<uint8_t>> docs, edges;
  ASSERT_TRUE((*s)->scan_nodes([&](const NodeRow& r) {
                    rows.push_back(r);
                    docs.emplace_back(r.doc, r.doc + r.size);
                    edges.emplace_back(r.edges, r.edges + r.edges_size);
                  })
                  .is_ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rid, 1u);
  EXPECT_EQ(rows[0].created, 100);
  EXPECT_EQ(rows[0].hash, 7u);
  EXPECT_EQ(docs[0], (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(edges[0], (std::vector<uint8_t>{0, 2}));
  std::filesystem::remove_all(dir);
}

TEST(Store, MismatchingSymbolTableIsAnError) {
  std::string dir = temp_dir();
  {
    auto s = Store::open(dir);
    Symbols syms;
    syms.intern("a");
    ASSERT_TRUE((*s)->commit({}, syms).is_ok());
  }
  auto s = Store::open(dir);
  Symbols other;
  other.intern("b");
  EXPECT_FALSE((*s)->load_symbols(other).is_ok());
  std::filesystem::remove_all(dir);
}

TEST(Store, UnwritableDirectoryIsAnError) {
  auto s = Store::open("/proc/canopy-cannot-exist/x");
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("cannot create data directory"), std::string::npos);
}

}  // namespace
}  // namespace canopy
