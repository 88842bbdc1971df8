/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Output: the code of the register-agnostic stubs.  A stub saves what it
 * writes and the site keeps, realigns the stack where calls need 16
 * bytes, moves the operands into the ABI registers, calls the op, moves
 * the result out, restores and returns as the code around it does.
 */
#include "pvcall-plugin.h"

/* ---- Sections, and the stubs in the ABI registers.  ---- */

/* Open a section for one object NAME: a COMDAT group of its own if it is
 * public, else the plain section.  With SUFFIX, the group's section is
 * SECTION.NAME (as -ffunction-sections names them), else SECTION itself.  */
void pvcall_open(FILE *f, const char *section, bool suffix,
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

void pvcall_close(FILE *f, const char *name)
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
void pvcall_emit_stub(FILE *f, const struct pvcall_stubdef *stub, bool cfi)
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

/* ---- The register-agnostic stubs.  ---- */

/*
 * Move each argument register to its ABI register: a parallel copy,
 * sequenced so that no source is overwritten before it is read, with
 * xchg to break cycles.  The instructions go to BUF; returns the mask of
 * registers they write.
 */
unsigned int pvcall_plan_moves(char *buf, size_t size, const int *src_in,
			       unsigned int n)
{
	int src[PVCALL_MAX_ARGS], dst[PVCALL_MAX_ARGS];
	unsigned int i, j, pending = 0, written = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (src_in[i] == (int)pvcall_abi_arg(i))
			continue;
		src[pending] = src_in[i];
		dst[pending++] = (int)pvcall_abi_arg(i);
	}
	while (pending) {
		bool progress = false;

		for (i = 0; i < pending && !progress; i++) {
			bool blocked = false;

			for (j = 0; j < pending; j++)
				if (j != i && src[j] == dst[i])
					blocked = true;
			if (blocked)
				continue;
			len += snprintf(buf + len, size - len,
					"\tmovq %%%s, %%%s\n",
					pvcall_reg_name(src[i]),
					pvcall_reg_name(dst[i]));
			written |= PVCALL_REG_BIT(dst[i]);
			src[i] = src[pending - 1];
			dst[i] = dst[pending - 1];
			pending--;
			progress = true;
		}
		if (progress)
			continue;
		/* Every destination is still somebody's source: a cycle.
		 * After the exchange dst[0] is done and its old value
		 * lives in src[0].  */
		len += snprintf(buf + len, size - len, "\txchgq %%%s, %%%s\n",
				pvcall_reg_name(src[0]),
				pvcall_reg_name(dst[0]));
		written |= PVCALL_REG_BIT(src[0]) | PVCALL_REG_BIT(dst[0]);
		for (j = 1; j < pending; j++)
			if (src[j] == dst[0])
				src[j] = src[0];
		src[0] = src[pending - 1];
		dst[0] = dst[pending - 1];
		pending--;
	}
	return written;
}

/*
 * The registers a stub must save: those it writes itself (the argument
 * moves, and rax, which the op returns in and may clobber), except the
 * output OUT and the op's declared clobbers, which the site gives up; for
 * a pvcall_inline op, also the clobbers it declared, which its sites keep.
 * The op itself is a pvcall function and preserves everything else.
 */
unsigned int pvcall_stub_saves(const struct pvcall_anydef *a, int out,
			       unsigned int written)
{
	const struct pvcall_opdef *op = pvcall_op_at(a->op);
	unsigned int saves = written | PVCALL_REG_BIT(PVCALL_REG_RAX);

	saves &= ~(op->clobbers & ~PVCALL_REG_BIT(PVCALL_REG_RAX));
	saves |= op->preserve;
	if (out >= 0)
		saves &= ~PVCALL_REG_BIT(out);
	return saves;
}

