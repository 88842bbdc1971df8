/* Smoke test for the pvcall.compile driver: the annotated call is still
   a call, and -S output reaches the scan procs.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

extern void irq_disable(void) __pvcall;

void
smoke(void)
{
  irq_disable();
  irq_disable();
}

/* { dg-final { scan-assembler "call" } } */
/* { dg-final { scan-assembler-function smoke "irq_disable" } } */
/* { dg-final { scan-assembler-not "undefined_symbol_for_smoke" } } */
