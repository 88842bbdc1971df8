/* Each call through a slot reads the slot at that call.  Until the late
   pass the plugin stands a placeholder declaration in for the slot, and
   then reads the slot again right before the call: a store to the slot
   between two calls in one function, directly or in a function that is
   called (and inlined or not) between them, must send the second call to
   the new target, and a wrapper inlined into a loop must follow the slot
   in every iteration, as a plain C call does.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long add_impl(long x, long y) { return x + y * 3; }
PVT_IMPL long sub_impl(long x, long y) { return x - y * 5; }

PVT_THUNK(op_add, add_impl, "");
PVT_THUNK(op_sub, sub_impl, "rcx, r11");

extern long op_add(long, long) __pvcall_clobbers("rcx", "r11");
extern long op_sub(long, long) __pvcall_clobbers("rcx", "r11");

typedef long op_fn(long, long) __pvcall_clobbers("rcx", "r11");

struct ops {
  op_fn *f;
  op_fn *g[2];
};
struct ops pv_ops = { op_add, { op_add, op_sub } };

static inline long call_f(long x, long y) { return pv_ops.f(x, y); }

static inline void set_f(int sub)
{
  pv_ops.f = sub ? op_sub : op_add;
}

static __attribute__((noinline)) void flip_f(void)
{
  pv_ops.f = pv_ops.f == op_add ? op_sub : op_add;
}

#define N 48

static __attribute__((noinline)) void
run_pv(long *out)
{
  PVT_LIVE20(3);
  pv_ops.f = op_add;
  out[0] = pv_ops.f(v0, v1);
  pv_ops.f = op_sub;
  out[1] = pv_ops.f(v2, v3);
  set_f(0);
  out[2] = call_f(v4, v5);
  set_f(1);
  out[3] = call_f(v6, v7);
  flip_f();
  out[4] = pv_ops.f(v8, v9);
  flip_f();
  out[5] = call_f(v10, v11);
  out[6] = 0;
  for (int i = 0; i < 6; i++) {
    set_f(i & 1);
    out[6] = out[6] * 3 + call_f(v12 + i, v13);
  }
  for (int i = 0; i < 2; i++)
    out[7 + i] = pv_ops.g[i](v14, v15);
  pv_ops.g[0] = op_sub;
  out[9] = pv_ops.g[0](v16, v17);
  pv_ops.g[0] = op_add;
  pv_ops.f = op_add;
  out[10] = out[11] = 0;
  PVT_SINK20(out + 12);
}

static __attribute__((noinline)) void
run_ref(long *out)
{
  PVT_LIVE20(3);
  out[0] = add_impl(v0, v1);
  out[1] = sub_impl(v2, v3);
  out[2] = add_impl(v4, v5);
  out[3] = sub_impl(v6, v7);
  out[4] = add_impl(v8, v9);
  out[5] = sub_impl(v10, v11);
  out[6] = 0;
  for (int i = 0; i < 6; i++)
    out[6] = out[6] * 3 + ((i & 1) ? sub_impl : add_impl)(v12 + i, v13);
  out[7] = add_impl(v14, v15);
  out[8] = sub_impl(v14, v15);
  out[9] = sub_impl(v16, v17);
  out[10] = out[11] = 0;
  PVT_SINK20(out + 12);
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 32);
  return pvt_finish("slot-reread");
}
