// The set of all kinds, loaded from JSON kind definitions (the format of
// Resoto's model export: a JSON array of {fqn, bases, properties, …}).
// Canopy's own definitions live in model/kinds/*.json and are compiled into
// the binary; load_builtin() reads them.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/symbols.h"
#include "model/kind.h"

namespace canopy {

class Model {
 public:
  explicit Model(Symbols& syms);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // The predefined and AWS kinds shipped with Canopy, plus the kind
  // definitions of `extra` (a JSON array) when given.
  static Result<std::unique_ptr<Model>> load_builtin(Symbols& syms, std::string_view extra = {});

  // Adds the kind definitions of one JSON document (an array of kinds).
  // `origin` names the source in error messages. Call finish() after the last.
  Status add_definitions(std::string_view json, std::string_view origin);
  // Resolves references between kinds and computes bases and properties.
  Status finish();

  const Kind* find(std::string_view fqn) const;
  const std::vector<const Kind*>& kinds() const { return ordered_; }
  // Complex aggregate-root kinds that are no base of another kind, sorted.
  std::vector<const Kind*> leaf_resource_kinds() const;
  // Complex kinds that list `k` as a default successor.
  std::vector<const Kind*> predecessors(const Kind* k) const;
  // Complex kinds derived from `k` (including k itself).
  std::vector<const Kind*> subkinds(const Kind* k) const;

  // The property a top-level path name addresses on any node: properties
  // have one kind model-wide, so the first definition (predefined
  // properties, then aggregate-root kinds) stands for all. nullptr if none.
  const Property* top_property(std::string_view name) const;
  // Position of a kind's name among all kind names in byte order (by Kind::id):
  // sorting by kind name compares these.
  uint32_t name_rank(uint32_t kind_id) const { return name_ranks_[kind_id]; }

  Symbols& symbols() const { return syms_; }
  size_t size() const { return ordered_.size(); }

  // Frequently used kinds and symbols.
  const Kind* graph_root() const { return graph_root_; }
  const Kind* location(int i) const { return locations_[i]; }  // cloud, account, region, zone

 private:
  Kind* create(std::string fqn, KindClass cls);
  Result<const Kind*> resolve(std::string_view name);
  Status resolve_complex(Kind& k, std::vector<Kind*>& visiting);

  Symbols& syms_;
  std::deque<Kind> storage_;
  std::unordered_map<std::string, Kind*> by_name_;
  std::vector<const Kind*> ordered_;
  std::unordered_map<std::string_view, const Property*> top_properties_;
  std::vector<uint32_t> name_ranks_;
  const Kind* graph_root_ = nullptr;
  const Kind* locations_[4] = {nullptr, nullptr, nullptr, nullptr};
};

}  // namespace canopy
