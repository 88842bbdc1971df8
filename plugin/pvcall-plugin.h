/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interfaces of the pvcall GCC plugin.
 *
 * The plugin is C++ only because GCC's headers are.  It is written like C:
 * no RTTI, no exceptions, no classes of our own beyond the pass objects
 * GCC's pass manager requires.
 */
#ifndef PVCALL_PLUGIN_H
#define PVCALL_PLUGIN_H

#include "pvcall-gcc.h"

/* Version predefined as __PVCALL__ and reported by --help.  */
#define PVCALL_VERSION		1
#define PVCALL_VERSION_STRING	"1"

/*
 * Register masks, site records and op descriptors follow the shared format
 * in <pvcall/site.h>: masks use the x86 hardware register numbering, so
 * they are independent of GCC's internal register numbers.  Register
 * names, the ABI's argument order and stub names come from
 * <pvcall/format.h>, which the runtime and pvcall-sites share.
 */
#include "pvcall/site.h"
#include "pvcall/format.h"

/* Options (-fplugin-arg-pvcall-KEY; options.cc).  */
extern bool pvcall_disabled;
extern bool pvcall_verbose;
extern bool pvcall_local_stubs;	/* no COMDAT groups: local copies */
extern const char *pvcall_section;
extern const char *pvcall_stub_section;	/* NULL: the default */

/* -fplugin-arg-pvcall-regs=any|abi; the default is "any" where there is
 * no red zone (-mno-red-zone, as in kernels).  */
enum pvcall_regs_mode {
	PVCALL_REGS_AUTO,
	PVCALL_REGS_ANY,
	PVCALL_REGS_ABI,
};
extern enum pvcall_regs_mode pvcall_regs_mode;

/* -fplugin-arg-pvcall-format=pvcall|linux-6.1: which records sites get.  */
enum pvcall_format {
	PVCALL_FORMAT_PVCALL,	/* <pvcall/site.h> */
	PVCALL_FORMAT_LINUX61,	/* Linux 6.1 .parainstructions/.altinstructions */
};
extern enum pvcall_format pvcall_format;

/* An op: what a site calls and under which contract (lower.cc).  */
struct pvcall_opdef {
	char *key;		/* unique: names the op descriptor and stub */
	char *name;		/* source-level name, e.g. "pv_ops.irq_disable" */
	char *sym;		/* the table (slot op) or function (direct op) */
	HOST_WIDE_INT offset;	/* of the slot in the table */
	unsigned int clobbers;	/* declared clobber mask */
	unsigned int preserve;	/* pvcall_inline: the declared clobbers
				 * (but rax) that the op's register-agnostic
				 * stubs save, so that its sites clobber only
				 * their output; clobbers is then rax */
	unsigned int flags;	/* PVCALL_OP_*; PVCALL_OP_EXACT unless
				 * preserve, PVCALL_OP_STACK8 unless the
				 * stubs realign */
	bool used;		/* a site in the output refers to it */
	char *native;		/* pvcall_native replacement, or NULL */
	unsigned int native_cond; /* ... and its feature condition */
	bool warned;		/* diagnosed once already */
};

/* A stub: the function a site calls to reach its op (lower.cc).  */
struct pvcall_stubdef {
	tree decl;
	char *key;		/* the name it was asked for */
	char *name;		/* its assembler name */
	unsigned int op;	/* index of its pvcall_op */
	bool used;		/* a site in the output calls it */
};

/* A register-agnostic site's asm, one per op, shape and saves left out
 * (registry.cc); a site's asm is recognised by its template.  */
struct pvcall_anydef {
	char *templ;
	unsigned int op;	/* index of its pvcall_opdef */
	bool has_out;
	unsigned int nargs;
	bool a16;		/* stub realigns the stack to 16 bytes */
	const char *branch;	/* -mindirect-branch variant suffix */
	unsigned int dropped;	/* saves left out: dead at its sites */
};

/* The stub of one definition and register combination (registry.cc).  */
struct pvcall_anystub {
	char *name;
	unsigned int any;	/* the pvcall_anydef it serves */
	int out;		/* hardware register, or -1 */
	int args[PVCALL_MAX_ARGS];
};

/* A class: what the sites that share a descriptor have in common
 * (registry.cc).  */
struct pvcall_classdef {
	char *key;		/* op, dead registers and target */
	unsigned int op;
	char *target;
	unsigned int dead;
	unsigned int form;
	unsigned int regs;
	bool local;
};

/* What lowering made of a pv call.  */
enum pvcall_site_kind {
	PVCALL_NOT_SITE,	/* target unknown: no record */
	PVCALL_SITE_STUB,	/* calls a stub */
	PVCALL_SITE_DIRECT,	/* calls the pvcall function itself */
	PVCALL_SITE_ANY,	/* a register-agnostic asm (lower-any.cc) */
};

/* options.cc */
void pvcall_parse_args(const struct plugin_name_args *info);

/* attr.cc */
const char *pvcall_mask_string(unsigned int mask, bool flags, char *buf,
			       size_t size);
void pvcall_register_attributes(void *gcc_data, void *user_data);
bool pvcall_type_p(const_tree fntype);
unsigned int pvcall_clobber_mask(const_tree fntype);
int pvcall_gcc_regno(unsigned int reg);
int pvcall_reg_from_gcc_regno(int regno);
void pvcall_check_definition(void *gcc_data, void *user_data);
bool pvcall_native_of(const_tree fntype, const char **insns,
		      unsigned int *cond);
bool pvcall_inline_type_p(const_tree fntype);

