/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Output: site records, stubs and descriptors (format:
 * include/pvcall/site.h).
 *
 * pvcall_postscan (targetm.asm_out.final_postscan_insn): right after
 *   final prints a site's call, a label and the site's record.  A record
 *   refers to the end of the call; the call is the 5-byte `call rel32'
 *   lower.cc made, so the site starts 5 bytes earlier.  pvcall-sites
 *   --check and the patcher verify those bytes.
 *
 * pvcall_finish_unit (PLUGIN_FINISH_UNIT): the stubs, op descriptors and
 *   classes the records of this unit refer to.  Public ones are COMDAT
 *   groups named after everything they contain, so the linker keeps one
 *   of each; ones tied to a static table or function are local.  The
 *   register-agnostic stubs' code is in emit-stubs.cc.
 *
 * All names and labels come from counters and keys of this unit, in the
 * order GCC emits functions, so the output is deterministic.
 */
#include "pvcall-plugin.h"
#include "context.h"
#include "tree-pass.h"
#include "function.h"
#include "basic-block.h"
#include "rtl.h"
#include "memmodel.h"
#include "tm_p.h"
#include "emit-rtl.h"
#include "df.h"
#include "output.h"
#include "target.h"
#include "debug.h"
#include "diagnostic-core.h"
#include "hash-map.h"

static unsigned int pvcall_site_counter;

static void (*pvcall_next_postscan)(FILE *, rtx_insn *, rtx *, int);

const char *pvcall_mask_string(unsigned int mask, bool flags, char *buf,
			       size_t size)
{
	unsigned int reg;
	size_t len = 0;

	buf[0] = '\0';
	for (reg = 0; reg < PVCALL_NR_REGS && len < size; reg++) {
		if (!(mask & PVCALL_REG_BIT(reg)))
			continue;
		len += snprintf(buf + len, size - len, "%s%s",
				len ? ", " : "", pvcall_reg_name(reg));
	}
	if (flags && len < size)
		snprintf(buf + len, size - len, "%sflags", len ? ", " : "");
	return buf;
}

/* The function a pv call insn calls directly, if the insn is a patch
 * site, else NULL.  */
/* The registers of an ABI-form site calling CALLEE: rdi, rsi, ... for
 * each argument word, rax for a one-register result.  */
static unsigned int pvcall_abi_regs(tree callee)
{
	tree type = TREE_TYPE(callee), ret = TREE_TYPE(type);
	unsigned int regs = 0, n = 0, words;
	function_args_iterator iter;
	tree arg;

	if (!VOID_TYPE_P(ret) && tree_fits_uhwi_p(TYPE_SIZE_UNIT(ret)) &&
	    tree_to_uhwi(TYPE_SIZE_UNIT(ret)) <= 8)
		regs |= PVCALL_REGS_HAS_OUT | PVCALL_REG_RAX;
	FOREACH_FUNCTION_ARGS(type, arg, iter) {
		if (VOID_TYPE_P(arg) || !tree_fits_uhwi_p(TYPE_SIZE_UNIT(arg)))
			break;
		for (words = (tree_to_uhwi(TYPE_SIZE_UNIT(arg)) + 7) / 8;
		     words && n < 6; words--, n++)
			regs |= (unsigned int)pvcall_abi_args[n] << (8 + 4 * n);
	}
	return regs | n << 5;
}

static void pvcall_emit_record(FILE *file, unsigned int cls)
{
	unsigned int n = pvcall_site_counter++;
	char name[1024];

	pvcall_class_name(name, sizeof(name), cls);
	fprintf(file, ".Lpvcall.end.%u:\n", n);
	fprintf(file, "\t.pushsection %s,\"a\",@progbits\n"
		"\t.balign 4\n"
		"\t.long .Lpvcall.end.%u - %d - .\n"
		"\t.long %s - .\n"
		"\t.popsection\n",
		pvcall_section, n, PVCALL_CALL_REL32_LEN, name);
}

static void pvcall_postscan(FILE *file, rtx_insn *insn, rtx *opvec,
			    int noperands)
{
	tree callee = pvcall_site_callee(insn);
	int any = callee ? -1 : pvcall_any_of_insn(insn);
	struct pvcall_opdef *op;
	const char *target;
	unsigned int regs, form, cls;

	if (pvcall_next_postscan)
		pvcall_next_postscan(file, insn, opvec, noperands);
	if (callee && !SIBLING_CALL_P(insn) &&
	    pvcall_format == PVCALL_FORMAT_LINUX61) {
		pvcall_linux_site(file, insn, pvcall_site_op(callee, &target));
		return;
	} else if (callee && !SIBLING_CALL_P(insn)) {
		op = pvcall_site_op(callee, &target);
		regs = pvcall_abi_regs(callee);
		form = PVCALL_FORM_CALL_REL32;
	} else if (any >= 0) {
		op = pvcall_op_at(pvcall_any_op(any));
		if (!pvcall_any_regs(any, opvec, &regs)) {
			error_at(INSN_LOCATION(insn), "%<pvcall%> site operand "
				 "is not in a general register");
			return;
		}
		target = pvcall_any_stub(any, regs);
		form = PVCALL_FORM_CALL_REL32_ANY;
	} else {
		return;
	}
	op->used = true;
	cls = pvcall_get_class(op - pvcall_op_at(0), target,
			       pvcall_site_dead(insn), form, regs,
			       op->flags & PVCALL_OP_LOCAL);
	pvcall_emit_record(file, cls);
}

/* ---- At the end of the unit: stubs, ops, classes.  ---- */

/* Open a section for one object NAME: a COMDAT group of its own if it is
 * public, else the plain section.  With SUFFIX, the group's section is
 * SECTION.NAME (as -ffunction-sections names them), else SECTION itself.  */
static void pvcall_open(FILE *f, const char *section, bool suffix,
			const char *flags, const char *type, const char *name,
			bool local, int align)
{
	if (local)
		fprintf(f, "\t.pushsection %s,\"%s\",@progbits\n", section,
			flags);
	else
		fprintf(f, "\t.pushsection %s%s%s,\"%sG\",@progbits,%s,comdat\n",
			section, suffix ? "." : "", suffix ? name : "", flags,
			name);
	fprintf(f, "\t.balign %d\n", align);
	if (!local)
		fprintf(f, "\t.globl %s\n\t.hidden %s\n", name, name);
	fprintf(f, "\t.type %s, %s\n%s:\n", name, type, name);
}

static void pvcall_close(FILE *f, const char *name)
{
	fprintf(f, "\t.size %s, .-%s\n\t.popsection\n", name, name);
}

/* A function of ours in its own text section (a COMDAT group unless
 * LOCAL), 16-byte aligned.  With -fplugin-arg-pvcall-stub-section, and
 * in a kernel with Linux records, the group's section is the one named
 * (.noinstr.text), which the kernel links by name.  */
void pvcall_open_text(FILE *f, const char *name, bool local)
{
	if (pvcall_stub_section)
		pvcall_open(f, pvcall_stub_section, false, "ax", "@function",
			    name, local, 16);
	else if (pvcall_format == PVCALL_FORMAT_LINUX61)
		pvcall_open(f, pvcall_linux_text_section(), false, "ax",
			    "@function", name, local, 16);
	else
		pvcall_open(f, ".text", true, "ax", "@function", name, local,
			    16);
}

void pvcall_close_text(FILE *f, const char *name)
{
	pvcall_close(f, name);
}

/* A retpoline to the address in rax, as GCC writes its inline thunk: the
 * speculative path is trapped in the pause loop while the architectural
 * return goes to the target.  */
void pvcall_emit_retpoline_rax(FILE *f, bool cfi)
{
	fprintf(f, "\tcall 1f\n");
	if (cfi)
		fprintf(f, "\t.cfi_adjust_cfa_offset 8\n");
	fprintf(f, "2:\tpause\n\tlfence\n\tjmp 2b\n"
		"1:\tmovq %%rax, (%%rsp)\n\tret\n");
}

/* Load what the op calls into %rax (retpoline stubs).  */
void pvcall_emit_load_target(FILE *f, const struct pvcall_opdef *op)
{
	if (!(op->flags & PVCALL_OP_GOT)) {
		fprintf(f, "\tmovq %s+" HOST_WIDE_INT_PRINT_DEC "(%%rip), %%rax\n",
			op->sym, op->offset);
		return;
	}
	fprintf(f, "\tmovq %s@GOTPCREL(%%rip), %%rax\n", op->sym);
	if (!(op->flags & PVCALL_OP_DIRECT))
		fprintf(f, "\tmovq " HOST_WIDE_INT_PRINT_DEC "(%%rax), %%rax\n",
			op->offset);
}

/* The stub jumps to the op's current target, touching only %rax, which
 * every pvcall contract lets a call clobber.  Its indirect jump follows
 * -mindirect-branch like the compiler's own, and an int3 stops
 * straight-line speculation past it.  */
static void pvcall_emit_stub(FILE *f, const struct pvcall_stubdef *stub,
			     bool cfi)
{
	const struct pvcall_opdef *op = pvcall_op_at(stub->op);

	pvcall_open_text(f, stub->name, op->flags & PVCALL_OP_LOCAL);
	if (cfi)
		fprintf(f, "\t.cfi_startproc\n");
	switch (ix86_indirect_branch) {
	case indirect_branch_thunk_extern:
		pvcall_emit_load_target(f, op);
		fprintf(f, "\tjmp __x86_indirect_thunk_rax\n");
		break;
	case indirect_branch_thunk:
	case indirect_branch_thunk_inline:
		pvcall_emit_load_target(f, op);
		pvcall_emit_retpoline_rax(f, cfi);
		break;
	default:
		if (!(op->flags & PVCALL_OP_GOT))
			fprintf(f, "\tjmp *%s+" HOST_WIDE_INT_PRINT_DEC "(%%rip)\n",
				op->sym, op->offset);
		else if (op->flags & PVCALL_OP_DIRECT)
			fprintf(f, "\tjmp *%s@GOTPCREL(%%rip)\n", op->sym);
		else
			fprintf(f, "\tmovq %s@GOTPCREL(%%rip), %%rax\n"
				"\tjmp *" HOST_WIDE_INT_PRINT_DEC "(%%rax)\n",
				op->sym, op->offset);
		break;
	}
	fprintf(f, "\tint3\n");
	if (cfi)
		fprintf(f, "\t.cfi_endproc\n");
	pvcall_close(f, stub->name);
}

static void pvcall_emit_op(FILE *f, const struct pvcall_opdef *op,
			   unsigned int n)
{
	char name[600];
	const char *p;

	snprintf(name, sizeof(name), "__pvcall.op.%s", op->key);
	pvcall_open(f, PVCALL_OPS_SECTION, false, "a", "@object", name,
		    op->flags & PVCALL_OP_LOCAL, 4);
	fprintf(f, "\t.byte %d, %u\n\t.short %u\n", PVCALL_SITE_VERSION,
		op->flags, op->clobbers);
	fprintf(f, "\t.long .Lpvcall.opname.%u - .\n", n);
	if (op->flags & PVCALL_OP_GOT)
		fprintf(f, "\t.long %s@GOTPCREL\n\t.long " HOST_WIDE_INT_PRINT_DEC "\n",
			op->sym, op->offset);
	else
		fprintf(f, "\t.long %s+" HOST_WIDE_INT_PRINT_DEC " - .\n\t.long 0\n",
			op->sym, op->offset);
	fprintf(f, ".Lpvcall.opname.%u:\n\t.string \"", n);
	for (p = op->name; *p; p++) {
		if (*p == '"' || *p == '\\' || !ISPRINT(*p))
			fprintf(f, "\\%03o", (unsigned char)*p);
		else
			fputc(*p, f);
	}
	fprintf(f, "\"\n");
	pvcall_close(f, name);
}

static void pvcall_emit_class(FILE *f, unsigned int i)
{
	const struct pvcall_classdef *c = pvcall_class_at(i);
	char name[1024];

	pvcall_class_name(name, sizeof(name), i);
	pvcall_open(f, PVCALL_CLASSES_SECTION, false, "a", "@object", name,
		    c->local, 4);
	fprintf(f, "\t.long __pvcall.op.%s - .\n\t.long %s - .\n",
		pvcall_op_at(c->op)->key, c->target);
	fprintf(f, "\t.short %u\n\t.byte %d, %u\n\t.long %#x\n", c->dead,
		PVCALL_CALL_REL32_LEN, c->form, c->regs);
	pvcall_close(f, name);
}

static void pvcall_finish_unit(void *gcc_data, void *user_data)
{
	FILE *f = asm_out_file;
	bool cfi = dwarf2out_do_cfi_asm();
	unsigned int i;

	(void)gcc_data;
	(void)user_data;
	if (!f || seen_error())
		return;
	for (i = 0; i < pvcall_stub_count(); i++)
		if (pvcall_stub_at(i)->used)
			pvcall_emit_stub(f, pvcall_stub_at(i), cfi);
	pvcall_emit_anystubs(f, cfi);
	/* Linux records name their stubs and pv_ops slots themselves.  */
	if (pvcall_format == PVCALL_FORMAT_LINUX61)
		return;
	for (i = 0; i < pvcall_op_count(); i++)
		if (pvcall_op_at(i)->used)
			pvcall_emit_op(f, pvcall_op_at(i), i);
	for (i = 0; i < pvcall_class_count(); i++)
		pvcall_emit_class(f, i);
}

void pvcall_register_output(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_FINISH_UNIT, pvcall_finish_unit,
			  NULL);
	pvcall_next_postscan = targetm.asm_out.final_postscan_insn;
	targetm.asm_out.final_postscan_insn = pvcall_postscan;
}
