/* -fplugin-arg-pvcall-stub-section=.noinstr.text: every stub, of the
   ABI form and register-agnostic, goes to that section, each still in a
   COMDAT group of its own (as under format=linux-6.1), so that a kernel
   links them where its noinstr code may call them.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fplugin-arg-pvcall-regs=abi -fplugin-arg-pvcall-stub-section=.noinstr.text" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall __pvcall_inline;
	void (*flush)(void) __pvcall_clobbers("rcx", "rdx", "rsi", "rdi",
					      "r8", "r9", "r10", "r11");
};
extern struct ops pv_ops;

void both(void)
{
	pv_ops.irq_disable();
	pv_ops.flush();
}

/* { dg-final { scan-assembler-times "\t\\.pushsection \\.noinstr\\.text,\"axG\",@progbits,__pvcall\\.\[rs\]\\.pv_ops\\.\[0-9a-z.\]+,comdat\n" 2 } } */
/* { dg-final { scan-assembler-not "\\.text\\.__pvcall" } } */
