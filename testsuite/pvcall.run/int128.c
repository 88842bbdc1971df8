/* Two-register results (unsigned __int128 in rax:rdx): rax and rdx are
   the result, every other general register survives, including the
   argument registers.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

typedef unsigned __int128 u128;

PVT_IMPL u128 wide0_impl(void)
{
  return ((u128) 0x0123456789abcdefull << 64) | 0xfedcba9876543210ull;
}
PVT_IMPL u128 mul_impl(unsigned long a, unsigned long b)
{
  return (u128) a * b;
}
PVT_IMPL u128 wide6_impl(long a, long b, long c, long d, long e, long f)
{
  return ((u128) (a ^ c ^ e) << 64) | (unsigned long) (b + d * 3 + f * 5);
}
PVT_IMPL __int128 neg_impl(long a) { return -(__int128) a * 1000003; }

PVT_THUNK_I128(wide0, wide0_impl, "");
PVT_THUNK_I128(mul, mul_impl, "");
PVT_THUNK_I128(wide6, wide6_impl, "");
PVT_THUNK_I128(neg, neg_impl, "rcx");

extern u128 wide0(void) __pvcall;
extern u128 mul(unsigned long, unsigned long) __pvcall;
extern u128 wide6(long, long, long, long, long, long) __pvcall;
extern __int128 neg(long) __pvcall_clobbers("rcx");

struct wops {
  u128 (*wide0)(void) __pvcall;
  u128 (*mul)(unsigned long, unsigned long) __pvcall;
  u128 (*wide6)(long, long, long, long, long, long) __pvcall;
  __int128 (*neg)(long) __pvcall_clobbers("rcx");
};
struct wops pv_wops = { wide0, mul, wide6, neg };

#define PV(f) pv_wops.f
#define REF(f) f##_impl

#define N 40
#define LO(x) ((long) (x))
#define HI(x) ((long) ((u128) (x) >> 64))
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(2);							\
    u128 r0 = C(wide0)();						\
    u128 r1 = C(mul)(v0, v1);						\
    u128 r2 = C(wide6)(v2, v3, v4, v5, v6, v7);				\
    __int128 r3 = C(neg)(v8);						\
    /* Accumulate through the 128-bit values, with live values around.  */ \
    u128 acc = r0;							\
    for (int i_ = 0; i_ < 3; i_++)					\
      acc += C(mul)(v9 + i_, v10) ^ r1;					\
    (out)[0] = LO(r0); (out)[1] = HI(r0);				\
    (out)[2] = LO(r1); (out)[3] = HI(r1);				\
    (out)[4] = LO(r2); (out)[5] = HI(r2);				\
    (out)[6] = LO(r3); (out)[7] = HI(r3);				\
    (out)[8] = LO(acc); (out)[9] = HI(acc);				\
    PVT_SINK20((out) + 10);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

/* Arguments used again after the call: they are still in rdi..r9.  */
static __attribute__((noinline)) u128
reuse(long a, long b, long c, long d, long e, long f)
{
  u128 r = pv_wops.wide6(a, b, c, d, e, f);
  return r + (u128) (a * b + c * d + e * f);
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 30);
  PVT_CHECK128(reuse(PVT_SEED(1), PVT_SEED(2), PVT_SEED(3), PVT_SEED(4),
		     PVT_SEED(5), PVT_SEED(6)),
	       wide6_impl(PVT_SEED(1), PVT_SEED(2), PVT_SEED(3), PVT_SEED(4),
			  PVT_SEED(5), PVT_SEED(6))
	       + (u128) (PVT_SEED(1) * PVT_SEED(2) + PVT_SEED(3) * PVT_SEED(4)
			 + PVT_SEED(5) * PVT_SEED(6)));
  PVT_CHECK128(mul(~0ul, ~0ul), (u128) ~0ul * ~0ul);
  return pvt_finish("int128");
}
