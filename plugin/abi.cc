/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Per-call clobber sets through GCC's function_abi machinery.
 *
 * Since GCC 10 every RTL pass asks insn_callee_abi() which registers a
 * call insn clobbers, and that asks targetm.calls.insn_callee_abi.  We
 * wrap that hook: a call whose MEM_EXPR carries a pvcall function type
 * gets an ABI whose clobber set is the declared one; every other call is
 * answered by the back end's own hook (gcc-12 uses it for vzeroupper) or
 * by the default ABI.
 *
 * The mark travels inside the call insn itself (the MEM_EXPR of the call
 * address), so a call that RTL passes duplicate keeps it.  A call that
 * somehow lost it would be treated as fully clobbering, which is safe.
 *
 * ABIs are predefined_function_abi slots, at most NUM_ABI_IDS of them.
 * x86 uses ids 0 (default) and 1 (vzeroupper); we take the rest, one per
 * distinct clobber mask, allocated by the GIMPLE pass so that running out
 * is reported at the offending call.
 */
#include "pvcall-plugin.h"

static bool pvcall_slot_used[NUM_ABI_IDS];
static unsigned int pvcall_slot_mask[NUM_ABI_IDS];

static const predefined_function_abi &
(*pvcall_next_insn_callee_abi)(const rtx_insn *);

/* How many distinct clobber sets one unit may use.  */
unsigned int pvcall_abi_slots(void)
{
	return PVCALL_ABI_SLOTS;
}

int pvcall_abi_id_for_mask(unsigned int mask)
{
	unsigned int id;

	for (id = PVCALL_FIRST_ABI_ID; id < NUM_ABI_IDS; id++)
		if (pvcall_slot_used[id] && pvcall_slot_mask[id] == mask)
			return id;
	for (id = PVCALL_FIRST_ABI_ID; id < NUM_ABI_IDS; id++) {
		if (!pvcall_slot_used[id]) {
			pvcall_slot_used[id] = true;
			pvcall_slot_mask[id] = mask;
			return id;
		}
	}
	return -1;
}

static int pvcall_lookup_abi_id(unsigned int mask)
{
	unsigned int id;

	for (id = PVCALL_FIRST_ABI_ID; id < NUM_ABI_IDS; id++)
		if (pvcall_slot_used[id] && pvcall_slot_mask[id] == mask)
			return id;
	return -1;
}

/* The default ABI's clobbers minus the caller-saved general registers the
 * callee promises to preserve.  Starting from the current default keeps
 * SSE, x87 and flags exactly as a normal call treats them, whatever the
 * target options of the function being compiled.  */
static HARD_REG_SET pvcall_abi_clobbers(unsigned int mask)
{
	HARD_REG_SET set = default_function_abi.full_reg_clobbers();
	unsigned int reg;

	for (reg = 0; reg < PVCALL_NR_REGS; reg++)
		if ((PVCALL_CALLER_SAVED & PVCALL_REG_BIT(reg)) &&
		    !(mask & PVCALL_REG_BIT(reg)))
			CLEAR_HARD_REG_BIT(set, pvcall_gcc_regno(reg));
	return set;
}

/* The pvcall function type a call insn calls through, or NULL.  For an
 * indirect call, expand sets MEM_EXPR to *fn with the call's own
 * function type (gimple_call_fntype); for a direct call, to the
 * FUNCTION_DECL.  */
const_tree pvcall_call_insn_fntype(const rtx_insn *insn)
{
	rtx call = get_call_rtx_from(insn);
	rtx mem;
	tree expr, type;

	if (!call)
		return NULL_TREE;
	mem = XEXP(call, 0);
	if (!MEM_P(mem) || !MEM_EXPR(mem))
		return NULL_TREE;
	expr = MEM_EXPR(mem);
	type = TREE_TYPE(expr);
	if (!type || (TREE_CODE(type) != FUNCTION_TYPE &&
		      TREE_CODE(type) != METHOD_TYPE))
		return NULL_TREE;
	return pvcall_type_p(type) ? type : NULL_TREE;
}

static const predefined_function_abi &
pvcall_insn_callee_abi(const rtx_insn *insn)
{
	const_tree fntype = pvcall_call_insn_fntype(insn);

	if (fntype) {
		unsigned int mask = pvcall_clobber_mask(fntype);
		int id = pvcall_lookup_abi_id(mask);

		if (id >= 0) {
			predefined_function_abi &abi = function_abis[id];
			HARD_REG_SET want = pvcall_abi_clobbers(mask);

			/* Lazily, and again whenever a target switch
			 * (attribute target) changed the register file.  */
			if (!abi.initialized_p() ||
			    abi.full_reg_clobbers() != want)
				abi.initialize(id, want);
			return abi;
		}
	}
	if (pvcall_next_insn_callee_abi)
		return pvcall_next_insn_callee_abi(insn);
	return default_function_abi;
}

/*
 * Type identity.  comp_type_attributes() only rejects a few hard-wired
 * attributes itself and leaves the rest to the target hook, so a plain
 * function and a pvcall one would otherwise convert silently.  Two
 * function types are compatible only if both are plain or both are
 * pvcall with the same clobber set, however the lists are spelled.
 *
 * A pvcall type that lets the callee clobber every caller-saved register
 * promises no more than the ABI does, so it is the plain type as far as
 * conversions go: a kernel can turn its normal-ABI pv ops into patch
 * sites without casting every function it stores in them.
 */
static int (*pvcall_next_comp_type_attributes)(const_tree, const_tree);

static bool pvcall_contract_type_p(const_tree fntype)
{
	return pvcall_type_p(fntype) &&
	       (pvcall_clobber_mask(fntype) & PVCALL_CALLER_SAVED) !=
	       PVCALL_CALLER_SAVED;
}

static int pvcall_comp_type_attributes(const_tree type1, const_tree type2)
{
	bool pv1 = pvcall_contract_type_p(type1);
	bool pv2 = pvcall_contract_type_p(type2);

	if (pv1 != pv2)
		return 0;
	if (pv1 && pvcall_clobber_mask(type1) != pvcall_clobber_mask(type2))
		return 0;
	return pvcall_next_comp_type_attributes(type1, type2);
}

void pvcall_install_type_hook(void)
{
	pvcall_next_comp_type_attributes = targetm.comp_type_attributes;
	targetm.comp_type_attributes = pvcall_comp_type_attributes;
}

void pvcall_install_abi_hook(void)
{
	pvcall_next_insn_callee_abi = targetm.calls.insn_callee_abi;
	targetm.calls.insn_callee_abi = pvcall_insn_callee_abi;
}

/*
 * The pvcall_expand pass: drop REG_CALL_DECL from direct pv calls.  With
 * -fipa-ra, insn_callee_abi() answers a call to an already-compiled
 * function from that body's register usage and never asks the target
 * hook; the declared contract must win.
 */
unsigned int pvcall_expand_execute(function *fun)
{
	rtx_insn *insn;
	rtx note;

	(void)fun;
	for (insn = get_insns(); insn; insn = NEXT_INSN(insn)) {
		if (!CALL_P(insn) || !pvcall_call_insn_fntype(insn))
			continue;
		note = find_reg_note(insn, REG_CALL_DECL, NULL_RTX);
		if (note)
			remove_note(insn, note);
	}
	return 0;
}