/* The call through the op, from the stub: it may use rax.  */
static void pvcall_emit_op_call(FILE *f, const struct pvcall_opdef *op,
				const char *branch)
{
	bool direct = op->flags & PVCALL_OP_DIRECT;
	bool got = op->flags & PVCALL_OP_GOT;

	if (!*branch) {
		if (direct && !got)
			fprintf(f, "\tcall %s\n", op->sym);
		else if (direct)
			fprintf(f, "\tcall *%s@GOTPCREL(%%rip)\n", op->sym);
		else if (!got)
			fprintf(f, "\tcall *%s+" HOST_WIDE_INT_PRINT_DEC "(%%rip)\n",
				op->sym, op->offset);
		else
			fprintf(f, "\tmovq %s@GOTPCREL(%%rip), %%rax\n"
				"\tcall *" HOST_WIDE_INT_PRINT_DEC "(%%rax)\n",
				op->sym, op->offset);
		return;
	}
	if (direct && !got) {
		fprintf(f, "\tcall %s\n", op->sym);
		return;
	}
	pvcall_emit_load_target(f, op);
	if (!strcmp(branch, ".rx"))
		fprintf(f, "\tcall __x86_indirect_thunk_rax\n");
	else
		fprintf(f, "\tcall __pvcall.thunk.rax\n");
}

/* The retpoline stubs of -mindirect-branch=thunk call through rax: a
 * thunk of our own, as GCC emits its __x86_indirect_thunk_rax only when
 * its own code needs it.  */
static void pvcall_emit_retpoline(FILE *f, bool cfi)
{
	const char *name = "__pvcall.thunk.rax";

	pvcall_open_text(f, name, false);
	if (cfi)
		fprintf(f, "\t.cfi_startproc\n");
	pvcall_emit_retpoline_rax(f, cfi);
	if (cfi)
		fprintf(f, "\t.cfi_endproc\n");
	pvcall_close_text(f, name);
}

/*
 * The frame register of a realigning stub: one that is not an operand,
 * not an ABI argument register the moves write, not rax and not one the
 * op may clobber.  pvcall_frame_reg_guaranteed() keeps the sites where
 * operands and clobbers could take all eight candidates in ABI form.
 */
static int pvcall_frame_reg(const struct pvcall_anystub *st)
{
	static const int candidates[] = {
		PVCALL_REG_RBP, PVCALL_REG_RBX, PVCALL_REG_R12, PVCALL_REG_R13,
		PVCALL_REG_R14, PVCALL_REG_R15, PVCALL_REG_R10, PVCALL_REG_R11,
	};
	const struct pvcall_anydef *a = pvcall_any_at(st->any);
	const struct pvcall_opdef *op = pvcall_op_at(a->op);
	unsigned int used = op->clobbers | op->preserve, i;

	if (st->out >= 0)
		used |= PVCALL_REG_BIT(st->out);
	for (i = 0; i < a->nargs; i++)
		used |= PVCALL_REG_BIT(st->args[i]);
	for (i = 0; i < ARRAY_SIZE(candidates); i++)
		if (!(used & PVCALL_REG_BIT(candidates[i])))
			return candidates[i];
	gcc_unreachable();
}

/*
 * The stub's return, as the code that calls it returns: under
 * -mfunction-return=thunk-extern (a kernel with return thunks, which
 * objtool checks) through __x86_return_thunk, under thunk or thunk-inline
 * through an inline return trampoline as GCC writes it, else a plain ret.
 */
static void pvcall_emit_return(FILE *f)
{
	switch (ix86_function_return) {
	case indirect_branch_thunk_extern:
		fprintf(f, "\tjmp __x86_return_thunk\n");
		break;
	case indirect_branch_thunk:
	case indirect_branch_thunk_inline:
		fprintf(f, "\tcall 8f\n7:\tpause\n\tlfence\n\tjmp 7b\n"
			"8:\tlea 8(%%rsp), %%rsp\n\tret\n");
		break;
	default:
		fprintf(f, "\tret\n");
		break;
	}
	fprintf(f, "\tint3\n");
}

