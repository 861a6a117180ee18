#include "core/string_encoder.h"

#include <charconv>

namespace canopy {

bool InternBudget::take(Sym key, bool prefix) {
  std::lock_guard lock(mu_);
  auto& [values, prefixes] = used_[key];
  uint32_t& used = prefix ? prefixes : values;
  if (used >= (prefix ? kMaxPrefixes : kMaxValues)) return false;
  ++used;
  return true;
}

std::string InternBudget::serialize() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [key, used] : used_)
    out += std::to_string(key) + " " + std::to_string(used.first) + " " +
           std::to_string(used.second) + "\n";
  return out;
}

Status InternBudget::load(std::string_view text) {
  std::lock_guard lock(mu_);
  used_.clear();
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    uint32_t v[3];
    const char* p = line.data();
    const char* end = line.data() + line.size();
    for (uint32_t& x : v) {
      while (p < end && *p == ' ') ++p;
      auto r = std::from_chars(p, end, x);
      if (r.ec != std::errc()) return Error{"corrupt intern budget line: " + std::string(line)};
      p = r.ptr;
    }
    used_[v[0]] = {v[1], v[2]};
  }
  return Status::ok();
}

Sym StringEncoder::symbol(StringIndex<Sym>& cache, std::vector<bool>& closed_keys, bool prefix,
                          Sym key, std::string_view s) {
  if (const Sym* cached = cache.find(s)) return *cached;
  if (closed(closed_keys, key)) return Symbols::kNone;
  Sym sym = syms_.find(s);
  if (sym == Symbols::kNone) {
    if (!(prefix ? budget_.take_prefix(key) : budget_.take_value(key))) {
      close(closed_keys, key);
      return Symbols::kNone;
    }
    sym = syms_.intern(s);
  }
  cache.insert(syms_.name(sym), sym);
  return sym;
}

Sym StringEncoder::key(std::string_view name) {
  if (const Sym* cached = keys_.find(name)) return *cached;
  Sym sym = syms_.intern(name);
  keys_.insert(syms_.name(sym), sym);
  return sym;
}

namespace {

// Length of the prefix up to and including the last '/', ':' or '=', or 0.
size_t prefix_length(std::string_view s) {
  for (size_t i = s.size(); i-- > 0;) {
    char c = s[i];
    if (c == '/' || c == ':' || c == '=') return i + 1;
  }
  return 0;
}

}  // namespace

void StringEncoder::write(DocWriter& w, Sym key, std::string_view s) {
  if (s.size() <= 2 || s.size() > 256) return w.string(s);
  // Keys whose budget is spent hold unique values (ids, names): skip the lookup.
  if (!closed(values_closed_, key)) {
    if (Sym sym = symbol(values_, values_closed_, false, key, s); sym != Symbols::kNone)
      return w.symbol_string(sym);
  }
  if (s.size() >= 16) {
    size_t cut = prefix_length(s);
    if (cut >= 8 && cut < s.size()) {
      if (Sym p = symbol(prefixes_, prefixes_closed_, true, key, s.substr(0, cut));
          p != Symbols::kNone)
        return w.prefixed_string(p, s.substr(cut));
    }
  }
  w.string(s);
}

}  // namespace canopy
