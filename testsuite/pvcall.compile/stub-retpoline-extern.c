/* With -mindirect-branch=thunk-extern, as in the kernel, the stub jumps
   through the kernel's own __x86_indirect_thunk_rax; rax is clobbered by
   every pv call anyway.  The name says so, so that a retpoline stub and a
   plain one never merge as one COMDAT.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -mindirect-branch=thunk-extern -mfunction-return=thunk-extern -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	unsigned long (*pte_val)(unsigned long) __pvcall;
};
extern struct ops pv_ops;

unsigned long f(unsigned long v)
{
	pv_ops.irq_disable();
	return pv_ops.pte_val(v);
}

/* { dg-final { scan-pvcall-sites 2 } } */
/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.s\\.pv_ops\\.8\\.001\\.rx\n" } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.8.001.rx "^\tmovq pv_ops\\+8\\(%rip\\), %rax\n\tjmp __x86_indirect_thunk_rax\n\tint3$" } } */
/* { dg-final { scan-assembler-not "jmp\[ \t\]+\\*" } } */
