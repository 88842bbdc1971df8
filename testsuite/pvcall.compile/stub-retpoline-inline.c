/* With -mindirect-branch=thunk (or thunk-inline) the stub carries its own
   retpoline: no indirect jump anywhere.  */
/* { dg-do compile } */
/* { dg-options "-O2 -mindirect-branch=thunk" } */

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
/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\\.ri\n" } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.0.001.ri "^\tmovq pv_ops\\+0\\(%rip\\), %rax\n\tcall 1f\n" } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.0.001.ri "^2:\tpause\n\tlfence\n\tjmp 2b\n1:\tmovq %rax, \\(%rsp\\)\n\tret\n\tint3$" } } */
/* { dg-final { scan-assembler-not "jmp\[ \t\]+\\*" } } */
