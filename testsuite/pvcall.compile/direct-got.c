/* A direct pv call to a function that may be in a shared library calls a
   stub that jumps through the GOT, never a lazily bound PLT entry whose
   resolver would clobber r10, r11 and the flags.  That holds in non-PIC
   executables too.  A function defined here is still called directly, and
   a plain (non-pvcall) extern function keeps its PLT call.  Kernel code
   keeps direct calls: see direct-ipa-ra.c.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mgeneral-regs-only" } */

#include <pvcall.h>

extern void lib_op(void) __pvcall;
extern void plain_op(void);
extern long counter;

__attribute__((no_caller_saved_registers, noinline))
void __pvcall local_op(void)
{
	counter++;
}

void call_lib(void)
{
	lib_op();
	counter++;
}

void call_local(void)
{
	local_op();
	counter++;
}

void call_plain(void)
{
	plain_op();
	counter++;
}

/* { dg-final { scan-assembler-function call_lib "\tcall\t__pvcall\\.s\\.f\\.lib_op\\.001\\.g\n" } } */
/* { dg-final { scan-assembler-function __pvcall.s.f.lib_op.001.g "\tjmp \\*lib_op@GOTPCREL\\(%rip\\)\n" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
/* { dg-final { scan-assembler-function call_local "call\[ \t\]+local_op\n" } } */
/* { dg-final { scan-assembler-function call_plain "call\[ \t\]+plain_op\n" } } */
