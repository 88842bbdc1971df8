/* direct-got.c in PIC code: the pv call goes through the GOT and a plain
   call keeps its PLT entry.  local_op may be preempted when this is a
   shared library, so it is reached through the GOT as well.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fPIC -mgeneral-regs-only" } */

#include "direct-got.c"

/* { dg-final { scan-assembler-function call_lib "call\[ \t\]+\\*lib_op@GOTPCREL\\(%rip\\)" } } */
/* { dg-final { scan-assembler-function call_local "call\[ \t\]+\\*local_op@GOTPCREL\\(%rip\\)" } } */
/* { dg-final { scan-assembler-function call_plain "call\[ \t\]+plain_op@PLT" } } */
