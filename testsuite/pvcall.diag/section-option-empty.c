/* -fplugin-arg-pvcall-section needs a name.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-section" } */
/* { dg-error "option '-fplugin-arg-pvcall-section' requires a section name" "" { target *-*-* } 0 } */

int x;
