/* With return thunks (-mfunction-return=thunk-extern, as a kernel built
   with CONFIG_RETHUNK is), a register-agnostic stub returns through
   __x86_return_thunk like the code that calls it; objtool rejects a bare
   ret there ("'naked' return found in RETHUNK build").  Both the stub
   that saves rax (nothing is dead in a no_caller_saved_registers
   function) and the one that need not (rax is dead after off's site).  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mpreferred-stack-boundary=3 -mgeneral-regs-only -mfunction-return=thunk-extern -mindirect-branch=thunk-extern -mindirect-branch-register -fno-asynchronous-unwind-tables" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct ops pv_ops;

void off(void)
{
	pv_ops.irq_disable();
}

__attribute__((no_caller_saved_registers)) void off_saving(void)
{
	pv_ops.irq_disable();
}

/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.rx.d001.v "^\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall __x86_indirect_thunk_rax\n\tjmp __x86_return_thunk\n\tint3$" } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.0.001.rx.v "^\tpushq %rax\n\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall __x86_indirect_thunk_rax\n\tpopq %rax\n\tjmp __x86_return_thunk\n\tint3$" } } */
/* { dg-final { scan-assembler-not "\tret\n" } } */
