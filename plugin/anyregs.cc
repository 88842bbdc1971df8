/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Register-agnostic sites.
 *
 * A call pins its arguments to rdi, rsi, ... and its result to rax, so the
 * caller pays moves that the native instruction never needs.  Here a site
 * becomes a volatile asm whose only instruction is a direct call to a stub
 * named after the registers the register allocator chose:
 *
 *	call __pvcall.r.pv_ops.8.001.rbx.r12	(result in rbx, argument in r12)
 *
 * The %V operand modifier prints the bare register names, the way Linux
 * names its retpoline thunks.  The asm outputs the result ("=r"), takes the
 * arguments ("r", widened to 64 bits), clobbers the flags, memory and the
 * op's declared clobbers other than rax, and has the stack pointer as an
 * in/out operand, as Linux's ASM_CALL_CONSTRAINT does, so that the frame is
 * set up before it.  Every other register survives: the op is a pvcall
 * function, which preserves all but its declared clobbers and rax, so the
 * stub only saves what it overwrites itself (the ABI argument registers
 * it moves the operands into, and rax) and is live after the site, moves
 * the operands to and from the ABI registers and calls the op.  One stub
 * is emitted per op, register combination and set of saves left out (a
 * hidden COMDAT, or local for a unit-local op), at the end of the unit.
 *
 * A call inside an asm writes below the stack pointer and needs the ABI's
 * stack alignment, so a function with such a site is marked as not a leaf
 * after register allocation (pvcall_not_leaf): GCC then keeps nothing in
 * the red zone and aligns its frame as for calls.  Stubs for a 16-byte
 * stack boundary realign anyway.
 *
 * What the asm cannot express falls back to the reduced-clobber call:
 * two-register and aggregate results and arguments, and calls that may
 * throw.
 */
#include "pvcall-plugin.h"
#include "rtl.h"
#include "memmodel.h"
#include "tm_p.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-ssa.h"
#include "ssa.h"
#include "tree-eh.h"
#include "stringpool.h"
#include "stor-layout.h"
#include "varasm.h"
#include "emit-rtl.h"
#include "tree-pass.h"
#include "context.h"
#include "langhooks.h"
#include "hard-reg-set.h"
#include "regs.h"
#include "function-abi.h"
#include "hash-map.h"

/* The hardware register numbers of the ABI's argument registers.  */
const int pvcall_abi_args[PVCALL_MAX_ARGS] = {
	PVCALL_REG_RDI, PVCALL_REG_RSI, PVCALL_REG_RDX,
	PVCALL_REG_RCX, PVCALL_REG_R8, PVCALL_REG_R9,
};

bool pvcall_any_mode(void)
{
	if (pvcall_format == PVCALL_FORMAT_LINUX61)
		return false;
	if (pvcall_regs_mode == PVCALL_REGS_ANY)
		return true;
	if (pvcall_regs_mode == PVCALL_REGS_ABI)
		return false;
	return !TARGET_RED_ZONE;
}

/* A scalar an asm "r" operand can carry in one 64-bit register.  */
static bool pvcall_scalar_p(const_tree type)
{
	return (INTEGRAL_TYPE_P(type) || POINTER_TYPE_P(type)) &&
	       tree_fits_uhwi_p(TYPE_SIZE(type)) &&
	       tree_to_uhwi(TYPE_SIZE(type)) <= 64;
}

/*
 * Whether the stubs realign the stack: where calls need 16 bytes (user
 * space).  GCC aligns the stack for the calls it knows of, and a site's
 * call is hidden in an asm, so only an 8-byte boundary (kernels) holds at
 * a site; then its op may be called from it directly (PVCALL_OP_STACK8).
 */
bool pvcall_stubs_realign(void)
{
	return ix86_preferred_stack_boundary > 64;
}

/*
 * A stub that realigns the stack (16-byte boundary) needs a frame register
 * that is neither an operand nor one the op may clobber, from eight
 * candidates (rbp, rbx, r12-r15, r10, r11; see pvcall_frame_reg).  Where
 * the operands and the declared clobbers could take them all, keep the
 * ABI form.
 */
static bool pvcall_frame_reg_guaranteed(gcall *call)
{
	tree fntype = gimple_call_fntype(call);
	unsigned int mask, taken, operands;

	if (!pvcall_stubs_realign())
		return true;
	mask = fntype ? pvcall_clobber_mask(fntype) : 0;
	taken = ((mask >> PVCALL_REG_R10) & 1) + ((mask >> PVCALL_REG_R11) & 1);
	operands = gimple_call_num_args(call) +
		   !VOID_TYPE_P(gimple_call_return_type(call));
	return operands + taken < 8;
}

