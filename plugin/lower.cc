/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Turning pv calls into canonical patch sites.
 *
 * A patcher can only trust sites of one byte form, so every pv call whose
 * target is known at compile time becomes a direct `call rel32':
 *
 *   - `pv_ops.mmu.set_pte(p, v)', a call through a fixed slot, calls the
 *     op's stub, which jumps through the slot.  The load of the slot goes
 *     away; the stub reads the slot at the call, as the load did.
 *   - `native_cli()', a direct call to a pvcall function, stays a direct
 *     call, unless it may resolve to another module in user space: then
 *     it calls a stub that jumps through the GOT, because a lazily bound
 *     PLT entry runs the dynamic linker's resolver, which clobbers r10,
 *     r11 and the flags whatever the callee promises.
 *
 * Where the operands allow, the site is instead a register-agnostic asm
 * calling a stub made for its registers (lower-any.cc).  The stubs, op
 * descriptors and site records are emitted by emit.cc.
 *
 * A call through a fixed slot reaches here as a call to the slot's
 * placeholder (genericize.cc), and is made a call through the slot again,
 * which reads it at the call (pvcall_materialize_slot).  A slot call made
 * here must still read the slot at the call, so the rewrite is only made
 * when nothing between the load and the call may store to the slot.
 */
#include "pvcall-plugin.h"

/* Nothing between LOAD and CALL may store to the slot REF, so reading it
 * at the call gives what LOAD read.  Walks the virtual definitions from
 * the call back to the load, within one block.  */
static bool pvcall_slot_unchanged(gimple *load, tree ref, gimple *call)
{
	tree vuse = gimple_vuse(call);
	tree want = gimple_vuse(load);
	int budget = 128;

	if (gimple_bb(load) != gimple_bb(call) || !vuse || !want)
		return false;
	while (vuse != want) {
		gimple *def = SSA_NAME_DEF_STMT(vuse);

		if (--budget < 0 || gimple_code(def) == GIMPLE_PHI ||
		    gimple_bb(def) != gimple_bb(call) ||
		    stmt_may_clobber_ref_p(def, ref))
			return false;
		vuse = gimple_vuse(def);
		if (!vuse)
			return false;
	}
	return true;
}

/* Drop the load of a pointer nobody uses any more; debug uses get a
 * debug temporary, so -g does not change the code.  */
static void pvcall_remove_dead_load(tree ptr)
{
	imm_use_iterator iter;
	use_operand_p use;
	gimple *def = SSA_NAME_DEF_STMT(ptr);
	gimple_stmt_iterator gsi;

	FOR_EACH_IMM_USE_FAST(use, iter, ptr)
		if (!is_gimple_debug(USE_STMT(use)))
			return;
	gsi = gsi_for_stmt(def);
	insert_debug_temps_for_defs(&gsi);
	gsi_remove(&gsi, true);
	/* A converted slot: the load itself may now be dead too.  */
	if (gimple_assign_cast_p(def) &&
	    TREE_CODE(gimple_assign_rhs1(def)) == SSA_NAME)
		pvcall_remove_dead_load(gimple_assign_rhs1(def));
	release_defs(def);
}

/*
 * Whether the stub must reach table BASE through the GOT, as GCC itself
 * would load from it here: only in PIC code, and not for PIE executables,
 * which reach data in other modules through copy relocations.
 */
static bool pvcall_data_needs_got(tree base)
{
	if (!flag_pic || ix86_cmodel == CM_KERNEL ||
	    targetm.binds_local_p(base))
		return false;
#if defined(HAVE_LD_PIE_COPYRELOC) && HAVE_LD_PIE_COPYRELOC
	if (flag_pie && !DECL_WEAK(base))
		return false;
#endif
	return true;
}

/* The site for CALL, which calls OP: a register-agnostic asm where it can
 * be one, else a call to the op's stub.  */
static enum pvcall_site_kind pvcall_make_site(gcall *call,
					      struct pvcall_opdef *op,
					      tree fntype)
{
	if (pvcall_any_regs_p(call))
		return pvcall_lower_to_asm(call, op);
	gimple_call_set_fndecl(call, pvcall_get_stub(op, fntype));
	update_stmt(call);
	return PVCALL_SITE_STUB;
}

/*
 * The clobber set a site of CALL, whose type declares MASK, gives its op.
 * A pvcall_inline call that becomes a register-agnostic site promises its
 * caller more than the op does: it gives up only its output, so its op
 * is described as clobbering rax alone (the agnostic form's "nothing but
 * the output"), and *PRESERVE gets the rest of MASK, which the op's stubs
 * save.  A patcher reading the record then lets the native code at such
 * a site write only its output and the dead registers.
 */
static unsigned int pvcall_site_mask(gcall *call, unsigned int mask,
				     unsigned int *preserve)
{
	*preserve = 0;
	if (!pvcall_inline_type_p(gimple_call_fntype(call)) ||
	    !pvcall_any_regs_p(call))
		return mask;
	*preserve = mask & ~PVCALL_REG_BIT(PVCALL_REG_RAX);
	return PVCALL_REG_BIT(PVCALL_REG_RAX);
}

/* The call through slot REF becomes a call to the op's stub.  */
static enum pvcall_site_kind
pvcall_lower_slot_call(gcall *call, tree ptr, gimple *load, tree ref,
		       unsigned int mask)
{
	char key[512], name_buf[512];
	pretty_printer pp;
	struct pvcall_opdef *op;
	enum pvcall_site_kind kind;
	tree base;
	HOST_WIDE_INT offset;
	bool got;
	unsigned int flags = 0, preserve;
	const char *name;

	if (!pvcall_fixed_slot(ref, &base, &offset) ||
	    !pvcall_slot_unchanged(load, ref, call))
		return PVCALL_NOT_SITE;

	got = pvcall_data_needs_got(base);
	if (got)
		flags |= PVCALL_OP_GOT;
	if (!TREE_PUBLIC(base))
		flags |= PVCALL_OP_LOCAL;
	mask = pvcall_site_mask(call, mask, &preserve);
	pvcall_slot_op_key(key, sizeof(key), base, offset, mask, preserve, got);
	if (pvcall_print_ref(&pp, ref)) {
		name = pp_formatted_text(&pp);
	} else {
		snprintf(name_buf, sizeof(name_buf),
			 "%s+" HOST_WIDE_INT_PRINT_DEC,
			 pvcall_asm_name(base), offset);
		name = name_buf;
	}
	op = pvcall_get_op(key, name, pvcall_asm_name(base), offset, mask,
			   preserve, flags);
	pvcall_op_set_native(op, gimple_call_fntype(call));

	/* The table is now referenced from the stub only: keep it.  */
	mark_decl_referenced(base);
	kind = pvcall_make_site(call, op, gimple_call_fntype(call));
	pvcall_remove_dead_load(ptr);
	return kind;
}

/* A direct call to a pvcall function FNDECL.  */
static enum pvcall_site_kind
pvcall_lower_direct_call(gcall *call, tree fndecl, unsigned int mask)
{
	char key[512];
	struct pvcall_opdef *op;
	unsigned int flags = PVCALL_OP_DIRECT, preserve;
	bool got;

	if (pvcall_stub_for_decl(fndecl))
		return PVCALL_SITE_STUB;
	/* Kernels have no PLT, and their module loader resolves PLT32
	 * relocations directly but knows nothing of GOT ones.  */
	got = ix86_cmodel != CM_KERNEL && !targetm.binds_local_p(fndecl);
	if (got)
		flags |= PVCALL_OP_GOT;
	if (!TREE_PUBLIC(fndecl))
		flags |= PVCALL_OP_LOCAL;
	mask = pvcall_site_mask(call, mask, &preserve);
	pvcall_direct_op_key(key, sizeof(key), pvcall_asm_name(fndecl), mask,
			     preserve, got);
	op = pvcall_get_op(key, IDENTIFIER_POINTER(DECL_NAME(fndecl)),
			   pvcall_asm_name(fndecl), 0, mask, preserve, flags);
	pvcall_op_set_native(op, TREE_TYPE(fndecl));
	if (pvcall_any_regs_p(call))
		return pvcall_lower_to_asm(call, op);
	if (!got)
		return PVCALL_SITE_DIRECT;
	gimple_call_set_fndecl(call, pvcall_get_stub(op, TREE_TYPE(fndecl)));
	update_stmt(call);
	return PVCALL_SITE_STUB;
}

/* A direct pv call that cannot call a GOT stub must still not reach a
 * lazily bound PLT entry: GCC calls through the GOT when the callee is
 * "noplt" (except with -mcmodel=large: see pvcall(7), PATCH SITES).  */
static void pvcall_avoid_plt(tree fndecl)
{
	if (ix86_cmodel == CM_KERNEL || targetm.binds_local_p(fndecl) ||
	    lookup_attribute("noplt", DECL_ATTRIBUTES(fndecl)))
		return;
	DECL_ATTRIBUTES(fndecl) = tree_cons(get_identifier("noplt"), NULL_TREE,
					    DECL_ATTRIBUTES(fndecl));
}

/* Why no call can be a canonical site under the current options, or
 * NULL: these make GCC emit even direct calls as `call *%reg'.  */
