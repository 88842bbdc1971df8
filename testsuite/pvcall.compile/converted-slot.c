/* A `void *' slot (Linux's struct paravirt_callee_save) converted to a
   pvcall type at the call is still a fixed slot: the call becomes the
   canonical site, and the load of the pointer goes away.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fplugin-arg-pvcall-regs=abi" } */

#include <pvcall.h>

struct callee_save { void *func; };
struct ops {
	struct callee_save save_fl;
	struct callee_save pte_val;
};
extern struct ops pv_ops;

typedef unsigned long save_fl_t(void) __pvcall;
typedef unsigned long pte_val_t(unsigned long) __pvcall;

unsigned long f(unsigned long x)
{
	unsigned long fl = ((save_fl_t *)pv_ops.save_fl.func)();

	return fl + ((pte_val_t *)pv_ops.pte_val.func)(x);
}

/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\n" } } */
/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.s\\.pv_ops\\.8\\.001\n" } } */
/* { dg-final { scan-assembler-function-not f "\tcall\t\\*" } } */
/* { dg-final { scan-assembler-function-not f "pv_ops\\(%rip\\)" } } */
/* { dg-final { scan-assembler-function-not f "pv_ops\\+8\\(%rip\\)" } } */
/* { dg-final { scan-pvcall-sites 2 } } */
