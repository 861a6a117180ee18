// Turns one parsed JSON element of the merge format into a node, an edge or
// a deferred edge of a chunk. One reader per thread: it owns its parser,
// coercer and string encoder; the symbol table and budget are shared.
#pragma once

#include <simdjson.h>
#include <memory>
#include <string>
#include <vector>

#include "core/arena.h"
#include "core/string_encoder.h"
#include "model/coerce.h"
#include "model/graph_batch.h"

namespace canopy {

// An edge by node ids, resolved once all nodes are known.
struct PendingEdge {
  std::string_view from, to;
  EdgeType type;
  uint64_t line;
};

// What a reader produced from a run of lines.
struct ChunkResult {
  std::shared_ptr<Arena> arena;     // node documents and ids (the reader's, shared by chunks)
  Arena edge_ids{size_t(1) << 20};  // ids named by edges, needed only until edges are resolved
  std::vector<BatchNode> nodes;
  std::vector<PendingEdge> edges;
  std::vector<DeferredEdge> deferred;
  std::string error;  // the first problem, "line N: …"; later lines were not read
  bool done = false;  // set by the worker that read it (under the workers' lock)
};

class ElementReader {
 public:
  ElementReader(const Model& model, int64_t now, InternBudget& budget, std::string unit);

  // Reads the ndjson lines of text[0, n) (followed by readable padding);
  // the first line has number `first_line`.
  // Lines longer than `max_line` bytes are an error.
  void read_lines(const char* text, size_t n, uint64_t first_line, size_t max_line,
                  ChunkResult& out);
  // Reads one element.
  Status read(const simdjson::dom::element& e, uint64_t line, ChunkResult& out);

 private:
  using object = simdjson::dom::object;
  using element = simdjson::dom::element;
  Status node(const object& o, uint64_t line, ChunkResult& out);
  Status edge(const object& o, uint64_t line, ChunkResult& out);
  Status deferred(const object& o, uint64_t line, ChunkResult& out);
  // The optional "edge_type" member of an edge: default or delete.
  Status edge_type(const object& o, uint64_t line, EdgeType& type);
  std::string where(uint64_t line) const { return unit_ + " " + std::to_string(line); }
  Error fail(uint64_t line, const std::string& what) const {
    return Error{where(line) + ": " + what};
  }

  const Model& model;
  Symbols& syms;
  StringEncoder strings;
  Coercer coercer;
  int64_t now;
  std::string unit_;
  Sym sym_id, sym_reported, sym_ctime, sym_mtime;
  std::vector<Sym> section_syms;
  simdjson::dom::parser parser;
  Bytes scratch;
  std::shared_ptr<Arena> arena_ = std::make_shared<Arena>(size_t(4) << 20);
};

}  // namespace canopy
