/* __pvcall_inline under -fplugin-arg-pvcall-regs=abi: the marked ops get
   register-agnostic sites anyway, and an op that may clobber every
   caller-saved register costs its caller no spill: the values live
   across it stay in rcx, rdx, rsi, r8 and r9 and the function pushes
   nothing, while the unmarked op of the same type keeps the ABI form and
   its clobbers.  The op key carries the saved set (.pfc6), so the stub
   is never confused with that of an op that clobbers rax alone.  A stub
   saves all eight registers besides the output, less those dead after
   its site (".dMASK").  In a no_caller_saved_registers function only
   what its prologue saves counts as dead: there the operand registers
   rdi and rsi, so that stub saves the other seven (.d0c0).  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup -fno-asynchronous-unwind-tables -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

#define ALL "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"

struct ops {
	void (*set_pte)(unsigned long *, unsigned long) __pvcall_clobbers(ALL)
		__pvcall_inline;
	unsigned long (*read_cr3)(void) __pvcall_clobbers(ALL) __pvcall_inline;
	void (*flush)(unsigned long *, unsigned long) __pvcall_clobbers(ALL);
};
extern struct ops pv_ops;

unsigned long store_two(unsigned long *p, unsigned long a, unsigned long b,
			unsigned long c, unsigned long d)
{
	pv_ops.set_pte(p, a);
	pv_ops.set_pte(p + 1, b);
	return a * b + c * d;
}

__attribute__((no_caller_saved_registers)) void store_one(unsigned long *p,
							 unsigned long a)
{
	pv_ops.set_pte(p, a);
}

unsigned long cr3_plus(unsigned long a, unsigned long b, unsigned long c)
{
	return pv_ops.read_cr3() + a * b + c;
}

void flush_two(unsigned long *p, unsigned long a)
{
	pv_ops.flush(p, a);
	pv_ops.flush(p, a);
}

/* { dg-final { scan-pvcall-sites 6 } } */
/* { dg-final { scan-assembler-function store_two "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\.001\\.pfc6\\.de01\\.v\\.rdi\\.rsi\n" } } */
/* { dg-final { scan-assembler-function-not store_two "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function-not store_two "%rsp" } } */
/* { dg-final { scan-assembler-function-not cr3_plus "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function cr3_plus "\tcall\t__pvcall\\.r\\.pv_ops\\.8\\.001\\.pfc6\\.d\[0-9a-f\]\{3\}\\.r\[a-z0-9\]+\n" } } */
/* The unmarked op: ABI registers through the __pvcall.s stub, and its
   caller saves what it needs across the first call.  */
/* { dg-final { scan-assembler-function flush_two "\tcall\t__pvcall\\.s\\.pv_ops\\.16\\.fc7\n" } } */
/* { dg-final { scan-assembler-function flush_two "\tpush" } } */
/* { dg-final { scan-assembler-function store_one "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\.001\\.pfc6\\.d0c0\\.v\\.rdi\\.rsi\n" } } */
/* The set_pte stub with its operands already in rdi and rsi moves
   nothing, and saves everything else the op may clobber; at store_two's
   first site rax, r9, r10 and r11 are dead (.de01), so that stub saves
   only the other five.  */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.pfc6.de01.v.rdi.rsi "^\tpushq %rcx\n\tpushq %rdx\n\tpushq %rsi\n\tpushq %rdi\n\tpushq %r8\n\tcall \\*pv_ops\\+0\\(%rip\\)\n\tpopq %r8\n\tpopq %rdi\n\tpopq %rsi\n\tpopq %rdx\n\tpopq %rcx\n\tret\n\tint3$" } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.pfc6.d0c0.v.rdi.rsi "^\tpushq %rax\n\tpushq %rcx\n\tpushq %rdx\n\tpushq %r8\n\tpushq %r9\n\tpushq %r10\n\tpushq %r11\n\tcall \\*pv_ops\\+0\\(%rip\\)\n\tpopq %r11\n\tpopq %r10\n\tpopq %r9\n\tpopq %r8\n\tpopq %rdx\n\tpopq %rcx\n\tpopq %rax\n\tret\n\tint3$" } } */
