/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Before gimplification: pv calls as the front end made them, made ready
 * for the GIMPLE pass (lower.cc).
 *
 * "Read at the call" needs care.  The C front end loads the function
 * pointer before it evaluates the arguments, so in
 * pv_ops.set_pte(p, pv_ops.make_pte(v)) the load of set_pte happens before
 * a call that may store to pv_ops.  C leaves that order unspecified, so
 * the arguments with side effects are evaluated first here.
 *
 * Then, until the GIMPLE pass, a call through a fixed slot is a direct
 * call to a placeholder declaration that stands for the slot, and the
 * GIMPLE pass reads the slot again at the call before it lowers it
 * (pvcall_materialize_slot).  The inliner thus costs the call as the
 * direct call the site becomes, not as a load and an indirect call: with
 * the indirect form, -Os kept small inline functions around pv ops, such
 * as Linux's set_pte(), out of line where the native kernel inlines them,
 * and paid a call and a return for each.  (Not for a static table, nor
 * under -flto: see pvcall_use_placeholder.)
 */
#include "pvcall-plugin.h"

/* An op's source-level name: "pv_ops.mmu.set_pte", "table[3]".  */
bool pvcall_print_ref(pretty_printer *pp, tree ref)
{
	switch (TREE_CODE(ref)) {
	case VAR_DECL:
		if (!DECL_NAME(ref))
			return false;
		pp_string(pp, IDENTIFIER_POINTER(DECL_NAME(ref)));
		return true;
	case COMPONENT_REF:
		if (!pvcall_print_ref(pp, TREE_OPERAND(ref, 0)))
			return false;
		if (DECL_NAME(TREE_OPERAND(ref, 1))) {
			pp_character(pp, '.');
			pp_string(pp, IDENTIFIER_POINTER(
					      DECL_NAME(TREE_OPERAND(ref, 1))));
		}
		return true;
	case ARRAY_REF:
		if (!pvcall_print_ref(pp, TREE_OPERAND(ref, 0)) ||
		    !tree_fits_shwi_p(TREE_OPERAND(ref, 1)))
			return false;
		pp_character(pp, '[');
		pp_wide_integer(pp, tree_to_shwi(TREE_OPERAND(ref, 1)));
		pp_character(pp, ']');
		return true;
	default:
		return false;
	}
}

/*
 * Whether REF is a fixed slot: a pointer-sized object at a constant
 * offset inside a global or static variable that is not thread-local.
 * Sets *BASE and *OFFSET (in bytes).
 */
static bool pvcall_fixed_address(tree ref, tree *base, HOST_WIDE_INT *offset)
{
	poly_int64 bitsize, bitpos;
	HOST_WIDE_INT bits;
	tree var_off;
	machine_mode mode;
	int unsignedp, reversep, volatilep = 0;
	tree inner;

	inner = get_inner_reference(ref, &bitsize, &bitpos, &var_off, &mode,
				    &unsignedp, &reversep, &volatilep);
	if (var_off || reversep || volatilep || !bitpos.is_constant(&bits) ||
	    bits % BITS_PER_UNIT)
		return false;
	*offset = bits / BITS_PER_UNIT;
	if (TREE_CODE(inner) == MEM_REF) {
		tree addr = TREE_OPERAND(inner, 0);
		HOST_WIDE_INT inner_off;
		offset_int moff;

		if (TREE_CODE(addr) != ADDR_EXPR ||
		    !mem_ref_offset(inner).is_constant(&moff) ||
		    !wi::fits_shwi_p(moff) ||
		    !pvcall_fixed_address(TREE_OPERAND(addr, 0), base,
					  &inner_off))
			return false;
		*offset += inner_off + moff.to_shwi();
		return true;
	}
	if (!VAR_P(inner) || !is_global_var(inner) ||
	    DECL_THREAD_LOCAL_P(inner) || TREE_THIS_VOLATILE(inner))
		return false;
	*base = inner;
	return true;
}

bool pvcall_fixed_slot(tree ref, tree *base, HOST_WIDE_INT *offset)
{
	return TREE_CODE(TREE_TYPE(ref)) == POINTER_TYPE &&
	       tree_fits_uhwi_p(TYPE_SIZE(TREE_TYPE(ref))) &&
	       tree_to_uhwi(TYPE_SIZE(TREE_TYPE(ref))) == 64 &&
	       !TREE_THIS_VOLATILE(ref) &&
	       pvcall_fixed_address(ref, base, offset);
}

/* The slots' placeholder declarations (TREE_VALUE) and the slot each
 * stands for (TREE_PURPOSE), kept alive for the garbage collector; the
 * maps find them by name and by declaration.  */
static GTY(()) tree pvcall_placeholder_list;
static hash_map<nofree_string_hash, tree> *pvcall_placeholders;
static hash_map<tree, tree> *pvcall_placeholder_slots;

static const struct ggc_root_tab pvcall_placeholder_roots[] = {
	{ &pvcall_placeholder_list, 1, sizeof(pvcall_placeholder_list),
	  &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

void pvcall_register_placeholder_roots(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)pvcall_placeholder_roots);
}

