/* The attribute survives inlining of wrappers, copies of the pointer into
   locals, ops->field() and loops: none of these functions needs a
   callee-saved register.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup" } */

#include <pvcall.h>

struct pv_ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*pte_val)(unsigned long) __pvcall;
};
extern struct pv_ops pv_ops;
extern struct pv_ops *pv_opsp;

static inline void local_irq_disable(void) { pv_ops.irq_disable(); }
static inline void local_irq_enable(void) { pv_opsp->irq_enable(); }

long wrapped(long a, long b, long c, long d, long e)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d, x4 = d * e, x5 = e - a;

	local_irq_disable();
	x1 += x2;
	local_irq_enable();
	return x1 + x2 * x3 + x4 * x5;
}

unsigned long walk(const unsigned long *ptes, long n, unsigned long mask)
{
	typeof(pv_ops.pte_val) pte_val = pv_ops.pte_val;
	unsigned long sum = 0, or = 0;
	long i;

	for (i = 0; i < n; i++) {
		unsigned long v = pte_val(ptes[i]);

		sum += v & mask;
		or |= v;
	}
	return sum ^ or;
}

/* { dg-final { scan-assembler-function-not wrapped "push|pop" } } */
/* { dg-final { scan-assembler-function-not walk "push|pop" } } */
/* { dg-final { scan-assembler-function-times wrapped "call\[ \t\]+\\*" 2 } } */
