// Compact storage of string values. Many strings repeat across nodes
// (instance types, states, zones, tag values) or share long prefixes (ARNs,
// console links); such a string is stored as a symbol id, or as a symbol id
// for the prefix plus the rest. To keep the symbol table bounded, each key
// (the property or dictionary key the value sits under) may add at most
// kMaxValues value symbols and kMaxPrefixes prefix symbols over the life of
// the store: keys with unique values (ids, names) soon stop adding any.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/doc.h"
#include "core/result.h"
#include "core/string_index.h"
#include "core/symbols.h"

namespace canopy {

// How many symbols each key has added; shared by all encoders of a
// database and persisted with it.
class InternBudget {
 public:
  static constexpr uint32_t kMaxValues = 256;
  static constexpr uint32_t kMaxPrefixes = 1024;

  bool take_value(Sym key) { return take(key, false); }
  bool take_prefix(Sym key) { return take(key, true); }

  std::string serialize() const;
  Status load(std::string_view text);

 private:
  bool take(Sym key, bool prefix);
  mutable std::mutex mu_;
  std::unordered_map<Sym, std::pair<uint32_t, uint32_t>> used_;
};

// Writes strings in their most compact form. One per thread.
class StringEncoder {
 public:
  StringEncoder(Symbols& syms, InternBudget& budget) : syms_(syms), budget_(budget) {}
  // `key` is the property or dictionary key the value belongs to.
  void write(DocWriter& w, Sym key, std::string_view s);
  // The symbol of an object key, interned through a local cache.
  Sym key(std::string_view name);

 private:
  // The symbol for `s` under `key`: from the cache, the symbol table, or
  // newly interned while the key's budget lasts; kNone otherwise.
  Sym symbol(StringIndex<Sym>& cache, std::vector<bool>& closed_keys, bool prefix, Sym key,
             std::string_view s);

  bool closed(const std::vector<bool>& flags, Sym key) const {
    return key < flags.size() && flags[key];
  }
  void close(std::vector<bool>& flags, Sym key) {
    if (key >= flags.size()) flags.resize(key + 1024);
    flags[key] = true;
  }

  Symbols& syms_;
  InternBudget& budget_;
  StringIndex<Sym> values_, prefixes_, keys_;  // local caches; keys live in the symbol table
  std::vector<bool> values_closed_, prefixes_closed_;
};

}  // namespace canopy
