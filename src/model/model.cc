#include "model/model.h"

#include <simdjson.h>
#include <algorithm>

namespace canopy {

namespace embedded {
extern const std::string_view base_kinds;
extern const std::string_view aws_kinds;
}  // namespace embedded

std::string_view runtime_name(Runtime r) {
  static const std::string_view kNames[] = {"string",  "int32",    "int64", "float",    "double",
                                            "boolean", "datetime", "date",  "duration", "any"};
  return kNames[static_cast<int>(r)];
}

Model::Model(Symbols& syms) : syms_(syms) {
  for (int r = 0; r <= static_cast<int>(Runtime::Any); ++r) {
    Kind* k = create(std::string(runtime_name(Runtime(r))), KindClass::Simple);
    k->runtime = Runtime(r);
  }
  Kind* t = create("trafo.duration_to_datetime", KindClass::Transform);
  t->runtime = Runtime::Datetime;
}

Result<std::unique_ptr<Model>> Model::load_builtin(Symbols& syms, std::string_view extra) {
  auto model = std::make_unique<Model>(syms);
  CANOPY_RETURN_IF_ERROR(model->add_definitions(embedded::base_kinds, "model/kinds/base.json"));
  CANOPY_RETURN_IF_ERROR(model->add_definitions(embedded::aws_kinds, "model/kinds/aws.json"));
  if (!extra.empty()) CANOPY_RETURN_IF_ERROR(model->add_definitions(extra, "extra kinds"));
  CANOPY_RETURN_IF_ERROR(model->finish());
  return model;
}

Kind* Model::create(std::string fqn, KindClass cls) {
  Kind& k = storage_.emplace_back();
  k.fqn = std::move(fqn);
  k.cls = cls;
  k.id = static_cast<uint32_t>(ordered_.size());
  by_name_[k.fqn] = &k;
  ordered_.push_back(&k);
  return &k;
}

const Kind* Model::find(std::string_view fqn) const {
  auto it = by_name_.find(std::string(fqn));
  return it == by_name_.end() ? nullptr : it->second;
}

namespace {

std::string_view str_or(simdjson::dom::object o, const char* key, std::string_view dflt = {}) {
  std::string_view v;
  return o[key].get(v) ? dflt : v;
}

bool bool_or(simdjson::dom::object o, const char* key, bool dflt) {
  bool v;
  return o[key].get(v) ? dflt : v;
}

std::vector<std::string> strings(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (e.get(a)) return out;
  for (auto s : a) {
    std::string_view v;
    if (!s.get(v)) out.emplace_back(v);
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Status Model::add_definitions(std::string_view json, std::string_view origin) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::array defs;
  if (auto err = parser.parse(padded).get(defs))
    return Error{std::string(origin) +
                 ": not a JSON array of kinds: " + simdjson::error_message(err)};
  size_t index = 0;
  for (auto def : defs) {
    ++index;
    simdjson::dom::object o;
    std::string_view fqn;
    if (def.get(o) || o["fqn"].get(fqn))
      return Error{std::string(origin) + ": kind #" + std::to_string(index) + " has no fqn"};
    if (by_name_.count(std::string(fqn)))
      return Error{std::string(origin) + ": kind " + std::string(fqn) + " is defined twice"};
    std::string_view runtime = str_or(o, "runtime_kind");
    if (!runtime.empty()) {
      const Kind* base = find(runtime);
      if (!base || base->cls != KindClass::Simple)
        return Error{std::string(origin) + ": kind " + std::string(fqn) +
                     " has unknown runtime_kind " + std::string(runtime)};
      Kind* k = create(std::string(fqn), KindClass::Simple);
      k->runtime = base->runtime;
      k->enum_values = strings(o["enum"]);
      continue;
    }
    Kind* k = create(std::string(fqn), KindClass::Complex);
    k->base_names = strings(o["bases"]);
    k->aggregate_root = bool_or(o, "aggregate_root", false);
    k->allow_unknown = bool_or(o, "allow_unknown_props", false);
    simdjson::dom::object succ;
    if (!o["successor_kinds"].get(succ)) {
      k->successors_default = strings(succ["default"]);
      k->successors_delete = strings(succ["delete"]);
    }
    simdjson::dom::object meta;
    if (!o["metadata"].get(meta)) {
      k->display_name = std::string(str_or(meta, "name"));
      k->group = std::string(str_or(meta, "group"));
    }
    simdjson::dom::array props;
    if (!o["properties"].get(props)) {
      for (auto p : props) {
        simdjson::dom::object po;
        std::string_view name, kind;
        if (p.get(po) || po["name"].get(name) || po["kind"].get(kind))
          return Error{std::string(origin) + ": kind " + k->fqn +
                       " has a property without name or kind"};
        Property prop;
        prop.name = std::string(name);
        prop.kind_name = trim(kind);
        prop.required = bool_or(po, "required", false);
        prop.description = std::string(str_or(po, "description"));
        simdjson::dom::object syn, pmeta;
        if (!po["synthetic"].get(syn)) {
          auto path = strings(syn["path"]);
          if (!path.empty()) prop.synthetic_from = path.front();
        }
        if (!po["metadata"].get(pmeta))
          prop.ignore_history = bool_or(pmeta, "ignore_history", false);
        k->own.push_back(std::move(prop));
      }
    }
  }
  return Status::ok();
}

Result<const Kind*> Model::resolve(std::string_view name) {
  if (const Kind* k = find(name)) return k;
  if (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    auto inner = resolve(name.substr(0, name.size() - 2));
    if (!inner) return inner;
    Kind* k = create(std::string(name), KindClass::Array);
    k->element = inner.value();
    return static_cast<const Kind*>(k);
  }
  constexpr std::string_view kDict = "dictionary[";
  if (name.substr(0, kDict.size()) == kDict && name.back() == ']') {
    std::string_view inside = name.substr(kDict.size(), name.size() - kDict.size() - 1);
    // split at the first top-level comma
    int depth = 0;
    size_t comma = std::string_view::npos;
    for (size_t i = 0; i < inside.size(); ++i) {
      if (inside[i] == '[') ++depth;
      if (inside[i] == ']') --depth;
      if (inside[i] == ',' && depth == 0) {
        comma = i;
        break;
      }
    }
    if (comma == std::string_view::npos)
      return Error{"malformed dictionary kind " + std::string(name)};
    std::string key_name = trim(inside.substr(0, comma));
    std::string value_name = trim(inside.substr(comma + 1));
    auto key = resolve(key_name);
    if (!key) return key;
    if (key.value()->cls != KindClass::Simple)
      return Error{"dictionary key must be a simple kind: " + std::string(name)};
    auto value = resolve(value_name);
    if (!value) return value;
    std::string canonical = "dictionary[" + key_name + ", " + value_name + "]";
    if (const Kind* existing = find(canonical)) return existing;
    Kind* k = create(canonical, KindClass::Dictionary);
    k->key = key.value();
    k->element = value.value();
    if (canonical != name) by_name_[std::string(name)] = k;
    return static_cast<const Kind*>(k);
  }
  return Error{"unknown kind " + std::string(name)};
}

Status Model::resolve_complex(Kind& k, std::vector<Kind*>& visiting) {
  if (std::find(visiting.begin(), visiting.end(), &k) != visiting.end())
    return Error{"kind " + k.fqn + " is its own base"};
  if (!k.closure.empty()) return Status::ok();
  visiting.push_back(&k);
  for (Property& p : k.own) {
    auto pk = resolve(p.kind_name);
    if (!pk) return Error{"kind " + k.fqn + ", property " + p.name + ": " + pk.message()};
    p.kind = pk.value();
    p.sym = syms_.intern(p.name);
  }
  k.closure.push_back(&k);
  for (const Property& p : k.own) {
    if (k.by_name.insert(p.name, &p).second) k.all.push_back(&p);
  }
  for (const std::string& base_name : k.base_names) {
    auto it = by_name_.find(base_name);
    if (it == by_name_.end() || it->second->cls != KindClass::Complex)
      return Error{"kind " + k.fqn + " has unknown base " + base_name};
    Kind& base = *it->second;
    CANOPY_RETURN_IF_ERROR(resolve_complex(base, visiting));
    k.bases.push_back(&base);
    for (const Kind* c : base.closure)
      if (std::find(k.closure.begin(), k.closure.end(), c) == k.closure.end())
        k.closure.push_back(c);
    for (const Property* p : base.all)
      if (k.by_name.insert(p->name, p).second) k.all.push_back(p);
  }
  for (const Property* p : k.all) k.by_sym.emplace(p->sym, p);
  std::sort(k.all.begin(), k.all.end(),
            [](const Property* a, const Property* b) { return a->name < b->name; });
  visiting.pop_back();
  return Status::ok();
}

Status Model::finish() {
  std::vector<Kind*> visiting;
  // ordered_ grows while resolving (array and dictionary kinds): iterate by index.
  for (size_t i = 0; i < ordered_.size(); ++i) {
    Kind& k = *by_name_[ordered_[i]->fqn];
    if (k.cls == KindClass::Complex) CANOPY_RETURN_IF_ERROR(resolve_complex(k, visiting));
  }
  for (size_t i = 0; i < ordered_.size(); ++i) {
    const Kind* k = ordered_[i];
    for (const auto* list : {&k->successors_default, &k->successors_delete})
      for (const std::string& s : *list)
        if (!find(s)) return Error{"kind " + k->fqn + " names unknown successor kind " + s};
  }
  // Kind names are frequent string values (reported.kind): keep them as symbols.
  for (const Kind* k : ordered_)
    if (k->is_complex()) syms_.intern(k->fqn);
  graph_root_ = find("graph_root");
  const char* kLocations[] = {"cloud", "account", "region", "zone"};
  for (int i = 0; i < 4; ++i) locations_[i] = find(kLocations[i]);
  if (!graph_root_ || !locations_[0] || !locations_[1] || !locations_[2] || !locations_[3])
    return Error{"the model lacks one of graph_root, cloud, account, region, zone"};
  std::vector<uint32_t> by_name(ordered_.size());
  for (uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(),
            [&](uint32_t a, uint32_t b) { return ordered_[a]->fqn < ordered_[b]->fqn; });
  name_ranks_.assign(by_name.size(), 0);
  for (uint32_t i = 0; i < by_name.size(); ++i) name_ranks_[by_name[i]] = i;
  top_properties_.clear();
  auto add = [&](const Kind* k) {
    for (const Property* p : k->all) top_properties_.emplace(p->name, p);
  };
  if (const Kind* pre = find("predefined_properties")) add(pre);
  for (const Kind* k : ordered_)
    if (k->is_complex() && k->aggregate_root) add(k);
  return Status::ok();
}

const Property* Model::top_property(std::string_view name) const {
  auto it = top_properties_.find(name);
  return it == top_properties_.end() ? nullptr : it->second;
}

std::vector<const Kind*> Model::leaf_resource_kinds() const {
  std::vector<bool> is_base(ordered_.size());
  for (const Kind* k : ordered_)
    for (const Kind* b : k->bases) is_base[b->id] = true;
  std::vector<const Kind*> out;
  for (const Kind* k : ordered_)
    if (k->is_complex() && k->aggregate_root && !is_base[k->id]) out.push_back(k);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->fqn < b->fqn; });
  return out;
}

std::vector<const Kind*> Model::predecessors(const Kind* k) const {
  std::vector<const Kind*> out;
  for (const Kind* c : ordered_)
    if (std::find(c->successors_default.begin(), c->successors_default.end(), k->fqn) !=
        c->successors_default.end())
      out.push_back(c);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->fqn < b->fqn; });
  return out;
}

std::vector<const Kind*> Model::subkinds(const Kind* k) const {
  std::vector<const Kind*> out;
  for (const Kind* c : ordered_)
    if (c->is_complex() && c->is_a(k)) out.push_back(c);
  return out;
}

}  // namespace canopy
