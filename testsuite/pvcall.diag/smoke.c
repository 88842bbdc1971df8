/* Smoke test for the pvcall.diag driver: a plain C warning is matched by
   dg-warning and nothing else is reported.  */
/* { dg-do compile } */
/* { dg-options "-O0 -Wunused-variable" } */

#include <pvcall.h>

extern void irq_enable(void) __pvcall;

void
smoke(void)
{
  int unused; /* { dg-warning "unused variable 'unused'" } */
  irq_enable();
}
