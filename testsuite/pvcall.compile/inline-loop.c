/* The attribute survives inlining of wrappers, copies of the pointer into
   locals, ops->field() and loops: none of these functions needs a
   callee-saved register.  Only the call through the fixed slot
   pv_ops.irq_disable is a patch site: pv_opsp->irq_enable goes through a
   pointer read at run time, and walk() calls the copy it made before the
   loop, as its source says.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -fplugin-arg-pvcall-regs=abi" } */

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

/* { dg-final { scan-assembler-function-not wrapped "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function-not walk "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function-times wrapped "\tcall\t\\*" 1 } } */
/* { dg-final { scan-assembler-function-times wrapped "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\n" 1 } } */
/* { dg-final { scan-assembler-function-times walk "\tcall\t\\*" 1 } } */
/* { dg-final { scan-pvcall-sites 1 } } */
