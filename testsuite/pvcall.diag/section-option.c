/* The records' section must stay a C identifier, so that the linker
   defines __start_ and __stop_ symbols for it.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-section=pv.sites" } */
/* { dg-error "section name 'pv.sites' given to '-fplugin-arg-pvcall-section' is not a C identifier" "" { target *-*-* } 0 } */

int x;
