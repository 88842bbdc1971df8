/* Void pv calls: rax is clobbered (the thunk poisons it), everything else
   survives.  Memory semantics are those of a normal call: the callee's
   stores to globals and through pointers are seen afterwards, and stores
   made before the call are visible to the callee.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

long counter;
long shadow[4];

PVT_IMPL void bump_impl(void) { counter += 3; }
PVT_IMPL void store_impl(long *p, long v) { *p = v * 7; }
PVT_IMPL void copy_impl(long idx) { shadow[idx & 3] = counter; }
PVT_IMPL void sink6_impl(long a, long b, long c, long d, long e, long f)
{
  counter ^= a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6;
}

PVT_THUNK_VOID(bump, bump_impl, "");
PVT_THUNK_VOID(store, store_impl, "");
PVT_THUNK_VOID(copy, copy_impl, "");
PVT_THUNK_VOID(sink6, sink6_impl, "");

extern void bump(void) __pvcall;
extern void store(long *, long) __pvcall;
extern void copy(long) __pvcall;
extern void sink6(long, long, long, long, long, long) __pvcall;

struct vops {
  void (*bump)(void) __pvcall;
  void (*store)(long *, long) __pvcall;
  void (*copy)(long) __pvcall;
  void (*sink6)(long, long, long, long, long, long) __pvcall;
};
struct vops pv_vops = { bump, store, copy, sink6 };

#define PV(f) pv_vops.f
#define REF(f) f##_impl

#define N 32
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(1);							\
    long local = v0;							\
    counter = v1;							\
    C(bump)();								\
    (out)[0] = counter;		/* must be reloaded */			\
    C(store)(&local, v2);						\
    (out)[1] = local;		/* escaped local, stored by callee */	\
    counter += v3;		/* must be stored before the call */	\
    C(copy)(v4);							\
    (out)[2] = shadow[v4 & 3];						\
    C(sink6)(v5, v6, v7, v8, v9, v10);					\
    (out)[3] = counter;							\
    C(bump)();								\
    C(bump)();								\
    (out)[4] = counter;							\
    for (int i_ = 0; i_ < 4; i_++)					\
      (out)[5 + i_] = shadow[i_];					\
    (out)[9] = v0 + v1;							\
    PVT_SINK20((out) + 10);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

/* A void pv call whose caller uses the value that was in rax before.  */
static __attribute__((noinline)) long
keep_around(long x)
{
  long y = x * 11;
  pv_vops.bump();
  return y + x;
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  shadow[0] = shadow[1] = shadow[2] = shadow[3] = 0;
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 30);
  PVT_CHECK(keep_around(PVT_SEED(20)), PVT_SEED(20) * 12);
  return pvt_finish("void-return");
}
