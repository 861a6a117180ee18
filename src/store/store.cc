#include "store/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "store/crash_point.h"

namespace canopy {

// One node's edges inside a block; size 0 in a change removes them.
struct EdgeEntry {
  uint64_t rid;
  const uint8_t* edges;
  uint32_t size;
};

namespace {

// 2: edges in a table of their own (1 kept them in the document rows).
constexpr int kSchemaVersion = 3;

// Bytes written between two requests to start writeback.
constexpr size_t kWritebackStep = size_t(32) << 20;

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

// Runs a bound statement that returns no rows and resets it for reuse.
bool run(sqlite3_stmt* s) {
  bool ok = sqlite3_step(s) == SQLITE_DONE;
  sqlite3_reset(s);
  return ok;
}

// The schema version of an open database; 0 when it has none yet.
int schema_version(sqlite3* db) {
  Stmt q(db, "SELECT value FROM meta WHERE key='schema_version'");
  if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW) return 0;
  return sqlite3_column_int(q.get(), 0);
}

// Edge rows are kept in blocks: one SQLite row holds the edges of the nodes
// whose row ids share rid / kEdgeBlock, as (varint rid % kEdgeBlock, varint
// size, bytes) entries in row id order. SQLite's cost is per row more than
// per byte, and most nodes have a few edges (1M nodes: 817k edge rows, 16 MB).
constexpr uint64_t kEdgeBlock = 256;

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v) | 0x80);
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

bool get_varint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    uint8_t b = *p++;
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// The entries of block `block`, appended to `out`; false when malformed.
bool decode_block(uint64_t block, const uint8_t* p, size_t n, std::vector<EdgeEntry>& out) {
  const uint8_t* end = p + n;
  while (p < end) {
    uint64_t low, size;
    if (!get_varint(p, end, low) || !get_varint(p, end, size) || low >= kEdgeBlock ||
        size > static_cast<uint64_t>(end - p))
      return false;
    out.push_back({block * kEdgeBlock + low, p, static_cast<uint32_t>(size)});
    p += size;
  }
  return true;
}

