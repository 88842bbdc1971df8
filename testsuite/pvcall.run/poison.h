/* SPDX-License-Identifier: MIT */
/*
 * poison.h - poisoning thunks for the pvcall execution tests.
 *
 * A pv call is only correct if the compiler assumes no more than the
 * contract promises.  The compiler cannot be trusted to tell us what it
 * assumed, so every pv call in these tests goes to an assembler thunk that
 * is as hostile as the contract allows:
 *
 *  - on entry it checks the stack alignment the ABI promises to a callee
 *    ((%rsp + 8) % 16 == 0; only % 8 under PVT_KERNEL_FLAGS, whose
 *    -mpreferred-stack-boundary=3 promises no more) and counts violations
 *    in pvt_misaligned;
 *  - it finds the record of the site it returns to (pvt_site_dead) and
 *    poisons that site's dead registers as well: the plugin claims the
 *    caller never reads them again;
 *  - it saves every general register the contract says survives the call,
 *    realigns the stack and calls a plain C implementation, so the tests
 *    can compute the expected result with ordinary calls to the same code;
 *  - after restoring, it poisons everything it is still allowed to change:
 *    rax for a void return, each register named in the declared clobber
 *    list (distinct constants, so a miscompile is easy to read in gdb), the
 *    flags (DF stays clear as the ABI requires), the 120 bytes below its
 *    own stack pointer (the caller's red zone apart from the return
 *    address: a call always ends the red zone's life) and xmm0-xmm15.
 *
 * So a value the compiler wrongly keeps in a clobbered register, or a red
 * zone slot a "leaf" function wrongly keeps across the call, comes back as
 * poison and the test's comparison against the plain computation fails.
 *
 * PVT_LYING_THUNK additionally trashes the registers the contract says are
 * preserved.  It exists only for the negative control (lying-control.c),
 * which proves that the poisoning is actually observable.
 *
 * Usage, at file scope:
 *
 *	PVT_IMPL long add2_impl(long a, long b) { return a + b; }
 *	PVT_THUNK(add2, add2_impl, "");
 *	extern long add2(long, long) __pvcall;
 *
 *	PVT_THUNK(add2c, add2_impl, "rcx, r11");
 *	extern long add2c(long, long) __pvcall_clobbers("rcx", "r11");
 *
 * PVT_THUNK is for results in rax (or no result that anybody reads),
 * PVT_THUNK_VOID poisons rax as well, PVT_THUNK_I128 is for a two-register
 * (rax:rdx) result, PVT_THUNK_I96 for one whose second eightbyte holds
 * only 4 bytes (a 12-byte struct), and PVT_THUNK_NARROW(name, impl, BITS,
 * clobbers) for a result of 8 to 32 bits (_Bool is 8, a 3-byte struct
 * 24): the bits of rdx or rax above the result are poisoned, as the ABI
 * leaves them undefined.  The clobber list is a string of 64-bit register
 * names separated by commas; it must name exactly the registers given to
 * __pvcall_clobbers for the same function, except that a PVT_THUNK_I128
 * or PVT_THUNK_I96 list leaves out rdx, which carries part of its
 * result.
 *
 * Everything is emitted from top-level asm so the same code works at -O0,
 * with -fPIC, with -no-pie and with -flto (top-level asm keeps its order
 * and the implementations are marked used, so LTO does not drop them).
 *
 * Output goes through the raw write system call with our own number
 * formatting: under PVT_KERNEL_FLAGS the stack may be only 8-byte aligned
 * and -mskip-rax-setup breaks variadic calls, so printf is out.  Tests
 * report through PVT_CHECK and end with "return pvt_finish(name);".
 */
#ifndef PVT_POISON_H
#define PVT_POISON_H

#include <pvcall.h>
#include <pvcall/site.h>

#ifdef PVT_KERNEL_FLAGS
/* -mpreferred-stack-boundary=3: only 8-byte alignment is promised.  */
#define PVT_ALIGN_MASK	"7"
#define PVT_ALIGN_WANT	"0"
#else
#define PVT_ALIGN_MASK	"15"
#define PVT_ALIGN_WANT	"8"
#endif

/* An implementation behind a thunk.  It is only referenced from asm, so it
   must be kept (used) under its own name (hidden, not cloned); noipa also
   keeps the reference computation from being folded away.  */
#define PVT_IMPL __attribute__((used, noipa, visibility("hidden")))

