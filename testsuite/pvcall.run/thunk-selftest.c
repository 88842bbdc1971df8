/* Self-test of the harness: call the poisoning thunks from inline asm with
   every general register set to a known value, and check that exactly the
   registers the contract allows come back changed (with the poison), that
   the rest survive, that the red zone below the call is poisoned and that
   a misaligned call is counted.  This does not depend on the plugin: it
   proves that the other tests can see a broken contract.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL long st_impl(long a, long b, long c, long d, long e, long f)
{
  return a + b + c + d + e + f;
}

PVT_IMPL unsigned __int128 st128_impl(long a)
{
  return ((unsigned __int128) a << 64) | (unsigned long) ~a;
}

PVT_THUNK(st_plain, st_impl, "");
PVT_THUNK(st_clob, st_impl, "rcx, r11");
PVT_THUNK_VOID(st_void, st_impl, "");
PVT_THUNK_I128(st_i128, st128_impl, "");
PVT_THUNK_I96(st_i96, st128_impl, "");
PVT_THUNK_NARROW(st_n16, st_impl, 16, "");
PVT_LYING_THUNK(st_liar, st_impl, "");

/* The thunks poison every SSE register; without SSE (kernel flags) the
   compiler cannot keep anything there and refuses the names.  */
#ifdef __SSE__
#define PVT_SSE_CLOBBERS ,						\
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",	\
  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
#else
#define PVT_SSE_CLOBBERS
#endif

#define POISON(r) (0xbad0bad0bad00000ul | (r))

/* Registers in the order saved below: rax rcx rdx rsi rdi r8 r9 r10 r11,
   then the flags and 15 quadwords of red zone.  */
enum { RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11, NREG };
struct state { unsigned long reg[NREG]; unsigned long flags; unsigned long rz[15]; };

/* Load rdi..r9 and rcx/rdx/r10/r11 with (i + 1) * 0x1111, call THUNK
   (with %rsp + 8 aligned as the ABI wants, or deliberately off by 8 when
   MISALIGN), then store every register, the flags and the red zone that
   the thunk may have poisoned: the 120 bytes below the return address,
   which the caller's red zone no longer holds after a call.  Uses no red
   zone itself (it moves %rsp down by 128 first) and keeps the state
   pointer in callee-saved rbx.  */
