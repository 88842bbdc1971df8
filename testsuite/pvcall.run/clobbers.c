/* Declared extra clobbers (__pvcall_clobbers): the listed registers come
   back poisoned, so the compiler must not keep anything in them, while
   the unlisted ones still survive.  Several sets, including argument
   registers (the arguments are used again after the call), every
   caller-saved register (the plain ABI), and a void op clobbering rdx.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long c2_impl(long a, long b) { return a * 0x10001 - b; }
PVT_IMPL long c6_impl(long a, long b, long c, long d, long e, long f)
{ return a ^ (b + c) ^ (d * e) ^ (f << 2); }
PVT_IMPL void cv_impl(long a) { (void) a; }

PVT_THUNK(c2_cx11, c2_impl, "rcx, r11");
PVT_THUNK(c2_args, c2_impl, "rdi, rsi, r8, r9, r10");
PVT_THUNK(c2_all, c2_impl, "rcx, rdx, rsi, rdi, r8, r9, r10, r11");
PVT_THUNK(c2_r11, c2_impl, "r11");
PVT_THUNK(c6_args, c6_impl, "rdi, rsi, rdx, rcx, r8, r9");
PVT_THUNK_VOID(cv_dx, cv_impl, "rdx");

struct cops {
  long (*cx11)(long, long) __pvcall_clobbers("rcx", "r11");
  long (*args)(long, long) __pvcall_clobbers("rdi", "rsi", "r8", "r9", "r10");
  long (*all)(long, long)
    __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
  long (*r11)(long, long) __pvcall_clobbers("r11");
  long (*a6)(long, long, long, long, long, long)
    __pvcall_clobbers("rdi", "rsi", "rdx", "rcx", "r8", "r9");
  void (*vdx)(long) __pvcall_clobbers("rdx");
};
extern long c2_cx11(long, long) __pvcall_clobbers("rcx", "r11");
extern long c2_args(long, long) __pvcall_clobbers("rdi", "rsi", "r8", "r9", "r10");
extern long c2_all(long, long)
  __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
extern long c2_r11(long, long) __pvcall_clobbers("r11");
extern long c6_args(long, long, long, long, long, long)
  __pvcall_clobbers("rdi", "rsi", "rdx", "rcx", "r8", "r9");
extern void cv_dx(long) __pvcall_clobbers("rdx");
struct cops pv_cops = { c2_cx11, c2_args, c2_all, c2_r11, c6_args, cv_dx };

struct cref {
  long (*cx11)(long, long);
  long (*args)(long, long);
  long (*all)(long, long);
  long (*r11)(long, long);
  long (*a6)(long, long, long, long, long, long);
  void (*vdx)(long);
};
struct cref ref_cops = { c2_impl, c2_impl, c2_impl, c2_impl, c6_impl, cv_impl };

#define N 64
#define BODY(OPS, out)							\
  do {									\
    PVT_LIVE20(10);							\
    long x_;								\
    (out)[0] = OPS.cx11(v0, v1);					\
    (out)[1] = OPS.args(v2, v3) + v2 * 5 + v3;	/* args reused */	\
    (out)[2] = OPS.all(v4, v5);						\
    (out)[3] = OPS.r11(v6, v7);						\
    x_ = OPS.a6(v8, v9, v10, v11, v12, v13);				\
    (out)[4] = x_ + v8 - v9 + v10 - v11 + v12 - v13;			\
    OPS.vdx(v14);							\
    (out)[5] = v14 + v15;						\
    for (long i_ = 0; i_ < 8; i_++)					\
      {									\
	(out)[6] += OPS.cx11(i_, v16) ^ OPS.args(v17, i_);		\
	OPS.vdx(i_);							\
	(out)[7] -= OPS.r11(i_, v18) + OPS.all(v19, i_);		\
      }									\
    PVT_SINK20((out) + 8);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(pv_cops, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(ref_cops, out); }

int
main(void)
{
  long got[N] = { 0 }, want[N] = { 0 };

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 28);
  return pvt_finish("clobbers");
}
