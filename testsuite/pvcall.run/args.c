/* Zero to six integer/pointer arguments (rdi, rsi, rdx, rcx, r8, r9) and a
   result in rax, with twenty values live across every pv call.  Each
   implementation weights its arguments differently, so swapped or
   clobbered argument registers change the result.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long op0_impl(void) { return 0x600d0000; }
PVT_IMPL long op1_impl(long a) { return a * 3 + 1; }
PVT_IMPL long op2_impl(long a, long b) { return a * 5 - b; }
PVT_IMPL long op3_impl(long a, long b, long c) { return (a ^ b * 7) + c * 11; }
PVT_IMPL long op4_impl(long a, long b, long c, long d)
{ return a - b * 13 + (c ^ d * 17); }
PVT_IMPL long op5_impl(long a, long b, long c, long d, long e)
{ return a * 19 + b - c * 23 + (d ^ e * 29); }
PVT_IMPL long op6_impl(long a, const long *b, long c, long d, long e, long f)
{ return a - *b * 31 + c * 37 - (d ^ e * 41) + f * 43; }

PVT_THUNK(op0, op0_impl, "");
PVT_THUNK(op1, op1_impl, "");
PVT_THUNK(op2, op2_impl, "");
PVT_THUNK(op3, op3_impl, "");
PVT_THUNK(op4, op4_impl, "");
PVT_THUNK(op5, op5_impl, "");
PVT_THUNK(op6, op6_impl, "");

extern long op0(void) __pvcall;
extern long op1(long) __pvcall;
extern long op2(long, long) __pvcall;
extern long op3(long, long, long) __pvcall;
extern long op4(long, long, long, long) __pvcall;
extern long op5(long, long, long, long, long) __pvcall;
extern long op6(long, const long *, long, long, long, long) __pvcall;

struct ops {
  long (*op0)(void) __pvcall;
  long (*op1)(long) __pvcall;
  long (*op2)(long, long) __pvcall;
  long (*op3)(long, long, long) __pvcall;
  long (*op4)(long, long, long, long) __pvcall;
  long (*op5)(long, long, long, long, long) __pvcall;
  long (*op6)(long, const long *, long, long, long, long) __pvcall;
};

/* Global and writable, like the kernel's pv_ops, so the calls stay
   indirect unless LTO proves otherwise.  */
struct ops pv_ops = { op0, op1, op2, op3, op4, op5, op6 };

#define PV(f) pv_ops.f
#define REF(f) f##_impl

/* Results go to OUT[0..6], the live values to OUT[7..26].  */
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(0);							\
    long mem = v19 * 3;							\
    (out)[0] = C(op0)();						\
    (out)[1] = C(op1)(v0);						\
    (out)[2] = C(op2)(v1, v2);						\
    (out)[3] = C(op3)(v3, v4, v5);					\
    (out)[4] = C(op4)(v6, v7, v8, v9);					\
    (out)[5] = C(op5)(v10, v11, v12, v13, v14);				\
    (out)[6] = C(op6)(v15, &mem, v16, v17, v18, v19);			\
    PVT_SINK20((out) + 7);						\
  } while (0)

#define N 27

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

/* Each call on its own, with its arguments also used after the call.  */
static __attribute__((noinline)) long
one6(long a, long b, long c, long d, long e, long f)
{
  long m = b;
  long r = pv_ops.op6(a, &m, c, d, e, f);
  return r ^ (a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6);
}

int
main(void)
{
  long got[N], want[N];
  long mine[20], fresh[20];

  {
    /* main's own values must survive run_pv, which only makes pv calls
       (IPA-RA may use what run_pv clobbers).  */
    PVT_LIVE20(5);
    run_pv(got);
    PVT_SINK20(mine);
  }
  {
    PVT_LIVE20(5);
    PVT_SINK20(fresh);
  }
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, N);
  PVT_CHECK_ARRAY(mine, fresh, 20);

  {
    long m = PVT_SEED(2);
    long want6 = op6_impl(PVT_SEED(1), &m, PVT_SEED(3), PVT_SEED(4),
			  PVT_SEED(5), PVT_SEED(6))
		 ^ (PVT_SEED(1) + PVT_SEED(2) * 2 + PVT_SEED(3) * 3
		    + PVT_SEED(4) * 4 + PVT_SEED(5) * 5 + PVT_SEED(6) * 6);
    PVT_CHECK(one6(PVT_SEED(1), PVT_SEED(2), PVT_SEED(3), PVT_SEED(4),
		   PVT_SEED(5), PVT_SEED(6)), want6);
  }

  /* Direct calls to the annotated declarations too.  */
  PVT_CHECK(op0(), op0_impl());
  PVT_CHECK(op3(PVT_SEED(7), PVT_SEED(8), PVT_SEED(9)),
	    op3_impl(PVT_SEED(7), PVT_SEED(8), PVT_SEED(9)));
  return pvt_finish("args");
}
