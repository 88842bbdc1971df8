/* At -O0 there is no register allocation to speak of, but the pv call
   is still the canonical site: a direct call to the op's stub, with no
   load of the pointer left behind.  */
/* { dg-do compile } */
/* { dg-options "-O0" } */

#include <pvcall.h>

struct ops {
	long (*op2)(long, long) __pvcall;
};
extern struct ops ops;

long f(long a, long b) { return ops.op2(a, b); }

/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.s\\.ops\\.0\\.001\n" } } */
/* { dg-final { scan-assembler-function-not f "\tcall\t\\*" } } */
/* { dg-final { scan-assembler-function-not f "\tjmp" } } */
/* { dg-final { scan-assembler-function-not f "ops\\(%rip\\)" } } */
/* { dg-final { scan-pvcall-sites 1 } } */
