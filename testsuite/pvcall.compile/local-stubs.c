/* -fplugin-arg-pvcall-local-stubs: no COMDAT group at all.  Linux's
   objtool writes ORC, retpoline and return-thunk entries for every
   function of an object, the stubs too, and refers to them by section:
   when the linker discards a duplicate COMDAT stub, those entries point
   into a discarded section and vmlinux.o does not link.  With the option
   every stub (ABI and register-agnostic), op descriptor and class is a
   local symbol of its unit, in the plain stub section.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -mindirect-branch=thunk-extern -fplugin-arg-pvcall-regs=abi -fplugin-arg-pvcall-local-stubs -fplugin-arg-pvcall-stub-section=.noinstr.text" } */

#include <pvcall.h>

struct ops {
	unsigned long (*save_fl)(void) __pvcall_clobbers("rax") __pvcall_inline;
	void (*flush)(unsigned long) __pvcall;
};
extern struct ops pv_ops;

unsigned long f(unsigned long a, unsigned long b)
{
	pv_ops.flush(a);
	return pv_ops.save_fl() + a * b;
}

/* { dg-final { scan-assembler-not ",comdat" } } */
/* { dg-final { scan-assembler-not "\\.globl\t__pvcall" } } */
/* { dg-final { scan-assembler-not "\\.hidden\t__pvcall" } } */
/* { dg-final { scan-assembler "\\.pushsection \\.noinstr\\.text,\"ax\",@progbits\n\t\\.balign 16\n\t\\.type __pvcall\\.s\\.pv_ops\\.8\\." } } */
/* { dg-final { scan-assembler "\\.pushsection \\.noinstr\\.text,\"ax\",@progbits\n\t\\.balign 16\n\t\\.type __pvcall\\.r\\.pv_ops\\.0\\." } } */
/* { dg-final { scan-assembler "jmp __x86_indirect_thunk_rax" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
