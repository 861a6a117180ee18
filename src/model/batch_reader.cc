#include "model/batch_reader.h"

#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "core/string_index.h"
#include "model/internal/chunk_workers.h"
#include "model/internal/element_reader.h"

namespace canopy {

std::string_view edge_type_name(EdgeType t) {
  return t == EdgeType::Delete ? "delete" : "default";
}

namespace {

constexpr size_t kChunk = size_t(4) << 20;

// A buffer for n bytes followed by kChunkPadding zero bytes; `reuse` when given.
std::unique_ptr<char[]> padded(size_t n, std::unique_ptr<char[]> reuse = nullptr) {
  if (!reuse) reuse.reset(new char[n + kChunkPadding]);
  std::memset(reuse.get() + n, 0, kChunkPadding);
  return reuse;
}

// read(2), retried when interrupted.
ssize_t read_some(int fd, char* p, size_t n) {
  ssize_t got;
  do got = ::read(fd, p, n);
  while (got < 0 && errno == EINTR);
  return got;
}

Error read_error() {
  return Error{std::string("read failed: ") + std::strerror(errno)};
}

// Joins the chunk results in input order, each as soon as it is read: node
// ids checked for uniqueness, edges resolved to node indices (those that
// name a node not yet seen wait for the end), the structure checked last.
class Assembler {
 public:
  Assembler(std::string_view unit, const BatchReader::NodeSink& sink) : unit_(unit), sink_(sink) {}

  // Takes the next chunk's result; the first problem ends the read.
  Status add(ChunkResult& r) {
    const size_t first = batch_.nodes.size();
    for (const BatchNode& n : r.nodes) {
      auto [slot, inserted] = index_.insert(n.id, static_cast<uint32_t>(batch_.nodes.size()));
      if (!inserted)
        return Error{unit_ + " " + std::to_string(n.line) + ": node id '" + std::string(n.id) +
                     "' appears twice (first at " + unit_ + " " +
                     std::to_string(batch_.nodes[*slot].line) + ")"};
      batch_.nodes.push_back(n);
    }
    if (!r.error.empty()) return Error{r.error};
    if (sink_ && batch_.nodes.size() > first)
      sink_(batch_.nodes.data() + first, batch_.nodes.size() - first, r.arena);
    if (r.arena &&
        std::find(batch_.arenas.begin(), batch_.arenas.end(), r.arena) == batch_.arenas.end())
      batch_.arenas.push_back(r.arena);
    // Inventories list the edges of a node together, so an end point is
    // often one of the previous edge's: those skip the hash lookup.
    std::string_view last_from, last_to;
    uint32_t last_f = 0, last_t = 0;
    auto resolve = [&](std::string_view id) -> const uint32_t* {
      if (!last_from.empty() && id == last_from) return &last_f;
      if (!last_to.empty() && id == last_to) return &last_t;
      return index_.find(id);
    };
    for (const PendingEdge& p : r.edges) {
      const uint32_t* f = resolve(p.from);
      const uint32_t* t = f ? resolve(p.to) : nullptr;
      if (!f || !t) {  // keeps its place; the ids outlive the chunk
        later_.push_back({batch_.edges.size(),
                          {later_ids_.copy(p.from), later_ids_.copy(p.to), p.type, p.line}});
        batch_.edges.push_back({0, 0, p.type});
        continue;
      }
      const uint32_t from = *f, to = *t;  // f and t may point at last_f and last_t
      batch_.edges.push_back({from, to, p.type});
      last_from = p.from, last_to = p.to, last_f = from, last_t = to;
    }
    for (DeferredEdge& d : r.deferred) batch_.deferred.push_back(std::move(d));
    return Status::ok();
  }

  // The batch, once every chunk is added.
  Result<GraphBatch> finish() {
    if (batch_.nodes.empty()) return Error{"the input holds no nodes"};
    for (const auto& [at, p] : later_) {
      const uint32_t* f = index_.find(p.from);
      const uint32_t* t = index_.find(p.to);
      if (!f || !t)
        return Error{unit_ + " " + std::to_string(p.line) + ": edge from '" + std::string(p.from) +
                     "' to '" + std::string(p.to) + "': node '" + std::string(!f ? p.from : p.to) +
                     "' is not part of the import"};
      batch_.edges[at] = {*f, *t, p.type};
    }
    CANOPY_RETURN_IF_ERROR(check_structure(batch_, unit_));
    return std::move(batch_);
  }

 private:
  std::string unit_;
  const BatchReader::NodeSink& sink_;
  GraphBatch batch_;
  StringIndex<uint32_t> index_;
  std::vector<std::pair<size_t, PendingEdge>> later_;  // edge index, edge
  Arena later_ids_{size_t(1) << 16};
};

// Newlines in p[0, n); memchr is vectorised where std::count is not.
uint64_t count_lines(const char* p, size_t n) {
  uint64_t lines = 0;
  const char* end = p + n;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++lines;
    ++p;
  }
  return lines;
}

unsigned worker_count() {
  unsigned n = std::thread::hardware_concurrency();
  return std::clamp(n, 1u, 4u);
}

}  // namespace

