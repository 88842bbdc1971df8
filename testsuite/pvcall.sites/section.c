/* -fplugin-arg-pvcall-section=NAME puts the records in section NAME;
   classes and op descriptors stay where they are.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fplugin-arg-pvcall-section=my_sites" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
};
extern struct ops pv_ops;

void f(void)
{
	pv_ops.irq_disable();
	pv_ops.irq_enable();
}

/* { dg-final { scan-pvcall-sites 2 my_sites } } */
/* { dg-final { scan-assembler-not "pvcall_sites" } } */