/* The slot the placeholder FNDECL stands for, or NULL.  */
tree pvcall_placeholder_slot(tree fndecl)
{
	tree *slot;

	if (!pvcall_placeholder_slots)
		return NULL_TREE;
	slot = pvcall_placeholder_slots->get(fndecl);
	return slot ? *slot : NULL_TREE;
}

/* Whether the function pointer of a call comes straight from a global
 * or static variable, i.e. may be a fixed slot.  */
static bool pvcall_slot_candidate(tree fn)
{
	tree base;

	STRIP_NOPS(fn);
	if (TREE_SIDE_EFFECTS(fn) || TREE_CODE(fn) == ADDR_EXPR)
		return false;
	base = get_base_address(fn);
	return base && VAR_P(base) && is_global_var(base);
}

/* The placeholder for slot REF (at OFFSET in BASE) called as FNTYPE: an
 * external function named after the slot, which is never emitted.  */
static tree pvcall_placeholder(tree ref, tree base, HOST_WIDE_INT offset,
			       tree fntype)
{
	char key[512];
	pretty_printer pp;
	tree decl, *known;

	snprintf(key, sizeof(key), "__pvcall.slot.%s." HOST_WIDE_INT_PRINT_DEC
		 ".%u", pvcall_asm_name(base), offset, TYPE_UID(fntype));
	if (!pvcall_placeholders) {
		pvcall_placeholders = new hash_map<nofree_string_hash, tree>;
		pvcall_placeholder_slots = new hash_map<tree, tree>;
	}
	known = pvcall_placeholders->get(key);
	if (known)
		return *known;

	/* Named as the source spells the slot, for any diagnostic that
	 * names the callee.  */
	decl = build_fn_decl(pvcall_print_ref(&pp, ref) ?
			     pp_formatted_text(&pp) : key, fntype);
	SET_DECL_ASSEMBLER_NAME(decl, get_identifier(key));
	DECL_ARTIFICIAL(decl) = 1;
	DECL_EXTERNAL(decl) = 1;
	DECL_IGNORED_P(decl) = 1;
	TREE_PUBLIC(decl) = 1;
	ref = unshare_expr(ref);
	pvcall_placeholder_list = tree_cons(ref, decl, pvcall_placeholder_list);
	pvcall_placeholders->put(xstrdup(key), decl);
	pvcall_placeholder_slots->put(decl, ref);
	return decl;
}

/*
 * A call through a fixed slot becomes a call to the slot's placeholder,
 * but only where hiding the read of the slot from the optimizers is safe:
 *
 *   - the table must be visible outside the unit.  IPA decides from the
 *     loads it sees that a static table nobody reads is write-only, and
 *     deletes the stores to it, that one that is never written is
 *     constant; the read the placeholder stands for comes back too late;
 *   - not in a unit streamed for LTO, nor under -fwhole-program, where no
 *     table is visible outside: the slot a placeholder stands for is known
 *     to this process only, and lto1 would take the placeholder for a
 *     real function.
 */
static void pvcall_use_placeholder(tree call, tree fntype)
{
	tree ref = CALL_EXPR_FN(call), base;
	HOST_WIDE_INT offset;

	if (flag_generate_lto || flag_generate_offload || flag_whole_program)
		return;
	STRIP_NOPS(ref);
	if (!pvcall_fixed_slot(ref, &base, &offset) || !TREE_PUBLIC(base))
		return;
	CALL_EXPR_FN(call) =
		build_fold_addr_expr(pvcall_placeholder(ref, base, offset,
							fntype));
}

static tree pvcall_hoist_args(tree *tp, int *walk_subtrees, void *data)
{
	tree call = *tp, fn, fntype, first = NULL_TREE;
	int i;

	(void)walk_subtrees;
	(void)data;
	if (TREE_CODE(call) != CALL_EXPR || !CALL_EXPR_FN(call))
		return NULL_TREE;
	fn = CALL_EXPR_FN(call);
	if (!POINTER_TYPE_P(TREE_TYPE(fn)))
		return NULL_TREE;
	fntype = TREE_TYPE(TREE_TYPE(fn));
	if (!pvcall_type_p(fntype) || !pvcall_slot_candidate(fn))
		return NULL_TREE;

	for (i = 0; i < call_expr_nargs(call); i++) {
		tree arg = CALL_EXPR_ARG(call, i);

		if (!TREE_SIDE_EFFECTS(arg) || TREE_CODE(arg) == SAVE_EXPR)
			continue;
		arg = save_expr(arg);
		CALL_EXPR_ARG(call, i) = arg;
		first = first ? build2(COMPOUND_EXPR, void_type_node, first,
				       arg) : arg;
	}
	pvcall_use_placeholder(call, fntype);
	if (first)
		*tp = build2(COMPOUND_EXPR, TREE_TYPE(call), first, call);
	return NULL_TREE;
}

void pvcall_pre_genericize(void *gcc_data, void *user_data)
{
	tree fndecl = (tree)gcc_data;

	(void)user_data;
	if (!fndecl || TREE_CODE(fndecl) != FUNCTION_DECL ||
	    !DECL_SAVED_TREE(fndecl))
		return;
	walk_tree_without_duplicates(&DECL_SAVED_TREE(fndecl),
				     pvcall_hoist_args, NULL);
}
