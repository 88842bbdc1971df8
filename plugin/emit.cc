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

static unsigned int pvcall_site_counter;

static void (*pvcall_next_postscan)(FILE *, rtx_insn *, rtx *, int);

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
		regs |= PVCALL_REGS_HAS_OUT;
	FOREACH_FUNCTION_ARGS(type, arg, iter) {
		if (VOID_TYPE_P(arg) || !tree_fits_uhwi_p(TYPE_SIZE_UNIT(arg)))
			break;
		for (words = (tree_to_uhwi(TYPE_SIZE_UNIT(arg)) + 7) / 8;
		     words && n < PVCALL_MAX_ARGS; words--)
			n++;
	}
	return pvcall_regs_abi(regs | n << 5);
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
