/* SPDX-License-Identifier: MIT */
/*
 * pvcall/patch.h - the boot-time patcher of the pvcall runtime.
 *
 * The patcher rewrites each patch site (see <pvcall/site.h>) into one of:
 *
 *   inline  the op's native instructions, encoded for the site's own
 *           registers, padded with NOPs to the site's length;
 *   direct  `call target', the op's current implementation, for a site in
 *           the ABI form, and for a register-agnostic site whose operands
 *           are in the ABI registers, which may lose every register the
 *           implementation may clobber and whose stack is aligned enough
 *           (<pvcall/site.h>: PVCALL_OP_EXACT and PVCALL_OP_STACK8); any
 *           other register-agnostic site keeps calling its stub, which
 *           moves the operands, saves registers and realigns the stack
 *           around the call through the slot;
 *   leave   the site as it is.
 *
 * Nothing is written before it is validated: the record must describe a
 * site inside the text range, the site's bytes must be what the record
 * says they were, or exactly what this patch would write (then it is
 * already patched), or, at a site that may get one, a direct call an
 * earlier patch wrote (to the op's current implementation or one of
 * backend->prev_targets); records must not overlap, and the replacement
 * must fit.  A rejected site is left untouched and counted with its
 * reason.
 * Each site is written with one call of the text-write callback, whole.
 * pvcall_unpatch() writes every site's original bytes back; they are
 * rebuilt from the record alone.
 *
 * The runtime is freestanding C99: no libc.  libpvcall.a is the user-space
 * flavour (position-independent), libpvcall-kernel.a the kernel flavour
 * (-mcmodel=kernel -mno-red-zone -mgeneral-regs-only).
 */
#ifndef PVCALL_PATCH_H
#define PVCALL_PATCH_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif
#include "pvcall/site.h"

/* The longest native template, in bytes.  */
#define PVCALL_MAX_INSN		15

/* A site's operands, as the template encoders see them.  */
struct pvcall_operands {
	int out;			/* output register, or -1 */
	unsigned int nargs;
	int args[6];			/* argument registers */
	unsigned int free;		/* registers the code may clobber:
					 * the site's allowance plus its dead
					 * registers (output included) */
};

/*
 * Encode the native instructions for an op at a site with operands OPS
 * into BUF (at most PVCALL_MAX_INSN bytes).  Returns the length, or -1 if
 * this site cannot have them (for example, a scratch register is needed
 * and none is free).  *CLOBBERS gets the registers the code writes.
 */
typedef int (*pvcall_encoder)(const struct pvcall_operands *ops,
			      unsigned char *buf, unsigned int *clobbers);

/* What a backend offers for one op; see pvcall_backend.  */
struct pvcall_template {
	const char *op;			/* op name, e.g. "pv_ops.irq_disable",
					 * or NULL to match by function */
	const void *func;		/* or: the implementation it replaces
					 * (slot's current value, or a direct
					 * op's function) */
	pvcall_encoder encode;		/* NULL: no inline form, call directly */
	unsigned int flags;		/* PVCALL_TEMPLATE_* */
};

/*
 * Pad the template's code to the site's length with redundant DS segment
 * prefixes (3e) on its first instruction, rather than with NOPs after it,
 * so that the site executes exactly as many instructions as the template:
 * `cli' in a 5-byte site is `3e 3e 3e 3e fa', one instruction, where NOP
 * padding would run a NOP after it.  The prefix changes nothing for the
 * runtime's encoders: in 64-bit mode DS, like CS, ES and SS, has base 0,
 * it is the default segment of their memory operands, and they have no
 * branch (where 3e is a hint) or string instruction.  An empty template
 * (an identity between one register, a no-op) is still one NOP.  Only
 * for encoders whose first instruction takes such a prefix.
 */
#define PVCALL_TEMPLATE_PREFIX_PAD	0x1u

/* The prefix PVCALL_TEMPLATE_PREFIX_PAD pads with.  */
#define PVCALL_PAD_PREFIX		0x3e

/*
 * Copy LEN bytes from SRC over the text at DST, and make them visible to
 * instruction fetch (serialise).  Returns 0 on success.  User space:
 * pvcall_user_text_write(); a kernel passes its text_poke_early().
 */
typedef int (*pvcall_text_write)(void *ctx, void *dst, const void *src,
				 size_t len);

enum pvcall_reject {
	PVCALL_REJ_RECORD,	/* class/op outside its table, or one of
				 * the faults of <pvcall/format.h>: bad
				 * version, flags, form, length, operand
				 * registers, target or ref, dead or
				 * clobbered registers not caller-saved */
	PVCALL_REJ_RANGE,	/* site outside the text range */
	PVCALL_REJ_OVERLAP,	/* site overlaps or repeats another */
	PVCALL_REJ_BYTES,	/* bytes are neither the original nor the
				 * patch */
	PVCALL_REJ_FIT,		/* replacement does not fit, or a direct
				 * call cannot reach its target */
	PVCALL_REJ_WRITE,	/* the text-write callback failed */
	PVCALL_NR_REJECTS
};

