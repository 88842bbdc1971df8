/* SPDX-License-Identifier: MIT */
/*
 * pvcall.h - attributes for reduced-clobber paravirt calls.
 *
 * With the pvcall GCC plugin loaded (-fplugin=pvcall), the plugin predefines
 * __PVCALL__ to its version number and these macros attach the `pvcall'
 * function-type attribute.  A call through a __pvcall function type then
 * clobbers only the return-value registers and the flags (plus whatever
 * __pvcall_clobbers() lists); every other general register survives it.
 *
 * Without the plugin the macros expand to nothing, so the same source
 * builds as plain C calls.  That is the off switch.
 *
 *	struct pv_irq_ops {
 *		void (*irq_disable)(void) __pvcall;
 *		unsigned long (*save_fl)(void) __pvcall_clobbers("rcx", "r11");
 *	};
 *
 * __pvcall_native(insns, cond) names an op's native replacement for a
 * kernel whose own patcher inlines it: with
 * -fplugin-arg-pvcall-format=linux-6.1 each site of the op also gets a
 * Linux .altinstructions entry that replaces it with INSNS (assembly
 * written as in an asm statement without operands: %% for %) when the
 * feature condition COND (struct alt_instr's 16-bit cpuid word) holds:
 *
 *	void (*irq_disable)(void) __pvcall
 *		__pvcall_native("cli", ALT_NOT(X86_FEATURE_XENPV));
 *
 * __pvcall_inline marks an op whose sites a patcher replaces with native
 * instructions (pvcall's own records only): its sites are register-
 * agnostic whatever -fplugin-arg-pvcall-regs says, and clobber only their
 * result register, the flags and memory, as the native instruction
 * would; their stubs save whatever else the op may clobber:
 *
 *	void (*set_pte)(pte_t *, pte_t) __pvcall_clobbers(...) __pvcall_inline;
 */
#ifndef PVCALL_H
#define PVCALL_H

#ifdef __PVCALL__
#define __pvcall			__attribute__((pvcall))
#define __pvcall_clobbers(...)		__attribute__((pvcall(__VA_ARGS__)))
#define __pvcall_native(insns, cond)	__attribute__((pvcall_native(insns, cond)))
#define __pvcall_inline			__attribute__((pvcall_inline))
#else
#define __pvcall
#define __pvcall_clobbers(...)
#define __pvcall_native(insns, cond)
#define __pvcall_inline
#endif

#endif /* PVCALL_H */
