/* With Linux's x86-64 kernel flags, six values live across a pv call stay
   in caller-saved registers: no push, no pop, no spill.  The same function
   through a plain pointer must save them in callee-saved registers.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

struct pv_irq_ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct pv_irq_ops pv_ops;
extern void (*plain_irq_disable)(void);

long keep6(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	pv_ops.irq_disable();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

long keep6_plain(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	plain_irq_disable();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

/* { dg-final { scan-assembler-function-not keep6 "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function-not keep6 "\\(%rsp\\)" } } */
/* { dg-final { scan-assembler-function-times keep6 "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\n" 1 } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.0.001 "\tjmp \\*pv_ops\\+0\\(%rip\\)\n\tint3" } } */
/* { dg-final { scan-pvcall-sites 1 } } */
/* { dg-final { scan-assembler-function keep6_plain "push" } } */
/* { dg-final { scan-assembler-function keep6_plain "pop" } } */