#define CALL_THUNK(thunk, s, misalign)					\
  __asm__ volatile (							\
    "movq %%rsp, %%r12\n\t"						\
    "subq $128, %%rsp\n\t"						\
    "andq $-16, %%rsp\n\t"						\
    ".if " #misalign "\n\t"						\
    "subq $8, %%rsp\n\t"						\
    ".endif\n\t"							\
    "movq $0x1111, %%rdi\n\t"						\
    "movq $0x2222, %%rsi\n\t"						\
    "movq $0x3333, %%rdx\n\t"						\
    "movq $0x4444, %%rcx\n\t"						\
    "movq $0x5555, %%r8\n\t"						\
    "movq $0x6666, %%r9\n\t"						\
    "movq $0x7777, %%r10\n\t"						\
    "movq $0x8888, %%r11\n\t"						\
    "movq $0x9999, %%rax\n\t"						\
    "call " #thunk "\n\t"						\
    "movq %%rax, 0(%%rbx)\n\t"						\
    "movq %%rcx, 8(%%rbx)\n\t"						\
    "movq %%rdx, 16(%%rbx)\n\t"						\
    "movq %%rsi, 24(%%rbx)\n\t"						\
    "movq %%rdi, 32(%%rbx)\n\t"						\
    "movq %%r8, 40(%%rbx)\n\t"						\
    "movq %%r9, 48(%%rbx)\n\t"						\
    "movq %%r10, 56(%%rbx)\n\t"						\
    "movq %%r11, 64(%%rbx)\n\t"						\
    "pushfq\n\t"							\
    "popq %%rax\n\t"							\
    "movq %%rax, 72(%%rbx)\n\t"						\
    "leaq -128(%%rsp), %%rdx\n\t"					\
    "movq $0, %%rcx\n"							\
    "1:\n\t"								\
    "movq (%%rdx,%%rcx,8), %%rax\n\t"					\
    "movq %%rax, 80(%%rbx,%%rcx,8)\n\t"				\
    "addq $1, %%rcx\n\t"						\
    "cmpq $15, %%rcx\n\t"						\
    "jne 1b\n\t"							\
    "movq %%r12, %%rsp\n\t"						\
    : : "b" (s)								\
    : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",	\
      "r12", "memory", "cc" PVT_SSE_CLOBBERS)

static void
check_regs(int line, const struct state *s, unsigned long rax,
	   const unsigned long *want)
{
  int i;
  pvt_check(line, s->reg[RAX], rax);
  for (i = 1; i < NREG; i++)
    pvt_check(line * 100 + i, s->reg[i], want[i]);
}

int
main(void)
{
  static struct state s;
  /* What each register held before the call, by the enum order.  */
  static const unsigned long in[NREG] = {
    0x9999, 0x4444, 0x3333, 0x2222, 0x1111, 0x5555, 0x6666, 0x7777, 0x8888
  };
  unsigned long want[NREG];
  unsigned long sum = 0x1111 + 0x2222 + 0x3333 + 0x4444 + 0x5555 + 0x6666;
  unsigned long before;
  int i;

  /* Plain contract: only rax changes, to the result.  */
  CALL_THUNK(st_plain, &s, 0);
  check_regs(__LINE__, &s, sum, in);
  /* CF PF AF ZF SF OF as set by the thunk; TF and DF clear.  */
  PVT_CHECK(s.flags & 0xdd5, 0x8d5);
  for (i = 0; i < 15; i++)
    PVT_CHECK(s.rz[i], 0xffffffffdeadbeeful);

  /* Declared clobbers come back poisoned.  */
  CALL_THUNK(st_clob, &s, 0);
  for (i = 0; i < NREG; i++)
    want[i] = in[i];
  want[RCX] = POISON(0xc1);
  want[R11] = POISON(0x11);
  check_regs(__LINE__, &s, sum, want);

  /* Void: rax poisoned, rdx kept.  */
  CALL_THUNK(st_void, &s, 0);
  check_regs(__LINE__, &s, POISON(0xa0), in);

  /* Two-register result: rax and rdx are the result.  */
  CALL_THUNK(st_i128, &s, 0);
  for (i = 0; i < NREG; i++)
    want[i] = in[i];
  want[RDX] = 0x1111;
  check_regs(__LINE__, &s, ~0x1111ul, want);

  /* A 12-byte result: the upper half of rdx is not part of it.  */
  CALL_THUNK(st_i96, &s, 0);
  want[RDX] = POISON(0xd2) << 32 | 0x1111;
  check_regs(__LINE__, &s, ~0x1111ul, want);

  /* A 16-bit result: neither are the bits of rax above it.  */
  CALL_THUNK(st_n16, &s, 0);
  check_regs(__LINE__, &s, POISON(0xa0) << 16 | (sum & 0xffff), in);

  /* The liar trashes everything but rax.  */
  CALL_THUNK(st_liar, &s, 0);
  want[RCX] = POISON(0xc1);
  want[RDX] = POISON(0xd2);
  want[RSI] = POISON(0x5e);
  want[RDI] = POISON(0xd1);
  want[R8] = POISON(0x08);
  want[R9] = POISON(0x09);
  want[R10] = POISON(0x10);
  want[R11] = POISON(0x11);
  check_regs(__LINE__, &s, sum, want);

  /* A misaligned call is counted (and then forgiven, so that pvt_finish
     only reports misalignment caused by compiled code).  Under
     PVT_KERNEL_FLAGS only 8-byte alignment is checked, so it is not.  */
  before = pvt_misaligned;
  CALL_THUNK(st_plain, &s, 1);
#ifdef PVT_KERNEL_FLAGS
  PVT_CHECK(pvt_misaligned - before, 0);
#else
  PVT_CHECK(pvt_misaligned - before, 1);
#endif
  pvt_misaligned = before;
  check_regs(__LINE__, &s, sum, in);

  PVT_CHECK(pvt_calls, 8);
  return pvt_finish("thunk-selftest");
}
