#include "store/store.h"

#include <sqlite3.h>
#include <cstdlib>
#include <filesystem>

#include "store/crash_point.h"

namespace canopy {

namespace {

constexpr int kSchemaVersion = 1;

// RAII for prepared statements.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

Error sql_error(sqlite3* db, std::string_view what) {
  return Error{std::string(what) + ": " + sqlite3_errmsg(db)};
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("CANOPY_DATA_DIR"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/canopy";
}

Store::~Store() {
  if (db_) sqlite3_close(db_);
}

Status Store::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{std::string("store: ") + msg};
  }
  return Status::ok();
}

Result<std::unique_ptr<Store>> Store::open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"cannot create data directory " + dir + ": " + ec.message()};
  std::unique_ptr<Store> s(new Store());
  s->path_ = dir + "/graph.db";
  if (sqlite3_open_v2(s->path_.c_str(), &s->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK)
    return sql_error(s->db_, "cannot open " + s->path_);
  sqlite3_busy_timeout(s->db_, 10000);
  CANOPY_RETURN_IF_ERROR(
      s->exec("PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA "
              "cache_size=-16384;"
              "PRAGMA temp_store=MEMORY;"));
  CANOPY_RETURN_IF_ERROR(s->exec(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS symbols(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS nodes(rid INTEGER PRIMARY KEY, doc BLOB NOT NULL, edges BLOB,"
      " created INTEGER NOT NULL, updated INTEGER NOT NULL, hash INTEGER NOT NULL);"));
  Stmt version(s->db_, "SELECT value FROM meta WHERE key='schema_version'");
  if (!version.ok()) return sql_error(s->db_, "store");
  if (sqlite3_step(version.get()) == SQLITE_ROW) {
    int v = sqlite3_column_int(version.get(), 0);
    if (v != kSchemaVersion)
      return Error{s->path_ + " has schema version " + std::to_string(v) +
                   "; this Canopy reads version " + std::to_string(kSchemaVersion)};
  } else {
    std::string insert =
        "INSERT INTO meta VALUES('schema_version','" + std::to_string(kSchemaVersion) + "')";
    CANOPY_RETURN_IF_ERROR(s->exec(insert.c_str()));
  }
  return s;
}

Status Store::load_symbols(Symbols& syms) {
  Stmt q(db_, "SELECT id, name FROM symbols ORDER BY id");
  if (!q.ok()) return sql_error(db_, "store");
  uint32_t expected = 0;
  while (sqlite3_step(q.get()) == SQLITE_ROW) {
    auto id = static_cast<uint32_t>(sqlite3_column_int64(q.get(), 0));
    std::string_view name(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1)),
                          static_cast<size_t>(sqlite3_column_bytes(q.get(), 1)));
    if (id != expected || syms.intern(name) != id)
      return Error{"store " + path_ + ": symbol table does not match (symbol " +
                   std::to_string(id) + ")"};
    ++expected;
  }
  persisted_symbols_ = expected;
  return Status::ok();
}

Status Store::scan_nodes(const std::function<void(const NodeRow&)>& fn) {
  Stmt q(db_, "SELECT rid, doc, created, updated, hash, edges FROM nodes ORDER BY rid");
  if (!q.ok()) return sql_error(db_, "store");
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    NodeRow row;
    row.rid = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 0));
    row.doc = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 1));
    row.size = static_cast<uint32_t>(sqlite3_column_bytes(q.get(), 1));
    row.created = sqlite3_column_int64(q.get(), 2);
    row.updated = sqlite3_column_int64(q.get(), 3);
    row.hash = static_cast<uint32_t>(sqlite3_column_int64(q.get(), 4));
    row.edges = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 5));
    row.edges_size = static_cast<uint32_t>(sqlite3_column_bytes(q.get(), 5));
    fn(row);
  }
  if (rc != SQLITE_DONE) return sql_error(db_, "reading nodes");
  return Status::ok();
}

