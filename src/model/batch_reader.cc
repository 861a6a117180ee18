#include "model/batch_reader.h"

#include <simdjson.h>
#include <unordered_map>

#include "core/doc_json.h"
#include "core/line_reader.h"
#include "core/time.h"
#include "model/coerce.h"

namespace canopy {

std::string_view edge_type_name(EdgeType t) {
  return t == EdgeType::Delete ? "delete" : "default";
}

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Top-level keys of exported or rendered nodes that are derived by the
// store: accepted on import and ignored.
bool is_derived_key(std::string_view k) {
  static const std::string_view kDerived[] = {"type",    "revision", "kinds",       "ancestors",
                                              "refs",    "flat",     "hash",        "hist_hash",
                                              "created", "updated",  "descendants", "search"};
  for (auto d : kDerived)
    if (k == d) return true;
  return false;
}

struct PendingEdge {
  std::string_view from, to;
  EdgeType type;
  uint64_t line;
};

}  // namespace

struct BatchReader::Impl {
  Impl(const Model& m, int64_t now_, InternBudget* shared)
      : model(m),
        syms(m.symbols()),
        budget(shared ? shared : &own_budget),
        strings(syms, *budget),
        coercer(m, &strings),
        now(now_) {
    sym_id = syms.intern("id");
    sym_reported = syms.intern("reported");
    sym_ctime = syms.intern("ctime");
    sym_mtime = syms.intern("mtime");
    for (auto name : {"desired", "metadata", "security", "usage"})
      section_syms.push_back(syms.intern(name));
  }

  const Model& model;
  Symbols& syms;
  InternBudget own_budget;
  InternBudget* budget;
  StringEncoder strings;
  Coercer coercer;
  int64_t now;
  Sym sym_id, sym_reported, sym_ctime, sym_mtime;
  std::vector<Sym> section_syms;
  simdjson::dom::parser parser;
  std::vector<uint8_t> scratch;
  GraphBatch batch;
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<PendingEdge> pending;
  std::string unit = "line";  // "line" for ndjson, "element" for a JSON array

  std::string where(uint64_t line) const { return unit + " " + std::to_string(line); }
  Error fail(uint64_t line, const std::string& what) const {
    return Error{where(line) + ": " + what};
  }

  Status element_(const element& e, uint64_t line);
  Status node(const object& o, uint64_t line);
  Status edge(const object& o, uint64_t line);
  Status deferred(const object& o, uint64_t line);
  Result<GraphBatch> finish();
};

Status BatchReader::Impl::element_(const element& e, uint64_t line) {
  object o;
  if (e.get(o)) return fail(line, "expected a JSON object (a node or an edge)");
  element unused;
  if (!o["from_selector"].get(unused) || !o["to_selector"].get(unused)) return deferred(o, line);
  if (!o["from"].get(unused) || !o["to"].get(unused)) return edge(o, line);
  if (!o["id"].get(unused) || !o["reported"].get(unused)) return node(o, line);
  return fail(
      line, "expected a node (with \"id\" and \"reported\") or an edge (with \"from\" and \"to\")");
}

Status BatchReader::Impl::node(const object& o, uint64_t line) {
  std::string_view id;
  if (o["id"].get(id) || id.empty()) return fail(line, "node without a string \"id\"");
  object reported;
  if (o["reported"].get(reported))
    return fail(line, "node '" + std::string(id) + "' has no \"reported\" object");
  std::string_view kind_name;
  if (reported["kind"].get(kind_name))
    return fail(line, "node '" + std::string(id) + "' has no reported.kind");
  const Kind* kind = model.find(kind_name);
  if (!kind || !kind->is_complex())
    return fail(line,
                "node '" + std::string(id) + "': unknown kind '" + std::string(kind_name) + "'");

  scratch.clear();
  DocWriter w(scratch);
  size_t doc = w.open_object();
  w.key(sym_id);
  w.string(id);
  w.key(sym_reported);
  size_t rep = w.open_object();
  if (Status st = coercer.fields(*kind, reported, w, "reported"); !st)
    return fail(line, "node '" + std::string(id) + "': " + st.message());
  bool has_ctime = false, has_mtime = false;
  for (auto f : reported) {
    if (f.value.is_null()) continue;
    has_ctime = has_ctime || f.key == "ctime";
    has_mtime = has_mtime || f.key == "mtime";
  }
  bool timed = kind->property("ctime") != nullptr;
  int64_t ctime = now;
  if (timed && !has_ctime) {
    w.key(sym_ctime);
    w.datetime(now);
  }
  if (timed && !has_mtime) {
    if (has_ctime) {  // mtime defaults to the given ctime
      element ce;
      std::string_view cs;
      double cd;
      if (!reported["ctime"].get(ce)) {
        if (!ce.get(cs))
          ctime = parse_datetime(cs).value_or(now);
        else if (!ce.get(cd))
          ctime = static_cast<int64_t>(cd);
      }
    }
    w.key(sym_mtime);
    w.datetime(ctime);
  }
  w.close(rep);

  bool replace = false;
  for (auto field : o) {
    std::string_view k = field.key;
    if (k == "id" || k == "reported") continue;
    if (k == "replace") {
      replace = replace || (field.value.is_bool() && bool(field.value.get_bool().value_unsafe()));
      continue;
    }
    if (is_derived_key(k)) continue;
    Sym s = Symbols::kNone;
    for (Sym cand : section_syms)
      if (syms.name(cand) == k) s = cand;
    if (s == Symbols::kNone)
      return fail(line,
                  "node '" + std::string(id) + "': unknown section \"" + std::string(k) + "\"");
    if (field.value.is_null()) continue;
    if (!field.value.is_object())
      return fail(line, "node '" + std::string(id) + "': section \"" + std::string(k) +
                            "\" must be an object");
    if (k == "metadata") {
      bool r = false;
      element rv;
      if (!field.value["replace"].get(rv) && !rv.get(r)) replace = replace || r;
    }
    w.key(s);
    encode_json(w, field.value, syms, &strings, s);
  }
  w.close(doc);

  if (index.count(id)) {
    return fail(line, "node id '" + std::string(id) + "' appears twice (first at " +
                          where(batch.nodes[index[id]].line) + ")");
  }
  std::string_view stored_id = batch.arena->copy(id);
  const uint8_t* bytes = batch.arena->copy(scratch.data(), scratch.size());
  index.emplace(stored_id, static_cast<uint32_t>(batch.nodes.size()));
  batch.nodes.push_back(BatchNode{stored_id, kind, bytes, static_cast<uint32_t>(scratch.size()),
                                  line, replace, timed && !has_ctime, timed && !has_mtime});
  return Status::ok();
}

