/* Under kernel flags sites are register-agnostic, except where the asm
   cannot express the operands (pvcall(7), REGISTER-AGNOSTIC SITES):
   aggregate arguments or results and two-register results keep the ABI
   form, a direct call to the op's jump stub with the operands in the ABI
   registers.  They are still patch sites with records.  The scalar op
   beside them shows the register-agnostic form in the same unit.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup -fno-asynchronous-unwind-tables" } */

#include <pvcall.h>

struct pte { unsigned long pte; };
struct pair { long a, b; };
struct rgb { unsigned char r, g, b; };

struct ops {
	unsigned long (*pte_val)(struct pte) __pvcall;
	struct pte (*make_pte)(unsigned long) __pvcall;
	struct pair (*pair)(long) __pvcall;
	unsigned __int128 (*wide)(long) __pvcall;
	unsigned long (*rgb_val)(struct rgb, long) __pvcall_clobbers("rcx");
	unsigned long (*val)(unsigned long) __pvcall;
};
extern struct ops pv_ops;

unsigned long agg_arg(struct pte p) { return pv_ops.pte_val(p) + 1; }
unsigned long agg_ret(unsigned long v) { return pv_ops.make_pte(v).pte + 1; }
long pair_ret(long v) { struct pair p = pv_ops.pair(v); return p.a ^ p.b; }
long wide_ret(long v)
{
	unsigned __int128 w = pv_ops.wide(v);

	return (long)w ^ (long)(w >> 64);
}
unsigned long small_agg(struct rgb c, long k) { return pv_ops.rgb_val(c, k); }
unsigned long scalar(unsigned long v) { return pv_ops.val(v) + 1; }

/* { dg-final { scan-pvcall-sites 6 } } */
/* { dg-final { scan-assembler-function agg_arg "\tcall\t__pvcall\\.s\\.pv_ops\\.0\\.001\n" } } */
/* { dg-final { scan-assembler-function agg_ret "\tcall\t__pvcall\\.s\\.pv_ops\\.8\\.001\n" } } */
/* Two-register results clobber rdx as well: mask 0x005.  */
/* { dg-final { scan-assembler-function pair_ret "\tcall\t__pvcall\\.s\\.pv_ops\\.16\\.005\n" } } */
/* { dg-final { scan-assembler-function wide_ret "\tcall\t__pvcall\\.s\\.pv_ops\\.24\\.005\n" } } */
/* { dg-final { scan-assembler-function small_agg "\tcall\t__pvcall\\.s\\.pv_ops\\.32\\.003\n" } } */
/* { dg-final { scan-assembler-function scalar "\tcall\t__pvcall\\.r\\.pv_ops\\.40\\.001\\.d001\\.rdi\\.rdi\n" } } */
/* The ABI-form stub is a plain jump through the slot.  */
/* { dg-final { scan-assembler-function __pvcall.s.pv_ops.16.005 "^\tjmp \\*pv_ops\\+16\\(%rip\\)\n\tint3$" } } */
