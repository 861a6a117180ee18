// libFuzzer target for the search-language parser: any input must give a
// query or an error, never a crash, a hang or unbounded memory; a query
// that parses prints to a canonical form that parses back to itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "query/parser.h"
#include "query/resolve.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = canopy::query::parse_query(text);
  if (!q) return 0;
  if (!canopy::query::default_edge_types(q.value())) return 0;
  std::string printed = canopy::query::to_string(q.value());
  auto again = canopy::query::parse_query(printed);
  if (!again || !canopy::query::default_edge_types(again.value())) {
    std::fprintf(stderr, "canonical form does not parse: %s\n", printed.c_str());
    std::abort();
  }
  if (canopy::query::to_string(again.value()) != printed) {
    std::fprintf(stderr, "canonical form is not stable: %s\n", printed.c_str());
    std::abort();
  }
  return 0;
}
