/* -mcmodel=large makes GCC call even a stub through a register, so no
   call is lowered to a site: calls stay indirect, with their contract,
   and nothing refers to a stub that is never emitted.  */
/* { dg-do compile } */
/* { dg-options "-O2 -mcmodel=large" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct ops pv_ops;

long keep(long a, long b)
{
	pv_ops.irq_disable();
	return a * b;
}

/* { dg-final { scan-pvcall-sites 0 } } */
/* { dg-final { scan-assembler-not "__pvcall\\.s\\." } } */
/* { dg-final { scan-assembler-function-not keep "\t(push|pop)" } } */
