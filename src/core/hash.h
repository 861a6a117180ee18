// Content hashes of node documents (decides whether a merged node changed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace canopy {

uint64_t hash64(const void* data, size_t n, uint64_t seed = 0);
// The 8-hex-digit form shown as a node's `hash`.
std::string hash_hex8(uint32_t h);

}  // namespace canopy
