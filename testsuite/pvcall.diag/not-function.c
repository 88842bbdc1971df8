/* The attribute belongs on function types only.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

int x __pvcall;				/* { dg-warning "only applies to function types" } */
struct s { long l __pvcall; };		/* { dg-warning "only applies to function types" } */
void (**pp)(void) __pvcall;		/* { dg-warning "only applies to function types" } */