Status BatchReader::Impl::edge(const object& o, uint64_t line) {
  std::string_view from, to, type = "default";
  if (o["from"].get(from) || o["to"].get(to))
    return fail(line, "edge needs string \"from\" and \"to\" node ids");
  element t;
  if (!o["edge_type"].get(t) && t.get(type)) return fail(line, "edge_type must be a string");
  EdgeType et;
  if (type == "default")
    et = EdgeType::Default;
  else if (type == "delete")
    et = EdgeType::Delete;
  else
    return fail(line, "unknown edge type '" + std::string(type) + "' (expected default or delete)");
  pending.push_back({batch.arena->copy(from), batch.arena->copy(to), et, line});
  return Status::ok();
}

Status BatchReader::Impl::deferred(const object& o, uint64_t line) {
  DeferredEdge d;
  d.line = line;
  std::string_view type = "default";
  element t;
  if (!o["edge_type"].get(t) && t.get(type)) return fail(line, "edge_type must be a string");
  if (type != "default" && type != "delete")
    return fail(line, "unknown edge type '" + std::string(type) + "' (expected default or delete)");
  d.type = type == "delete" ? EdgeType::Delete : EdgeType::Default;
  auto selector = [&](const char* key, std::string& id, std::string& search) -> Status {
    object sel;
    if (o[key].get(sel)) return fail(line, std::string(key) + " must be an object");
    std::string_view v;
    if (!sel["node_id"].get(v))
      id = std::string(v);
    else if (!sel["search_criteria"].get(v))
      search = std::string(v);
    else
      return fail(line, std::string(key) + " needs \"node_id\" or \"search_criteria\"");
    return Status::ok();
  };
  CANOPY_RETURN_IF_ERROR(selector("from_selector", d.from_id, d.from_search));
  CANOPY_RETURN_IF_ERROR(selector("to_selector", d.to_id, d.to_search));
  batch.deferred.push_back(std::move(d));
  return Status::ok();
}

Result<GraphBatch> BatchReader::Impl::finish() {
  if (batch.nodes.empty()) return Error{"the input holds no nodes"};
  batch.edges.reserve(pending.size());
  for (const PendingEdge& p : pending) {
    auto f = index.find(p.from);
    auto t = index.find(p.to);
    if (f == index.end() || t == index.end()) {
      std::string_view missing = f == index.end() ? p.from : p.to;
      return fail(p.line, "edge from '" + std::string(p.from) + "' to '" + std::string(p.to) +
                              "': node '" + std::string(missing) + "' is not part of the import");
    }
    batch.edges.push_back({f->second, t->second, p.type});
  }
  CANOPY_RETURN_IF_ERROR(check_structure(batch, unit));
  return std::move(batch);
}

BatchReader::BatchReader(const Model& model, int64_t now, InternBudget* budget)
    : impl_(std::make_unique<Impl>(model, now, budget)) {}
BatchReader::~BatchReader() = default;

Result<GraphBatch> BatchReader::read_fd(int fd, size_t max_line) {
  LineReader reader(fd, max_line);
  std::string_view line;
  bool first = true;
  while (reader.next(line)) {
    size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) continue;  // blank lines are allowed
    if (first && line[start] == '[') {
      // A single JSON array: read it whole.
      std::string text(line);
      text += '\n';
      std::string rest;
      CANOPY_RETURN_IF_ERROR(reader.read_rest(rest, size_t(1) << 30));
      text += rest;
      return read_text(text);
    }
    first = false;
    element e;
    auto err =
        impl_->parser.parse(reinterpret_cast<const uint8_t*>(line.data()), line.size(), false)
            .get(e);
    if (err)
      return impl_->fail(reader.line_number(),
                         std::string("malformed JSON: ") + simdjson::error_message(err));
    CANOPY_RETURN_IF_ERROR(impl_->element_(e, reader.line_number()));
  }
  if (!reader.error().empty()) return Error{reader.error()};
  return impl_->finish();
}

Result<GraphBatch> BatchReader::read_text(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] == '[') {
    impl_->unit = "element";
    simdjson::padded_string padded(text);
    simdjson::dom::array arr;
    if (auto err = impl_->parser.parse(padded).get(arr))
      return Error{std::string("malformed JSON array: ") + simdjson::error_message(err)};
    uint64_t i = 0;
    for (auto e : arr) CANOPY_RETURN_IF_ERROR(impl_->element_(e, ++i));
    return impl_->finish();
  }
  // ndjson held in memory: walk it line by line.
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    ++line_no;
    pos = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::padded_string padded(line);
    element e;
    if (auto err = impl_->parser.parse(padded).get(e))
      return impl_->fail(line_no, std::string("malformed JSON: ") + simdjson::error_message(err));
    CANOPY_RETURN_IF_ERROR(impl_->element_(e, line_no));
  }
  return impl_->finish();
}

}  // namespace canopy
