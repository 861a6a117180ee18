#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>
#include <filesystem>
#include <tuple>
#include "core/test_scratch.h"

namespace canopy {
namespace {

std::string temp_dir() {
  return testing::scratch_path(::testing::UnitTest::GetInstance()->current_test_info()->name());
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
    c.put_nodes.push_back({1, doc1, 3, 100, 101, 7});
    c.put_nodes.push_back({2, doc2, 2, 200, 201, 8});
    c.put_edges.push_back({1, edges1, 2});
    c.put_edges.push_back({2, edges1, 2});
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
  ASSERT_TRUE((*s)->scan_nodes([&](const NodeRow& r, const EdgeRow& e) {
                    rows.push_back(r);
                    docs.emplace_back(r.doc, r.doc + r.size);
                    edges.emplace_back(e.edges, e.edges + e.size);
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

// Runs SQL on a database file directly, as another program would.
bool run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
            sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

// Everything a scan returns, as (rid, doc bytes, edge bytes).
using Scanned = std::vector<std::tuple<uint64_t, std::vector<uint8_t>, std::vector<uint8_t>>>;
Scanned scan(Store& s) {
  Scanned out;
  EXPECT_TRUE(s.scan_nodes([&](const NodeRow& r, const EdgeRow& e) {
                 EXPECT_EQ(e.rid, r.rid);
                 out.emplace_back(r.rid, std::vector<uint8_t>(r.doc, r.doc + r.size),
                                  std::vector<uint8_t>(e.edges, e.edges + e.size));
               }).is_ok());
  return out;
}

// Edge rows are stored in blocks of neighbouring row ids; changing, removing
// or deleting one node's edges leaves its neighbours' alone.
TEST(Store, EdgeRowsAreReplacedAndRemovedOnTheirOwn) {
  std::string dir = temp_dir();
  auto s = Store::open(dir);
  ASSERT_TRUE(s.is_ok()) << s.message();
  Symbols syms;
  const uint8_t doc[] = {9}, e1[] = {0, 2}, e2[] = {1, 1, 0, 3}, e3[] = {0, 1};
  const uint64_t rids[] = {1, 2, 3, 255, 256, 700};
  StoreChanges c;
  for (uint64_t rid : rids) c.put_nodes.push_back({rid, doc, 1, 0, 0, 0});
  c.put_edges = {{700, e3, 2}, {1, e1, 2}, {2, e1, 2}, {255, e2, 4}, {256, e1, 2}};
  ASSERT_TRUE((*s)->commit(c, syms).is_ok());
  Scanned want = {{1, {9}, {0, 2}},         {2, {9}, {0, 2}},   {3, {9}, {}},
                  {255, {9}, {1, 1, 0, 3}}, {256, {9}, {0, 2}}, {700, {9}, {0, 1}}};
  EXPECT_EQ(scan(**s), want);
  StoreChanges d;
  d.put_edges = {{1, e2, 4}, {2, nullptr, 0}, {3, e1, 2}, {256, nullptr, 0}};
  ASSERT_TRUE((*s)->commit(d, syms).is_ok());
  want = {{1, {9}, {1, 1, 0, 3}},   {2, {9}, {}},   {3, {9}, {0, 2}},
          {255, {9}, {1, 1, 0, 3}}, {256, {9}, {}}, {700, {9}, {0, 1}}};
  EXPECT_EQ(scan(**s), want);
  StoreChanges del;
  del.deleted_nodes = {1, 700};
  ASSERT_TRUE((*s)->commit(del, syms).is_ok());
  // A node created again under a deleted row id does not inherit its edges.
  StoreChanges again;
  again.put_nodes.push_back({1, doc, 1, 0, 0, 0});
  ASSERT_TRUE((*s)->commit(again, syms).is_ok());
  want = {{1, {9}, {}}, {2, {9}, {}}, {3, {9}, {0, 2}}, {255, {9}, {1, 1, 0, 3}}, {256, {9}, {}}};
  EXPECT_EQ(scan(**s), want);
  std::filesystem::remove_all(dir);
}

TEST(Store, MalformedEdgeBlockIsAnError) {
  std::string dir = temp_dir();
  {
    auto s = Store::open(dir);
    ASSERT_TRUE(s.is_ok()) << s.message();
    const uint8_t doc[] = {9}, e1[] = {0, 2};
    StoreChanges c;
    c.put_nodes.push_back({1, doc, 1, 0, 0, 0});
    c.put_edges.push_back({1, e1, 2});
    ASSERT_TRUE((*s)->commit(c, Symbols()).is_ok());
  }
  ASSERT_TRUE(run_sql(dir + "/graph.db", "UPDATE edges SET data = x'01ff'"));
  auto s = Store::open(dir);
  ASSERT_TRUE(s.is_ok()) << s.message();
  Status st = (*s)->scan_nodes([](const NodeRow&, const EdgeRow&) {});
  ASSERT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("malformed edge block"), std::string::npos) << st.message();
  std::filesystem::remove_all(dir);
}

TEST(Store, DocumentsWrittenEarlyCommitOrRollBackWithTheRest) {
  std::string dir = temp_dir();
  const uint8_t doc[] = {7, 7};
  const NodeRow early[] = {{5, doc, 2, 1, 1, 0}, {6, doc, 2, 1, 1, 0}};
  Symbols syms;
  {
    auto s = Store::open(dir);
    ASSERT_TRUE(s.is_ok()) << s.message();
    EXPECT_FALSE((*s)->put_documents(early, 2).is_ok()) << "no transaction is open";
    ASSERT_TRUE((*s)->begin().is_ok());
    EXPECT_FALSE((*s)->begin().is_ok()) << "one transaction at a time";
    ASSERT_TRUE((*s)->put_documents(early, 2).is_ok());
    (*s)->abort();
    EXPECT_EQ((*s)->node_count(), 0u);
    ASSERT_TRUE((*s)->begin().is_ok());
    ASSERT_TRUE((*s)->put_documents(early, 1).is_ok());
  }  // closed with the transaction open: rolled back
  auto s = Store::open(dir);
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ((*s)->node_count(), 0u);
  ASSERT_TRUE((*s)->begin().is_ok());
  ASSERT_TRUE((*s)->put_documents(early, 2).is_ok());
  StoreChanges c;
  const uint8_t edges[] = {0, 6};
  c.put_edges.push_back({5, edges, 2});
  syms.intern("x");
  ASSERT_TRUE((*s)->commit(c, syms).is_ok());
  Scanned want = {{5, {7, 7}, {0, 6}}, {6, {7, 7}, {}}};
  EXPECT_EQ(scan(**s), want);
  std::filesystem::remove_all(dir);
}

// A store written before edges had a table of their own is converted on open.
TEST(Store, ConvertsSchemaVersionOne) {
  std::string dir = temp_dir();
  std::filesystem::create_directories(dir);
  std::string path = dir + "/graph.db";
  std::string sql =
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE symbols(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "CREATE TABLE nodes(rid INTEGER PRIMARY KEY, doc BLOB NOT NULL, edges BLOB,"
      " created INTEGER NOT NULL, updated INTEGER NOT NULL, hash INTEGER NOT NULL);"
      "INSERT INTO meta VALUES('schema_version','1');"
      "INSERT INTO symbols VALUES(0,'id');"
      "INSERT INTO nodes VALUES(1, x'0102', x'0002', 10, 11, 12);"
      "INSERT INTO nodes VALUES(2, x'03', NULL, 20, 21, 22);"
      "INSERT INTO nodes VALUES(600, x'04', x'01050002', 30, 31, 32);";
  ASSERT_TRUE(run_sql(path, sql));
  for (int round = 0; round < 2; ++round) {  // the second open finds version 3
    auto s = Store::open(dir);
    ASSERT_TRUE(s.is_ok()) << s.message();
    Scanned want = {{1, {1, 2}, {0, 2}}, {2, {3}, {}}, {600, {4}, {1, 5, 0, 2}}};
    EXPECT_EQ(scan(**s), want);
    EXPECT_EQ((*s)->meta("schema_version"), "3");
  }
  std::filesystem::remove_all(dir);
}

// Usage records: written with a commit, dropped with their node and when
// expired; a store of schema 2 gets the table on open.
TEST(Store, UsageRecords) {
  std::string dir = temp_dir();
  { ASSERT_TRUE(Store::open(dir).is_ok()); }
  ASSERT_TRUE(run_sql(dir + "/graph.db",
                      "DROP TABLE usage; UPDATE meta SET value='2' WHERE key='schema_version'"));
  auto s = Store::open(dir);
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ((*s)->meta("schema_version"), "3");
  Symbols syms;
  auto records = [&] {
    std::vector<std::tuple<uint64_t, int64_t, std::string>> out;
    EXPECT_TRUE(
        (*s)->scan_usage([&](const UsageRow& r) { out.emplace_back(r.rid, r.at, r.data); }));
    return out;
  };
  StoreChanges c;
  c.put_usage = {{2, 200, "b"}, {1, 100, "a"}, {2, 100, "c"}};
  ASSERT_TRUE((*s)->commit(c, syms));
  using R = std::vector<std::tuple<uint64_t, int64_t, std::string>>;
  EXPECT_EQ(records(), (R{{1, 100, "a"}, {2, 100, "c"}, {2, 200, "b"}}));
  StoreChanges d;
  d.deleted_nodes = {1};
  d.usage_keep_after = 150;
  d.put_usage = {{3, 300, std::string("\0x", 2)}};
  ASSERT_TRUE((*s)->commit(d, syms));
  EXPECT_EQ(records(), (R{{2, 200, "b"}, {3, 300, std::string("\0x", 2)}}));
  std::filesystem::remove_all(dir);
}

TEST(Store, NewerSchemaIsAnError) {
  std::string dir = temp_dir();
  { ASSERT_TRUE(Store::open(dir).is_ok()); }
  ASSERT_TRUE(run_sql(dir + "/graph.db", "UPDATE meta SET value='9' WHERE key='schema_version'"));
  auto s = Store::open(dir);
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("schema version 9"), std::string::npos) << s.message();
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
