/* No garbage collection between "ira" and "reload": ira hands reload data
   that is not a collection root, and GCC never collects there, so the
   plugin's pvcall_not_leaf, which runs between them, must not let it
   either.  Collecting at every opportunity (the two params) made reload
   crash with a segmentation fault in the first function with a pv call,
   in either register mode; a unit with 16,000 ops crashed that way with
   GCC's normal settings.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup -fno-asynchronous-unwind-tables --param ggc-min-expand=0 --param ggc-min-heapsize=0" } */

#include <pvcall.h>

struct pair { long a, b; };

struct ops {
	unsigned long (*pte_val)(unsigned long) __pvcall;
	void (*irq_disable)(void) __pvcall;
	long (*sum)(struct pair) __pvcall;	/* ABI form */
};
extern struct ops pv_ops;

unsigned long present(unsigned long pte)
{
	return pv_ops.pte_val(pte) & 1;
}

long off_and_sum(long a, long b)
{
	struct pair p = { a, b };

	pv_ops.irq_disable();
	return pv_ops.sum(p) + a * b;
}

/* { dg-final { scan-pvcall-sites 3 } } */
/* { dg-final { scan-assembler-function off_and_sum "\tcall\t__pvcall\\.s\\.pv_ops\\.16\\." } } */
