/* -fplugin-arg-pvcall-regs takes any or abi.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-regs=some" } */
/* { dg-error "option '-fplugin-arg-pvcall-regs' takes 'any' or 'abi'" "" { target *-*-* } 0 } */

int x;
