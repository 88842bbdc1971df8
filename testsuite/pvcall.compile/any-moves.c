/* A stub moves its operands into the ABI registers as one parallel copy:
   swapped arguments need an exchange, never a lost value.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup" } */

#include <pvcall.h>

struct ops {
	long (*op2)(long, long) __pvcall;
};
extern struct ops pv_ops;

long swapped(long a, long b)
{
	return pv_ops.op2(b, a) + a - b;
}

/* { dg-final { scan-pvcall-sites 1 } } */
/* { dg-final { scan-assembler-function swapped "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\.001\\.\[a-z0-9\]+\\.rsi\\.rdi\n" } } */
/* { dg-final { scan-assembler "\txchgq %rsi, %rdi\n|\txchgq %rdi, %rsi\n" } } */
