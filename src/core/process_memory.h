// Memory figures of this process, as the kernel counts them.
#pragma once

namespace canopy {

// A "VmRSS:" style line of /proc/self/status, in kB; -1 when unreadable.
long proc_status_kb(const char* key);

// Keeps the C library from giving each of the collector's threads (48 for
// one account) its own heap arena: arenas keep the memory freed in them, and
// with dozens of threads that is most of a collect's resident memory. Call
// before the threads start.
void limit_heap_arenas();

// Hands memory freed after a phase back to the system (safe from any
// thread; both calls do nothing where the heap is not glibc's).
void release_free_memory();

}  // namespace canopy
