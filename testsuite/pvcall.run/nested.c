/* Implementations that make pv calls themselves (thunk -> C -> thunk),
   recursion through a pv op, and a pv op called with a pv op's result:
   the stack alignment and the preserved registers hold at every depth.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

struct nops;
extern struct nops pv_nops;

PVT_IMPL long leaf_impl(long x) { return x * 5 + 3; }
PVT_IMPL long inner_impl(long x, long y);
PVT_IMPL long fact_impl(long n);

PVT_THUNK(leaf, leaf_impl, "");
PVT_THUNK(inner, inner_impl, "rcx, r11");
PVT_THUNK(fact, fact_impl, "");

struct nops {
  long (*leaf)(long) __pvcall;
  long (*inner)(long, long) __pvcall_clobbers("rcx", "r11");
  long (*fact)(long) __pvcall;
};
extern long leaf(long) __pvcall;
extern long inner(long, long) __pvcall_clobbers("rcx", "r11");
extern long fact(long) __pvcall;
struct nops pv_nops = { leaf, inner, fact };

/* Called through a thunk, calls through thunks, with values of its own
   live across them.  Also called directly for the reference: then the
   calls inside are still pv calls, which is fine, they are correct.  */
PVT_IMPL long
inner_impl(long x, long y)
{
  PVT_LIVE20(13);
  long a = pv_nops.leaf(x);
  long b = pv_nops.leaf(y ^ a);
  return PVT_FOLD20(a * 7 + b);
}

/* Recursion through the pv op: every level is thunk + C frame.  */
PVT_IMPL long
fact_impl(long n)
{
  if (n <= 1)
    return 1;
  return n * pv_nops.fact(n - 1) + pv_nops.leaf(n);
}

static long
fact_ref(long n)
{
  if (n <= 1)
    return 1;
  return n * fact_ref(n - 1) + leaf_impl(n);
}

static long
inner_ref(long x, long y)
{
  PVT_LIVE20(13);
  long a = leaf_impl(x);
  long b = leaf_impl(y ^ a);
  return PVT_FOLD20(a * 7 + b);
}

#define N 40
static __attribute__((noinline)) void
run_pv(long *out)
{
  PVT_LIVE20(14);
  out[0] = pv_nops.inner(v0, v1);
  out[1] = pv_nops.fact(v2 & 15);
  out[2] = pv_nops.leaf(pv_nops.inner(v3, pv_nops.leaf(v4)));
  out[3] = pv_nops.fact(20);
  PVT_SINK20(out + 4);
}

static __attribute__((noinline)) void
run_ref(long *out)
{
  PVT_LIVE20(14);
  out[0] = inner_ref(v0, v1);
  out[1] = fact_ref(v2 & 15);
  out[2] = leaf_impl(inner_ref(v3, leaf_impl(v4)));
  out[3] = fact_ref(20);
  PVT_SINK20(out + 4);
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 24);
  return pvt_finish("nested");
}
