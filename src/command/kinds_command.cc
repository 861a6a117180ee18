// `kinds [-a|--all] [-p|--property-path PATH] [NAME]`: the kind model.
#include <algorithm>
#include <set>

#include "command/command.h"

namespace canopy {

namespace {

std::string kind_label(const Property& p) {
  return p.is_synthetic() ? std::string("duration") : p.kind_name;
}

void list(std::string& out, std::string_view heading, std::vector<std::string> items) {
  if (items.empty()) return;
  std::sort(items.begin(), items.end());
  out += heading;
  out += ":\n";
  for (const auto& i : items) out += "- " + i + "\n";
}

void describe(const Model& model, const Kind& k, std::string& out) {
  out += "name: " + k.fqn + "\n";
  switch (k.cls) {
    case KindClass::Simple:
    case KindClass::Transform:
      out += "runtime_kind: " + std::string(runtime_name(k.runtime)) + "\n";
      if (!k.enum_values.empty()) {
        out += "enum:\n";
        for (const auto& v : k.enum_values) out += "- " + v + "\n";
      }
      return;
    case KindClass::Dictionary:
      out += "key: " + k.key->fqn + "\nvalue: " + k.element->fqn + "\n";
      return;
    case KindClass::Array:
      out += "element: " + k.element->fqn + "\nis_array: true\n";
      return;
    case KindClass::Complex:
      break;
  }
  out += "properties:\n";
  for (const Property* p : k.all) out += "  " + p->name + ": " + kind_label(*p) + "\n";
  std::vector<std::string> bases, preds, succs;
  for (const Kind* b : k.closure)
    if (b != &k) bases.push_back(b->fqn);
  for (const Kind* p : model.predecessors(&k)) preds.push_back(p->fqn);
  succs = k.successors_default;
  list(out, "bases", bases);
  list(out, "predecessors", preds);
  list(out, "successors", succs);
}

// Resolves a dotted property path inside complex kind `k`; nullptr if absent.
const Kind* walk(const Kind* k, std::string_view path) {
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    size_t bracket = part.find('[');
    std::string_view name = part.substr(0, bracket);
    if (!k || !k->is_complex()) return nullptr;
    const Property* p = k->property(name);
    if (!p) return nullptr;
    k = p->kind;
    for (size_t b = bracket; b != std::string_view::npos && k && k->cls == KindClass::Array;
         b = part.find('[', b + 1))
      k = k->element;
    while (k && k->cls == KindClass::Dictionary && !path.empty()) {
      // dictionary values are addressed by key: skip one segment
      size_t d2 = path.find('.');
      path = d2 == std::string_view::npos ? std::string_view() : path.substr(d2 + 1);
      k = k->element;
    }
  }
  return k;
}

class KindsCommand : public Command {
 public:
  std::string_view name() const override { return "kinds"; }
  std::string_view summary() const override {
    return "list kinds, or show one kind and its properties";
  }

  Status run(std::string_view args, Database& db, std::string& out) override {
    auto words = split_words(args);
    if (!words) return words.status();
    bool all = false;
    std::string path, name;
    for (size_t i = 0; i < words->size(); ++i) {
      const std::string& w = (*words)[i];
      if (w == "-a" || w == "--all") {
        all = true;
      } else if (w == "-p" || w == "--property-path") {
        if (i + 1 >= words->size()) return Error{"option " + w + " needs a property path"};
        path = (*words)[++i];
      } else if (!w.empty() && w[0] == '-') {
        return Error{"unknown option " + w + " (expected -a, --all, -p, --property-path)"};
      } else if (name.empty()) {
        name = w;
      } else {
        return Error{"unexpected argument " + w};
      }
    }
    const Model& model = db.model();
    if (!path.empty()) return property_path(model, path, out);
    if (!name.empty()) {
      const Kind* k = model.find(name);
      if (!k)
        out += "No kind with this name: " + name + "\n";
      else
        describe(model, *k, out);
      return Status::ok();
    }
    std::vector<std::string> names;
    if (all) {
      for (const Kind* k : model.kinds())
        if (k->is_complex()) names.push_back(k->fqn);
    } else {
      for (const Kind* k : model.leaf_resource_kinds()) names.push_back(k->fqn);
    }
    std::sort(names.begin(), names.end());
    for (const auto& n : names) out += n + "\n";
    return Status::ok();
  }

 private:
  Status property_path(const Model& model, std::string path, std::string& out) {
    for (std::string_view section : {"reported.", "desired.", "metadata.", "/reported."})
      if (path.rfind(section, 0) == 0) path = path.substr(section.size());
    const Kind* found = nullptr;
    std::vector<std::string> appears_in;
    for (const Kind* k : model.kinds()) {
      if (!k->is_complex() || !k->aggregate_root) continue;
      if (const Kind* pk = walk(k, path)) {
        found = found ? found : pk;
        appears_in.push_back(k->fqn);
      }
    }
    if (!found) return Error{"no kind has the property path " + path};
    out += "name: " + path + "\nkind: " + found->fqn + "\n";
    list(out, "appears_in", appears_in);
    return Status::ok();
  }
};

}  // namespace

std::unique_ptr<Command> make_kinds_command() {
  return std::make_unique<KindsCommand>();
}

}  // namespace canopy
