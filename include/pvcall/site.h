/* SPDX-License-Identifier: MIT */
/*
 * pvcall/site.h - the binary format of pvcall patch-site records.
 *
 * The plugin emits it, the runtime patcher and the pvcall-sites tool read
 * it.  Everything here is part of the contract: change it only together
 * with PVCALL_SITE_VERSION.
 *
 * Format version 2
 * ================
 *
 * A patch site is the 5-byte direct call `e8 rel32' that the plugin makes
 * of every pv call whose target it can name at compile time:
 *
 *   - a call through a fixed slot (a pointer in a global or static
 *     variable at a constant offset, read at the call: pv_ops.mmu.set_pte)
 *     calls the op's stub, a tiny function emitted once per op (a hidden
 *     COMDAT) that jumps through the slot: `jmp *slot(%rip)', or with
 *     retpolines `mov slot(%rip),%rax; jmp __x86_indirect_thunk_rax';
 *   - a direct call to a function with a pvcall type calls that function,
 *     or, in user space when it may live in another module, a stub that
 *     jumps through its GOT entry.
 *
 * Calls through any other pointer (a parameter, a local copy the compiler
 * cannot trace to its slot) keep the reduced-clobber contract but are not
 * patch sites and have no record.
 *
 * A site has one of two forms (struct pvcall_class.form):
 *
 *   PVCALL_FORM_CALL_REL32: an ordinary call.  The arguments are in the ABI
 *     registers rdi, rsi, rdx, rcx, r8, r9, the result in rax (rax:rdx for
 *     a two-register result); the call may clobber the op's clobbers.
 *   PVCALL_FORM_CALL_REL32_ANY: a register-agnostic site.  The arguments
 *     and the result are in whatever registers suited the caller, named by
 *     struct pvcall_class.regs; the site calls a stub made for exactly
 *     those registers, which moves them to and from the ABI registers.  It
 *     may clobber its output register and the op's clobbers other than
 *     rax; nothing else.
 *
 * The flags and memory are clobbered by both forms.  Either way, code
 * patched in at a site may also clobber the site's dead registers.
 *
 * An op's clobbers are what a call at its sites may clobber.  With
 * PVCALL_OP_EXACT they are also everything its implementations may
 * clobber; without it the implementations may clobber more.  That is the
 * case of a pvcall_inline op at register-agnostic sites: its stubs save
 * its declared clobbers, so that the sites give up only their output,
 * and its record says rax alone.
 *
 * A register-agnostic site's stack is only sure to be aligned to 8 bytes:
 * the compiler does not see the call in it.  Where calls need 16 (user
 * space), its stubs realign.  PVCALL_OP_STACK8 says that the op's sites
 * were compiled for an 8-byte stack boundary
 * (-mpreferred-stack-boundary=3, as kernels are), so that its
 * implementations get only 8 from any call.  Descriptors of one op from
 * units compiled for different boundaries differ in this flag alone, and
 * either is right for all their sites: a unit compiled for 8 bytes
 * already calls the implementations with no more.
 *
 * A patcher may therefore replace a register-agnostic site with a direct
 * call to the op's implementation only if the op has both
 * PVCALL_OP_EXACT and PVCALL_OP_STACK8, the operands are where the ABI
 * puts them (argument i in rdi, rsi, rdx, rcx, r8, r9 order, the output
 * in rax) and the site may lose every register in clobbers: rax must be
 * the output or dead (the others the site clobbers anyway).  Records
 * from before these flags existed lack them, so they only ever get
 * native code or keep their stub there.  (An ABI-form site needs neither
 * flag: its op's clobbers are always exact, and the compiler aligned its
 * stack for the call.)
 *
 * Each site has exactly one record in the section PVCALL_SITES_SECTION
 * (-fplugin-arg-pvcall-section=NAME renames it).  Records point to shared
 * class descriptors, and classes to op descriptors; both are deduplicated
 * across the link (COMDAT) unless they describe something local to one
 * translation unit.  All references are 32-bit offsets from the field that
 * holds them, so the tables need no load-time relocation and do not care
 * where the image runs (KASLR).  A reference of 0 means "none".
 *
 * Per site:    8 bytes   struct pvcall_site
 * Per class:  16 bytes   struct pvcall_class, one per distinct
 *                        (call target, site length, dead registers)
 * Per op:     16 bytes   struct pvcall_op, plus its name
 *
 * The names are C identifiers, so GNU ld defines __start_NAME and
 * __stop_NAME around each (and keeps them under --gc-sections only if
 * those symbols are referenced, or a linker script KEEPs the section).
 *
 * Registers are masks in the x86 hardware numbering (the ModRM reg field):
 * bit 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi, 7 rdi, 8-15 r8-r15.
 */
#ifndef PVCALL_SITE_H
#define PVCALL_SITE_H

#ifdef __KERNEL__
#include <linux/types.h>	/* the kernel has no <stdint.h> */
#else
#include <stdint.h>
#endif

#define PVCALL_SITE_VERSION		2

#define PVCALL_SITES_SECTION		"pvcall_sites"
#define PVCALL_CLASSES_SECTION		"pvcall_classes"
#define PVCALL_OPS_SECTION		"pvcall_ops"

