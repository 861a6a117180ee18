#include "query/render.h"

#include "core/time.h"

namespace canopy::query {

namespace {

// Adds `name` = now - source as a short duration when the source is a datetime.
void add_age(Value& section, const char* source, const char* name, int64_t now) {
  const Value* v = section.get(source);
  if (!v || !v->is_string()) return;
  auto t = parse_datetime(v->str());
  if (!t) return;
  section.set(name, Value::string(format_short_duration(now - *t)));
}

void put(Value& doc, const std::vector<std::string>& path, Value v) {
  Value* at = &doc;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    Value* next = at->get(path[i]);
    if (!next || !next->is_object()) {
      at->set(path[i], Value::object());
      next = at->get(path[i]);
    }
    at = next;
  }
  at->set(path.back(), std::move(v));
}

}  // namespace

Value render_node(const Reader& r, uint32_t node, const MergeSet* merges, int64_t now,
                  bool with_ancestors) {
  Value stored = r.materialize(Val::of_doc(r.graph().doc(node)));
  Value out = Value::object();
  out.set("id", Value::string(std::string(r.graph().id(node))));
  out.set("type", Value::string("node"));
  for (const char* section : {"reported", "security", "desired", "metadata"}) {
    Value* s = stored.get(section);
    if (!s || !s->is_object() || s->members().empty()) continue;
    Value v = std::move(*s);
    if (std::string_view(section) == "reported") {
      add_age(v, "ctime", "age", now);
      add_age(v, "mtime", "last_update", now);
      add_age(v, "atime", "last_access", now);
    } else if (std::string_view(section) == "metadata") {
      add_age(v, "exported_at", "exported_age", now);
    }
    out.set(section, std::move(v));
  }
  if (with_ancestors) {
    Value anc = Value::object();
    const NodeRec& rec = r.graph().node(node);
    for (int i = 0; i < kLocations; ++i) {
      if (rec.refs[i] == kNoNode) continue;
      Val loc;
      loc.k = Val::K::AncestorLoc;
      loc.node = rec.refs[i];
      Value reported = Value::object();
      Value m = r.materialize(loc);
      reported.set("reported", std::move(m));
      anc.set(kLocationNames[i], std::move(reported));
    }
    if (!anc.members().empty()) out.set("ancestors", std::move(anc));
  }
  if (Value* usage = stored.get("usage")) out.set("usage", std::move(*usage));
  if (merges) {
    for (const auto& [name, m] : merges->entries) {
      Value v;
      switch (m.kind) {
        case MergeValue::Kind::Null:
          break;
        case MergeValue::Kind::One:
          v = render_node(r, m.one.node, m.one.merges.get(), now, false);
          break;
        case MergeValue::Kind::List:
          v = Value::array();
          for (const Merged& e : m.list)
            v.items().push_back(render_node(r, e.node, e.merges.get(), now, false));
          break;
        case MergeValue::Kind::Rows:
          v = m.rows;
          break;
      }
      put(out, *name, std::move(v));
    }
  }
  return out;
}

Value render(const Reader& r, const Row& row, int64_t now, std::string_view tag) {
  Value out = render_node(r, row.node, row.merges.get(), now, true);
  if (!tag.empty()) put(out, {"metadata", "query_tag"}, Value::string(std::string(tag)));
  return out;
}

}  // namespace canopy::query
