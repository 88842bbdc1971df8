/* Plugin options follow the kernel's -fplugin-arg-NAME-KEY convention; an
   unknown key is an error that names it.  */
/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pvcall-no-such-key" } */
/* { dg-error "unrecognized command-line option '-fplugin-arg-pvcall-no-such-key'" "" { target *-*-* } 0 } */

int x;
