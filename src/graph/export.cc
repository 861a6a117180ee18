#include "graph/export.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>

#include "core/doc_json.h"
#include "core/json_out.h"

namespace canopy {

Status export_ndjson(const Graph& g, std::FILE* out) {
  const Symbols& syms = g.model().symbols();
  std::vector<uint32_t> order(g.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return g.id(a) < g.id(b); });
  std::string buf;
  buf.reserve(1 << 20);
  auto flush = [&]() -> Status {
    if (std::fwrite(buf.data(), 1, buf.size(), out) != buf.size())
      return Error{std::string("write failed: ") + std::strerror(errno)};
    buf.clear();
    return Status::ok();
  };
  for (uint32_t i : order) {
    append_json(buf, g.doc(i), syms);
    buf.push_back('\n');
    if (buf.size() > (1 << 20)) CANOPY_RETURN_IF_ERROR(flush());
  }
  std::vector<uint32_t> targets;
  for (uint32_t i : order) {
    for (int t = 0; t < kEdgeTypes; ++t) {
      auto succ = g.successors(i, EdgeType(t));
      targets.assign(succ.begin(), succ.end());
      std::sort(targets.begin(), targets.end(),
                [&](uint32_t a, uint32_t b) { return g.id(a) < g.id(b); });
      for (uint32_t c : targets) {
        buf += "{\"from\":";
        json::append_string(buf, g.id(i));
        buf += ",\"to\":";
        json::append_string(buf, g.id(c));
        if (t == int(EdgeType::Delete)) buf += ",\"edge_type\":\"delete\"";
        buf += "}\n";
      }
      if (buf.size() > (1 << 20)) CANOPY_RETURN_IF_ERROR(flush());
    }
  }
  CANOPY_RETURN_IF_ERROR(flush());
  if (std::fflush(out) != 0) return Error{std::string("write failed: ") + std::strerror(errno)};
  return Status::ok();
}

}  // namespace canopy
