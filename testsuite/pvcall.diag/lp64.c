/* pvcall describes the x86-64 SysV register file; -m32 and -mx32 are
   refused at the attribute.  */
/* { dg-do compile } */
/* { dg-options "-O2 -mx32" } */

#include <pvcall.h>

void (*p)(void) __pvcall;		/* { dg-error "requires the x86-64 LP64 ABI" } */
