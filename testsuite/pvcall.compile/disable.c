/* -fplugin-arg-pvcall-disable: the attribute and __PVCALL__ stay, so the
   source compiles unchanged, but calls are plain and clobber everything
   the normal ABI allows, so live values go to callee-saved registers.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -fplugin-arg-pvcall-disable" } */

#include <pvcall.h>

#ifndef __PVCALL__
#error "__PVCALL__ must stay defined under -fplugin-arg-pvcall-disable"
#endif

struct pv_irq_ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct pv_irq_ops pv_ops;

long keep6(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	pv_ops.irq_disable();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

/* { dg-final { scan-assembler-function keep6 "push" } } */
/* { dg-final { scan-pvcall-sites 0 } } */
/* { dg-final { scan-assembler-not "__pvcall\\.s\\." } } */
