// Durable storage of the graph in one data directory (SQLite, one file).
//
// The store knows rows, not graphs: per node a document row (its encoded
// document and bookkeeping) and, when it has outgoing edges, an edge row; and
// the symbol table that gives meaning to the symbol ids inside documents.
// Documents and edges live in separate tables so that an import can write the
// documents of new nodes while it is still reading (their edges are known
// only at the end); edge rows are stored in blocks of neighbouring row ids. All writes of one merge
// happen in one transaction, so a crash at any moment leaves either the previous or the new graph,
// never a mix.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/symbols.h"

struct sqlite3;
struct sqlite3_stmt;

namespace canopy {

struct EdgeEntry;  // store.cc

// The document row of one node.
struct NodeRow {
  uint64_t rid;  // row id, stable for the life of the node
  const uint8_t* doc;
  uint32_t size;
  int64_t created, updated;
  uint32_t hash;
};

// The outgoing edges of one node: (edge type byte, varint target rid) pairs.
struct EdgeRow {
  uint64_t rid;
  const uint8_t* edges;
  uint32_t size;  // 0: the node has no outgoing edges
};

// One usage record of a node (graph/usage.h gives the data its meaning).
struct UsageRow {
  uint64_t rid;
  int64_t at;        // seconds since the epoch
  std::string data;  // the metrics, encoded
};

struct StoreChanges {
  std::vector<uint64_t> deleted_nodes;  // their document and edge rows
  std::vector<NodeRow> put_nodes;       // document rows inserted or replaced
  std::vector<EdgeRow> put_edges;       // edge rows inserted, replaced or (size 0) removed
  std::vector<uint8_t> edge_bytes;      // holds what put_edges[].edges point at
  std::vector<std::pair<std::string, std::string>> meta;  // key/value settings to write
  std::vector<UsageRow> put_usage;                        // usage records to add
  int64_t usage_keep_after = 0;                           // usage records older than this go
};

class Store {
 public:
  // Opens (creating if needed) the store in `dir`; a store of the previous
  // schema (edges inside the document rows) is converted in one transaction.
  static Result<std::unique_ptr<Store>> open(const std::string& dir);
  ~Store();

  // Interns the persisted symbols into `syms`, which must be empty or hold
  // exactly a prefix of them, so that ids agree.
  Status load_symbols(Symbols& syms);
  // Calls `fn` for every node in row id order with its document row and its
  // edge row (size 0 when it has none); pointers are valid during the call only.
  Status scan_nodes(const std::function<void(const NodeRow&, const EdgeRow&)>& fn);
  // Calls `fn` for every usage record, by row id and time.
  Status scan_usage(const std::function<void(const UsageRow&)>& fn);
  uint64_t node_count();
  // Frees the page cache (after loading, the graph lives in memory).
  void release_memory();
  // A value written with StoreChanges::meta; empty when absent.
  std::string meta(const std::string& key);

  // Opens the write transaction of a merge before its changes are known, so
  // that put_documents() can write rows early. commit() finishes it; abort()
  // (or closing the store) rolls it back. Only one thread may use the store
  // while a transaction is open.
  Status begin();
  // Writes document rows in the open transaction.
  Status put_documents(const NodeRow* rows, size_t n);
  // Rolls back the open transaction, if any.
  void abort();
  // Applies `changes` and persists symbols interned since the last commit,
  // atomically: in the transaction begin() opened, else in a new one.
  Status commit(const StoreChanges& changes, const Symbols& syms);

  const std::string& path() const { return path_; }

 private:
  Store() = default;
  Status exec(const char* sql);
  Status create_or_upgrade();
  sqlite3_stmt* statement(sqlite3_stmt*& slot, const char* sql);
  Status write_changes(const StoreChanges& c, const Symbols& syms, uint32_t symbol_count);
  Status write_usage(const StoreChanges& c);
  // Applies per-node edge changes (sorts them) to the edge blocks they fall in.
  Status write_edges(std::vector<EdgeEntry>& changes);
  Status move_edges_out();
  // Asks the kernel to start writing what SQLite has written so far, so that
  // the disk works while the transaction goes on and the final sync is short.
  void start_writeback(size_t bytes);
  sqlite3* db_ = nullptr;
  std::string path_;
  uint32_t persisted_symbols_ = 0;
  bool in_transaction_ = false;
  sqlite3_stmt* put_doc_ = nullptr;  // prepared once, reused by every write
  sqlite3_stmt* del_doc_ = nullptr;
  sqlite3_stmt* get_block_ = nullptr;
  sqlite3_stmt* put_block_ = nullptr;
  sqlite3_stmt* del_block_ = nullptr;
  int writeback_fd_ = -1;
  size_t unflushed_ = 0;  // bytes written since the last start_writeback
};

// The data directory: --data-dir, else $CANOPY_DATA_DIR, else
// ~/.local/share/canopy.
std::string default_data_dir();

}  // namespace canopy
