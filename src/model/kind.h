// The kind model: what a node of a given kind may contain.
//
// A kind is simple (a runtime type such as string or datetime, possibly an
// enum), complex (named properties, multiple bases), an array of a kind, a
// dictionary from a simple kind to a kind, or the transform kind of synthetic
// properties (age, last_update, …) that are computed, never stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_index.h"
#include "core/symbols.h"

namespace canopy {

enum class KindClass : uint8_t { Simple, Complex, Array, Dictionary, Transform };

enum class Runtime : uint8_t {
  String,
  Int32,
  Int64,
  Float,
  Double,
  Boolean,
  Datetime,
  Date,
  Duration,
  Any
};

std::string_view runtime_name(Runtime r);

struct Kind;

struct Property {
  std::string name;
  Sym sym = Symbols::kNone;
  const Kind* kind = nullptr;
  std::string kind_name;  // as written in the model, e.g. "string[]"
  bool required = false;
  std::string synthetic_from;  // source property of a synthetic property
  bool ignore_history = false;
  std::string description;
  bool is_synthetic() const { return !synthetic_from.empty(); }
};

struct Kind {
  std::string fqn;
  KindClass cls = KindClass::Simple;
  uint32_t id = 0;  // dense index in the model

  // Simple kinds.
  Runtime runtime = Runtime::Any;
  std::vector<std::string> enum_values;

  // Arrays: element kind. Dictionaries: key and value kinds.
  const Kind* element = nullptr;
  const Kind* key = nullptr;

  // Complex kinds.
  std::vector<std::string> base_names;
  std::vector<const Kind*> bases;    // direct bases
  std::vector<const Kind*> closure;  // this kind and every transitive base, nearest first
  std::vector<Property> own;         // own properties, as defined
  std::vector<const Property*> all;  // own and inherited, first definition wins
  StringIndex<const Property*> by_name;
  std::unordered_map<Sym, const Property*> by_sym;
  bool aggregate_root = false;
  bool allow_unknown = false;
  std::vector<std::string> successors_default, successors_delete;
  std::string display_name, group;

  bool is_complex() const { return cls == KindClass::Complex; }
  bool is_a(const Kind* other) const {
    for (const Kind* k : closure)
      if (k == other) return true;
    return false;
  }
  const Property* property(std::string_view name) const {
    const Property* const* p = by_name.find(name);
    return p ? *p : nullptr;
  }
};

}  // namespace canopy
