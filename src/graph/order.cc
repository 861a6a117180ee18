#include "graph/order.h"

#include <algorithm>
#include <deque>
#include <numeric>
#include <string>
#include <string_view>

#include "core/time.h"
#include "graph/graph.h"

namespace canopy {

namespace {

struct Key {
  uint8_t rank = 0;  // null, bool, number, string
  double num = 0;
  std::string_view str;
};

int compare(const Key& a, const Key& b) {
  if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank == 1 || a.rank == 2) return a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
  if (a.rank == 3) {
    int c = a.str.compare(b.str);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return 0;
}

// False for arrays and objects, which only a full value comparison orders.
bool key_of(const DocView& v, const Symbols& syms, std::deque<std::string>& owned, Key& out) {
  out = Key();
  if (!v.valid()) return true;
  switch (v.tag()) {
    case Tag::Null:
      return true;
    case Tag::False:
    case Tag::True:
      out.rank = 1, out.num = v.tag() == Tag::True;
      return true;
    case Tag::Int:
    case Tag::Double:
      out.rank = 2, out.num = v.as_double();
      return true;
    case Tag::DateTime:
      out.rank = 3, out.str = owned.emplace_back(format_datetime(v.as_int()));
      return true;
    case Tag::Array:
    case Tag::Object:
      return false;
    default: {
      auto [a, b] = v.string_parts(syms);
      out.rank = 3;
      out.str =
          a.empty() ? b : std::string_view(owned.emplace_back(std::string(a) + std::string(b)));
      return true;
    }
  }
}

}  // namespace

std::vector<uint32_t> build_default_rank(const Graph& g) {
  const Symbols& syms = g.model().symbols();
  const Sym reported = syms.find("reported"), name = syms.find("name"), id = syms.find("id");
  const size_t n = g.size();
  std::deque<std::string> owned;
  std::vector<Key> names(n), ids(n);
  for (uint32_t i = 0; i < n; ++i) {
    DocView rep = g.doc(i).get(reported);
    if (!key_of(rep.get(name), syms, owned, names[i]) || !key_of(rep.get(id), syms, owned, ids[i]))
      return {};
  }
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    uint32_t ka = g.model().name_rank(g.node(a).kind), kb = g.model().name_rank(g.node(b).kind);
    if (ka != kb) return ka < kb;
    if (int c = compare(names[a], names[b])) return c < 0;
    if (int c = compare(ids[a], ids[b])) return c < 0;
    return a < b;
  });
  std::vector<uint32_t> rank(n);
  for (uint32_t i = 0; i < n; ++i) rank[order[i]] = i;
  return rank;
}

}  // namespace canopy
