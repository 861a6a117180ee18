#include "model/internal/element_reader.h"

#include "model/batch_reader.h"

#include <cstring>

#include "core/doc_json.h"

namespace canopy {

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

}  // namespace

ElementReader::ElementReader(const Model& m, int64_t now_, InternBudget& budget, std::string unit)
    : model(m),
      syms(m.symbols()),
      strings(syms, budget),
      coercer(m, &strings),
      now(now_),
      unit_(std::move(unit)) {
  sym_id = syms.intern("id");
  sym_reported = syms.intern("reported");
  sym_ctime = syms.intern("ctime");
  sym_mtime = syms.intern("mtime");
  for (auto name : {"desired", "metadata", "security", "usage"})
    section_syms.push_back(syms.intern(name));
}

void ElementReader::read_lines(const char* text, size_t n, uint64_t first_line, size_t max_line,
                               ChunkResult& out) {
  out.arena = arena_;
  uint64_t line_no = first_line;
  const char* end = text + n;
  for (const char* p = text; p < end; ++line_no) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    std::string_view line(p, static_cast<size_t>(line_end - p));
    p = line_end + 1;
    if (line.size() > max_line) {
      out.error =
          where(line_no) + ": line is longer than " + std::to_string(max_line >> 20) + " MiB";
      return;
    }
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    element e;
    if (auto err = parser.parse(reinterpret_cast<const uint8_t*>(line.data()), line.size(), false)
                       .get(e)) {
      out.error = where(line_no) + ": malformed JSON: " + simdjson::error_message(err);
      return;
    }
    if (Status st = read(e, line_no, out); !st) {
      out.error = st.message();
      return;
    }
  }
}

Status ElementReader::read(const element& e, uint64_t line, ChunkResult& out) {
  out.arena = arena_;
  object o;
  if (e.get(o)) return fail(line, "expected a JSON object (a node or an edge)");
  element unused;
  if (!o["from_selector"].get(unused) || !o["to_selector"].get(unused))
    return deferred(o, line, out);
  if (!o["from"].get(unused) || !o["to"].get(unused)) return edge(o, line, out);
  if (!o["id"].get(unused) || !o["reported"].get(unused)) return node(o, line, out);
  return fail(
      line, "expected a node (with \"id\" and \"reported\") or an edge (with \"from\" and \"to\")");
}

Status ElementReader::node(const object& o, uint64_t line, ChunkResult& out) {
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
  if (Status st = coercer.fields(*kind, reported, w, ValuePath{nullptr, "reported"}); !st)
    return fail(line, "node '" + std::string(id) + "': " + st.message());
  // ctime and mtime as the coercer wrote them: defaults for what is missing.
  DocView ctime_given, mtime_given;
  for (DocView::Iter it(scratch.data() + rep, scratch.data() + scratch.size(), true); !it.done();
       it.next()) {
    if (it.key() == sym_ctime) ctime_given = it.value();
    if (it.key() == sym_mtime) mtime_given = it.value();
  }
  const bool timed = now != BatchReader::kNoTimeDefaults && kind->property("ctime") != nullptr;
  const bool ctime_defaulted = timed && !ctime_given.valid();
  const bool mtime_defaulted = timed && !mtime_given.valid();
  const int64_t ctime = ctime_given.valid() ? ctime_given.as_int() : now;
  if (ctime_defaulted) {
    w.key(sym_ctime);
    w.datetime(now);
  }
  if (mtime_defaulted) {  // mtime defaults to ctime
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

  std::string_view stored_id = out.arena->copy(id);
  const uint8_t* bytes = out.arena->copy(scratch.data(), scratch.size());
  out.nodes.push_back(BatchNode{stored_id, kind, bytes, static_cast<uint32_t>(scratch.size()), line,
                                replace, ctime_defaulted, mtime_defaulted});
  return Status::ok();
}

Status ElementReader::edge(const object& o, uint64_t line, ChunkResult& out) {
  std::string_view from, to;
  if (o["from"].get(from) || o["to"].get(to))
    return fail(line, "edge needs string \"from\" and \"to\" node ids");
  EdgeType et;
  CANOPY_RETURN_IF_ERROR(edge_type(o, line, et));
  out.edges.push_back({out.edge_ids.copy(from), out.edge_ids.copy(to), et, line});
  return Status::ok();
}

Status ElementReader::edge_type(const object& o, uint64_t line, EdgeType& type) {
  std::string_view name = "default";
  element t;
  if (!o["edge_type"].get(t) && t.get(name)) return fail(line, "edge_type must be a string");
  if (name == "default")
    type = EdgeType::Default;
  else if (name == "delete")
    type = EdgeType::Delete;
  else
    return fail(line, "unknown edge type '" + std::string(name) + "' (expected default or delete)");
  return Status::ok();
}

Status ElementReader::deferred(const object& o, uint64_t line, ChunkResult& out) {
  DeferredEdge d;
  d.line = line;
  CANOPY_RETURN_IF_ERROR(edge_type(o, line, d.type));
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
  out.deferred.push_back(std::move(d));
  return Status::ok();
}

}  // namespace canopy
