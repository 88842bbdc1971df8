/* With -save-temps (or ccache) the compiler proper reads preprocessed
   input, in which <pvcall.h> already became the attribute: the plugin
   must not define __PVCALL__ into it, which made the first line of the
   file "invalid flag "__PVCALL__" in line directive".  */
/* { dg-do compile } */
/* { dg-options "-O2 -save-temps" } */

#include <pvcall.h>

#ifndef __PVCALL__
#error "__PVCALL__ is not defined while the plugin preprocesses"
#endif

struct ops {
	void (*irq_disable)(void) __pvcall;
};
extern struct ops pv_ops;

void off(void)
{
	pv_ops.irq_disable();
}

/* { dg-final { scan-pvcall-sites 1 } } */