enum pvcall_reg {
	PVCALL_REG_RAX, PVCALL_REG_RCX, PVCALL_REG_RDX, PVCALL_REG_RBX,
	PVCALL_REG_RSP, PVCALL_REG_RBP, PVCALL_REG_RSI, PVCALL_REG_RDI,
	PVCALL_REG_R8, PVCALL_REG_R9, PVCALL_REG_R10, PVCALL_REG_R11,
	PVCALL_REG_R12, PVCALL_REG_R13, PVCALL_REG_R14, PVCALL_REG_R15,
	PVCALL_NR_REGS
};

#define PVCALL_REG_BIT(r)		(1u << (r))

/* rax, rcx, rdx, rsi, rdi, r8-r11: the SysV caller-saved general
 * registers, the only ones that can be clobbered or dead.  */
#define PVCALL_CALLER_SAVED		0x0fc7u

/* The site forms (struct pvcall_class.form).  */
#define PVCALL_FORM_CALL_REL32		1	/* e8 rel32, ABI registers */
#define PVCALL_FORM_CALL_REL32_ANY	2	/* e8 rel32, any registers */
#define PVCALL_CALL_REL32_LEN		5

/*
 * struct pvcall_class.regs: where a site's operands are, for both forms.
 *   bits 0-3    output register (PVCALL_REG_*), if PVCALL_REGS_HAS_OUT
 *   bit  4      PVCALL_REGS_HAS_OUT: the op returns a value in one register
 *   bits 5-7    number of argument registers, 0-6
 *   bits 8-31   argument register i in bits 8+4i .. 11+4i
 * A two-register result (rax:rdx, ABI form only) has no output register
 * here; the op's clobbers name both.
 */
#define PVCALL_REGS_HAS_OUT		0x10u
#define PVCALL_REGS_OUT(regs)		((regs) & 0xfu)
#define PVCALL_REGS_NARGS(regs)		(((regs) >> 5) & 0x7u)
#define PVCALL_REGS_ARG(regs, i)	(((regs) >> (8 + 4 * (i))) & 0xfu)

/* One per call site, in PVCALL_SITES_SECTION; 4-byte aligned.  */
struct pvcall_site {
	int32_t site;		/* first byte of the call - &site */
	int32_t cls;		/* its struct pvcall_class - &cls */
};

/* What the sites of one class have in common; in PVCALL_CLASSES_SECTION. */
struct pvcall_class {
	int32_t op;		/* struct pvcall_op - &op */
	int32_t target;		/* what the call at the site calls - &target */
	uint16_t dead;		/* caller-saved general registers that are not
				 * live after the call: code patched in at the
				 * site may use them freely */
	uint8_t len;		/* site length in bytes (5) */
	uint8_t form;		/* PVCALL_FORM_* */
	uint32_t regs;		/* operand registers, PVCALL_REGS_* */
};

/* One op and its contract; in PVCALL_OPS_SECTION.  */
struct pvcall_op {
	uint8_t version;	/* PVCALL_SITE_VERSION */
	uint8_t flags;		/* PVCALL_OP_* */
	uint16_t clobbers;	/* registers a call may clobber: rax (and rdx
				 * for a two-register result) plus the
				 * attribute's list (but see
				 * PVCALL_OP_EXACT); the flags always */
	int32_t name;		/* NUL-terminated name, e.g.
				 * "pv_ops.irq_disable" - &name */
	int32_t ref;		/* slot op: the slot - &ref; direct op: the
				 * function - &ref.  With PVCALL_OP_GOT: the
				 * GOT entry holding the address of the table
				 * or of the function - &ref */
	int32_t offset;		/* PVCALL_OP_GOT slot op: offset of the slot
				 * in its table; else 0 */
};

#define PVCALL_OP_DIRECT		0x01	/* calls a function, not through a slot */
#define PVCALL_OP_GOT			0x02	/* ref is a GOT entry */
#define PVCALL_OP_LOCAL			0x04	/* private to one translation unit */
#define PVCALL_OP_EXACT			0x08	/* clobbers is all that the op's
						 * implementations may clobber */
#define PVCALL_OP_STACK8		0x10	/* its sites were compiled for an
						 * 8-byte stack boundary */

/* The address a self-relative field refers to, or NULL for 0.  */
static inline const void *pvcall_ref(const int32_t *field)
{
	return *field ? (const char *)field + *field : (const void *)0;
}

static inline const struct pvcall_class *
pvcall_site_class(const struct pvcall_site *s)
{
	return (const struct pvcall_class *)pvcall_ref(&s->cls);
}

static inline const struct pvcall_op *
pvcall_class_op(const struct pvcall_class *c)
{
	return (const struct pvcall_op *)pvcall_ref(&c->op);
}

/* The function pointer a slot op calls through; NULL for a direct op.  */
static inline void *const *pvcall_op_slot(const struct pvcall_op *op)
{
	const char *p = (const char *)pvcall_ref(&op->ref);

	if (op->flags & PVCALL_OP_DIRECT)
		return (void *const *)0;
	if (op->flags & PVCALL_OP_GOT)
		p = *(const char *const *)p + op->offset;
	return (void *const *)p;
}

/* The function a direct op calls; NULL for a slot op.  */
static inline const void *pvcall_op_func(const struct pvcall_op *op)
{
	const void *p = pvcall_ref(&op->ref);

	if (!(op->flags & PVCALL_OP_DIRECT))
		return (const void *)0;
	if (op->flags & PVCALL_OP_GOT)
		p = *(const void *const *)p;
	return p;
}

#endif /* PVCALL_SITE_H */
