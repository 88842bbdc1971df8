/* Negative control.  The thunk here breaks the contract: it also trashes
   every caller-saved register the contract says it preserves.  With the
   plugin, the compiler keeps values in those registers across pv calls
   (that is the point of the plugin), so the corruption must show up and
   this program exits 0 only if it DID detect it.  If this test fails, the
   poisoning tests prove nothing for that option set.
   At -O0 nothing lives in registers across a call: skipped.
   Without the plugin (pvcall_plugin "none") the test is inverted: calls
   are plain, the liar only clobbers what any plain callee may, so nothing
   may be detected.  For the same reason there is no pvcall-compare-plain.
   Results go to globals and the code is straight-line, so a poisoned
   pointer or counter cannot crash or hang the program.  */
/* { dg-do run } */
/* { dg-skip-if "values only live in registers when optimizing" { *-*-* } { "-O0" } { "" } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long lie_impl(long a, long b) { return a * 3 + b; }
PVT_IMPL long lie6_impl(long a, long b, long c, long d, long e, long f)
{ return a + b + c + d + e + f; }

PVT_LYING_THUNK(lie, lie_impl, "");
PVT_LYING_THUNK(lie6, lie6_impl, "");

extern long lie(long, long) __pvcall;
extern long lie6(long, long, long, long, long, long) __pvcall;

struct lops {
  long (*lie)(long, long) __pvcall;
  long (*lie6)(long, long, long, long, long, long) __pvcall;
};
struct lops pv_lops = { lie, lie6 };

static long got[32], want[32];

static __attribute__((noinline)) void
run_liar(void)
{
  PVT_LIVE20(0);
  got[0] = pv_lops.lie(v0, v1);
  PVT_SINK20(got + 1);
}

static __attribute__((noinline)) void
run_ref(void)
{
  PVT_LIVE20(0);
  want[0] = lie_impl(v0, v1);
  PVT_SINK20(want + 1);
}

/* The arguments are used again: with the plugin they are known to be
   still in rdi..r9 after the call.  */
static __attribute__((noinline)) long
reuse(long a, long b, long c, long d, long e, long f)
{
  long r = pv_lops.lie6(a, b, c, d, e, f);
  return r ^ (a * 2 + b * 3 + c * 5 + d * 7 + e * 11 + f * 13);
}

/* Six values, as in the kernel: few enough to stay in caller-saved
   registers without any spill.  */
static __attribute__((noinline)) long
six(long a, long b, long c, long d, long e, long f)
{
  long x1 = a * 3, x2 = b ^ c, x3 = c + d, x4 = d * e, x5 = e - f, x6 = f * a;
  long r = lie(1, 2);
  return r + x1 + x2 * x3 + x4 * x5 + x6;
}

int
main(void)
{
  int bad = 0;
  long a = PVT_SEED(1), b = PVT_SEED(2), c = PVT_SEED(3);
  long d = PVT_SEED(4), e = PVT_SEED(5), f = PVT_SEED(6);

  run_liar();
  run_ref();
  for (int i = 0; i < 21; i++)
    bad += got[i] != want[i];
  pvt_puts("lying-control: live values corrupted: ");
  pvt_put_dec(bad);
  pvt_puts("\n");

  {
    long r = reuse(a, b, c, d, e, f);
    int hit = r != (lie6_impl(a, b, c, d, e, f)
		    ^ (a * 2 + b * 3 + c * 5 + d * 7 + e * 11 + f * 13));
    pvt_puts("lying-control: argument reuse corrupted: ");
    pvt_put_dec(hit);
    pvt_puts("\n");
    bad += hit;
  }
  {
    long r = six(a, b, c, d, e, f);
    int hit = r != (lie_impl(1, 2) + a * 3 + (b ^ c) * (c + d)
		    + (d * e) * (e - f) + f * a);
    pvt_puts("lying-control: six live values corrupted: ");
    pvt_put_dec(hit);
    pvt_puts("\n");
    bad += hit;
  }

#ifndef __PVCALL__
  if (bad != 0)
    {
      pvt_puts("FAIL: lying-control: plain calls corrupted by a valid callee\n");
      return 1;
    }
  pvt_puts("lying-control: no plugin, no corruption, as it must be\n");
  return 0;
#endif
  if (bad == 0)
    {
      pvt_puts("FAIL: lying-control: the lying thunk was NOT detected\n");
      return 1;
    }
  pvt_puts("lying-control: corruption detected, as it must be\n");
  return 0;
}
