/* Clobber lists name caller-saved general registers as in asm clobber
   lists.  Callee-saved registers, the stack pointer, unknown names and
   non-strings are errors at the attribute.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

struct ops {
	void (*ok1)(void) __pvcall_clobbers("rcx", "r11");
	void (*ok2)(void) __pvcall_clobbers("rdx", "rsi", "rdi", "r8", "r9", "r10");
	void (*ok3)(void) __pvcall_clobbers("cc", "memory", "rax", "xmm3");
	void (*ok4)(void) __pvcall_clobbers("%rcx", "ecx");
	void (*bad1)(void) __pvcall_clobbers("rbx");	/* { dg-error "cannot clobber callee-saved register 'rbx'" } */
	void (*bad2)(void) __pvcall_clobbers("rbp");	/* { dg-error "cannot clobber callee-saved register 'rbp'" } */
	void (*bad3)(void) __pvcall_clobbers("r12");	/* { dg-error "cannot clobber callee-saved register 'r12'" } */
	void (*bad4)(void) __pvcall_clobbers("r15");	/* { dg-error "cannot clobber callee-saved register 'r15'" } */
	void (*bad5)(void) __pvcall_clobbers("rsp");	/* { dg-error "cannot clobber callee-saved register 'rsp'" } */
	void (*bad6)(void) __pvcall_clobbers("rcx", "foo"); /* { dg-error "unknown register name 'foo' in 'pvcall' attribute" } */
	void (*bad7)(void) __pvcall_clobbers(42);	/* { dg-error "'pvcall' attribute argument 1 is not a string" } */
	void (*bad8)(void) __pvcall_clobbers("rcx", 1);	/* { dg-error "'pvcall' attribute argument 2 is not a string" } */
	void (*bad9)(void) __pvcall_clobbers("");	/* { dg-error "unknown register name '' in 'pvcall' attribute" } */
};