/* Whether CALL can become a register-agnostic site.  */
bool pvcall_any_regs_p(gcall *call)
{
	unsigned int i;

	if (!(pvcall_any_mode() ||
	      pvcall_inline_type_p(gimple_call_fntype(call))) ||
	    gimple_call_num_args(call) > PVCALL_MAX_ARGS ||
	    stmt_could_throw_p(cfun, call))
		return false;
	if (!pvcall_frame_reg_guaranteed(call))
		return false;
	if (gimple_call_lhs(call) &&
	    !pvcall_scalar_p(TREE_TYPE(gimple_call_lhs(call))))
		return false;
	if (!VOID_TYPE_P(gimple_call_return_type(call)) &&
	    !pvcall_scalar_p(gimple_call_return_type(call)))
		return false;
	for (i = 0; i < gimple_call_num_args(call); i++)
		if (!pvcall_scalar_p(TREE_TYPE(gimple_call_arg(call, i))))
			return false;
	return true;
}

/* The stack pointer as an asm operand: a local register variable of
 * FUN, like Linux's current_stack_pointer.  One per site keeps nothing
 * alive from one function to the next.  */
static tree pvcall_sp_var(function *fun)
{
	tree decl = build_decl(UNKNOWN_LOCATION, VAR_DECL,
			       get_identifier("__pvcall_sp"),
			       long_unsigned_type_node);

	DECL_ARTIFICIAL(decl) = 1;
	DECL_IGNORED_P(decl) = 1;
	DECL_REGISTER(decl) = 1;
	DECL_HARD_REGISTER(decl) = 1;
	TREE_USED(decl) = 1;
	DECL_CONTEXT(decl) = fun->decl;
	set_user_assembler_name(decl, "rsp");
	add_local_decl(fun, decl);
	return decl;
}

static tree pvcall_constraint(const char *c)
{
	return build_tree_list(NULL_TREE, build_string(strlen(c) + 1, c));
}

/* VAL as a 64-bit register operand, converted before GSI.  */
static tree pvcall_widen(gimple_stmt_iterator *gsi, tree val)
{
	tree wide;
	gassign *conv;

	if (TYPE_PRECISION(TREE_TYPE(val)) == 64 &&
	    TREE_CODE(TREE_TYPE(val)) == INTEGER_TYPE && is_gimple_reg(val))
		return val;
	wide = make_ssa_name(long_unsigned_type_node);
	conv = gimple_build_assign(wide, NOP_EXPR, val);
	gsi_insert_before(gsi, conv, GSI_SAME_STMT);
	return wide;
}

/* Store the 64-bit asm output OUT into the call's lhs, after GSI.  The
 * callee returned a TYPE in the low bits, and the upper ones are garbage:
 * truncate to TYPE's size first, so that _Bool sees only its byte.  */
static void pvcall_narrow(gimple_stmt_iterator *gsi, tree lhs, tree out)
{
	tree type = TREE_TYPE(lhs);
	tree part = make_ssa_name(type);
	tree bits_type = lang_hooks.types.type_for_size(
		tree_to_uhwi(TYPE_SIZE(type)), 1);
	tree bits = make_ssa_name(bits_type);

	gsi_insert_after(gsi, gimple_build_assign(bits, NOP_EXPR, out),
			 GSI_NEW_STMT);
	gsi_insert_after(gsi, gimple_build_assign(part, NOP_EXPR, bits),
			 GSI_NEW_STMT);
	gsi_insert_after(gsi, gimple_build_assign(lhs, part), GSI_NEW_STMT);
}

static void pvcall_push_clobber(vec<tree, va_gc> **clobbers, const char *name)
{
	vec_safe_push(*clobbers,
		      build_tree_list(NULL_TREE,
				      build_string(strlen(name) + 1, name)));
}

/*
 * The asm's clobbers: the flags, memory, the op's declared clobbers minus
 * rax (the result goes to the output register, and the stub preserves rax
 * otherwise), and every vector, x87 and mask register, which the op may
 * clobber as any call may.
 */
