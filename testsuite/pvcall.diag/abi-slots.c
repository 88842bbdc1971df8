/* Each distinct clobber set needs one of GCC's six free ABI slots.  The
   seventh is a clean error at the call that needs it.  */
/* { dg-do compile } */
/* { dg-options "-O0" } */

#include <pvcall.h>

struct ops {
	void (*s0)(void) __pvcall;
	void (*s1)(void) __pvcall_clobbers("rcx");
	void (*s2)(void) __pvcall_clobbers("rsi");
	void (*s3)(void) __pvcall_clobbers("rdi");
	void (*s4)(void) __pvcall_clobbers("r8");
	void (*s5)(void) __pvcall_clobbers("r9");
	void (*s6)(void) __pvcall_clobbers("r10");
	void (*s1again)(void) __pvcall_clobbers("rcx");
};
extern struct ops ops;

void f(void)
{
	ops.s0();
	ops.s1();
	ops.s2();
	ops.s3();
	ops.s4();
	ops.s5();
	ops.s1again();
	ops.s6();		/* { dg-error "too many distinct 'pvcall' clobber sets" } */
}
