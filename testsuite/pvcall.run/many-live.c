/* Far more live values than registers: 40 values and a few partial
   results live across a chain of pv calls, some values feeding the calls
   as arguments, others only used at the end.  Nested pv calls and plain
   calls are mixed in, so values move between preserved registers, the
   stack and callee-saved registers.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long h_impl(long a, long b, long c) { return (a * 131 + b) ^ c; }
PVT_IMPL long g_impl(long a) { return a >> 3 | a << 61; }

PVT_THUNK(h, h_impl, "");
PVT_THUNK(g, g_impl, "rcx, r11");
extern long h(long, long, long) __pvcall;
extern long g(long) __pvcall_clobbers("rcx", "r11");

struct mops {
  long (*h)(long, long, long) __pvcall;
  long (*g)(long) __pvcall_clobbers("rcx", "r11");
};
struct mops pv_mops = { h, g };

/* A plain (non-pv) function in between, defined elsewhere as far as the
   compiler knows at -O0..-O3 (noipa).  */
__attribute__((noipa)) long plain(long a, long b) { return a - b; }

#define PV(f) pv_mops.f
#define REF(f) f##_impl

#define N 80
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(11);							\
    long w0 = PVT_SEED(0) ^ 1, w1 = PVT_SEED(3) ^ 2, w2 = PVT_SEED(5) ^ 3; \
    long w3 = PVT_SEED(7) ^ 4, w4 = PVT_SEED(11) ^ 5, w5 = PVT_SEED(13) ^ 6; \
    long w6 = PVT_SEED(17) ^ 7, w7 = PVT_SEED(19) ^ 8, w8 = PVT_SEED(23) ^ 9; \
    long w9 = PVT_SEED(29) ^ 10, w10 = PVT_SEED(31) ^ 11, w11 = PVT_SEED(2) ^ 12; \
    long w12 = PVT_SEED(4) ^ 13, w13 = PVT_SEED(6) ^ 14, w14 = PVT_SEED(8) ^ 15; \
    long w15 = PVT_SEED(10) ^ 16, w16 = PVT_SEED(12) ^ 17, w17 = PVT_SEED(14) ^ 18; \
    long w18 = PVT_SEED(18) ^ 19, w19 = PVT_SEED(20) ^ 20;		\
    long r0 = C(h)(v0, w0, v1);						\
    long r1 = C(g)(r0 + w1);						\
    long r2 = C(h)(C(g)(v2), C(g)(w2), C(h)(v3, w3, r1));		\
    long r3 = plain(r2, w4) + C(g)(v4);					\
    long r4 = C(h)(r3, C(g)(w5 + v5), plain(w6, v6));			\
    long r5 = 0;							\
    for (int i_ = 0; i_ < 4; i_++)					\
      r5 += C(h)(r4 + i_, w7, v7) ^ C(g)(r5);				\
    (out)[0] = r0; (out)[1] = r1; (out)[2] = r2; (out)[3] = r3;	\
    (out)[4] = r4; (out)[5] = r5;					\
    (out)[6] = w0; (out)[7] = w1; (out)[8] = w2; (out)[9] = w3;	\
    (out)[10] = w4; (out)[11] = w5; (out)[12] = w6; (out)[13] = w7;	\
    (out)[14] = w8; (out)[15] = w9; (out)[16] = w10; (out)[17] = w11;	\
    (out)[18] = w12; (out)[19] = w13; (out)[20] = w14; (out)[21] = w15; \
    (out)[22] = w16; (out)[23] = w17; (out)[24] = w18; (out)[25] = w19; \
    (out)[26] = PVT_FOLD20(r5 ^ w8);					\
    PVT_SINK20((out) + 27);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 47);
  return pvt_finish("many-live");
}
