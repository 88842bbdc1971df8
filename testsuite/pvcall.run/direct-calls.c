/* Direct calls to annotated function declarations: extern declarations
   with __pvcall / __pvcall_clobbers, a typedef'd annotated function type,
   and a redeclaration through that typedef.  No pointers involved.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long d0_impl(void) { return 77; }
PVT_IMPL long d2_impl(long a, long b) { return a * 31 ^ b; }
PVT_IMPL long d2c_impl(long a, long b) { return a - b * 3; }
PVT_IMPL long d6_impl(long a, long b, long c, long d, long e, long f)
{ return ((a + b) ^ (c - d)) * (e | 1) + f; }
PVT_IMPL unsigned long dflags_impl(void) { return 0x246; }

PVT_THUNK(d0, d0_impl, "");
PVT_THUNK(d2, d2_impl, "");
PVT_THUNK(d2c, d2c_impl, "rcx, rdx, r8");
PVT_THUNK(d6, d6_impl, "r10, r11");
PVT_THUNK(dflags, dflags_impl, "rcx, r11");

extern long d0(void) __pvcall;
extern long d2(long, long) __pvcall;
extern long d2c(long a, long b) __pvcall_clobbers("rcx", "rdx", "r8");
extern long d6(long, long, long, long, long, long) __pvcall_clobbers("r10", "r11");

/* Annotated function type used for a declaration.  */
typedef unsigned long flags_fn(void) __pvcall_clobbers("rcx", "r11");
extern flags_fn dflags;

#define N 48
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(8);							\
    (out)[0] = C(d0)();							\
    (out)[1] = C(d2)(v0, v1);						\
    (out)[2] = C(d2c)(v2, v3);						\
    (out)[3] = C(d6)(v4, v5, v6, v7, v8, v9);				\
    (out)[4] = C(dflags)();						\
    (out)[5] = C(d2)(C(d2c)(v10, v11), C(d0)());			\
    (out)[6] = C(d6)(v12, C(d2)(v13, v14), v15, C(dflags)(), v16, v17); \
    PVT_SINK20((out) + 7);						\
  } while (0)

#define PV(f) f
#define REF(f) f##_impl

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 27);
  return pvt_finish("direct-calls");
}
