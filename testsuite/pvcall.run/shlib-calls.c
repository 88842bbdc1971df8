/* pv calls to functions in a shared library, bound lazily: the first call
   through a PLT entry runs the dynamic linker's resolver, which is free to
   clobber what the plain ABI allows (it uses r10 and r11 at least), so a
   pv call must not go through a lazy PLT entry.  Direct calls are covered
   for every option set.  Calls through pointers are covered where the
   executable is PIC/PIE: in a non-PIC executable the address of a
   library function is its PLT entry, which no call site can avoid.  */
/* { dg-do run } */
/* { dg-shlib "shlib/plt-lib.c" } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

extern long sl1(long) __pvcall;
extern long sl3(long, long, long) __pvcall_clobbers("rcx");
extern long sl1_ref(long);
extern long sl3_ref(long, long, long);
extern unsigned long sl_misaligned(void);
extern unsigned long sl_calls(void);

struct slops {
  long (*sl1)(long) __pvcall;
  long (*sl3)(long, long, long) __pvcall_clobbers("rcx");
};
struct slops pv_slops = { sl1, sl3 };

#define N 48

/* Each function makes the first call to its op, so it is the one that
   goes through the resolver if anything does.  */
static __attribute__((noinline)) void
direct(long *out)
{
  PVT_LIVE20(17);
  out[0] = sl1(v0);
  out[1] = sl3(v1, v2, v3);
  out[2] = sl1(v4) + sl3(v5, v6, v7);
  PVT_SINK20(out + 3);
}

static __attribute__((noinline)) void
direct_ref(long *out)
{
  PVT_LIVE20(17);
  out[0] = sl1_ref(v0);
  out[1] = sl3_ref(v1, v2, v3);
  out[2] = sl1_ref(v4) + sl3_ref(v5, v6, v7);
  PVT_SINK20(out + 3);
}

#ifdef __PIC__
static __attribute__((noinline)) void
pointers(long *out)
{
  PVT_LIVE20(18);
  out[0] = pv_slops.sl1(v0);
  out[1] = pv_slops.sl3(v1, v2, v3);
  PVT_SINK20(out + 2);
}

static __attribute__((noinline)) void
pointers_ref(long *out)
{
  PVT_LIVE20(18);
  out[0] = sl1_ref(v0);
  out[1] = sl3_ref(v1, v2, v3);
  PVT_SINK20(out + 2);
}
#endif

int
main(void)
{
  long got[N], want[N];

  direct(got);
  direct_ref(want);
  PVT_CHECK_ARRAY(got, want, 23);
#ifdef __PIC__
  pointers(got);
  pointers_ref(want);
  PVT_CHECK_ARRAY(got, want, 22);
#endif
  PVT_CHECK(sl_misaligned(), 0);
  pvt_calls = sl_calls();	/* report the library's count */
  return pvt_finish("shlib-calls");
}
