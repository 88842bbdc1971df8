/* Shared library for ../shlib-calls.c: exported poisoning thunks, hidden
   implementations, and exported plain entry points for the reference
   results and the library's own thunk counters.  */

#include "../poison.h"

PVT_IMPL long sl1_impl(long x) { return x * 9 - 4; }
PVT_IMPL long sl3_impl(long a, long b, long c) { return (a ^ b) + c * 5; }

PVT_EXPORTED_THUNK(sl1, sl1_impl, "");
PVT_EXPORTED_THUNK(sl3, sl3_impl, "rcx");

long sl1_ref(long x) { return sl1_impl(x); }
long sl3_ref(long a, long b, long c) { return sl3_impl(a, b, c); }
unsigned long sl_misaligned(void) { return pvt_misaligned; }
unsigned long sl_calls(void) { return pvt_calls; }
