// SPDX-License-Identifier: GPL-2.0
/*
 * pvmod.c - the check-linux test module: pv op calls in a loadable module.
 *
 * A module's sites are patched by module_finalize() (apply_paravirt(),
 * then apply_alternatives()) when it is loaded, not at boot, from records
 * in the module's own sections, and its plugin stubs are its own COMDAT
 * .noinstr.text sections, which the module loader places.  This module
 * checks that all of it works: pvmod_mix_pv() makes a chain of pv calls
 * (ops with a native replacement, ops patched to a direct call, callee-save
 * and all-clobbering ones) with ten values live across each, and its result
 * must equal that of pvmod_mix_slots(), the same code calling the
 * functions in the pv_ops slots through plain C function pointers (no
 * site, no patching, every caller-saved register clobbered), and on bare
 * hardware that of pvmod_mix_native(), the same code with the native_*
 * inlines in place of the pv ops.  An op whose clobbers the plugin
 * under-declared, or a site patched wrong, changes the result.  In a Xen
 * PV guest the native twin cannot run (the kernel is not the one to
 * execute cli or read the control registers there), and the slots hold
 * Xen's functions: the check against the slots is the one that holds.
 *
 * It prints (boot.sh reads these lines)
 *	pvmod: mix SEED: pv X slots Y native Z: ok|MISMATCH
 *	pvmod: mix SEED: pv X slots Y: ok|MISMATCH	(Xen PV)
 *	pvmod: anchor pvmod_mix_pv ADDRESS
 * so that the harness can read the module's patched sites back, each at
 * its offset from pvmod_mix_pv in their section, which the module loader
 * copies whole.  Loading never fails: a mismatch is reported, and
 * the module stays so that its text can be read.
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/pgtable.h>
#include <asm/msr.h>
#include <asm/paravirt.h>
#include <asm/special_insns.h>

/*
 * The bits of save_fl's result that both versions must agree on.  On bare
 * hardware, all but the arithmetic flags, which pushf takes from whatever
 * the compiler computed last: IF and the fixed bits stay.  In a Xen PV
 * guest only IF: save_fl "is expected to use X86_EFLAGS_IF; all other bits
 * returned from save_fl are undefined" (paravirt_types.h), and Xen's
 * xen_save_fl_direct sets %ah alone, leaving the rest of %rax as it was.
 */
static unsigned long pvmod_flags_mask = ~(unsigned long)(X86_EFLAGS_CF |
	X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF | X86_EFLAGS_SF |
	X86_EFLAGS_OF);
#define PVMOD_FLAGS(x)	((x) & READ_ONCE(pvmod_flags_mask))

/* The inputs, read from memory so that nothing is folded.  */
static u64 pvmod_in[10] = {
	0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL,
	0x2545f4914f6cdd1dULL, 0xd6e8feb86659fd93ULL, 0xa0761d6478bd642fULL,
	0xe7037ed1a0b428dbULL, 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL,
	0x1d8e4e27c47d124fULL,
};

/*
 * The body both versions share; each argument names a pv op or its native
 * twin.  Every value a..j is live across every call, so the register
 * allocator must keep ten of them somewhere the op does not clobber.
 */
#define PVMOD_MIX_BODY(SAVE_FL, IRQ_DISABLE, IRQ_ENABLE, READ_CR0,	\
		       READ_CR3, READ_MSR, MAKE_PTE, PTE_VAL)		\
	u64 a = in[0] ^ seed, b = in[1], c = in[2], d = in[3], e = in[4];	\
	u64 f = in[5], g = in[6], h = in[7], i = in[8], j = in[9];	\
	unsigned long flags, x;						\
									\
	flags = SAVE_FL();						\
	IRQ_DISABLE();							\
	a += b * 3; b ^= c >> 7; c += d; d ^= e << 5; e += f;		\
	x = READ_CR0();							\
	f ^= x + a; g += f ^ b; h ^= g + c; i += h ^ d; j ^= i + e;	\
	x = READ_CR3();							\
	a ^= x + j; b += a ^ f; c ^= b + g; d += c ^ h; e ^= d + i;	\
	x = READ_MSR(MSR_EFER);						\
	f += x ^ e; g ^= f + j; h += g ^ a; i ^= h + b; j += i ^ c;	\
	x = PTE_VAL(MAKE_PTE(a ^ j));					\
	a += x; b ^= x + d; c += e ^ f; d ^= g + h; e += i ^ j;	\
	x = SAVE_FL();							\
	f ^= PVMOD_FLAGS(x); g += a ^ b; h ^= c + d; i += e ^ f; j ^= g + h;	\
	if (flags & X86_EFLAGS_IF)					\
		IRQ_ENABLE();						\
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j ^ PVMOD_FLAGS(flags)

static pte_t pvmod_native_make_pte(u64 v)
{
	return native_make_pte(v);
}

