/* -fPIC: the site is still the canonical direct call, to a stub that
   reaches the pv ops table through the GOT; live values still avoid
   callee-saved registers.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fPIC" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct ops pv_ops;

long keep5(long a, long b, long c, long d, long e)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d, x4 = d * e, x5 = e - a;

	pv_ops.irq_disable();
	return x1 + x2 * x3 + x4 * x5;
}

long tailpos(void)
{
	pv_ops.irq_disable();
	return 0;
}

/* { dg-final { scan-assembler-function-not keep5 "push\[a-z\]*\[ \t\]+%r(bx|bp|12|13|14|15)" } } */
/* { dg-final { scan-assembler-function-not keep5 "\tjmp" } } */
/* { dg-final { scan-assembler-function-not tailpos "\tjmp" } } */
/* { dg-final { scan-assembler-function-times keep5 "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\\.g\n" 1 } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.0.001.g "\tmovq pv_ops@GOTPCREL\\(%rip\\), %rax\n\tjmp \\*0\\(%rax\\)\n\tint3" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
