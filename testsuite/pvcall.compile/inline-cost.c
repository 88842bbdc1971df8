/* The inliner costs a call through a fixed slot as the direct call the
   site becomes, not as a load and an indirect call.  At -Os GCC inlines a
   function only when that does not grow the code; with the indirect
   form, small inline wrappers around pv ops such as Linux's set_pte() and
   pmd_pfn() stayed out of line, each use paying a call and a return that
   the native kernel, where the op is an instruction, does not.  Here both
   are inlined into each of their three callers, every call is a site,
   and the slot's placeholder never reaches the output.  */
/* { dg-do compile } */
/* { dg-options "-Os -fno-pic -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-asynchronous-unwind-tables" } */

#include <pvcall.h>

#define ALL "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"

struct ops {
	void (*set_pte)(unsigned long *, unsigned long) __pvcall_clobbers(ALL)
		__pvcall_inline;
	unsigned long (*pmd_val)(unsigned long) __pvcall_clobbers("rax")
		__pvcall_inline;
};
extern struct ops pv_ops;

static inline void set_pte(unsigned long *p, unsigned long v)
{
	pv_ops.set_pte(p, v);
}

static inline unsigned long pmd_pfn(unsigned long pmd)
{
	return (pv_ops.pmd_val(pmd) & 0xffffffffff000UL) >> 12;
}

void a(unsigned long *p, unsigned long v) { set_pte(p, v + 1); }
void b(unsigned long *p, unsigned long v) { set_pte(p + 2, v); }
void c(unsigned long *p, unsigned long v) { set_pte(p + 3, v * 3); }
unsigned long d(unsigned long x) { return pmd_pfn(x) + 1; }
unsigned long e(unsigned long x) { return pmd_pfn(x * 2) + 3; }
unsigned long f(unsigned long x) { return pmd_pfn(x * 5) + 7; }

/* { dg-final { scan-assembler-not "\tcall\tset_pte" } } */
/* { dg-final { scan-assembler-not "\tcall\tpmd_pfn" } } */
/* { dg-final { scan-assembler-not "^set_pte:" } } */
/* { dg-final { scan-assembler-not "^pmd_pfn:" } } */
/* { dg-final { scan-assembler-function a "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\." } } */
/* { dg-final { scan-assembler-function c "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\." } } */
/* { dg-final { scan-assembler-function d "\tcall\t__pvcall\\.r\\.pv_ops\\.8\\." } } */
/* { dg-final { scan-assembler-function f "\tcall\t__pvcall\\.r\\.pv_ops\\.8\\." } } */
/* { dg-final { scan-assembler-not "__pvcall\\.slot" } } */
/* { dg-final { scan-assembler-not "\tcall\t\\*" } } */
