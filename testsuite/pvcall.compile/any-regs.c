/* Register-agnostic sites, the default under kernel flags: the arguments
   and the result stay in whatever registers suit the caller, and the site
   calls a stub named after them.  An identity op such as pte_val needs no
   move into rdi or out of rax, and six live values need no push.  A stub
   leaves out the saves of registers dead after its site (".dMASK"), so
   where nothing is dead (a no_caller_saved_registers function) the same
   op gets the stub that saves rax.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup -fno-asynchronous-unwind-tables" } */

#include <pvcall.h>

struct ops {
	unsigned long (*pte_val)(unsigned long) __pvcall;
	void (*irq_disable)(void) __pvcall;
	void (*set_pte)(unsigned long *, unsigned long) __pvcall;
};
extern struct ops pv_ops;

unsigned long count_present(const unsigned long *ptes, long n)
{
	unsigned long sum = 0;
	long i;

	for (i = 0; i < n; i++)
		sum += pv_ops.pte_val(ptes[i]) & 1;
	return sum;
}

long keep6(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d;
	long x4 = d * e, x5 = e - f, x6 = f * a;

	pv_ops.irq_disable();
	return x1 + x2 * x3 + x4 * x5 + x6;
}

__attribute__((no_caller_saved_registers)) void irq_off(void)
{
	pv_ops.irq_disable();
}

void set_two(unsigned long *p, unsigned long v)
{
	pv_ops.set_pte(p, v);
	pv_ops.set_pte(p + 1, v);
}

/* { dg-final { scan-pvcall-sites 5 } } */
/* { dg-final { scan-assembler-function count_present "\tcall\t__pvcall\\.r\\.pv_ops\\.0\\.001\\.r\[a-z0-9\]+\\.r\[a-z0-9\]+\n" } } */
/* { dg-final { scan-assembler-function-not count_present "%rdi\n" } } */
/* { dg-final { scan-assembler-function-not keep6 "\t(push|pop)" } } */
/* { dg-final { scan-assembler-function keep6 "\tcall\t__pvcall\\.r\\.pv_ops\\.8\\.001\\.d001\\.v\n" } } */
/* { dg-final { scan-assembler-function set_two "\tcall\t__pvcall\\.r\\.pv_ops\\.16\\.001\\.d001\\.v\\.rdi\\.rsi\n" } } */
/* { dg-final { scan-assembler-function irq_off "\tcall\t__pvcall\\.r\\.pv_ops\\.8\\.001\\.v\n" } } */
/* The stub of a void op with no arguments saves rax, which the op may
   clobber, and nothing else; where rax is dead it saves nothing.  */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.8.001.d001.v "^\tcall \\*pv_ops\\+8\\(%rip\\)\n\tret\n\tint3$" } } */
/* { dg-final { scan-assembler-function __pvcall.r.pv_ops.8.001.v "^\tpushq %rax\n\tcall \\*pv_ops\\+8\\(%rip\\)\n\tpopq %rax\n\tret\n\tint3$" } } */
/* One COMDAT group per distinct stub, however many sites call it.  */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.text\\.__pvcall\\.r\\.pv_ops\\.16\\.001\\.d001\\.v\\.rdi\\.rsi,\"axG\",@progbits,__pvcall\\.r\\.pv_ops\\.16\\.001\\.d001\\.v\\.rdi\\.rsi,comdat\n" 1 } } */
