/* The stubs sites call: one per op however many sites use it, each a
   hidden COMDAT group of its own whose body jumps through the slot and
   stops straight-line speculation with int3.  A static table gets a stub
   local to this unit, outside any group.  Op descriptors and classes are
   COMDAT groups too.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
};
extern struct ops pv_ops;
static struct ops local_ops;

void set_local(struct ops *o)
{
	local_ops = *o;
}

void f(void)
{
	pv_ops.irq_disable();
	pv_ops.irq_enable();
	pv_ops.irq_disable();
	local_ops.irq_enable();
}

/* { dg-final { scan-pvcall-sites 4 } } */
/* { dg-final { scan-assembler-times "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\n" 2 } } */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.text\\.__pvcall\\.s\\.pv_ops\\.0\\.001,\"axG\",@progbits,__pvcall\\.s\\.pv_ops\\.0\\.001,comdat\n" 1 } } */
/* { dg-final { scan-assembler-times "\t\\.hidden __pvcall\\.s\\.pv_ops\\.0\\.001\n" 1 } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.0.001 "^\tjmp \\*pv_ops\\+0\\(%rip\\)\n\tint3$" } } */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.8.001 "^\tjmp \\*pv_ops\\+8\\(%rip\\)\n\tint3$" } } */
/* { dg-final { scan-assembler-function __pvcall.s.local_ops.8.001 "^\tjmp \\*local_ops\\+8\\(%rip\\)\n\tint3$" } } */
/* { dg-final { scan-assembler-not "\\.globl __pvcall\\.s\\.local_ops" } } */
/* { dg-final { scan-assembler-not "comdat\[^\n\]*local_ops" } } */
/* { dg-final { scan-assembler "\t\\.pushsection pvcall_ops,\"aG\",@progbits,__pvcall\\.op\\.pv_ops\\.0\\.001,comdat\n" } } */
/* { dg-final { scan-assembler "\t\\.pushsection pvcall_classes,\"aG\",@progbits,__pvcall\\.c\\.\[0-9a-f\]+\\.5\\.__pvcall\\.s\\.pv_ops\\.0\\.001,comdat\n" } } */
