#include "core/hash.h"

#include <xxhash.h>
#include <cstdio>

namespace canopy {

uint64_t hash64(const void* data, size_t n, uint64_t seed) {
  return XXH3_64bits_withSeed(data, n, seed);
}

std::string hash_hex8(uint32_t h) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%08x", h);
  return buf;
}

}  // namespace canopy
