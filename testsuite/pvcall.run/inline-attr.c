/* __pvcall_inline: an op that may clobber every caller-saved register,
   or some of them, gets register-agnostic sites that clobber only their
   output (the stubs save the rest), in every option set, ABI registers
   included.  The thunks poison every register the op declares, so a
   value the caller keeps in one of them across a site comes back wrong
   unless the stub saved it; ten values and the arguments stay live
   across each call.  A void op, a two-argument store-like op and a
   one-register result are covered, and an op with a struct argument,
   which cannot be register-agnostic, keeps the ABI form and its declared
   clobbers.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

struct pair { long a, b; };

PVT_IMPL long i2_impl(long a, long b) { return a * 0x10001 - b; }
PVT_IMPL long i1_impl(long a) { return a ^ 0x5a5a; }
PVT_IMPL void iv_impl(long a) { (void) a; }
PVT_IMPL long ip_impl(struct pair p) { return p.a * 3 + p.b; }

#define ALL "rcx, rdx, rsi, rdi, r8, r9, r10, r11"
PVT_THUNK(i2_all, i2_impl, ALL);
PVT_THUNK(i1_some, i1_impl, "rdi, rsi, r8, r11");
PVT_THUNK_VOID(iv_all, iv_impl, ALL);
PVT_THUNK(ip_all, ip_impl, ALL);

#define ALL_REGS "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
struct iops {
  long (*i2)(long, long) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
  long (*i1)(long) __pvcall_clobbers("rdi", "rsi", "r8", "r11") __pvcall_inline;
  void (*iv)(long) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
  long (*ip)(struct pair) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
};
extern long i2_all(long, long) __pvcall_clobbers(ALL_REGS);
extern long i1_some(long) __pvcall_clobbers("rdi", "rsi", "r8", "r11");
extern void iv_all(long) __pvcall_clobbers(ALL_REGS);
extern long ip_all(struct pair) __pvcall_clobbers(ALL_REGS);
struct iops pv_iops = { i2_all, i1_some, iv_all, ip_all };

struct iref {
  long (*i2)(long, long);
  long (*i1)(long);
  void (*iv)(long);
  long (*ip)(struct pair);
};
struct iref ref_iops = { i2_impl, i1_impl, iv_impl, ip_impl };

#define N 64
#define BODY(OPS, out)							\
  do {									\
    PVT_LIVE20(20);							\
    struct pair p_ = { v12, v13 };					\
    (out)[0] = OPS.i2(v0, v1) + v0 - v1;	/* args reused */	\
    (out)[1] = OPS.i1(v2) + v2;						\
    OPS.iv(v3);								\
    (out)[2] = v3 + v4;							\
    (out)[3] = OPS.ip(p_) + v12 - v13;					\
    for (long i_ = 0; i_ < 8; i_++)					\
      {									\
	(out)[4] += OPS.i2(i_, v5) ^ OPS.i1(v6 + i_);			\
	OPS.iv(i_ + v7);						\
	(out)[5] -= OPS.i1(i_) + v8 + i_;				\
      }									\
    PVT_SINK20((out) + 8);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(pv_iops, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(ref_iops, out); }

int
main(void)
{
  long got[N] = { 0 }, want[N] = { 0 };

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 28);
  return pvt_finish("inline-attr");
}