BatchReader::BatchReader(const Model& model, int64_t now, InternBudget* budget)
    : model_(model),
      now_(now),
      own_budget_(budget ? nullptr : std::make_unique<InternBudget>()),
      budget_(budget ? budget : own_budget_.get()) {}

Result<GraphBatch> BatchReader::read_fd(int fd, size_t max_line) {
  // Declared before the workers, which may still write into them until joined.
  std::vector<std::unique_ptr<ChunkResult>> results;
  Assembler assembler("line", sink_);
  size_t assembled = 0;  // chunks taken by the assembler
  Workers workers(model_, now_, *budget_, max_line, worker_count());
  // Assembles the chunks read so far (with `wait`: all of them), freeing each.
  auto assemble_read = [&](bool wait) -> Status {
    for (; assembled < results.size() && workers.done(*results[assembled], wait); ++assembled) {
      Status st = assembler.add(*results[assembled]);
      results[assembled].reset();
      if (!st) return st;
    }
    return Status::ok();
  };
  // Bytes are read straight into the next chunk's buffer; only the partial
  // line at its end is copied into the following one.
  size_t cap = kChunk;
  auto buffer = [&workers](size_t n) { return padded(n, workers.recycled(n)); };
  std::unique_ptr<char[]> buf = buffer(cap);
  size_t have = 0;
  uint64_t line = 1;
  bool eof = false, first = true;
  while (!eof && !workers.failed()) {
    if (have == cap) {  // one line fills the buffer: grow it
      if (have > max_line)
        return Error{"line " + std::to_string(line) + ": line is longer than " +
                     std::to_string(max_line >> 20) + " MiB"};
      auto bigger = buffer(cap * 2);
      std::memcpy(bigger.get(), buf.get(), have);
      buf = std::move(bigger);
      cap *= 2;
    }
    ssize_t n = read_some(fd, buf.get() + have, cap - have);
    if (n < 0) return read_error();
    have += static_cast<size_t>(n);
    eof = n == 0;
    std::string_view text(buf.get(), have);
    if (first) {
      size_t start = text.find_first_not_of(" \t\r\n");
      if (start == std::string_view::npos && !eof) continue;
      first = false;
      if (start != std::string_view::npos && text[start] == '[') {
        // One JSON array: read it whole.
        workers.finish();
        std::string all(text);
        char more[1 << 16];
        while ((n = read_some(fd, more, sizeof more)) != 0) {
          if (n < 0) return read_error();
          all.append(more, static_cast<size_t>(n));
          if (all.size() > (size_t(1) << 30))
            return Error{"a JSON array input is limited to 1 GiB; use ndjson"};
        }
        return read_text(all);
      }
    }
    size_t cut = eof ? have : text.rfind('\n');
    if (cut == std::string_view::npos) continue;  // no complete line yet: read more
    if (!eof) ++cut;                              // the chunk ends with its newline
    if (cut == 0) continue;
    auto next = buffer(cap);
    size_t rest = have - cut;
    std::memcpy(next.get(), buf.get() + cut, rest);
    Chunk c;
    c.text = std::move(buf);
    c.capacity = cap;
    c.size = cut;
    c.first_line = line;
    line += count_lines(c.text.get(), cut);
    results.push_back(std::make_unique<ChunkResult>());
    c.result = results.back().get();
    c.index = results.size() - 1;
    workers.push(std::move(c));
    buf = std::move(next);
    have = rest;
    CANOPY_RETURN_IF_ERROR(assemble_read(false));
  }
  CANOPY_RETURN_IF_ERROR(assemble_read(true));
  workers.finish();
  return assembler.finish();
}

Result<GraphBatch> BatchReader::read_text(std::string_view text) {
  ChunkResult r;
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] == '[') {
    ElementReader reader(model_, now_, *budget_, "element");
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    simdjson::dom::array arr;
    if (auto err = parser.parse(padded).get(arr))
      return Error{std::string("malformed JSON array: ") + simdjson::error_message(err)};
    uint64_t i = 0;
    for (auto e : arr) {
      if (Status st = reader.read(e, ++i, r); !st) {
        r.error = st.message();
        break;
      }
    }
    Assembler assembler("element", sink_);
    CANOPY_RETURN_IF_ERROR(assembler.add(r));
    return assembler.finish();
  }
  ElementReader reader(model_, now_, *budget_, "line");
  auto copy = padded(text.size());
  std::memcpy(copy.get(), text.data(), text.size());
  reader.read_lines(copy.get(), text.size(), 1, kMaxLine, r);
  Assembler assembler("line", sink_);
  CANOPY_RETURN_IF_ERROR(assembler.add(r));
  return assembler.finish();
}

}  // namespace canopy