void Store::release_memory() {
  sqlite3_db_release_memory(db_);
}

std::string Store::meta(const std::string& key) {
  Stmt q(db_, "SELECT value FROM meta WHERE key=?");
  if (!q.ok()) return {};
  sqlite3_bind_text(q.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  if (sqlite3_step(q.get()) != SQLITE_ROW) return {};
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)),
                     static_cast<size_t>(sqlite3_column_bytes(q.get(), 0)));
}

uint64_t Store::node_count() {
  Stmt q(db_, "SELECT count(*) FROM nodes");
  return q.ok() && sqlite3_step(q.get()) == SQLITE_ROW
             ? static_cast<uint64_t>(sqlite3_column_int64(q.get(), 0))
             : 0;
}

Status Store::commit(const StoreChanges& c, const Symbols& syms) {
  const uint32_t symbol_count = syms.size();  // others may intern concurrently
  CANOPY_RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
  auto fail = [&](std::string_view what) -> Status {
    Error e = sql_error(db_, what);
    exec("ROLLBACK");
    return e;
  };
  {
    Stmt ins(db_, "INSERT INTO symbols(id, name) VALUES(?, ?)");
    if (!ins.ok()) return fail("store");
    for (uint32_t id = persisted_symbols_; id < symbol_count; ++id) {
      std::string_view name = syms.name(id);
      sqlite3_bind_int64(ins.get(), 1, id);
      sqlite3_bind_text(ins.get(), 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
      if (sqlite3_step(ins.get()) != SQLITE_DONE) return fail("writing symbols");
      sqlite3_reset(ins.get());
    }
  }
  {
    Stmt del(db_, "DELETE FROM nodes WHERE rid=?");
    if (!del.ok()) return fail("store");
    for (uint64_t rid : c.deleted_nodes) {
      sqlite3_bind_int64(del.get(), 1, static_cast<int64_t>(rid));
      if (sqlite3_step(del.get()) != SQLITE_DONE) return fail("deleting nodes");
      sqlite3_reset(del.get());
    }
  }
  crash_point("commit-after-delete");
  {
    Stmt put(db_,
             "INSERT OR REPLACE INTO nodes(rid, doc, created, updated, hash, edges) "
             "VALUES(?,?,?,?,?,?)");
    if (!put.ok()) return fail("store");
    size_t n = 0;
    for (const NodeRow& r : c.put_nodes) {
      sqlite3_bind_int64(put.get(), 1, static_cast<int64_t>(r.rid));
      sqlite3_bind_blob(put.get(), 2, r.doc, static_cast<int>(r.size), SQLITE_STATIC);
      sqlite3_bind_int64(put.get(), 3, r.created);
      sqlite3_bind_int64(put.get(), 4, r.updated);
      sqlite3_bind_int64(put.get(), 5, r.hash);
      if (r.edges_size)
        sqlite3_bind_blob(put.get(), 6, r.edges, static_cast<int>(r.edges_size), SQLITE_STATIC);
      else
        sqlite3_bind_null(put.get(), 6);
      if (sqlite3_step(put.get()) != SQLITE_DONE) return fail("writing nodes");
      sqlite3_reset(put.get());
      if (++n == c.put_nodes.size() / 2) crash_point("commit-half-nodes");
    }
  }
  {
    Stmt put(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    if (!put.ok()) return fail("store");
    for (const auto& [k, v] : c.meta) {
      sqlite3_bind_text(put.get(), 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
      sqlite3_bind_text(put.get(), 2, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
      if (sqlite3_step(put.get()) != SQLITE_DONE) return fail("writing settings");
      sqlite3_reset(put.get());
    }
  }
  crash_point("commit-before-commit");
  if (Status st = exec("COMMIT"); !st) {
    exec("ROLLBACK");
    return st;
  }
  crash_point("commit-after-commit");
  persisted_symbols_ = symbol_count;
  return Status::ok();
}

}  // namespace canopy
