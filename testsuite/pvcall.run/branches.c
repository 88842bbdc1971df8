/* pv calls on some paths only: if/else, switch, conditional expressions,
   short-circuit operators and early returns.  Values live on every path
   must survive whichever calls were made.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long p_impl(long x) { return x * 2 + 1; }
PVT_IMPL long q_impl(long x, long y) { return x ^ (y << 1); }
PVT_IMPL long z_impl(long x) { return x == 0; }

PVT_THUNK(p, p_impl, "");
PVT_THUNK(q, q_impl, "rcx, r11");
PVT_THUNK(z, z_impl, "rdx, rsi");

struct bops {
  long (*p)(long) __pvcall;
  long (*q)(long, long) __pvcall_clobbers("rcx", "r11");
  long (*z)(long) __pvcall_clobbers("rdx", "rsi");
};
extern long p(long) __pvcall;
extern long q(long, long) __pvcall_clobbers("rcx", "r11");
extern long z(long) __pvcall_clobbers("rdx", "rsi");
struct bops pv_bops = { p, q, z };

#define PV(f) pv_bops.f
#define REF(f) f##_impl

#define N 48
#define BODY(C, out, sel)						\
  do {									\
    PVT_LIVE20(9);							\
    long r_ = 0;							\
    if ((sel) & 1)							\
      r_ = C(p)(v0);							\
    else if ((sel) & 2)							\
      r_ = C(q)(v1, v2);						\
    (out)[0] = r_;							\
    switch ((sel) % 5)							\
      {									\
      case 0: r_ += C(p)(v3); break;					\
      case 1: r_ -= C(q)(v4, v5); /* fall through */			\
      case 2: r_ ^= C(p)(v6); break;					\
      case 3: break;							\
      default: r_ = C(z)(r_ & 1) ? r_ : C(p)(r_);			\
      }									\
    (out)[1] = r_;							\
    (out)[2] = ((sel) & 4) ? C(p)(v7) : v8;				\
    (out)[3] = ((sel) & 8) && C(z)((sel) & 16);				\
    (out)[4] = ((sel) & 32) || C(q)(v9, v10) > 0;			\
    if ((sel) & 64)							\
      {									\
	PVT_SINK20((out) + 5);						\
	(out)[25] = -1;							\
	break;								\
      }									\
    (out)[25] = C(p)(v11);						\
    PVT_SINK20((out) + 5);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out, long sel) { BODY(PV, out, sel); }
static __attribute__((noinline)) void run_ref(long *out, long sel) { BODY(REF, out, sel); }

int
main(void)
{
  long got[N], want[N];

  /* Every combination of the selector bits.  */
  for (long sel = 0; sel < 128; sel++)
    {
      long s = sel ^ (PVT_SEED(16) & 0);	/* not a constant */
      run_pv(got, s);
      run_ref(want, s);
      PVT_CHECK_ARRAY(got, want, 26);
    }
  return pvt_finish("branches");
}
