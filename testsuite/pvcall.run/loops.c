/* pv calls inside loops: loop counters, bounds, pointers and accumulators
   stay in registers the contract preserves (and the declared clobbers
   do not), across many iterations and nested loops.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long step_impl(long x) { return x * 6364136223846793005l + 1442695040888963407l; }
PVT_IMPL long mix_impl(long a, long b, long c) { return (a ^ (b >> 3)) + c; }
PVT_IMPL void tick_impl(void) { }

PVT_THUNK(step, step_impl, "");
PVT_THUNK(mix, mix_impl, "r11");
PVT_THUNK_VOID(tick, tick_impl, "rcx, rdx");

struct lops {
  long (*step)(long) __pvcall;
  long (*mix)(long, long, long) __pvcall_clobbers("r11");
  void (*tick)(void) __pvcall_clobbers("rcx", "rdx");
};
extern long step(long) __pvcall;
extern long mix(long, long, long) __pvcall_clobbers("r11");
extern void tick(void) __pvcall_clobbers("rcx", "rdx");
struct lops pv_lops = { step, mix, tick };

#define PV(f) pv_lops.f
#define REF(f) f##_impl

#define N 64
#define BODY(C, out, n)							\
  do {									\
    PVT_LIVE20(3);							\
    long a_ = 0, b_ = v0, c_ = v1;					\
    long arr_[16];							\
    for (long i_ = 0; i_ < (n); i_++)					\
      {									\
	a_ += C(step)(b_ + i_);						\
	b_ = C(mix)(a_, b_, i_);					\
	c_ ^= a_ + v2 * i_;						\
	arr_[i_ & 15] = c_;						\
	C(tick)();							\
      }									\
    /* Nested, with a data-dependent inner trip count.  */		\
    for (long i_ = 0; i_ < 5; i_++)					\
      for (long j_ = 0; j_ < ((v3 >> i_) & 7); j_++)			\
	{								\
	  c_ += C(mix)(i_, j_, c_);					\
	  arr_[(i_ + j_) & 15] ^= C(step)(j_);				\
	}								\
    /* A do-while ending on the pv call's result.  */			\
    long k_ = 0;							\
    do									\
      k_++;								\
    while ((C(step)(k_ + v4) & 7) != 0 && k_ < 100);			\
    (out)[0] = a_; (out)[1] = b_; (out)[2] = c_; (out)[3] = k_;	\
    for (int m_ = 0; m_ < 16; m_++)					\
      (out)[4 + m_] = arr_[m_];						\
    PVT_SINK20((out) + 20);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out, long n) { BODY(PV, out, n); }
static __attribute__((noinline)) void run_ref(long *out, long n) { BODY(REF, out, n); }

/* The classic: sum over an array through a pv op, with the pointer, the
   end and the sum all live across each call.  */
static __attribute__((noinline)) long
sum_pv(const long *p, long n)
{
  long s = 0;
  for (const long *e = p + n; p < e; p++)
    s += pv_lops.step(*p) ^ *p;
  return s;
}

int
main(void)
{
  long got[N], want[N];
  long arr[32], s = 0;

  for (int i = 0; i < 32; i++)
    {
      arr[i] = PVT_SEED(i) * (i + 1);
      s += step_impl(arr[i]) ^ arr[i];
    }
  PVT_CHECK(sum_pv(arr, 32), s);

  run_pv(got, 16 + (PVT_SEED(16) & 15));
  run_ref(want, 16 + (PVT_SEED(16) & 15));
  PVT_CHECK_ARRAY(got, want, 40);
  return pvt_finish("loops");
}
