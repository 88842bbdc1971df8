/* Flag options take no value.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-disable=yes" } */
/* { dg-error "option '-fplugin-arg-pvcall-disable' does not take a value" "" { target *-*-* } 0 } */

int x;
