/* The dead-register masks are real and right.  Every poisoning thunk
   looks up the record of the site it returns to and also trashes the
   registers the record claims are dead, so a register wrongly claimed dead
   corrupts a value this test checks.  Here that must have happened at
   some sites (the mechanism is live), including one inside an op written
   in C with no_caller_saved_registers: there, only registers its prologue
   saves may count as dead, even if nothing in the function reads them
   again, because its own callers keep values in them.  (GCC 11 and 12
   save every caller-saved register in such a function once it makes a
   call, so today that restriction changes nothing.)  Callers compiled
   after a function with sites (-fipa-ra) are covered by every other run
   test.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long inner_impl(long x) { return x * 5 + 3; }
PVT_THUNK(inner_op, inner_impl, "");
extern long inner_op(long) __pvcall;

struct ops {
  long (*inner)(long) __pvcall;
  long (*outer)(long) __pvcall;
};
extern struct ops pv_ops;

/* An op implemented in C, preserving every register it touches, that
   calls another op.  */
__attribute__((noinline, no_caller_saved_registers,
	       target("general-regs-only")))
static long __pvcall
outer_impl(long x)
{
  return pv_ops.inner(x) * 2;
}

struct ops pv_ops = { inner_op, outer_impl };

#define N 48
#define BODY(out, OUTER, INNER)						\
  do {									\
    PVT_LIVE20(4);							\
    (out)[0] = OUTER(v0);						\
    (out)[1] = INNER(v1) + OUTER(v2);					\
    PVT_SINK20((out) + 2);						\
  } while (0)

#define REF_OUTER(x) (inner_impl(x) * 2)

static __attribute__((noinline)) void
run_pv(long *out)
{
  BODY(out, pv_ops.outer, pv_ops.inner);
}

static __attribute__((noinline)) void
run_ref(long *out)
{
  BODY(out, REF_OUTER, inner_impl);
}

/* Little is live after this site: most registers are dead there.  */
static __attribute__((noinline)) long
few(long x)
{
  return pv_ops.inner(x) + x;
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 22);
  PVT_CHECK(few(PVT_SEED(9)), inner_impl(PVT_SEED(9)) + PVT_SEED(9));
#ifdef __PVCALL__
  if (pvt_dead_hits == 0 || pvt_dead_regs == 0)
    {
      pvt_puts("FAIL: no site had its dead registers poisoned\n");
      return 1;
    }
#endif
  return pvt_finish("dead-regs");
}
