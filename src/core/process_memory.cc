#include "core/process_memory.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)  // set by the C library's headers above
#include <malloc.h>
#endif

// glibc's heap is tuned only when it is the allocator: under AddressSanitizer
// malloc is the sanitizer's, and malloc_trim there walks glibc arenas that
// were never set up (it crashed a collect's worker thread).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CANOPY_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CANOPY_ASAN 1
#endif
#if defined(__GLIBC__) && !defined(CANOPY_ASAN)
#define CANOPY_GLIBC_HEAP 1
#endif

namespace canopy {

long proc_status_kb(const char* key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, n) == 0) kb = std::atol(line + n);
  std::fclose(f);
  return kb;
}

void limit_heap_arenas() {
#if defined(CANOPY_GLIBC_HEAP)
  mallopt(M_ARENA_MAX, 2);
#endif
}

void release_free_memory() {
#if defined(CANOPY_GLIBC_HEAP)
  malloc_trim(0);
#endif
}

}  // namespace canopy
