/* The plugin predefines __PVCALL__ to its version, a positive integer,
   and <pvcall.h> then expands to the attribute.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

#if !defined(__PVCALL__) || __PVCALL__ < 1
#error "__PVCALL__ is not a positive version number"
#endif

#define STR2(x) #x
#define STR(x) STR2(x)
const char expansion[] = STR(__pvcall) "|" STR(__pvcall_clobbers("rcx"));

/* { dg-final { scan-assembler "__attribute__\\(\\(pvcall\\)\\)\\|__attribute__\\(\\(pvcall\\(\\\\\"rcx\\\\\"\\)\\)\\)" } } */
