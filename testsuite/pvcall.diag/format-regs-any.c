/* Linux's patcher writes a plain call over a site, so Linux records and
   register-agnostic sites do not go together.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-format=linux-6.1 -fplugin-arg-pvcall-regs=any" } */
/* { dg-error "'-fplugin-arg-pvcall-regs=any' is not supported with '-fplugin-arg-pvcall-format=linux-6.1'" "" { target *-*-* } 0 } */

int x;
