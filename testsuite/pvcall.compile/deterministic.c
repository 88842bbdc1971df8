/* Kernel builds must be reproducible: compiling the same source twice
   gives byte-identical objects, site records, stubs, classes and op
   descriptors included.  */
/* { dg-do compile } */
/* { dg-options "-O2 -g" } */

#include <pvcall.h>

struct ops {
	unsigned long (*save_fl)(void) __pvcall;
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall_clobbers("rcx", "r11");
	unsigned long (*make_pte)(unsigned long) __pvcall;
	void (*set_pte)(unsigned long *, unsigned long) __pvcall;
};
extern struct ops pv_ops;
static struct ops local_ops;
extern void native_halt(void) __pvcall;

void set_ptes(unsigned long *p, unsigned long v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		pv_ops.set_pte(p + i, pv_ops.make_pte(v + i));
}

unsigned long irq_dance(unsigned long x)
{
	unsigned long fl = pv_ops.save_fl();

	pv_ops.irq_disable();
	x = x * 7 + fl;
	local_ops.irq_disable();
	if (fl & 0x200)
		pv_ops.irq_enable();
	native_halt();
	return x;
}

/* { dg-final { pvcall-deterministic } } */
