/* A register-agnostic site's stub saves only what is live after the site:
   the saves of registers the site's record calls dead are left out (the
   stub's name says which, ".dMASK").  Read back from the running program:
   for each site of a pvcall_inline op that may clobber every caller-saved
   register, the stub its call reaches pushes exactly the caller-saved
   registers other than the output and the dead ones; no stub pushes a
   dead register; and somewhere a save was indeed left out.  The thunks
   poison every register the op declares and every register the record
   calls dead, so a save left out wrongly corrupts a value that is
   checked against the same code calling plain function pointers.  */
/* { dg-do run } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long i2_impl(long a, long b) { return a * 0x10001 - b; }
PVT_IMPL long i1_impl(long a) { return a ^ 0x5a5a; }
PVT_IMPL void iv_impl(long a) { (void) a; }

#define ALL "rcx, rdx, rsi, rdi, r8, r9, r10, r11"
PVT_THUNK(i2_all, i2_impl, ALL);
PVT_THUNK(i1_all, i1_impl, ALL);
PVT_THUNK_VOID(iv_all, iv_impl, ALL);

#define ALL_REGS "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
struct iops {
  long (*i2)(long, long) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
  long (*i1)(long) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
  void (*iv)(long) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
};
extern long i2_all(long, long) __pvcall_clobbers(ALL_REGS);
extern long i1_all(long) __pvcall_clobbers(ALL_REGS);
extern void iv_all(long) __pvcall_clobbers(ALL_REGS);
struct iops pv_iops = { i2_all, i1_all, iv_all };

struct iref {
  long (*i2)(long, long);
  long (*i1)(long);
  void (*iv)(long);
};
struct iref ref_iops = { i2_impl, i1_impl, iv_impl };

/* Sites with many values live across them, and sites after which almost
   nothing is.  */
#define BODY(OPS, out)							\
  do {									\
    PVT_LIVE20(3);							\
    (out)[0] = OPS.i2(v0, v1) + v0 - v1;				\
    OPS.iv(v2);								\
    (out)[1] = OPS.i1(v3) * v4;						\
    PVT_SINK20((out) + 2);						\
    (out)[22] = OPS.i1(PVT_SEED(9));					\
    OPS.iv((out)[22]);							\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(pv_iops, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(ref_iops, out); }

static __attribute__((noinline)) long
tail_pv(long a)
{
  return pv_iops.i1(a);
}

#define N 23

/* Every register-agnostic site of this program against its stub; returns
   the number of sites whose stub left a save out.  */
static long
check_stubs(long *nsites)
{
  const struct pvcall_site *s;
  long dropped = 0;

  *nsites = 0;
  for (s = __start_pvcall_sites; s && s < __stop_pvcall_sites; s++)
    {
      const struct pvcall_class *c = pvcall_site_class (s);
      unsigned long pushed, frame, out, want;

      if (c->form != PVCALL_FORM_CALL_REL32_ANY)
	continue;
      ++*nsites;
      pvt_stub_pushes (pvt_call_target (s), &frame, &pushed);
      out = (c->regs & PVCALL_REGS_HAS_OUT)
	    ? 1UL << PVCALL_REGS_OUT (c->regs) : 0;
      /* The ops here may clobber every caller-saved register, so a stub
	 saves each one the site keeps.  */
      want = PVCALL_CALLER_SAVED & ~out & ~(unsigned long) c->dead;
      PVT_CHECK (pushed & c->dead, 0);
      PVT_CHECK (pushed, want);
      if (PVCALL_CALLER_SAVED & ~out & c->dead)
	dropped++;
    }
  return dropped;
}

int
main(void)
{
  long got[N] = { 0 }, want[N] = { 0 }, nsites;

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, N);
  PVT_CHECK(tail_pv(5), i1_impl(5));
  PVT_CHECK(check_stubs(&nsites) > 0, 1);
  PVT_CHECK(nsites == 6, 1);
  return pvt_finish("stub-dead-saves");
}
