// Durable storage of the graph in one data directory (SQLite, one file).
//
// The store knows rows, not graphs: one row per node (its encoded document,
// its outgoing edges, bookkeeping) and the symbol table that gives meaning to
// the symbol ids inside documents. A
// commit() applies one merge's changes in a single transaction, so a crash at
// any moment leaves either the previous or the new graph, never a mix.
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

namespace canopy {

// One node and its outgoing edges.
struct NodeRow {
  uint64_t rid;  // row id, stable for the life of the node
  const uint8_t* doc;
  uint32_t size;
  int64_t created, updated;
  uint32_t hash;
  const uint8_t* edges;  // (edge type byte, varint target rid) pairs
  uint32_t edges_size;
};

struct StoreChanges {
  std::vector<uint64_t> deleted_nodes;
  std::vector<NodeRow> put_nodes;                         // inserted or replaced
  std::vector<uint8_t> edge_bytes;                        // holds what put_nodes[].edges point at
  std::vector<std::pair<std::string, std::string>> meta;  // key/value settings to write
};

class Store {
 public:
  // Opens (creating if needed) the store in `dir`.
  static Result<std::unique_ptr<Store>> open(const std::string& dir);
  ~Store();

  // Interns the persisted symbols into `syms`, which must be empty or hold
  // exactly a prefix of them, so that ids agree.
  Status load_symbols(Symbols& syms);
  // Calls `fn` for every node row in row id order; the row's pointers are
  // valid during the call only.
  Status scan_nodes(const std::function<void(const NodeRow&)>& fn);
  uint64_t node_count();
  // Frees the page cache (after loading, the graph lives in memory).
  void release_memory();
  // A value written with StoreChanges::meta; empty when absent.
  std::string meta(const std::string& key);

  // Applies `changes` and persists symbols interned since the last commit,
  // atomically.
  Status commit(const StoreChanges& changes, const Symbols& syms);

  const std::string& path() const { return path_; }

 private:
  Store() = default;
  Status exec(const char* sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  uint32_t persisted_symbols_ = 0;
};

// The data directory: --data-dir, else $CANOPY_DATA_DIR, else
// ~/.local/share/canopy.
std::string default_data_dir();

}  // namespace canopy
