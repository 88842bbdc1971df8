/* pvcall-sites --check accepts the records of a linked program and
   rejects damaged copies, one kind of damage each, with a message saying
   what is wrong: a record pointing one byte off its site, a class with
   the wrong site length, two records whose sites overlap, a record
   repeating another's site, a site whose bytes are no longer a call
   rel32, and an op with a flag the format does not define (the flags
   it does define are accepted: the plugin sets PVCALL_OP_EXACT here).  */
/* { dg-do link } */
/* { dg-options "-O2" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall_clobbers("rcx");
};

__attribute__((no_caller_saved_registers, target("general-regs-only")))
static void __pvcall nop_op(void) { }

__attribute__((no_caller_saved_registers, target("general-regs-only")))
static unsigned long __pvcall_clobbers("rcx") fl_op(void) { return 0x200; }

struct ops pv_ops = { nop_op, nop_op, fl_op };

__attribute__((noinline)) unsigned long irq_save(void)
{
	unsigned long flags = pv_ops.save_fl();

	pv_ops.irq_disable();
	return flags;
}

__attribute__((noinline)) void irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		pv_ops.irq_enable();
}

int main(void)
{
	irq_restore(irq_save());
	return 0;
}

/* { dg-final { pvcall-sites-check 3 } } */
/* { dg-final { pvcall-sites-corrupt offset "site #0 .*(not a call rel32|calls )" } } */
/* { dg-final { pvcall-sites-corrupt length "site #0 .*length" } } */
/* { dg-final { pvcall-sites-corrupt overlap "site #1 .*overlaps site #0|site #0 .*overlaps site #1" } } */
/* { dg-final { pvcall-sites-corrupt repeat "site #1 .*repeated|site #0 .*repeated" } } */
/* { dg-final { pvcall-sites-corrupt bytes "site #0 .*not a call rel32" } } */
/* { dg-final { pvcall-sites-corrupt opflags "site #0 .*op has unknown flags 0x20" } } */
