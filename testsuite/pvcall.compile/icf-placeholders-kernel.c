/* icf-placeholders.c with kernel flags: register-agnostic sites.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3" } */

#include "icf-placeholders.c"

/* { dg-final { scan-assembler "call\\s+__pvcall\\.r\\.pv_ops\\.0\\." } } */
/* { dg-final { scan-assembler "\\.set\\s+twice_b,\\s*twice_a" } } */
/* { dg-final { scan-assembler "\\.set\\s+pte_b,\\s*pte_a" } } */
/* { dg-final { scan-assembler-not "\\.set\\s+(swapped|pte_c)," } } */
