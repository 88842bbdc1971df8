/* -fplugin-arg-pvcall-format takes pvcall or linux-6.1.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-format=linux-6.8" } */
/* { dg-error "option '-fplugin-arg-pvcall-format' takes 'pvcall' or 'linux-6.1'" "" { target *-*-* } 0 } */

int x;
