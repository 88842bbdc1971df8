/* Ops implemented in plain C, both routes: a function built with
   no_caller_saved_registers (the documented default: it saves what it
   uses), and an ordinary function behind PVCALL_THUNK, which saves
   exactly what the op's clobber list does not allow.  Each function
   trashes every caller-saved register the plain ABI lets it trash, and
   the caller keeps twenty values live across the calls.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/thunk.h>

/* What an ordinary C function may do to the caller-saved registers.  */
#define TRASH_CALLER_SAVED()						\
  __asm__ volatile ("movq $-0x21524111, %%rax\n\t"			\
		    "movq %%rax, %%rcx\n\tmovq %%rax, %%rdx\n\t"		\
		    "movq %%rax, %%rsi\n\tmovq %%rax, %%rdi\n\t"		\
		    "movq %%rax, %%r8\n\tmovq %%rax, %%r9\n\t"		\
		    "movq %%rax, %%r10\n\tmovq %%rax, %%r11"			\
		    : : : "rax", "rcx", "rdx", "rsi", "rdi", "r8",		\
		    "r9", "r10", "r11", "cc", "memory")

static volatile long seen;

/* Built with the general registers only, as an op must be.  */
__attribute__((no_caller_saved_registers, target("general-regs-only"),
	       noinline))
long __pvcall ncsr_op(long a, long b)
{
  long r = a * 7 + b;
  /* Trash what it may use: GCC saves and restores each of these.  */
  __asm__ volatile ("movq %0, %%rcx\n\tmovq %0, %%rdx\n\tmovq %0, %%rsi\n\t"
		    "movq %0, %%rdi\n\tmovq %0, %%r8\n\tmovq %0, %%r9\n\t"
		    "movq %0, %%r10\n\tmovq %0, %%r11"
		    : "+r" (r) : : "rcx", "rdx", "rsi", "rdi", "r8",
		    "r9", "r10", "r11");
  seen = r;
  return r;
}

/* Ordinary functions, no attribute: the thunks make them ops.  */
__attribute__((noinline, visibility("hidden"))) long
plain_impl(long a, long b)
{
  long r;

  seen = a;
  TRASH_CALLER_SAVED();
  r = a * 11 - b;
  return r;
}

__attribute__((noinline, visibility("hidden"))) long
plain_rcx_impl(long a)
{
  TRASH_CALLER_SAVED();
  return a ^ 0x5a5a;
}

PVCALL_THUNK(plain_thunk, plain_impl, "");
PVCALL_THUNK(plain_rcx_thunk, plain_rcx_impl, "rcx, r11");
extern long plain_thunk(long, long) __pvcall;
extern long plain_rcx_thunk(long) __pvcall_clobbers("rcx", "r11");

struct ops {
  long (*ncsr)(long, long) __pvcall;
  long (*plain)(long, long) __pvcall;
  long (*plain_rcx)(long) __pvcall_clobbers("rcx", "r11");
};
struct ops pv_ops = { ncsr_op, plain_thunk, plain_rcx_thunk };

#define N 48
#define BODY(out, NCSR, PLAIN, PLAINRCX)				\
  do {									\
    PVT_LIVE20(6);							\
    (out)[0] = NCSR(v0, v1);						\
    (out)[1] = PLAIN(v2, v3);						\
    (out)[2] = PLAINRCX(v4);						\
    (out)[3] = NCSR(v5, PLAIN(v6, v7));					\
    PVT_SINK20((out) + 4);						\
  } while (0)

static __attribute__((noinline)) void
run_pv(long *out)
{
  BODY(out, pv_ops.ncsr, pv_ops.plain, pv_ops.plain_rcx);
}

#define REF_NCSR(a, b) ((a) * 7 + (b))
#define REF_PLAIN(a, b) ((a) * 11 - (b))
#define REF_RCX(a) ((a) ^ 0x5a5a)

static __attribute__((noinline)) void
run_ref(long *out)
{
  BODY(out, REF_NCSR, REF_PLAIN, REF_RCX);
}

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 24);
  return pvt_finish("thunk");
}
