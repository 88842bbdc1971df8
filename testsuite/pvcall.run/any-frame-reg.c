/* Regression test (fuzz seed 1091): an op with six arguments and a result
   that may clobber r8-r11, called under heavy register pressure.  With
   register-agnostic sites in user space the stub realigns the stack
   through a frame register that is neither an operand nor clobberable;
   operands in rbp, rbx and r12-r15 plus the declared r10 and r11 left
   none, and the plugin stopped with an internal error.  Such sites now
   keep the ABI form.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long mix6_impl(long a, long b, long c, long d, long e, long f)
{ return a * 3 + b * 5 + c * 7 + d * 11 + e * 13 + f * 17; }
PVT_THUNK(mix6, mix6_impl, "r8, r9, r10, r11");
extern long mix6(long, long, long, long, long, long)
  __pvcall_clobbers("r8", "r9", "r10", "r11");

struct ops {
  long (*mix6)(long, long, long, long, long, long)
    __pvcall_clobbers("r8", "r9", "r10", "r11");
};
struct ops pv_ops = { mix6 };

static __attribute__((noinline)) long
pressure(long *out)
{
  PVT_LIVE20(3);
  long r = pv_ops.mix6(v0 * v1, v2 ^ v3, v4 + v5, v6 * v7, v8 - v9, v10 | v11);
  r += pv_ops.mix6(r, v12, v13, v14, v15, v16);
  PVT_SINK20(out);
  return r;
}

static __attribute__((noinline)) long
pressure_ref(long *out)
{
  PVT_LIVE20(3);
  long r = mix6_impl(v0 * v1, v2 ^ v3, v4 + v5, v6 * v7, v8 - v9, v10 | v11);
  r += mix6_impl(r, v12, v13, v14, v15, v16);
  PVT_SINK20(out);
  return r;
}

int
main(void)
{
  long got[20], want[20];

  PVT_CHECK(pressure(got), pressure_ref(want));
  PVT_CHECK_ARRAY(got, want, 20);
  return pvt_finish("any-frame-reg");
}
