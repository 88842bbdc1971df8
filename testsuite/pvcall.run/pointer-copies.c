/* The attribute lives in the function type, so it follows the pointer:
   typeof copies of an ops field, a local copy of the ops pointer, ops
   passed as an argument, an array of ops, a pointer loaded from volatile
   memory, ops->field() and ops.field() all make pv calls that must keep
   the contract.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long a_impl(long x, long y) { return x * 7 + y; }
PVT_IMPL long b_impl(long x, long y) { return x - y * 9; }

PVT_THUNK(opa, a_impl, "");
PVT_THUNK(opb, b_impl, "rcx, r11");
PVT_THUNK(opb2, b_impl, "rdi, rsi, r8, r9, r10");

extern long opa(long, long) __pvcall;
extern long opb(long, long) __pvcall_clobbers("rcx", "r11");
extern long opb2(long, long) __pvcall_clobbers("rdi", "rsi", "r8", "r9", "r10");

struct ops {
  long (*a)(long, long) __pvcall;
  long (*b)(long, long) __pvcall_clobbers("rcx", "r11");
  long (*b2)(long, long) __pvcall_clobbers("rdi", "rsi", "r8", "r9", "r10");
};
struct ops pv_ops = { opa, opb, opb2 };
struct ops pv_ops_array[3] = { { opa, opb, opb2 }, { opa, opb, opb2 },
			       { opa, opb, opb2 } };
struct ops *volatile pv_ops_ptr = &pv_ops;

typedef long pv_fn_t(long, long) __pvcall;

#define N 64

static __attribute__((noinline)) void
run_pv(long *out, struct ops *param)
{
  PVT_LIVE20(7);
  /* typeof copies.  */
  __typeof__(pv_ops.a) pa = pv_ops.a;
  __typeof__(pv_ops.b) pb = pv_ops.b;
  __typeof__(pv_ops.b2) pb2 = pv_ops.b2;
  /* Local copies of the ops pointer.  */
  struct ops *o = &pv_ops;
  struct ops *vo = pv_ops_ptr;
  struct ops copy = pv_ops;
  /* Typedef'd pointer.  */
  pv_fn_t *pt = pv_ops.a;

  out[0] = pa(v0, v1);
  out[1] = pb(v2, v3);
  out[2] = pb2(v4, v5);
  out[3] = o->a(v6, v7);
  out[4] = o->b(v8, v9);
  out[5] = vo->b2(v10, v11);
  out[6] = copy.a(v12, v13);
  out[7] = param->b(v14, v15);
  out[8] = pv_ops.b2(v16, v17);
  out[9] = pt(v18, v19);
  out[10] = 0;
  for (int i = 0; i < 3; i++)
    out[10] += pv_ops_array[i].a(i, v0) ^ (pv_ops_array + i)->b(v1, i);
  /* Pointer chosen at run time.  */
  __typeof__(pv_ops.a) sel = (v3 & 1) ? pv_ops.a : pv_ops_array[1].a;
  out[11] = sel(v4, v6);
  PVT_SINK20(out + 12);
}

static __attribute__((noinline)) void
run_ref(long *out)
{
  PVT_LIVE20(7);
  out[0] = a_impl(v0, v1);
  out[1] = b_impl(v2, v3);
  out[2] = b_impl(v4, v5);
  out[3] = a_impl(v6, v7);
  out[4] = b_impl(v8, v9);
  out[5] = b_impl(v10, v11);
  out[6] = a_impl(v12, v13);
  out[7] = b_impl(v14, v15);
  out[8] = b_impl(v16, v17);
  out[9] = a_impl(v18, v19);
  out[10] = 0;
  for (int i = 0; i < 3; i++)
    out[10] += a_impl(i, v0) ^ b_impl(v1, i);
  out[11] = a_impl(v4, v6);
  PVT_SINK20(out + 12);
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got, &pv_ops_array[2]);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 32);
  return pvt_finish("pointer-copies");
}