void encode_entry(std::vector<uint8_t>& out, const EdgeEntry& e) {
  put_varint(out, e.rid % kEdgeBlock);
  put_varint(out, e.size);
  out.insert(out.end(), e.edges, e.edges + e.size);
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("CANOPY_DATA_DIR"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/canopy";
}

Store::~Store() {
  abort();
  for (sqlite3_stmt* s : {put_doc_, del_doc_, get_block_, put_block_, del_block_})
    sqlite3_finalize(s);
  if (db_) sqlite3_close(db_);
  if (writeback_fd_ >= 0) ::close(writeback_fd_);
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
  CANOPY_RETURN_IF_ERROR(s->create_or_upgrade());
  s->writeback_fd_ = ::open(s->path_.c_str(), O_RDONLY | O_CLOEXEC);
  return s;
}

// Creates the tables of a new store or converts one of schema version 1; the
// version is read first so that opening a current store needs no write lock.
Status Store::create_or_upgrade() {
  int version = schema_version(db_);
  if (version == kSchemaVersion) return Status::ok();
  if (version > kSchemaVersion)
    return Error{path_ + " has schema version " + std::to_string(version) +
                 "; this Canopy reads version " + std::to_string(kSchemaVersion)};
  CANOPY_RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
  version = schema_version(db_);  // another process may have done it meanwhile
  Status st = Status::ok();
  if (version == 0) {
    st = exec(
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS symbols(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS nodes(rid INTEGER PRIMARY KEY, doc BLOB NOT NULL,"
        " created INTEGER NOT NULL, updated INTEGER NOT NULL, hash INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS edges(block INTEGER PRIMARY KEY, data BLOB NOT NULL);"
        "INSERT INTO meta VALUES('schema_version','2');");
    version = 2;
  } else if (version == 1) {
    st = move_edges_out();
    version = 2;
  }
  // Schema 3 adds the usage records.
  if (st && version == 2)
    st = exec(
        "CREATE TABLE IF NOT EXISTS usage(rid INTEGER NOT NULL, at INTEGER NOT NULL,"
        " data BLOB NOT NULL, PRIMARY KEY(rid, at)) WITHOUT ROWID;"
        "UPDATE meta SET value='3' WHERE key='schema_version';");
  if (st) st = exec("COMMIT");
  if (!st) {
    exec("ROLLBACK");
    return Error{"cannot set up " + path_ + ": " + st.message()};
  }
  return Status::ok();
}

// Schema 1 kept each node's edges in its document row: they move into edge
// blocks; the column stays, empty.
Status Store::move_edges_out() {
  CANOPY_RETURN_IF_ERROR(exec("CREATE TABLE edges(block INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
  std::vector<EdgeEntry> entries;
  {
    Stmt q(db_, "SELECT rid, edges FROM nodes WHERE length(edges) > 0 ORDER BY rid");
    if (!q.ok()) return sql_error(db_, "store");
    std::vector<std::vector<uint8_t>> copies;  // blobs live until the next step only
    while (sqlite3_step(q.get()) == SQLITE_ROW) {
      auto p = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 1));
      copies.emplace_back(p, p + sqlite3_column_bytes(q.get(), 1));
      entries.push_back({static_cast<uint64_t>(sqlite3_column_int64(q.get(), 0)),
                         copies.back().data(), static_cast<uint32_t>(copies.back().size())});
    }
    CANOPY_RETURN_IF_ERROR(write_edges(entries));
  }
  return exec(
      "UPDATE nodes SET edges = NULL WHERE edges IS NOT NULL;"
      "UPDATE meta SET value='2' WHERE key='schema_version';");
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

Status Store::scan_nodes(const std::function<void(const NodeRow&, const EdgeRow&)>& fn) {
  Stmt q(db_, "SELECT rid, doc, created, updated, hash FROM nodes ORDER BY rid");
  Stmt e(db_, "SELECT block, data FROM edges ORDER BY block");
  if (!q.ok() || !e.ok()) return sql_error(db_, "store");
  // Both tables are read in row id order, side by side; a block's entries
  // point into its row, valid until the next step of `e`.
  std::vector<EdgeEntry> entries;
  size_t next = 0;
  int erc = SQLITE_ROW;
  auto next_entry = [&]() -> const EdgeEntry* {
    while (next == entries.size() && erc == SQLITE_ROW) {
      entries.clear();
      next = 0;
      if ((erc = sqlite3_step(e.get())) != SQLITE_ROW) break;
      auto block = static_cast<uint64_t>(sqlite3_column_int64(e.get(), 0));
      auto p = static_cast<const uint8_t*>(sqlite3_column_blob(e.get(), 1));
      if (!decode_block(block, p, static_cast<size_t>(sqlite3_column_bytes(e.get(), 1)), entries))
        erc = SQLITE_CORRUPT;
    }
    return next < entries.size() ? &entries[next] : nullptr;
  };
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    NodeRow row;
    row.rid = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 0));
    row.doc = static_cast<const uint8_t*>(sqlite3_column_blob(q.get(), 1));
    row.size = static_cast<uint32_t>(sqlite3_column_bytes(q.get(), 1));
    row.created = sqlite3_column_int64(q.get(), 2);
    row.updated = sqlite3_column_int64(q.get(), 3);
    row.hash = static_cast<uint32_t>(sqlite3_column_int64(q.get(), 4));
    EdgeRow edges{row.rid, nullptr, 0};
    const EdgeEntry* x;
    while ((x = next_entry()) && x->rid < row.rid) ++next;  // edges of no node: ignored
    if (x && x->rid == row.rid) {
      edges.edges = x->edges;
      edges.size = x->size;
      ++next;
    }
    fn(row, edges);
  }
  if (erc == SQLITE_CORRUPT) return Error{"store " + path_ + ": malformed edge block"};
  if (rc != SQLITE_DONE || (erc != SQLITE_ROW && erc != SQLITE_DONE))
    return sql_error(db_, "reading nodes");
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

sqlite3_stmt* Store::statement(sqlite3_stmt*& slot, const char* sql) {
  if (!slot && sqlite3_prepare_v2(db_, sql, -1, &slot, nullptr) != SQLITE_OK) {
    sqlite3_finalize(slot);
    slot = nullptr;
  }
  return slot;
}

void Store::start_writeback(size_t bytes) {
  unflushed_ += bytes;
  if (unflushed_ < kWritebackStep) return;
  unflushed_ = 0;
#ifdef __linux__
  // Only starts the writes; durability still comes from SQLite's syncs, and
  // the rollback journal makes pages written early harmless.
  if (writeback_fd_ >= 0) sync_file_range(writeback_fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

Status Store::begin() {
  if (in_transaction_) return Error{"store: a write transaction is already open"};
  CANOPY_RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  return Status::ok();
}

void Store::abort() {
  if (!in_transaction_) return;
  exec("ROLLBACK");
  in_transaction_ = false;
}

Status Store::put_documents(const NodeRow* rows, size_t n) {
  if (!in_transaction_) return Error{"store: no write transaction is open"};
  sqlite3_stmt* put = statement(
      put_doc_, "INSERT OR REPLACE INTO nodes(rid, doc, created, updated, hash) VALUES(?,?,?,?,?)");
  if (!put) return sql_error(db_, "store");
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const NodeRow& r = rows[i];
    sqlite3_bind_int64(put, 1, static_cast<int64_t>(r.rid));
    sqlite3_bind_blob(put, 2, r.doc, static_cast<int>(r.size), SQLITE_STATIC);
    sqlite3_bind_int64(put, 3, r.created);
    sqlite3_bind_int64(put, 4, r.updated);
    sqlite3_bind_int64(put, 5, r.hash);
    if (!run(put)) return sql_error(db_, "writing nodes");
    bytes += r.size;
  }
  start_writeback(bytes);
  return Status::ok();
}

Status Store::write_edges(std::vector<EdgeEntry>& changes) {
  std::stable_sort(changes.begin(), changes.end(),
                   [](const EdgeEntry& a, const EdgeEntry& b) { return a.rid < b.rid; });
  sqlite3_stmt* get = statement(get_block_, "SELECT data FROM edges WHERE block=?");
  sqlite3_stmt* put =
      statement(put_block_, "INSERT OR REPLACE INTO edges(block, data) VALUES(?,?)");
  sqlite3_stmt* del = statement(del_block_, "DELETE FROM edges WHERE block=?");
  if (!get || !put || !del) return sql_error(db_, "store");
  std::vector<uint8_t> before, after;
  std::vector<EdgeEntry> stored;
  for (size_t i = 0; i < changes.size();) {
    const uint64_t block = changes[i].rid / kEdgeBlock;
    size_t end = i;
    while (end < changes.size() && changes[end].rid / kEdgeBlock == block) ++end;
    before.clear();
    stored.clear();
    sqlite3_bind_int64(get, 1, static_cast<int64_t>(block));
    if (sqlite3_step(get) == SQLITE_ROW) {
      auto p = static_cast<const uint8_t*>(sqlite3_column_blob(get, 0));
      before.assign(p, p + sqlite3_column_bytes(get, 0));
    }
    sqlite3_reset(get);
    if (!decode_block(block, before.data(), before.size(), stored))
      return Error{"store " + path_ + ": malformed edge block " + std::to_string(block)};
    // Stored entries and changes, both in row id order; a change wins.
    after.clear();
    size_t s = 0;
    for (size_t k = i; k < end; ++k) {
      while (s < stored.size() && stored[s].rid < changes[k].rid) encode_entry(after, stored[s++]);
      if (s < stored.size() && stored[s].rid == changes[k].rid) ++s;
      if (changes[k].size > 0 && (k + 1 == end || changes[k + 1].rid != changes[k].rid))
        encode_entry(after, changes[k]);
    }
    while (s < stored.size()) encode_entry(after, stored[s++]);
    if (after.empty()) {
      sqlite3_bind_int64(del, 1, static_cast<int64_t>(block));
      if (!run(del)) return sql_error(db_, "writing edges");
    } else {
      sqlite3_bind_int64(put, 1, static_cast<int64_t>(block));
      sqlite3_bind_blob(put, 2, after.data(), static_cast<int>(after.size()), SQLITE_STATIC);
      if (!run(put)) return sql_error(db_, "writing edges");
    }
    i = end;
  }
  return Status::ok();
}

Status Store::write_changes(const StoreChanges& c, const Symbols& syms, uint32_t symbol_count) {
  {
    Stmt ins(db_, "INSERT INTO symbols(id, name) VALUES(?, ?)");
    if (!ins.ok()) return sql_error(db_, "store");
    for (uint32_t id = persisted_symbols_; id < symbol_count; ++id) {
      std::string_view name = syms.name(id);
      sqlite3_bind_int64(ins.get(), 1, id);
      sqlite3_bind_text(ins.get(), 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
      if (!run(ins.get())) return sql_error(db_, "writing symbols");
    }
  }
  sqlite3_stmt* del_doc = statement(del_doc_, "DELETE FROM nodes WHERE rid=?");
  if (!del_doc) return sql_error(db_, "store");
  std::vector<EdgeEntry> edges;  // changes to edge blocks: removed, then written
  for (uint64_t rid : c.deleted_nodes) {
    sqlite3_bind_int64(del_doc, 1, static_cast<int64_t>(rid));
    if (!run(del_doc)) return sql_error(db_, "deleting nodes");
    edges.push_back({rid, nullptr, 0});
  }
  crash_point("commit-after-delete");
  CANOPY_RETURN_IF_ERROR(put_documents(c.put_nodes.data(), c.put_nodes.size()));
  crash_point("commit-half-nodes");  // documents written, edges not yet
  for (const EdgeRow& e : c.put_edges) edges.push_back({e.rid, e.edges, e.size});
  CANOPY_RETURN_IF_ERROR(write_edges(edges));
  CANOPY_RETURN_IF_ERROR(write_usage(c));
  {
    Stmt put(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    if (!put.ok()) return sql_error(db_, "store");
    for (const auto& [k, v] : c.meta) {
      sqlite3_bind_text(put.get(), 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
      sqlite3_bind_text(put.get(), 2, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
      if (!run(put.get())) return sql_error(db_, "writing settings");
    }
  }
  return Status::ok();
}

// Usage records: those of deleted nodes and expired ones go (looked for
// only when there are any: most stores have none), new ones are added.
Status Store::write_usage(const StoreChanges& c) {
  Stmt any(db_, "SELECT EXISTS(SELECT 1 FROM usage)");
  if (!any.ok() || sqlite3_step(any.get()) != SQLITE_ROW) return sql_error(db_, "store");
  if (sqlite3_column_int(any.get(), 0)) {
    Stmt del(db_, "DELETE FROM usage WHERE rid=?");
    Stmt expire(db_, "DELETE FROM usage WHERE at<?");
    if (!del.ok() || !expire.ok()) return sql_error(db_, "store");
    for (uint64_t rid : c.deleted_nodes) {
      sqlite3_bind_int64(del.get(), 1, static_cast<int64_t>(rid));
      if (!run(del.get())) return sql_error(db_, "deleting usage");
    }
    sqlite3_bind_int64(expire.get(), 1, c.usage_keep_after);
    if (!run(expire.get())) return sql_error(db_, "expiring usage");
  }
  if (c.put_usage.empty()) return Status::ok();
  Stmt put(db_, "INSERT OR REPLACE INTO usage(rid, at, data) VALUES(?, ?, ?)");
  if (!put.ok()) return sql_error(db_, "store");
  for (const UsageRow& u : c.put_usage) {
    sqlite3_bind_int64(put.get(), 1, static_cast<int64_t>(u.rid));
    sqlite3_bind_int64(put.get(), 2, u.at);
    sqlite3_bind_blob(put.get(), 3, u.data.data(), static_cast<int>(u.data.size()), SQLITE_STATIC);
    if (!run(put.get())) return sql_error(db_, "writing usage");
  }
  return Status::ok();
}

Status Store::scan_usage(const std::function<void(const UsageRow&)>& fn) {
  Stmt q(db_, "SELECT rid, at, data FROM usage ORDER BY rid, at");
  if (!q.ok()) return sql_error(db_, "store");
  UsageRow row;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    row.rid = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 0));
    row.at = sqlite3_column_int64(q.get(), 1);
    auto p = static_cast<const char*>(sqlite3_column_blob(q.get(), 2));
    row.data.assign(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(q.get(), 2)));
    fn(row);
  }
  return rc == SQLITE_DONE ? Status::ok() : sql_error(db_, "reading usage");
}

Status Store::commit(const StoreChanges& c, const Symbols& syms) {
  const uint32_t symbol_count = syms.size();  // others may intern concurrently
  if (!in_transaction_) CANOPY_RETURN_IF_ERROR(begin());
  if (Status st = write_changes(c, syms, symbol_count); !st) {
    abort();
    return st;
  }
  crash_point("commit-before-commit");
  if (Status st = exec("COMMIT"); !st) {
    abort();
    return st;
  }
  in_transaction_ = false;
  crash_point("commit-after-commit");
  persisted_symbols_ = symbol_count;
  return Status::ok();
}

}  // namespace canopy
