/* __pvcall_inline is ignored under -fplugin-arg-pvcall-format=linux-6.1,
   whose patcher writes calls in the ABI registers: the site is the
   ABI-form call of the op's stub, with the declared clobbers.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fplugin-arg-pvcall-format=linux-6.1" } */

#include <pvcall.h>

struct paravirt_patch_template {
	void (*set_pte)(unsigned long *, unsigned long) __pvcall_clobbers("rcx",
		"rdx", "rsi", "rdi", "r8", "r9", "r10", "r11") __pvcall_inline;
};
extern struct paravirt_patch_template pv_ops;

void store(unsigned long *p, unsigned long a)
{
	pv_ops.set_pte(p, a);
	pv_ops.set_pte(p, a);
}

/* { dg-final { scan-assembler-function store "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.fc7\n" } } */
/* { dg-final { scan-assembler-not "__pvcall\\.r\\." } } */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.parainstructions" 2 } } */