static const char *pvcall_sites_unsupported(void)
{
	if (ix86_cmodel == CM_LARGE || ix86_cmodel == CM_LARGE_PIC)
		return "not a patch site: -mcmodel=large calls through a register";
	if (flag_force_indirect_call)
		return "not a patch site: -mforce-indirect-call";
	return NULL;
}

static const char *const pvcall_not_slot =
	"not a patch site: the pointer is not read from a fixed slot at the call";

/* A fresh register value of TYPE: an SSA name, or a temporary for a body
 * that is not in SSA form.  */
static tree pvcall_new_value(tree type)
{
	return gimple_in_ssa_p(cfun) ? make_ssa_name(type)
				     : create_tmp_reg(type);
}

/*
 * If CALL, at GSI, calls a slot's placeholder, make it the call through
 * the slot that the source wrote, reading the slot right before the call,
 * and return true.
 */
bool pvcall_materialize_slot(gimple_stmt_iterator *gsi, gcall *call)
{
	tree fndecl = gimple_call_fndecl(call), slot, ptr, fnptr;
	gassign *load;

	slot = fndecl ? pvcall_placeholder_slot(fndecl) : NULL_TREE;
	if (!slot)
		return false;
	ptr = pvcall_new_value(TREE_TYPE(slot));
	load = gimple_build_assign(ptr, unshare_expr(slot));
	gimple_set_location(load, gimple_location(call));
	if (gimple_in_ssa_p(cfun))
		gimple_set_vuse(load, gimple_vuse(call));
	gsi_insert_before(gsi, load, GSI_SAME_STMT);
	/* A void * slot converted at the call, as the source had it.  */
	fnptr = build_pointer_type(gimple_call_fntype(call));
	if (!useless_type_conversion_p(fnptr, TREE_TYPE(ptr))) {
		tree cast = pvcall_new_value(fnptr);

		gsi_insert_before(gsi, gimple_build_assign(cast, NOP_EXPR, ptr),
				  GSI_SAME_STMT);
		ptr = cast;
	}
	gimple_call_set_fn(call, ptr);
	update_stmt(call);
	return true;
}

