/* Direct calls to annotated functions, including one whose body GCC has
   already compiled.  With -fipa-ra (on at -O2) GCC would answer such a
   call from the body's register usage and never consult the plugin; the
   declared contract must decide.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -mskip-rax-setup -mgeneral-regs-only -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

extern void native_cli(void) __pvcall;
extern long counter;

__attribute__((no_caller_saved_registers, noinline))
void __pvcall local_op(void)
{
	counter++;
}

long keep6_extern(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	native_cli();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

long keep6_local(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	local_op();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

/* { dg-final { scan-assembler-function-not keep6_extern "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function-not keep6_local "\t(push|pop)" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
/* { dg-final { scan-assembler-function keep6_extern "call\[ \t\]+native_cli" } } */
/* { dg-final { scan-assembler-function keep6_local "call\[ \t\]+local_op" } } */
