/* -fplugin-arg-pvcall-verbose: each patch site gets a note with its op,
   its clobbers and the registers dead after it; a pv call that is not a
   patch site says why.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fplugin-arg-pvcall-verbose -mgeneral-regs-only" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	unsigned long (*pte_val)(unsigned long) __pvcall_clobbers("r11");
};
extern struct ops pv_ops;
extern struct ops *ops_ptr;
extern void native_halt(void) __pvcall;

/* x and y are live across the call, in rdi and rsi: everything else
   caller-saved is dead after it.  */
long live2(long x, long y)
{
	pv_ops.irq_disable();	/* { dg-message "pv call through 'pv_ops.irq_disable' may clobber only rax, flags; dead after the call: rax, rcx, rdx, r8, r9, r10, r11" } */
	return x * y + x;
}

unsigned long last(unsigned long v)
{
	return pv_ops.pte_val(v) + 1;	/* { dg-message "pv call through 'pv_ops.pte_val' may clobber only rax, r11, flags; dead after the call: rcx, rdx, rsi, rdi, r8, r9, r10, r11" } */
}

void direct(void)
{
	native_halt();		/* { dg-message "pv call through 'native_halt' may clobber only rax, flags; dead after the call" } */
}

void through_pointer(void)
{
	ops_ptr->irq_disable();	/* { dg-message "pv call through '\[^'\]*irq_disable' may clobber only rax, flags; not a patch site: the pointer is not read from a fixed slot at the call" } */
}
