/* pv calls in tail position ("return ops.op(x);"), for results in rax,
   rax:rdx and void, with and without declared clobbers.  The contract says
   such a call never becomes a sibling call; either way the functions
   around it must work, and their callers (which see them as plain
   functions, or through IPA-RA as clobbering little) keep their values.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

long last;

PVT_IMPL long f1_impl(long x) { return x * 3 - 7; }
PVT_IMPL long f6_impl(long a, long b, long c, long d, long e, long f)
{ return a - b + c - d + e - f * 2; }
PVT_IMPL unsigned __int128 f128_impl(long x) { return (unsigned __int128) x * x; }
PVT_IMPL void fv_impl(long x) { last = x; }

PVT_THUNK(f1, f1_impl, "");
PVT_THUNK(f1c, f1_impl, "rcx, r11");
PVT_THUNK(f6, f6_impl, "");
PVT_THUNK_I128(f128, f128_impl, "");
PVT_THUNK_VOID(fv, fv_impl, "");

extern long f1(long) __pvcall;
extern long f1c(long) __pvcall_clobbers("rcx", "r11");
extern long f6(long, long, long, long, long, long) __pvcall;
extern unsigned __int128 f128(long) __pvcall;
extern void fv(long) __pvcall;

struct tops {
  long (*f1)(long) __pvcall;
  long (*f1c)(long) __pvcall_clobbers("rcx", "r11");
  long (*f6)(long, long, long, long, long, long) __pvcall;
  unsigned __int128 (*f128)(long) __pvcall;
  void (*fv)(long) __pvcall;
};
struct tops ops = { f1, f1c, f6, f128, fv };

/* Tail calls with the ops struct (ops.op) and through a pointer.  */
__attribute__((noinline)) long t1(long x) { return ops.f1(x); }
__attribute__((noinline)) long t1c(long x) { return ops.f1c(x + 1); }
__attribute__((noinline)) long t6(long a, long b, long c, long d, long e, long f)
{ return ops.f6(f, e, d, c, b, a); }	/* permuted: not a plain jump */
__attribute__((noinline)) long t6same(long a, long b, long c, long d, long e, long f)
{ return ops.f6(a, b, c, d, e, f); }	/* same arguments */
__attribute__((noinline)) unsigned __int128 t128(long x) { return ops.f128(x); }
__attribute__((noinline)) void tv(long x) { ops.fv(x); }
__attribute__((noinline)) long tp(struct tops *o, long x) { return o->f1(x); }
/* Direct call to the annotated declaration, in tail position.  */
__attribute__((noinline)) long td(long x) { return f1(x ^ 5); }
/* Tail position on one path only.  */
__attribute__((noinline)) long tcond(long x)
{
  if (x & 1)
    return ops.f1(x);
  return ops.f1c(x) + 1;
}

/* Callers with many live values around calls to the tail-calling
   functions.  */
#define N 48
static __attribute__((noinline)) void
run(long *out, int pv)
{
  PVT_LIVE20(6);
  if (pv)
    {
      out[0] = t1(v0);
      out[1] = t1c(v1);
      out[2] = t6(v2, v3, v4, v5, v6, v7);
      out[3] = t6same(v8, v9, v10, v11, v12, v13);
      unsigned __int128 w = t128(v14);
      out[4] = (long) w;
      out[5] = (long) (w >> 64);
      tv(v15);
      out[6] = last;
      out[7] = tp(&ops, v16);
      out[8] = td(v17);
      out[9] = tcond(v18) + tcond(v18 + 1);
    }
  else
    {
      out[0] = f1_impl(v0);
      out[1] = f1_impl(v1 + 1);
      out[2] = f6_impl(v7, v6, v5, v4, v3, v2);
      out[3] = f6_impl(v8, v9, v10, v11, v12, v13);
      unsigned __int128 w = f128_impl(v14);
      out[4] = (long) w;
      out[5] = (long) (w >> 64);
      fv_impl(v15);
      out[6] = last;
      out[7] = f1_impl(v16);
      out[8] = f1_impl(v17 ^ 5);
      out[9] = ((v18 & 1) ? f1_impl(v18) : f1_impl(v18) + 1)
	       + (((v18 + 1) & 1) ? f1_impl(v18 + 1) : f1_impl(v18 + 1) + 1);
    }
  PVT_SINK20(out + 10);
}

int
main(void)
{
  long got[N], want[N];

  run(got, 1);
  last = 0;
  run(want, 0);
  PVT_CHECK_ARRAY(got, want, 30);
  return pvt_finish("tail-position");
}
