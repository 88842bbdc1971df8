/* direct-got.c in PIC code: the pv call goes through a GOT stub and a
   plain call keeps its PLT entry.  local_op may be preempted when this is
   a shared library, so it is reached through the GOT as well.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fPIC -mgeneral-regs-only" } */

#include "direct-got.c"

/* { dg-final { scan-assembler-function call_lib "\tcall\t__pvcall\\.s\\.f\\.lib_op\\.001\\.g\n" } } */
/* { dg-final { scan-assembler-function call_local "\tcall\t__pvcall\\.s\\.f\\.local_op\\.001\\.g\n" } } */
/* { dg-final { scan-assembler-function __pvcall.s.f.local_op.001.g "\tjmp \\*local_op@GOTPCREL\\(%rip\\)\n" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
/* { dg-final { scan-assembler-function call_plain "call\[ \t\]+plain_op@PLT" } } */
