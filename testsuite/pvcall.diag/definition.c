/* A C definition of a pvcall function would break the callers' trust
   unless GCC saves every register it touches.  */
/* { dg-do compile } */
/* { dg-options "-O2 -mgeneral-regs-only" } */

#include <pvcall.h>

long counter;

void __pvcall bad(void)			/* { dg-error "definition of 'bad' with 'pvcall' type does not preserve" } */
{					/* { dg-message "no_caller_saved_registers" "" { target *-*-* } .-1 } */
	counter++;
}

__attribute__((no_caller_saved_registers))
void __pvcall good(void)
{
	counter++;
}

__attribute__((no_caller_saved_registers))
long __pvcall good2(long x)
{
	return x + counter;
}

/* A plain function is not checked: it will sit behind a thunk.  */
long plain_impl(long x)
{
	return x - counter;
}
