/* -fplugin-arg-pvcall-verbose notes each pv call with what it goes
   through and what it may clobber.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fplugin-arg-pvcall-verbose" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall_clobbers("rcx", "r11");
	unsigned __int128 (*wide)(long) __pvcall;
};
extern struct ops pv_ops;
extern void (*plain)(void);

unsigned long f(void)
{
	plain();
	pv_ops.irq_disable();		/* { dg-message "pv call through 'pv_ops.irq_disable' may clobber only rax, flags" } */
	return pv_ops.save_fl();	/* { dg-message "pv call through 'pv_ops.save_fl' may clobber only rax, rcx, r11, flags" } */
}

unsigned __int128 g(long x)
{
	return pv_ops.wide(x);		/* { dg-message "may clobber only rax, rdx, flags" } */
}
