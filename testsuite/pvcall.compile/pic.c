/* -fPIC: the pv ops table is reached through the GOT; the call is still
   a call, and live values still avoid callee-saved registers.  */
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
/* { dg-final { scan-assembler-not "jmp\[ \t\]+\\*" } } */
/* { dg-final { scan-assembler "call\[ \t\]+\\*" } } */
