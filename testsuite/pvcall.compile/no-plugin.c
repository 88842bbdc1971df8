/* Without the plugin, <pvcall.h> is the off switch: the macros expand to
   nothing and the same source compiles to plain C calls.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -fplugin-none" } */

#include <pvcall.h>

#ifdef __PVCALL__
#error "__PVCALL__ defined without the plugin"
#endif

struct pv_irq_ops {
	void (*irq_disable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall_clobbers("rcx", "r11");
};
extern struct pv_irq_ops pv_ops;

long keep6(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	pv_ops.irq_disable();
	return x1 + x2 * x3 + x4 * x5 + x6 + pv_ops.save_fl();
}

/* { dg-final { scan-assembler-function keep6 "push" } } */