/* Counters maintained by the thunks, defined in the asm below.  */
extern volatile unsigned long pvt_misaligned __attribute__((visibility("hidden")));
extern volatile unsigned long pvt_calls __attribute__((visibility("hidden")));

#ifdef PVT_SITE_DEAD_EXTERN
/* Linked in from its own object (see site-dead.h).  */
extern unsigned long pvt_site_dead(const unsigned char *ret,
				   const unsigned char *const *stack)
  __attribute__((visibility("hidden")));
#else
#include "site-dead.h"
#endif

__asm__(
"	.pushsection .bss\n"
"	.p2align 3\n"
"	.globl	pvt_misaligned\n"
"	.hidden	pvt_misaligned\n"
"	.type	pvt_misaligned, @object\n"
"	.size	pvt_misaligned, 8\n"
"pvt_misaligned:\n"
"	.zero	8\n"
"	.globl	pvt_calls\n"
"	.hidden	pvt_calls\n"
"	.type	pvt_calls, @object\n"
"	.size	pvt_calls, 8\n"
"pvt_calls:\n"
"	.zero	8\n"
"	.popsection\n"
/* -DPVT_LIE_ALL makes every thunk a liar: a mutation test for the tests
   themselves (each one should then fail when optimizing, with the
   plugin), not something the suite runs.  */
#ifdef PVT_LIE_ALL
"	.set	pvt_lie_all, 1\n"
#else
"	.set	pvt_lie_all, 0\n"
#endif
/* Distinct poison per register, so a wrong value says where it came from.  */
"	.set	pvt_poison_rax, 0xbad0bad0bad000a0\n"
"	.set	pvt_poison_rcx, 0xbad0bad0bad000c1\n"
"	.set	pvt_poison_rdx, 0xbad0bad0bad000d2\n"
"	.set	pvt_poison_rsi, 0xbad0bad0bad0005e\n"
"	.set	pvt_poison_rdi, 0xbad0bad0bad000d1\n"
"	.set	pvt_poison_r8,  0xbad0bad0bad00008\n"
"	.set	pvt_poison_r9,  0xbad0bad0bad00009\n"
"	.set	pvt_poison_r10, 0xbad0bad0bad00010\n"
"	.set	pvt_poison_r11, 0xbad0bad0bad00011\n"
/* Register bits of the site records (hardware numbering).  */
"	.set	pvt_bit_rax, 0x001\n"
"	.set	pvt_bit_rcx, 0x002\n"
"	.set	pvt_bit_rdx, 0x004\n"
"	.set	pvt_bit_rsi, 0x040\n"
"	.set	pvt_bit_rdi, 0x080\n"
"	.set	pvt_bit_r8,  0x100\n"
"	.set	pvt_bit_r9,  0x200\n"
"	.set	pvt_bit_r10, 0x400\n"
"	.set	pvt_bit_r11, 0x800\n"
/* pvt_thunk NAME, IMPL, RET, LYING, EXPORT, CLOBBERS...
   RET: 0 = void (rax is poisoned), 1 = rax, 2 = rax:rdx, 3 = rax:edx
   (the upper half of rdx is poisoned), 8 to 32 = a value of that many
   bits in rax (the rest of rax is poisoned).
   LYING: 1 = also trash the registers the contract says are preserved.
   EXPORT: 1 = default visibility (a shared library's thunk), else hidden.
   IMPL must be hidden either way: it is called without the PLT.  */
"	.macro	pvt_thunk name, impl, ret, lying, export, clobbers:vararg\n"
"	.pushsection .text\n"
"	.p2align 4\n"
"	.globl	\\name\n"
"	.if !\\export\n"
"	.hidden	\\name\n"
"	.endif\n"
"	.type	\\name, @function\n"
"\\name:\n"
"	.cfi_startproc\n"
/* rax is never an input (no variadic pv calls), so it is free here.  */
"	movq	%rsp, %rax\n"
"	andl	$" PVT_ALIGN_MASK ", %eax\n"
"	cmpl	$" PVT_ALIGN_WANT ", %eax\n"
"	je	1f\n"
"	lock incq pvt_misaligned(%rip)\n"
"1:\n"
"	lock incq pvt_calls(%rip)\n"
"	pushq	%rbp\n"
"	.cfi_def_cfa_offset 16\n"
"	.cfi_offset %rbp, -16\n"
"	movq	%rsp, %rbp\n"
"	.cfi_def_cfa_register %rbp\n"
/* -8(%rbp): the dead-register mask of the calling site.  */
"	pushq	$0\n"
/* Everything a plain C call may clobber, except rax: the argument
   registers, which the contract preserves, and rdx, which is also an
   argument register when it carries a two-register result.  */
"	pushq	%rcx\n"
"	pushq	%rsi\n"
"	pushq	%rdi\n"
"	pushq	%r8\n"
"	pushq	%r9\n"
"	pushq	%r10\n"
"	pushq	%r11\n"
"	pushq	%rdx\n"
"	andq	$-16, %rsp\n"
/* Which registers are dead after the site we return to, from its record;
   that call clobbers the argument registers, so reload them.  */
"	movq	8(%rbp), %rdi\n"
"	leaq	16(%rbp), %rsi\n"
"	call	pvt_site_dead\n"
"	movq	%rax, -8(%rbp)\n"
"	movq	-16(%rbp), %rcx\n"
"	movq	-24(%rbp), %rsi\n"
"	movq	-32(%rbp), %rdi\n"
"	movq	-40(%rbp), %r8\n"
"	movq	-48(%rbp), %r9\n"
"	movq	-56(%rbp), %r10\n"
"	movq	-64(%rbp), %r11\n"
"	movq	-72(%rbp), %rdx\n"
"	call	\\impl\n"
"	.if \\ret != 2 && \\ret != 3\n"
"	leaq	-72(%rbp), %rsp\n"
"	popq	%rdx\n"
"	.else\n"
"	leaq	-64(%rbp), %rsp\n"
"	.endif\n"
"	popq	%r11\n"
"	popq	%r10\n"
"	popq	%r9\n"
"	popq	%r8\n"
"	popq	%rdi\n"
"	popq	%rsi\n"
"	popq	%rcx\n"
/* The site's dead registers: the caller promised not to read them.  */
"	.irp	r, rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11\n"
"	testl	$pvt_bit_\\r, (%rsp)\n"
"	jz	1f\n"
"	movabsq	$pvt_poison_\\r, %\\r\n"
"1:\n"
"	.endr\n"
"	leaq	8(%rsp), %rsp\n"
"	popq	%rbp\n"
"	.cfi_def_cfa %rsp, 8\n"
/* A narrow result (RET 8 to 32 bits): the bits above it are not part
   of it, so they get poison (the caller extends; _Bool's bits 1-7, which
   the ABI says are zero, are kept).  rcx is saved below the return
   address, in the area the red zone poisoning trashes anyway.  */
"	.if \\ret >= 8\n"
"	pushq	%rcx\n"
"	.cfi_adjust_cfa_offset 8\n"
"	movabsq	$pvt_poison_rax, %rcx\n"
"	shlq	$\\ret, %rcx\n"
"	.if \\ret == 32\n"
"	movl	%eax, %eax\n"
"	.else\n"
"	andl	$((1 << \\ret) - 1), %eax\n"
"	.endif\n"
"	orq	%rcx, %rax\n"
"	popq	%rcx\n"
"	.cfi_adjust_cfa_offset -8\n"
"	.endif\n"
/* A two-register result whose second eightbyte holds 4 bytes (a 12-byte
   struct): the upper half of rdx is not part of it.  */
"	.if \\ret == 3\n"
"	pushq	%rcx\n"
"	.cfi_adjust_cfa_offset 8\n"
"	movabsq	$pvt_poison_rdx, %rcx\n"
"	shlq	$32, %rcx\n"
"	movl	%edx, %edx\n"
"	orq	%rcx, %rdx\n"
"	popq	%rcx\n"
"	.cfi_adjust_cfa_offset -8\n"
"	.endif\n"
/* Now poison whatever the contract allows.  */
"	.if \\ret == 0\n"
"	movabsq	$pvt_poison_rax, %rax\n"
"	.endif\n"
"	.irp	r, \\clobbers\n"
"	.ifnb	\\r\n"
"	movabsq	$pvt_poison_\\r, %\\r\n"
"	.endif\n"
"	.endr\n"
"	.if \\lying | pvt_lie_all\n"
"	.irp	r, rcx, rsi, rdi, r8, r9, r10, r11\n"
"	movabsq	$pvt_poison_\\r, %\\r\n"
"	.endr\n"
"	.if \\ret != 2 && \\ret != 3\n"
"	movabsq	$pvt_poison_rdx, %rdx\n"
"	.endif\n"
"	.endif\n"
/* CF PF AF ZF SF OF set, DF clear.  This uses the stack below %rsp, so it
   comes before the red zone poisoning.  */
"	pushq	$0x8d5\n"
"	popfq\n"
"	.irp	off, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120\n"
"	movq	$-0x21524111, -\\off(%rsp)\n"
"	.endr\n"
"	.irp	x, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
"	pcmpeqd	%xmm\\x, %xmm\\x\n"
"	.endr\n"
"	ret\n"
"	.cfi_endproc\n"
"	.size	\\name, . - \\name\n"
"	.popsection\n"
"	.endm\n"
);

