/* Register-agnostic stubs under -mindirect-branch=thunk-extern call the
   op through the kernel's __x86_indirect_thunk_rax, loaded into rax: the
   stub saves rax around it unless rax is dead after the site, as in f;
   in a no_caller_saved_registers function nothing is.  */
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

__attribute__((no_caller_saved_registers)) void g(void)
{
	pv_ops.irq_disable();
}

/* { dg-final { scan-pvcall-sites 2 } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.rx.d001.v "^\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall __x86_indirect_thunk_rax\n\tret\n" } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.rx.v "^\tpushq %rax\n\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall __x86_indirect_thunk_rax\n\tpopq %rax\n" } } */
/* { dg-final { scan-assembler-not "call\[ \t\]+\\*" } } */
