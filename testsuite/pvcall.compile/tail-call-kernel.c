/* Tail-position pv calls under kernel flags, at -O3, stay calls.  */
/* { dg-do compile } */
/* { dg-options "-O3 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

struct ops {
	unsigned long (*save_fl)(void) __pvcall;
	void (*restore_fl)(unsigned long) __pvcall;
	void (*write_cr3)(unsigned long) __pvcall;
};
extern struct ops pv_ops;

unsigned long arch_local_save_flags(void) { return pv_ops.save_fl(); }
void arch_local_irq_restore(unsigned long f) { pv_ops.restore_fl(f); }
void switch_cr3(unsigned long pgd) { pv_ops.write_cr3(pgd | 0x1000); }

/* { dg-final { scan-assembler-function-not arch_local_save_flags "\tjmp" } } */
/* { dg-final { scan-assembler-function-not arch_local_irq_restore "\tjmp" } } */
/* { dg-final { scan-assembler-function-not switch_cr3 "\tjmp" } } */
/* { dg-final { scan-assembler-times "\tcall\t__pvcall\\.s\\.pv_ops\\.\[0-9\]+\\.001\n" 3 } } */
/* { dg-final { scan-pvcall-sites 3 } } */