/*
 * A stub: save what it overwrites, realign the stack if the ABI wants 16
 * bytes (through a frame register, which also keeps the unwind info
 * simple), move the operands into the ABI registers, call the op, move
 * the result out, restore.
 */
static void pvcall_emit_anystub(FILE *f, const struct pvcall_anystub *st,
				bool cfi)
{
	const struct pvcall_anydef *a = pvcall_any_at(st->any);
	const struct pvcall_opdef *op = pvcall_op_at(a->op);
	char moves[512];
	unsigned int written = pvcall_plan_moves(moves, sizeof(moves),
						 st->args, a->nargs);
	unsigned int saves = pvcall_stub_saves(a, st->out, written) &
			     ~a->dropped, reg, n = 0;
	int order[PVCALL_NR_REGS];
	const char *fp = a->a16 ? pvcall_reg_name(pvcall_frame_reg(st)) : NULL;

	pvcall_open_text(f, st->name, op->flags & PVCALL_OP_LOCAL);
	if (cfi)
		fprintf(f, "\t.cfi_startproc\n");
	if (fp) {
		fprintf(f, "\tpushq %%%s\n", fp);
		if (cfi)
			fprintf(f, "\t.cfi_def_cfa_offset 16\n"
				"\t.cfi_offset %%%s, -16\n", fp);
		fprintf(f, "\tmovq %%rsp, %%%s\n", fp);
		if (cfi)
			fprintf(f, "\t.cfi_def_cfa_register %%%s\n", fp);
	}
	for (reg = 0; reg < PVCALL_NR_REGS; reg++) {
		if (!(saves & PVCALL_REG_BIT(reg)))
			continue;
		order[n++] = reg;
		fprintf(f, "\tpushq %%%s\n", pvcall_reg_name(reg));
		if (cfi && !fp)
			fprintf(f, "\t.cfi_adjust_cfa_offset 8\n");
		if (cfi)
			fprintf(f, "\t.cfi_rel_offset %%%s, 0\n",
				pvcall_reg_name(reg));
	}
	/* With an 8-byte stack boundary (kernels) any number of pushes
	 * keeps the op's stack as aligned as it may assume.  */
	if (fp)
		fprintf(f, "\tandq $-16, %%rsp\n");
	fputs(moves, f);
	pvcall_emit_op_call(f, op, a->branch);
	if (st->out >= 0 && st->out != PVCALL_REG_RAX)
		fprintf(f, "\tmovq %%rax, %%%s\n", pvcall_reg_name(st->out));
	if (fp)
		fprintf(f, "\tleaq -%u(%%%s), %%rsp\n", 8 * n, fp);
	while (n--) {
		fprintf(f, "\tpopq %%%s\n", pvcall_reg_name(order[n]));
		if (cfi && !fp)
			fprintf(f, "\t.cfi_adjust_cfa_offset -8\n");
		if (cfi)
			fprintf(f, "\t.cfi_restore %%%s\n",
				pvcall_reg_name(order[n]));
	}
	if (fp) {
		fprintf(f, "\tpopq %%%s\n", fp);
		if (cfi)
			fprintf(f, "\t.cfi_def_cfa %%rsp, 8\n");
	}
	pvcall_emit_return(f);
	if (cfi)
		fprintf(f, "\t.cfi_endproc\n");
	pvcall_close_text(f, st->name);
}

void pvcall_emit_anystubs(FILE *f, bool cfi)
{
	bool retpoline = false;
	unsigned int i;

	for (i = 0; i < pvcall_anystub_count(); i++) {
		const struct pvcall_anystub *st = pvcall_anystub_at(i);

		pvcall_emit_anystub(f, st, cfi);
		if (!strcmp(pvcall_any_at(st->any)->branch, ".ri"))
			retpoline = true;
	}
	if (retpoline)
		pvcall_emit_retpoline(f, cfi);
}