/*
 * Make the pv call CALL a canonical site if its target is known.  MASK is
 * its clobber set.  Returns what it became; for PVCALL_NOT_SITE, *WHY
 * says why.
 */
enum pvcall_site_kind pvcall_lower_call(gcall *call, unsigned int mask,
					const char **why)
{
	tree fndecl = gimple_call_fndecl(call);
	tree fn = gimple_call_fn(call);
	enum pvcall_site_kind kind = PVCALL_NOT_SITE;
	gimple *def;

	*why = pvcall_sites_unsupported();
	if (*why) {
		if (fndecl)
			pvcall_avoid_plt(fndecl);
		return PVCALL_NOT_SITE;
	}
	*why = pvcall_not_slot;
	if (fndecl)
		return pvcall_lower_direct_call(call, fndecl, mask);
	if (!fn || TREE_CODE(fn) != SSA_NAME)
		return PVCALL_NOT_SITE;
	def = SSA_NAME_DEF_STMT(fn);
	/* A slot of another pointer type converted at the call, such as
	 * Linux's void * slots of callee-save ops: GIMPLE keeps conversions
	 * between object and function pointers.  */
	if (def && gimple_assign_cast_p(def) &&
	    TREE_CODE(gimple_assign_rhs1(def)) == SSA_NAME &&
	    POINTER_TYPE_P(TREE_TYPE(gimple_assign_rhs1(def))))
		def = SSA_NAME_DEF_STMT(gimple_assign_rhs1(def));
	if (def && gimple_assign_single_p(def) && gimple_assign_load_p(def))
		kind = pvcall_lower_slot_call(call, fn, def,
					      gimple_assign_rhs1(def), mask);
	return kind;
}

