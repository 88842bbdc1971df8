/* pvcall-sites reads relocatable objects too: it lays the sections out
   and applies the relocations itself.  Every kind of site is here: calls
   through a global table (nested struct, array element, through &table),
   through a static table, a nested pv call as an argument, and a direct
   call to an annotated function.  Built with kernel flags, so the direct
   call stays a direct call.  */
/* { dg-do assemble } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup" } */

#include <pvcall.h>

struct mmu_ops {
	unsigned long (*make_pte)(unsigned long) __pvcall;
	void (*set_pte)(unsigned long *, unsigned long) __pvcall;
};
struct ops {
	void (*irq_disable)(void) __pvcall;
	struct mmu_ops mmu;
};
extern struct ops pv_ops;
typedef void pv_void_fn(void) __pvcall;
extern pv_void_fn *pv_array[4];
extern void native_halt(void) __pvcall;

__attribute__((no_caller_saved_registers))
static void __pvcall local_nop(void) { }
static struct ops local_ops;

void init_local(void)
{
	local_ops.irq_disable = local_nop;
}

void set_pte(unsigned long *p, unsigned long v)
{
	pv_ops.mmu.set_pte(p, pv_ops.mmu.make_pte(v));	/* 2 sites */
}

void misc(void)
{
	pv_ops.irq_disable();				/* 1 */
	(&pv_ops)->irq_disable();			/* 1 */
	pv_array[2]();					/* 1 */
	local_ops.irq_disable();			/* 1 */
	native_halt();					/* 1 */
}

/* { dg-final { pvcall-sites-check 7 } } */
