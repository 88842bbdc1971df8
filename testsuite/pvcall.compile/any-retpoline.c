/* Register-agnostic stubs under -mindirect-branch=thunk-extern call the
   op through the kernel's __x86_indirect_thunk_rax.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup -mindirect-branch=thunk-extern -fno-asynchronous-unwind-tables" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct ops pv_ops;

void f(void)
{
	pv_ops.irq_disable();
}

/* { dg-final { scan-pvcall-sites 1 } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.rx.v "^\tpushq %rax\n\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall __x86_indirect_thunk_rax\n\tpopq %rax\n" } } */
/* { dg-final { scan-assembler-not "call\[ \t\]+\\*" } } */
