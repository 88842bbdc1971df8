/* Functions whose only calls are pv calls are still not leaf functions:
   a call ends the life of the red zone (the thunks poison the 120 bytes
   below the return address), so locals kept in memory across a pv call
   must live in a real stack frame.  Locals are volatile (forced to
   memory), escaped to the callee, or spilled under register pressure.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long r1_impl(long x) { return x + 0x1000; }
PVT_IMPL void rv_impl(void) { }
PVT_IMPL long rsum_impl(const long *p, long n)
{
  long s = 0;
  for (long i = 0; i < n; i++)
    s += p[i];
  return s;
}

PVT_THUNK(r1, r1_impl, "");
PVT_THUNK_VOID(rv, rv_impl, "rcx, rdx, rsi, rdi, r8, r9, r10, r11");
PVT_THUNK(rsum, rsum_impl, "");

struct rops {
  long (*r1)(long) __pvcall;
  void (*rv)(void)
    __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
  long (*rsum)(const long *, long) __pvcall;
};
extern long r1(long) __pvcall;
extern void rv(void)
  __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
extern long rsum(const long *, long) __pvcall;
struct rops pv_rops = { r1, rv, rsum };

/* Volatile locals: always in memory, small enough for the red zone.  */
static __attribute__((noinline)) long
vol(long x)
{
  volatile long buf[8];
  long s = 0;
  for (int i = 0; i < 8; i++)
    buf[i] = x + i;
  s = pv_rops.r1(x);
  for (int i = 0; i < 8; i++)
    s += buf[i] * (i + 1);
  return s;
}

/* Same with a void call that clobbers every caller-saved register, so
   nothing can be kept in registers either.  */
static __attribute__((noinline)) long
vol_void(long x)
{
  volatile long buf[12];
  long s = 0;
  for (int i = 0; i < 12; i++)
    buf[i] = x ^ i;
  pv_rops.rv();
  for (int i = 0; i < 12; i++)
    s += buf[i] << (i & 7);
  return s;
}

/* An escaped local array read by the callee, then reused.  */
static __attribute__((noinline)) long
escaped(long x)
{
  long arr[6] = { x, x + 1, x + 2, x + 3, x + 4, x + 5 };
  long s = pv_rops.rsum(arr, 6);
  arr[2] = s;
  return s + pv_rops.rsum(arr, 6);
}

/* Register pressure: 20 values over a single pv call forces spills.  */
static __attribute__((noinline)) long
spills(long x)
{
  PVT_LIVE20(12);
  long r = pv_rops.r1(x);
  return PVT_FOLD20(r);
}

static __attribute__((noinline)) long
spills_ref(long x)
{
  PVT_LIVE20(12);
  long r = r1_impl(x);
  return PVT_FOLD20(r);
}

int
main(void)
{
  long x = PVT_SEED(9);
  long want;

  want = r1_impl(x);
  for (int i = 0; i < 8; i++)
    want += (x + i) * (i + 1);
  PVT_CHECK(vol(x), want);

  want = 0;
  for (int i = 0; i < 12; i++)
    want += (x ^ i) << (i & 7);
  PVT_CHECK(vol_void(x), want);

  want = 6 * x + 15;
  want = want + (want - (x + 2) + 6 * x + 15);
  PVT_CHECK(escaped(x), want);

  PVT_CHECK(spills(x), spills_ref(x));
  return pvt_finish("redzone");
}
