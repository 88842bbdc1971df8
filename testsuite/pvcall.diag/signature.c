/* What a pv call cannot carry is an error at the declaration, never
   wrong code: variadic functions, unprototyped functions, arguments or
   results outside the general registers, and arguments on the stack.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

struct big { long a, b, c; };
struct pair { long a, b; };
struct pte { unsigned long pte; };
struct mixed { long a; double d; };
struct __attribute__((packed)) packed { char c; long l; };

struct ops {
	/* Supported.  */
	struct pte (*make_pte)(unsigned long) __pvcall;
	unsigned long (*pte_val)(struct pte) __pvcall;
	struct pair (*pair)(struct pair, long) __pvcall;
	unsigned __int128 (*wide)(unsigned __int128, long, long, long, long) __pvcall;
	void (*six)(long, long, long, long, long, long) __pvcall;
	_Bool (*b)(char, short, int, void *) __pvcall;

	/* Not supported.  */
	void (*v)(int, ...) __pvcall;		/* { dg-error "not supported on variadic functions" } */
	void (*kr)() __pvcall;			/* { dg-error "requires a function prototype" } */
	void (*d)(double) __pvcall;		/* { dg-error "does not support argument 1 of type 'double'" } */
	void (*f)(long, float) __pvcall;	/* { dg-error "does not support argument 2 of type 'float'" } */
	float (*rf)(void) __pvcall;		/* { dg-error "does not support return type 'float'" } */
	struct big (*rb)(void) __pvcall;	/* { dg-error "does not support return type 'struct big'" } */
	void (*ab)(struct big) __pvcall;	/* { dg-error "does not support argument 1 of type 'struct big'" } */
	void (*am)(struct mixed) __pvcall;	/* { dg-error "does not support argument 1 of type 'struct mixed'" } */
	void (*ap)(struct packed) __pvcall;	/* { dg-error "does not support argument 1 of type 'struct packed'" } */
	void (*seven)(long, long, long, long, long, long, long) __pvcall; /* { dg-error "at most 6 argument registers; this function type needs 7" } */
	void (*w)(unsigned __int128, long, long, long, long, long) __pvcall; /* { dg-error "at most 6 argument registers; this function type needs 7" } */
};