static vec<tree, va_gc> *pvcall_asm_clobbers(unsigned int mask)
{
	vec<tree, va_gc> *clobbers = NULL;
	unsigned int reg;

	pvcall_push_clobber(&clobbers, "cc");
	pvcall_push_clobber(&clobbers, "memory");
	for (reg = 0; reg < PVCALL_NR_REGS; reg++)
		if (reg != PVCALL_REG_RAX && (mask & PVCALL_REG_BIT(reg)))
			pvcall_push_clobber(&clobbers, pvcall_reg_name(reg));
	for (reg = 0; reg < FIRST_PSEUDO_REGISTER; reg++) {
		if (!(SSE_REGNO_P(reg) || STACK_REGNO_P(reg) ||
		      MMX_REGNO_P(reg) || MASK_REGNO_P(reg)))
			continue;
		if (fixed_regs[reg] ||
		    !default_function_abi.clobbers_full_reg_p(reg))
			continue;
		pvcall_push_clobber(&clobbers, reg_names[reg]);
	}
	return clobbers;
}

/* Replace CALL, which calls OP, by the register-agnostic asm.  */
enum pvcall_site_kind pvcall_lower_to_asm(gcall *call, struct pvcall_opdef *op)
{
	gimple_stmt_iterator gsi = gsi_for_stmt(call);
	vec<tree, va_gc> *inputs = NULL, *outputs = NULL;
	tree lhs = gimple_call_lhs(call), sp = pvcall_sp_var(cfun), out = NULL;
	unsigned int i, nargs = gimple_call_num_args(call);
	bool has_out = !VOID_TYPE_P(gimple_call_return_type(call));
	char sp_match[4];
	unsigned int any;
	gasm *stmt;

	any = pvcall_get_any(op, has_out, nargs);
	if (has_out) {
		out = make_ssa_name(long_unsigned_type_node);
		vec_safe_push(outputs, build_tree_list(pvcall_constraint("=r"),
						       out));
	}
	vec_safe_push(outputs, build_tree_list(pvcall_constraint("=r"), sp));
	for (i = 0; i < nargs; i++)
		vec_safe_push(inputs,
			      build_tree_list(pvcall_constraint("r"),
					      pvcall_widen(&gsi,
							   gimple_call_arg(call, i))));
	snprintf(sp_match, sizeof(sp_match), "%u", has_out ? 1 : 0);
	vec_safe_push(inputs, build_tree_list(pvcall_constraint(sp_match), sp));

	stmt = gimple_build_asm_vec(pvcall_any_at(any)->templ, inputs, outputs,
				    pvcall_asm_clobbers(op->clobbers), NULL);
	gimple_asm_set_volatile(stmt, true);
	if (out)
		SSA_NAME_DEF_STMT(out) = stmt;
	gimple_set_location(stmt, gimple_location(call));
	gimple_set_vuse(stmt, gimple_vuse(call));
	gimple_set_vdef(stmt, gimple_vdef(call));
	if (gimple_vdef(call))
		SSA_NAME_DEF_STMT(gimple_vdef(call)) = stmt;
	gsi_replace(&gsi, stmt, false);
	if (lhs)
		pvcall_narrow(&gsi, lhs, out);
	return PVCALL_SITE_ANY;
}

/* ---- After register allocation.  ---- */

/* The template of an asm insn, or NULL.  */
static const char *pvcall_asm_template(const rtx_insn *insn)
{
	rtx asmop;

	if (!NONJUMP_INSN_P(insn))
		return NULL;
	asmop = extract_asm_operands(PATTERN(insn));
	return asmop ? ASM_OPERANDS_TEMPLATE(asmop) : NULL;
}

/* The register-agnostic site definition of INSN, or -1.  */
int pvcall_any_of_insn(const rtx_insn *insn)
{
	const char *templ = pvcall_asm_template(insn);

	if (!templ || strncmp(templ, "call\t__pvcall.r.", 16))
		return -1;
	return pvcall_any_by_templ(templ);
}

static bool pvcall_function_has_any_sites(void)
{
	rtx_insn *insn;

	for (insn = get_insns(); insn; insn = NEXT_INSN(insn))
		if (pvcall_any_of_insn(insn) >= 0)
			return true;
	return false;
}

/* After IRA: a function with a call hidden in an asm is not a leaf, so
 * GCC keeps no data in the red zone and aligns the stack as for a call.  */
unsigned int pvcall_not_leaf_execute(function *fun)
{
	(void)fun;
	if (crtl->is_leaf && pvcall_function_has_any_sites())
		crtl->is_leaf = false;
	return 0;
}

/* ---- Operands, records and stubs, at final.  ---- */

static int pvcall_hw_reg(rtx op)
{
	return REG_P(op) ? pvcall_reg_from_gcc_regno(REGNO(op)) : -1;
}

/* The operand registers of the asm site INSN of definition ANY, packed as
 * struct pvcall_class.regs; OPS are its operands as final printed them.
 * Returns false if an operand is not in a general register.  */