/* abi.cc */
void pvcall_install_abi_hook(void);
void pvcall_install_type_hook(void);
unsigned int pvcall_abi_slots(void);
unsigned int pvcall_expand_execute(function *fun);
int pvcall_abi_id_for_mask(unsigned int mask);
const_tree pvcall_call_insn_fntype(const rtx_insn *insn);

class pretty_printer;

/* genericize.cc */
bool pvcall_fixed_slot(tree ref, tree *base, HOST_WIDE_INT *offset);
bool pvcall_print_ref(pretty_printer *pp, tree ref);
void pvcall_register_placeholder_roots(const char *plugin_name);
tree pvcall_placeholder_slot(tree fndecl);
void pvcall_pre_genericize(void *gcc_data, void *user_data);

/* profile.cc */
unsigned int pvcall_profile_hide_execute(function *fun);
unsigned int pvcall_profile_show_execute(function *fun);

/* ipa.cc */
bool pvcall_icf_gate(void);
unsigned int pvcall_icf_refs_execute(void);
unsigned int pvcall_icf_unrefs_execute(void);

/* registry.cc */
void *pvcall_grow(void *array, unsigned int *alloc, unsigned int n,
		  size_t size);
bool pvcall_stubs_realign(void);
void pvcall_register_gc_roots(const char *plugin_name);
const char *pvcall_asm_name(tree decl);
const char *pvcall_branch_suffix(void);
void pvcall_slot_op_key(char *buf, size_t size, tree base,
			HOST_WIDE_INT offset, unsigned int mask,
			unsigned int preserve, bool got);
void pvcall_direct_op_key(char *buf, size_t size, const char *sym,
			  unsigned int mask, unsigned int preserve, bool got);
struct pvcall_opdef *pvcall_get_op(const char *key, const char *name,
				const char *sym, HOST_WIDE_INT offset,
				unsigned int clobbers, unsigned int preserve,
				unsigned int flags);
void pvcall_op_set_native(struct pvcall_opdef *op, const_tree fntype);
unsigned int pvcall_op_count(void);
struct pvcall_opdef *pvcall_op_at(unsigned int i);
tree pvcall_get_stub(struct pvcall_opdef *op, tree fntype);
unsigned int pvcall_stub_count(void);
struct pvcall_stubdef *pvcall_stub_at(unsigned int i);
struct pvcall_stubdef *pvcall_stub_for_decl(const_tree decl);
unsigned int pvcall_get_any(struct pvcall_opdef *op, bool has_out,
			    unsigned int nargs);
unsigned int pvcall_intern_any(const struct pvcall_anydef *shape);
const struct pvcall_anydef *pvcall_any_at(unsigned int i);
int pvcall_any_by_templ(const char *templ);
unsigned int pvcall_any_op(int any);
const char *pvcall_any_stub(int any, unsigned int regs);
unsigned int pvcall_anystub_count(void);
const struct pvcall_anystub *pvcall_anystub_at(unsigned int i);
unsigned int pvcall_get_class(unsigned int op, const char *target,
			      unsigned int dead, unsigned int form,
			      unsigned int regs, bool local);
void pvcall_class_name(char *buf, size_t size, unsigned int i);
unsigned int pvcall_class_count(void);
const struct pvcall_classdef *pvcall_class_at(unsigned int i);

/* lower.cc */
unsigned int pvcall_gimple_execute(function *fun);
bool pvcall_materialize_slot(gimple_stmt_iterator *gsi, gcall *call);
enum pvcall_site_kind pvcall_lower_call(gcall *call, unsigned int mask,
					const char **why);

/* lower-any.cc */
bool pvcall_any_mode(void);
bool pvcall_any_regs_p(gcall *call);
enum pvcall_site_kind pvcall_lower_to_asm(gcall *call,
					  struct pvcall_opdef *op);

/* rtl.cc */
tree pvcall_site_callee(const rtx_insn *insn);
struct pvcall_opdef *pvcall_site_op(tree callee, const char **target);
int pvcall_any_of_insn(const rtx_insn *insn);
bool pvcall_any_regs(int any, rtx *ops, unsigned int *regs);
unsigned int pvcall_not_leaf_execute(function *fun);
unsigned int pvcall_liveness_execute(function *fun);
unsigned int pvcall_site_dead(const rtx_insn *insn);
unsigned int pvcall_final_check_execute(function *fun);

/* emit.cc */
void pvcall_register_output(const char *plugin_name);

/* emit-stubs.cc */
void pvcall_open(FILE *f, const char *section, bool suffix,
		 const char *flags, const char *type, const char *name,
		 bool local, int align);
void pvcall_close(FILE *f, const char *name);
void pvcall_open_text(FILE *f, const char *name, bool local);
void pvcall_close_text(FILE *f, const char *name);
void pvcall_emit_load_target(FILE *f, const struct pvcall_opdef *op);
void pvcall_emit_retpoline_rax(FILE *f, bool cfi);
void pvcall_emit_stub(FILE *f, const struct pvcall_stubdef *stub, bool cfi);
unsigned int pvcall_plan_moves(char *buf, size_t size, const int *src_in,
			       unsigned int n);
unsigned int pvcall_stub_saves(const struct pvcall_anydef *a, int out,
			       unsigned int written);
void pvcall_emit_anystubs(FILE *f, bool cfi);

/* emit-linux.cc */
void pvcall_linux_site(FILE *f, const rtx_insn *insn,
		       struct pvcall_opdef *op);
const char *pvcall_linux_text_section(void);

/* passes.cc */
void pvcall_register_passes(const char *plugin_name);

#endif /* PVCALL_PLUGIN_H */
