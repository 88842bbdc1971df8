/* pvcall_native takes an instruction template without operands and a
   16-bit feature condition; anything else is an error at the attribute.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

#define ALT_NOT(feat)	((feat) | (1 << 15))
#define XENPV		(8 * 32 + 16)

extern int n;

struct ops {
	void (*ok)(void) __pvcall __pvcall_native("cli", ALT_NOT(XENPV));
	unsigned long (*ok2)(void) __pvcall __pvcall_native("pushf; pop %%rax;", 0);
	void (*operand)(void) __pvcall __pvcall_native("mov %0, %%rax", 0); /* { dg-error "first argument of 'pvcall_native' attribute has an operand" } */
	void (*single)(void) __pvcall __pvcall_native("pop %rax", 0); /* { dg-error "has an operand" } */
	void (*empty)(void) __pvcall __pvcall_native("", 0); /* { dg-error "must be a non-empty string" } */
	void (*number)(void) __pvcall __pvcall_native(1, 0); /* { dg-error "must be a non-empty string" } */
	void (*big)(void) __pvcall __pvcall_native("cli", 0x10000); /* { dg-error "second argument of 'pvcall_native' attribute must be an integer constant from 0 to 0xffff" } */
	void (*neg)(void) __pvcall __pvcall_native("cli", -1); /* { dg-error "second argument" } */
	void (*var)(void) __pvcall __pvcall_native("cli", n); /* { dg-error "second argument" } */
	void (*str)(void) __pvcall __pvcall_native("cli", "0"); /* { dg-error "second argument" } */
	void (*one)(void) __pvcall __attribute__((pvcall_native("cli"))); /* { dg-error "wrong number of arguments" } */
};
struct ops ops;