bool pvcall_any_regs(int any, rtx *ops, unsigned int *regs)
{
	const struct pvcall_anydef *a = pvcall_any_at(any);
	unsigned int i, first = a->has_out ? 2 : 1;
	int r;

	*regs = a->nargs << 5;
	if (a->has_out) {
		r = pvcall_hw_reg(ops[0]);
		if (r < 0)
			return false;
		*regs |= PVCALL_REGS_HAS_OUT | r;
	}
	for (i = 0; i < a->nargs; i++) {
		r = pvcall_hw_reg(ops[first + i]);
		if (r < 0)
			return false;
		*regs |= (unsigned int)r << (8 + 4 * i);
	}
	return true;
}

/*
 * Move each argument register to its ABI register: a parallel copy,
 * sequenced so that no source is overwritten before it is read, with
 * xchg to break cycles.  The instructions go to BUF; returns the mask of
 * registers they write.
 */
static unsigned int pvcall_plan_moves(char *buf, size_t size,
				      const int *src_in, unsigned int n)
{
	int src[PVCALL_MAX_ARGS], dst[PVCALL_MAX_ARGS];
	unsigned int i, j, pending = 0, written = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (src_in[i] == pvcall_abi_args[i])
			continue;
		src[pending] = src_in[i];
		dst[pending++] = pvcall_abi_args[i];
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
static unsigned int pvcall_stub_saves(const struct pvcall_anydef *a, int out,
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

/* Make the ASM_OPERANDS of X, a SET or an ASM_OPERANDS, print TEMPL.  */
static rtx pvcall_retempl(rtx x, const char *templ)
{
	rtx src = GET_CODE(x) == SET ? SET_SRC(x) : x, asmop;

	if (GET_CODE(src) != ASM_OPERANDS)
		return x;
	asmop = shallow_copy_rtx(src);
	ASM_OPERANDS_TEMPLATE(asmop) = templ;
	return GET_CODE(x) == SET ? gen_rtx_SET(SET_DEST(x), asmop) : asmop;
}

/* Make the asm INSN print TEMPL.  Its pattern is copied, not changed in
 * place: RTL may share it with a copy of the site elsewhere, whose dead
 * registers differ.  */
static void pvcall_set_templ(rtx_insn *insn, const char *templ)
{
	rtx pat = PATTERN(insn);
	int i, n;
	rtvec v;

	INSN_CODE(insn) = -1;
	if (GET_CODE(pat) != PARALLEL) {
		PATTERN(insn) = pvcall_retempl(pat, templ);
		return;
	}
	n = XVECLEN(pat, 0);
	v = rtvec_alloc(n);
	for (i = 0; i < n; i++)
		RTVEC_ELT(v, i) = pvcall_retempl(XVECEXP(pat, 0, i), templ);
	PATTERN(insn) = gen_rtx_PARALLEL(VOIDmode, v);
}

/*
 * After the last liveness: a stub need not save what is dead after the
 * site INSN.  The site gets a definition of its own, whose stub name says
 * which saves it leaves out (".dMASK"), so that sites with the same
 * registers but other live values keep a stub that saves them.  DEAD is
 * already made explicit clobbers of INSN (pvcall_claim_dead), so -fipa-ra
 * and the prologue of a no_caller_saved_registers function count them.
 */
void pvcall_any_drop_dead(rtx_insn *insn, unsigned int dead)
{
	int any = pvcall_any_of_insn(insn);
	rtx ops[16];
	char scratch[512];
	unsigned int regs, i, dropped;
	int out, args[PVCALL_MAX_ARGS];
	struct pvcall_anydef shape;

	if (any < 0 || !dead || asm_noperands(PATTERN(insn)) > 16)
		return;
	decode_asm_operands(PATTERN(insn), ops, NULL, NULL, NULL, NULL);
	if (!pvcall_any_regs(any, ops, &regs))
		return;		/* final reports it */
	shape = *pvcall_any_at(any);
	out = (regs & PVCALL_REGS_HAS_OUT) ? (int)PVCALL_REGS_OUT(regs) : -1;
	for (i = 0; i < shape.nargs; i++)
		args[i] = PVCALL_REGS_ARG(regs, i);
	dropped = dead & pvcall_stub_saves(&shape, out,
			pvcall_plan_moves(scratch, sizeof(scratch), args,
					  shape.nargs));
	if (!dropped)
		return;
	shape.dropped = dropped;
	any = pvcall_intern_any(&shape);
	pvcall_set_templ(insn, pvcall_any_at(any)->templ);
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
