/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GIMPLE: register-agnostic sites.
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
 * after register allocation (pvcall_not_leaf, rtl.cc): GCC then keeps
 * nothing in the red zone and aligns its frame as for calls.  Stubs for a
 * 16-byte stack boundary realign anyway.  The stubs are emitted by
 * emit-stubs.cc.
 *
 * What the asm cannot express falls back to the reduced-clobber call:
 * two-register and aggregate results and arguments, and calls that may
 * throw.
 */
#include "pvcall-plugin.h"

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

