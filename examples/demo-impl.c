/* SPDX-License-Identifier: MIT */
/*
 * demo-impl.c - the "native" pv-op implementations behind examples/demo.c.
 *
 * A __pvcall call site only treats the return registers (rax, and rdx for
 * a two-register result) and the flags as clobbered, so the callee must
 * preserve every other general register.  In C that is __attribute__((no_caller_saved_registers)):
 * GCC then saves and restores each register the function body uses.  The
 * file must be compiled with -mgeneral-regs-only so that GCC never touches
 * vector registers here (it would have to save those too, and refuses).
 *
 * These definitions deliberately use plain, unannotated function types:
 * the demo declares them __pvcall on its side (a *definition* with a
 * pvcall type must itself be no_caller_saved_registers).  In the kernel
 * these would be cli/sti/pushf; user space cannot do that, so the
 * "interrupt flag" is simulated in memory.
 */
#define SIM_EFLAGS_IF	0x200UL

unsigned long sim_eflags = SIM_EFLAGS_IF;	/* interrupts "enabled" */
unsigned long pv_calls_disable, pv_calls_enable, pv_calls_save_fl;

__attribute__((no_caller_saved_registers))
void native_irq_disable(void)
{
	pv_calls_disable++;
	sim_eflags &= ~SIM_EFLAGS_IF;
}

__attribute__((no_caller_saved_registers))
void native_irq_enable(void)
{
	pv_calls_enable++;
	sim_eflags |= SIM_EFLAGS_IF;
}

__attribute__((no_caller_saved_registers))
unsigned long native_save_fl(void)
{
	pv_calls_save_fl++;
	return sim_eflags;
}
