/* -g must not change the code: GCC's own -fcompare-debug builds the unit
   with and without debug information and compares the results.  The
   dead pointer loads the plugin removes have debug uses here.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fcompare-debug" } */

#include "deterministic.c"

unsigned long copies(unsigned long x)
{
	typeof(pv_ops.make_pte) make = pv_ops.make_pte;

	return make(x) + 1;
}
