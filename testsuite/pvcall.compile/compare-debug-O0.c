/* As compare-debug.c, at -O0.  */
/* { dg-do compile } */
/* { dg-options "-O0 -fcompare-debug" } */

#include "compare-debug.c"
