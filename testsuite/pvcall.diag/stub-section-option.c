/* -fplugin-arg-pvcall-stub-section needs a name of letters, digits, '.'
   and '_'.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-stub-section=.text,\"a\"" } */
/* { dg-error "section name '.text,\"a\"' given to '-fplugin-arg-pvcall-stub-section' has a character other than a letter, a digit, '.' or '_'" "" { target *-*-* } 0 } */
int x;
