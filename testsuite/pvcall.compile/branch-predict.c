/* A pv call under a condition is not an error path.  GCC predicts that a
   branch guarding a named call is not taken; a call through a slot is one
   (its placeholder) until pvcall_gimple, and must not move out of line
   where native code has an inline sti (plugin/profile.cc).  The
   placeholders are const only while the profile is estimated: every call
   stays.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3" } */

#include <pvcall.h>

struct ops {
	void (*irq_enable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall;
};
extern struct ops pv_ops;

long guarded(long a, long b, unsigned long fl)
{
	long x = a * b, y = a ^ b;

	if (fl & 0x200)
		pv_ops.irq_enable();
	return x + y * a;
}

long restore_mix(long a, long b, long c, long d)
{
	long x = a * b, y = c + d;
	unsigned long fl = pv_ops.save_fl();

	x += y * c;
	if (fl & 0x200)
		pv_ops.irq_enable();
	return x + y * d + a;
}

void thrice(int c)
{
	if (c) {
		pv_ops.irq_enable();
		pv_ops.irq_enable();
	}
	pv_ops.irq_enable();
}

/* One return each: the call falls through to the common tail instead of
   being laid out after a second copy of it.  */
/* { dg-final { scan-assembler-function-times guarded "^\tret$" 1 } } */
/* { dg-final { scan-assembler-function-times restore_mix "^\tret$" 1 } } */
/* { dg-final { scan-assembler-function-times thrice "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\." 3 } } */