/* ---- The pvcall_gimple pass.  ---- */

/* What the call goes through, for the verbose note: the loaded field or
 * variable when the pointer comes straight from a load, else the pointer
 * itself.  */
static tree pvcall_callee_expr(gcall *call)
{
	tree fn = gimple_call_fn(call);
	gimple *def;

	if (TREE_CODE(fn) == ADDR_EXPR)
		return TREE_OPERAND(fn, 0);
	if (TREE_CODE(fn) != SSA_NAME)
		return fn;
	def = SSA_NAME_DEF_STMT(fn);
	if (def && gimple_assign_single_p(def))
		return gimple_assign_rhs1(def);
	return fn;
}

static bool pvcall_mark_call(function *fun, gcall *call, tree fntype)
{
	location_t loc = gimple_location(call);
	unsigned int mask = pvcall_clobber_mask(fntype);
	tree callee = pvcall_callee_expr(call);
	enum pvcall_site_kind kind;
	const char *why;

	if (loc == UNKNOWN_LOCATION)
		loc = DECL_SOURCE_LOCATION(fun->decl);

	gimple_call_set_tail(call, false);
	if (pvcall_abi_id_for_mask(mask) < 0) {
		error_at(loc, "too many distinct %<pvcall%> clobber sets in one "
			 "translation unit; at most %u are supported",
			 pvcall_abi_slots());
		return false;
	}
	kind = pvcall_lower_call(call, mask, &why);
	/* Sites get their note, with the dead registers, from the liveness
	 * pass; only calls that stay indirect are noted here.  */
	if (pvcall_verbose && kind == PVCALL_NOT_SITE) {
		char buf[128];

		inform(loc, "pv call through %qE may clobber only %s; %s",
		       callee, pvcall_mask_string(mask, true, buf, sizeof(buf)),
		       why);
	}
	return kind == PVCALL_SITE_STUB || kind == PVCALL_SITE_ANY;
}

/* The pvcall type a call is made under, or NULL.  A direct call is what
 * its callee's declaration says: RTL identifies the call by its decl.  */
static tree pvcall_gimple_call_type(gcall *call)
{
	tree fndecl = gimple_call_fndecl(call);
	tree fntype = fndecl ? TREE_TYPE(fndecl) : gimple_call_fntype(call);

	return pvcall_type_p(fntype) ? fntype : NULL_TREE;
}

/* The pvcall_gimple pass: every call through a pvcall type, in every
 * function.  */
unsigned int pvcall_gimple_execute(function *fun)
{
	basic_block bb;
	bool rewritten = false;

	FOR_EACH_BB_FN(bb, fun) {
		gimple_stmt_iterator gsi;

		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gcall *call = dyn_cast<gcall *>(gsi_stmt(gsi));
			tree fntype;

			if (!call || gimple_call_internal_p(call))
				continue;
			if (pvcall_materialize_slot(&gsi, call))
				rewritten = true;
			fntype = pvcall_gimple_call_type(call);
			if (fntype && pvcall_mark_call(fun, call, fntype))
				rewritten = true;
		}
	}
	/* Placeholder calls became indirect ones, and those direct ones.  */
	if (rewritten)
		cgraph_edge::rebuild_edges();
	return 0;
}
