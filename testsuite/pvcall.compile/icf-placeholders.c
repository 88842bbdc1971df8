/* ipa-icf still folds functions that make the same pv calls, and only
   those, now that the plugin steers its hashing (plugin/ipa.cc): the
   references that tell functions calling different slots apart must not
   change which functions are equal.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

struct ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*make_pte)(unsigned long) __pvcall;
};
extern struct ops pv_ops;

static __attribute__((noinline)) void twice_a(void)
{
	pv_ops.irq_disable();
	pv_ops.irq_enable();
}

static __attribute__((noinline)) void twice_b(void)
{
	pv_ops.irq_disable();
	pv_ops.irq_enable();
}

static __attribute__((noinline)) void swapped(void)
{
	pv_ops.irq_enable();
	pv_ops.irq_disable();
}

static __attribute__((noinline)) unsigned long
pte_a(unsigned long v)
{
	return pv_ops.make_pte(v) + 1;
}

static __attribute__((noinline)) unsigned long
pte_b(unsigned long v)
{
	return pv_ops.make_pte(v) + 1;
}

static __attribute__((noinline)) unsigned long
pte_c(unsigned long v)
{
	return pv_ops.make_pte(v) + 2;
}

unsigned long use(unsigned long v)
{
	twice_a();
	twice_b();
	swapped();
	return pte_a(v) + pte_b(v) + pte_c(v);
}

/* { dg-final { scan-assembler "\\.set\\s+twice_b,\\s*twice_a" } } */
/* { dg-final { scan-assembler "\\.set\\s+pte_b,\\s*pte_a" } } */
/* { dg-final { scan-assembler-not "\\.set\\s+(swapped|pte_c)," } } */
