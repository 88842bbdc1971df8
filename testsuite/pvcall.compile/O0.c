/* At -O0 there is no register allocation to speak of, but the pv call
   must still be a call, and the attribute must not upset the expander.  */
/* { dg-do compile } */
/* { dg-options "-O0" } */

#include <pvcall.h>

struct ops {
	long (*op2)(long, long) __pvcall;
};
extern struct ops ops;

long f(long a, long b) { return ops.op2(a, b); }

/* { dg-final { scan-assembler "call\[ \t\]+\\*%" } } */
/* { dg-final { scan-assembler-not "jmp\[ \t\]+\\*" } } */
