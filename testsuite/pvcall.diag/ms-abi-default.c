/* Under -mabi=ms every function type uses the Microsoft calling
   convention, whose register roles the pvcall contract does not describe:
   an error at the attribute, unless the type says sysv_abi.  */
/* { dg-do compile } */
/* { dg-options "-mabi=ms" } */

#include <pvcall.h>

struct ops {
	void (*bad)(void) __pvcall;			/* { dg-error "'pvcall' attribute is not supported with 'ms_abi'" } */
	void (*good)(void) __attribute__((sysv_abi)) __pvcall;
};
