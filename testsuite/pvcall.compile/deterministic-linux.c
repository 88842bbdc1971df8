/* Linux records are reproducible too: compiling the same kernel-style
   source twice with -fplugin-arg-pvcall-format=linux-6.1 gives
   byte-identical objects, .parainstructions, .altinstructions and their
   replacements included.  */
/* { dg-do compile } */
/* { dg-options "-O2 -g -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fplugin-arg-pvcall-format=linux-6.1" } */

#include <pvcall.h>

#define ALT_NOT(feat)	((feat) | (1 << 15))
#define XENPV		(8 * 32 + 16)

struct callee_save { void *func; };
struct pv_ops_t {
	struct callee_save save_fl;
	void (*irq_disable)(void) __pvcall __pvcall_native("cli;", ALT_NOT(XENPV));
	void (*set_pte)(unsigned long *, unsigned long)
		__pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
};
extern struct pv_ops_t pv_ops;

typedef unsigned long save_fl_t(void) __pvcall
	__pvcall_native("pushf; pop %%rax;", ALT_NOT(XENPV));

void set_ptes(unsigned long *p, unsigned long v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		pv_ops.set_pte(p + i, v + i);
}

unsigned long irq_save(void)
{
	unsigned long fl = ((save_fl_t *)pv_ops.save_fl.func)();

	pv_ops.irq_disable();
	return fl;
}

/* { dg-final { pvcall-deterministic } } */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.parainstructions,\"a\"\n" 3 } } */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.altinstructions,\"a\"\n" 2 } } */