static u64 pvmod_pte_val(pte_t pte)
{
	return pte_val(pte);
}

static noinline u64 pvmod_mix_pv(const u64 *in, u64 seed)
{
	PVMOD_MIX_BODY(arch_local_save_flags, arch_local_irq_disable,
		       arch_local_irq_enable, read_cr0, __read_cr3,
		       paravirt_read_msr, __pte, pvmod_pte_val);
}

static noinline u64 pvmod_mix_native(const u64 *in, u64 seed)
{
	PVMOD_MIX_BODY(native_save_fl, native_irq_disable,
		       native_irq_enable, native_read_cr0, __native_read_cr3,
		       native_read_msr, pvmod_native_make_pte, native_pte_val);
}

/* The functions in the slots, copied once by pvmod_read_slots(). */
static struct {
	unsigned long (*save_fl)(void);
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	unsigned long (*read_cr0)(void);
	unsigned long (*read_cr3)(void);
	u64 (*read_msr)(unsigned int msr);
	pteval_t (*make_pte)(pteval_t v);
	pteval_t (*pte_val)(pteval_t v);
} pvmod_slot;

/*
 * Apart from the calls, so that no register loaded from pv_ops is ever
 * called (check-linux's stray-calls.sh would take it for a pv call that
 * is not a site).
 */
static noinline void pvmod_read_slots(void)
{
	pvmod_slot.save_fl = READ_ONCE(pv_ops.irq.save_fl.func);
	pvmod_slot.irq_disable = READ_ONCE(pv_ops.irq.irq_disable.func);
	pvmod_slot.irq_enable = READ_ONCE(pv_ops.irq.irq_enable.func);
	pvmod_slot.read_cr0 = (void *)READ_ONCE(pv_ops.cpu.read_cr0);
	pvmod_slot.read_cr3 = (void *)READ_ONCE(pv_ops.mmu.read_cr3);
	pvmod_slot.read_msr = (void *)READ_ONCE(pv_ops.cpu.read_msr);
	pvmod_slot.make_pte = READ_ONCE(pv_ops.mmu.make_pte.func);
	pvmod_slot.pte_val = READ_ONCE(pv_ops.mmu.pte_val.func);
}

static unsigned long pvmod_slot_save_fl(void)
{
	return pvmod_slot.save_fl();
}

static void pvmod_slot_irq_disable(void)
{
	pvmod_slot.irq_disable();
}

static void pvmod_slot_irq_enable(void)
{
	pvmod_slot.irq_enable();
}

static unsigned long pvmod_slot_read_cr0(void)
{
	return pvmod_slot.read_cr0();
}

static unsigned long pvmod_slot_read_cr3(void)
{
	return pvmod_slot.read_cr3();
}

static u64 pvmod_slot_read_msr(unsigned int msr)
{
	return pvmod_slot.read_msr(msr);
}

static pte_t pvmod_slot_make_pte(u64 v)
{
	return (pte_t){ .pte = pvmod_slot.make_pte(v) };
}

static u64 pvmod_slot_pte_val(pte_t pte)
{
	return pvmod_slot.pte_val(pte.pte);
}

static noinline u64 pvmod_mix_slots(const u64 *in, u64 seed)
{
	PVMOD_MIX_BODY(pvmod_slot_save_fl, pvmod_slot_irq_disable,
		       pvmod_slot_irq_enable, pvmod_slot_read_cr0,
		       pvmod_slot_read_cr3, pvmod_slot_read_msr,
		       pvmod_slot_make_pte, pvmod_slot_pte_val);
}

static int __init pvmod_init(void)
{
	static const u64 seeds[] = { 0, 1, 0x123456789abcdefULL };
	bool xen = boot_cpu_has(X86_FEATURE_XENPV);
	unsigned int n;

	pvmod_read_slots();
	if (xen)
		pvmod_flags_mask = X86_EFLAGS_IF;
	for (n = 0; n < ARRAY_SIZE(seeds); n++) {
		u64 pv = pvmod_mix_pv(pvmod_in, seeds[n]);
		u64 slots = pvmod_mix_slots(pvmod_in, seeds[n]);
		u64 native;

		if (xen) {
			pr_notice("pvmod: mix %llx: pv %llx slots %llx: %s\n",
				  seeds[n], pv, slots,
				  pv == slots ? "ok" : "MISMATCH");
			continue;
		}
		native = pvmod_mix_native(pvmod_in, seeds[n]);
		pr_notice("pvmod: mix %llx: pv %llx slots %llx native %llx: %s\n",
			  seeds[n], pv, slots, native,
			  pv == slots && pv == native ? "ok" : "MISMATCH");
	}
	pr_notice("pvmod: anchor pvmod_mix_pv %px\n", pvmod_mix_pv);
	return 0;
}
module_init(pvmod_init);

MODULE_DESCRIPTION("pvcall check-linux test module: pv calls in a module");
MODULE_LICENSE("GPL");