struct pvcall_backend {
	const struct pvcall_template *templates;
	size_t ntemplates;
	pvcall_text_write write;
	void *ctx;
	/* Re-patching after an op's slot changed: the implementations an
	 * earlier run may have called directly.  A site holding a direct
	 * call to anything else than these and the op's current target is
	 * rejected (PVCALL_REJ_BYTES).  */
	const void *const *prev_targets;
	size_t nprev_targets;
	/* If set, called for each rejected site (the address its record
	 * gives, which may be bad) with the reason, before the next site
	 * is looked at: a kernel logs it.  */
	void (*rejected)(void *ctx, const void *site,
			 enum pvcall_reject why);
};

/* The tables to patch and where they may point.  */
struct pvcall_image {
	const struct pvcall_site *sites, *sites_end;
	const void *classes, *classes_end;	/* pvcall_classes */
	const void *ops, *ops_end;		/* pvcall_ops */
	const void *text, *text_end;		/* sites must lie in here */
	const void *text2, *text2_end;		/* or here, if text2: a
						 * kernel's or module's init
						 * text */
};

struct pvcall_result {
	unsigned long inlined;		/* written as native instructions */
	unsigned long direct;		/* written as a direct call */
	unsigned long left;		/* no template and no direct call */
	unsigned long already;		/* already as this patch wants */
	unsigned long restored;		/* pvcall_unpatch: written back */
	unsigned long rejected[PVCALL_NR_REJECTS];
};

/* Patch every site of IMAGE as BACKEND says.  Adds to *RESULT (clear it
 * first).  Returns the number of rejected sites.  */
unsigned long pvcall_patch(const struct pvcall_image *image,
			   const struct pvcall_backend *backend,
			   struct pvcall_result *result);

/* Put every site back as the compiler emitted it.  Sites whose bytes are
 * neither original nor a patch this backend would write are rejected.  */
unsigned long pvcall_unpatch(const struct pvcall_image *image,
			     const struct pvcall_backend *backend,
			     struct pvcall_result *result);

/* The encoders the runtime provides.  */
int pvcall_encode_nop(const struct pvcall_operands *, unsigned char *,
		      unsigned int *);		/* no-op: NOPs only */
int pvcall_encode_identity(const struct pvcall_operands *, unsigned char *,
			   unsigned int *);	/* out = arg0 (pte_val) */
int pvcall_encode_save_fl(const struct pvcall_operands *, unsigned char *,
			  unsigned int *);	/* pushf; pop out */
int pvcall_encode_restore_fl(const struct pvcall_operands *, unsigned char *,
			     unsigned int *);	/* push arg0; popf */
int pvcall_encode_cli(const struct pvcall_operands *, unsigned char *,
		      unsigned int *);
int pvcall_encode_sti(const struct pvcall_operands *, unsigned char *,
		      unsigned int *);
int pvcall_encode_read_cr2(const struct pvcall_operands *, unsigned char *,
			   unsigned int *);	/* mov %cr2, out */
int pvcall_encode_read_cr3(const struct pvcall_operands *, unsigned char *,
			   unsigned int *);	/* mov %cr3, out */
int pvcall_encode_write_cr3(const struct pvcall_operands *, unsigned char *,
			    unsigned int *);	/* mov arg0, %cr3 */
int pvcall_encode_invlpg(const struct pvcall_operands *, unsigned char *,
			 unsigned int *);	/* invlpg (arg0) */
int pvcall_encode_halt(const struct pvcall_operands *, unsigned char *,
		       unsigned int *);		/* sti; hlt */
int pvcall_encode_hlt(const struct pvcall_operands *, unsigned char *,
		      unsigned int *);		/* hlt (native_halt) */
int pvcall_encode_wbinvd(const struct pvcall_operands *, unsigned char *,
			 unsigned int *);
int pvcall_encode_read_cr0(const struct pvcall_operands *, unsigned char *,
			   unsigned int *);	/* mov %cr0, out */
int pvcall_encode_write_cr2(const struct pvcall_operands *, unsigned char *,
			    unsigned int *);	/* mov arg0, %cr2 */
int pvcall_encode_lgdt(const struct pvcall_operands *, unsigned char *,
		       unsigned int *);		/* lgdt (arg0) */
int pvcall_encode_lidt(const struct pvcall_operands *, unsigned char *,
		       unsigned int *);		/* lidt (arg0) */
int pvcall_encode_str(const struct pvcall_operands *, unsigned char *,
		      unsigned int *);		/* str out */
int pvcall_encode_store(const struct pvcall_operands *, unsigned char *,
			unsigned int *);	/* mov arg1, (arg0): set_pte
						 * and the other levels */
int pvcall_encode_store_byte_zero(const struct pvcall_operands *,
				  unsigned char *,
				  unsigned int *);	/* movb $0, (arg0): spin
						 * unlock */
int pvcall_encode_false(const struct pvcall_operands *, unsigned char *,
			unsigned int *);	/* xor out32, out32: false
						 * (vcpu_is_preempted) */
int pvcall_encode_zero(const struct pvcall_operands *, unsigned char *,
		       unsigned int *);		/* out = 0, through a dead
						 * scratch register if the
						 * flags must survive: a test
						 * of scratch use */

/* Fill LEN bytes at BUF with the longest NOPs (Linux's add_nops).  */
void pvcall_fill_nops(unsigned char *buf, unsigned int len);

/* User space only: mprotect the page(s) writable, copy, protect back.  */
int pvcall_user_text_write(void *ctx, void *dst, const void *src, size_t len);

#endif /* PVCALL_PATCH_H */
