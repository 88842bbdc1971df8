/* SPDX-License-Identifier: MIT */
/*
 * demo.c - what the pvcall plugin buys: a pv-ops style call that keeps the
 * caller's registers alive.
 *
 * Built three ways by `make demo':
 *   plain:   gcc -O2 demo.c demo-impl.o              (__pvcall expands to nothing)
 *   pvcall:  gcc -O2 -fplugin=pvcall.so demo.c demo-impl.o
 *   native:  gcc -O2 -DDEMO_NATIVE -S demo.c         (compiled, never run)
 *
 * irq_save_mix() keeps six values live across pv_ops.irq_disable().  As a
 * plain indirect call, the call may clobber all nine caller-saved registers,
 * so GCC parks the six values in callee-saved registers (rbx, rbp, r12-r15)
 * and has to push/pop those in the prologue/epilogue.  As a __pvcall call
 * only rax and the flags die, so the values can stay in the other
 * caller-saved registers (rcx, rdx, rsi, rdi, r8-r11) and nothing is pushed.
 */
#include <stdio.h>
#include <pvcall.h>

/* A paravirt operations table, as in the Linux kernel. */
struct pv_irq_ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall;
};

/*
 * The implementations live in demo-impl.c, written in C with
 * __attribute__((no_caller_saved_registers)) and built with
 * -mgeneral-regs-only, so they really do preserve every register the
 * call site relies on.
 */
extern void native_irq_disable(void) __pvcall;
extern void native_irq_enable(void) __pvcall;
extern unsigned long native_save_fl(void) __pvcall;
extern unsigned long pv_calls_disable, pv_calls_enable, pv_calls_save_fl;

#define SIM_EFLAGS_IF	0x200UL

#ifdef DEMO_NATIVE
/*
 * The physical limit: the instructions a native kernel runs in place of
 * each pv call, as Linux's native_save_fl()/native_irq_disable() write
 * them.  Only compiled, to compare the code around them: cli and sti
 * fault in user space.
 */
#define save_fl()	({ unsigned long f_;				\
			   __asm__ volatile("pushf\n\tpop %0"		\
					    : "=rm"(f_) : : "memory");	\
			   f_; })
#define irq_disable()	__asm__ volatile("cli" : : : "memory")
#define irq_enable()	__asm__ volatile("sti" : : : "memory")
#else
#define save_fl()	pv_ops.save_fl()
#define irq_disable()	pv_ops.irq_disable()
#define irq_enable()	pv_ops.irq_enable()
#endif

/* Not const and not static: the compiler cannot see through the table. */
struct pv_irq_ops pv_ops = {
	.irq_disable	= native_irq_disable,
	.irq_enable	= native_irq_enable,
	.save_fl	= native_save_fl,
};

/*
 * The function with live values: local_irq_save()/local_irq_restore()
 * around a bit of arithmetic.  Six values are live across
 * pv_ops.irq_disable(): t0..t4, computed before the calls, and flags.
 */
__attribute__((noinline, noclone))
unsigned long irq_save_mix(unsigned long a, unsigned long b, unsigned long c,
			   unsigned long d, unsigned long e)
{
	unsigned long t0 = a * 3 + 1;
	unsigned long t1 = b ^ 0x5555;
	unsigned long t2 = c * 7;
	unsigned long t3 = d + 0x1234;
	unsigned long t4 = e << 3;
	unsigned long flags, r;

	flags = save_fl();			/* local_irq_save(flags) */
	irq_disable();

	r = (t0 ^ t3) + (t1 * t4) - t2;		/* t0..t4, flags live until here */

	if (flags & SIM_EFLAGS_IF)		/* local_irq_restore(flags) */
		irq_enable();

	return r + t0 + t1 + t2 + t3 + t4;
}

int main(void)
{
	unsigned long sum = 0, i;

	for (i = 0; i < 1000; i++)
		sum = sum * 31 + irq_save_mix(i, i + 1, i + 2, i + 3, i ^ sum);

	printf("  checksum of 1000 irq_save_mix() calls: %#lx\n", sum);
	printf("  pv_ops ran: save_fl %lu, irq_disable %lu, irq_enable %lu times\n",
	       pv_calls_save_fl, pv_calls_disable, pv_calls_enable);
#ifdef __PVCALL__
	printf("  built with the pvcall plugin (__PVCALL__ = %d)\n", __PVCALL__);
#else
	printf("  built without the pvcall plugin (plain calls)\n");
#endif
	return 0;
}
