/* A pv call must stay a call instruction even in tail position, where
   -O2 would normally emit a sibling call (jmp).  Five of the calls are
   patch sites; the two through opsp are not.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

struct ops {
	long (*op1)(long) __pvcall;
	void (*op0)(void) __pvcall;
	unsigned __int128 (*wide)(long, long) __pvcall;
};
extern struct ops ops;
extern struct ops *opsp;
extern long annotated(long) __pvcall;

long t1(long x) { return ops.op1(x + 1); }
void t2(void) { ops.op0(); }
long t3(long x) { return opsp->op1(x); }
long t4(long x) { return annotated(x); }
unsigned __int128 t5(long a, long b) { return ops.wide(b, a); }
void t6(int c) { if (c) ops.op0(); else opsp->op0(); }

/* { dg-final { scan-assembler-function-not t1 "\tjmp" } } */
/* { dg-final { scan-assembler-function-not t2 "\tjmp" } } */
/* { dg-final { scan-assembler-function-not t3 "\tjmp" } } */
/* { dg-final { scan-assembler-function-not t4 "\tjmp" } } */
/* { dg-final { scan-assembler-function-not t5 "\tjmp\t\[^.\]" } } */
/* { dg-final { scan-assembler-function-not t6 "\tjmp\t\[^.\]" } } */
/* { dg-final { scan-pvcall-sites 5 } } */
/* { dg-final { scan-assembler-times "call\[ \t\]+" 7 } } */