#define PVT_THUNK_GEN(name, impl, ret, lying, export, clobbers)		\
  __asm__("\tpvt_thunk " #name ", " #impl ", " #ret ", " #lying ", "	\
	  #export ", " clobbers "\n")

#define PVT_THUNK(name, impl, clobbers)		PVT_THUNK_GEN(name, impl, 1, 0, 0, clobbers)
#define PVT_THUNK_VOID(name, impl, clobbers)	PVT_THUNK_GEN(name, impl, 0, 0, 0, clobbers)
#define PVT_THUNK_I128(name, impl, clobbers)	PVT_THUNK_GEN(name, impl, 2, 0, 0, clobbers)
#define PVT_THUNK_I96(name, impl, clobbers)	PVT_THUNK_GEN(name, impl, 3, 0, 0, clobbers)
#define PVT_THUNK_NARROW(name, impl, bits, clobbers)	PVT_THUNK_GEN(name, impl, bits, 0, 0, clobbers)
#define PVT_LYING_THUNK(name, impl, clobbers)	PVT_THUNK_GEN(name, impl, 1, 1, 0, clobbers)
/* Exported from a shared library (see shlib/ and dg-shlib).  */
#define PVT_EXPORTED_THUNK(name, impl, clobbers)	PVT_THUNK_GEN(name, impl, 1, 0, 1, clobbers)

/* ---- Output, without libc.  ---- */

static inline long
pvt_write(int fd, const void *buf, unsigned long len)
{
  long ret;
  __asm__ volatile ("syscall"
		    : "=a" (ret)
		    : "0" (1L), "D" ((long) fd), "S" (buf), "d" (len)
		    : "rcx", "r11", "memory");
  return ret;
}

static __attribute__((noinline, unused)) void
pvt_puts(const char *s)
{
  unsigned long n = 0;
  while (s[n])
    n++;
  pvt_write(1, s, n);
}

static __attribute__((noinline, unused)) void
pvt_put_dec(long v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  unsigned long u = v < 0 ? -(unsigned long) v : (unsigned long) v;
  do
    *--p = '0' + u % 10;
  while (u /= 10);
  if (v < 0)
    *--p = '-';
  pvt_write(1, p, buf + sizeof buf - p);
}

static __attribute__((noinline, unused)) void
pvt_put_hex(unsigned long v)
{
  char buf[18];
  int i;
  buf[0] = '0';
  buf[1] = 'x';
  for (i = 0; i < 16; i++)
    buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  pvt_write(1, buf, sizeof buf);
}

/* ---- Checking.  ---- */

static unsigned long pvt_nchecks, pvt_nfails, pvt_hash = 0xcbf29ce484222325ul;

/* Every checked value goes into a hash that is printed at the end, so the
   plugin-free build (pvcall-compare-plain) sees every result too.  */
static __attribute__((noinline, unused)) void
pvt_check(int line, unsigned long got, unsigned long want)
{
  pvt_nchecks++;
  pvt_hash = (pvt_hash ^ got) * 0x100000001b3ul;
  if (got != want)
    {
      pvt_nfails++;
      pvt_puts("FAIL: line ");
      pvt_put_dec(line);
      pvt_puts(": got ");
      pvt_put_hex(got);
      pvt_puts(", want ");
      pvt_put_hex(want);
      pvt_puts("\n");
    }
}

#define PVT_CHECK(got, want) \
  pvt_check(__LINE__, (unsigned long) (got), (unsigned long) (want))

/* Check both halves of a 128-bit value.  */
#define PVT_CHECK128(got, want)						\
  do {									\
    unsigned __int128 g_ = (got), w_ = (want);				\
    pvt_check(__LINE__, (unsigned long) g_, (unsigned long) w_);		\
    pvt_check(__LINE__, (unsigned long) (g_ >> 64),			\
	      (unsigned long) (w_ >> 64));					\
  } while (0)

/* Compare two arrays of N longs element by element.  */
#define PVT_CHECK_ARRAY(got, want, n)					\
  do {									\
    int i_;								\
    for (i_ = 0; i_ < (n); i_++)					\
      pvt_check(__LINE__ * 1000 + i_, (unsigned long) (got)[i_],	\
		(unsigned long) (want)[i_]);				\
  } while (0)

/* Print the summary line and return main's exit status.  The line is the
   same with and without the plugin when the program is correct.  */
static __attribute__((noinline, unused)) int
pvt_finish(const char *name)
{
  unsigned long mis = pvt_misaligned;
  pvt_puts(name);
  pvt_puts(": checks ");
  pvt_put_dec(pvt_nchecks);
  pvt_puts(", fails ");
  pvt_put_dec(pvt_nfails);
  pvt_puts(", pv calls ");
  pvt_put_dec(pvt_calls);
  pvt_puts(", misaligned ");
  pvt_put_dec(mis);
  pvt_puts(", hash ");
  pvt_put_hex(pvt_hash);
  pvt_puts("\n");
  return pvt_nfails != 0 || mis != 0 || pvt_nchecks == 0;
}

/* ---- Live values.  ----
   Inputs come from a volatile array so every value is a separate load the
   compiler can neither fold nor rematerialize: it has to keep each one
   somewhere across the pv calls.  */

static volatile long pvt_seed[32] = {
  0x0123456789abcdefl, 0x1111111111111111l, 0x2222222222222222l,
  0x3333333333333333l, 0x4444444444444444l, 0x5555555555555555l,
  0x6666666666666666l, 0x7777777777777777l, 0x0102030405060708l,
  0x1020304050607080l, 0x7f7f7f7f7f7f7f7fl, 0x00ff00ff00ff00ffl,
  0x0f0f0f0f0f0f0f0fl, 0x1357924680acebdfl, 0x2468ace013579bdfl,
  0x0badc0ffee0ddf00l, 101, 202, 303, 404, 505, 606, 707, 808,
  909, 1010, 1111, 1212, 1313, 1414, 1515, 1616
};

#define PVT_SEED(i) (pvt_seed[(i) & 31])

/* Declare and load N (up to 20) live values v0..v19 from seed offset K.  */
#define PVT_LIVE20(k)							\
  long v0 = PVT_SEED((k) + 0), v1 = PVT_SEED((k) + 1);			\
  long v2 = PVT_SEED((k) + 2), v3 = PVT_SEED((k) + 3);			\
  long v4 = PVT_SEED((k) + 4), v5 = PVT_SEED((k) + 5);			\
  long v6 = PVT_SEED((k) + 6), v7 = PVT_SEED((k) + 7);			\
  long v8 = PVT_SEED((k) + 8), v9 = PVT_SEED((k) + 9);			\
  long v10 = PVT_SEED((k) + 10), v11 = PVT_SEED((k) + 11);		\
  long v12 = PVT_SEED((k) + 12), v13 = PVT_SEED((k) + 13);		\
  long v14 = PVT_SEED((k) + 14), v15 = PVT_SEED((k) + 15);		\
  long v16 = PVT_SEED((k) + 16), v17 = PVT_SEED((k) + 17);		\
  long v18 = PVT_SEED((k) + 18), v19 = PVT_SEED((k) + 19)

/* Store the 20 live values (each mixed with its index) into OUT[0..19].  */
#define PVT_SINK20(out)							\
  do {									\
    (out)[0] = v0; (out)[1] = v1 ^ 1; (out)[2] = v2 + 2;		\
    (out)[3] = v3 - 3; (out)[4] = v4 ^ 4; (out)[5] = v5 + 5;		\
    (out)[6] = v6 - 6; (out)[7] = v7 ^ 7; (out)[8] = v8 + 8;		\
    (out)[9] = v9 - 9; (out)[10] = v10 ^ 10; (out)[11] = v11 + 11;	\
    (out)[12] = v12 - 12; (out)[13] = v13 ^ 13; (out)[14] = v14 + 14;	\
    (out)[15] = v15 - 15; (out)[16] = v16 ^ 16; (out)[17] = v17 + 17;	\
    (out)[18] = v18 - 18; (out)[19] = v19 ^ 19;				\
  } while (0)

/* Fold all 20 live values into X (keeps them live up to this point).  */
#define PVT_FOLD20(x)							\
  ((x) + v0 - v1 + (v2 ^ v3) + v4 * 3 - v5 + (v6 ^ v7) + v8 - v9	\
   + (v10 ^ v11) + v12 * 5 - v13 + (v14 ^ v15) + v16 - v17 + (v18 ^ v19))

#endif /* PVT_POISON_H */
