/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The passes that turn pvcall-typed calls into reduced-clobber sites.
 *
 * pvcall_gimple (after "optimized", so after inlining and at every -O
 *   level): finds each call through a pvcall type, forbids its tail call
 *   (a patch site must stay a call instruction), reserves the ABI slot
 *   for its clobber set, reporting exhaustion at the call, and makes it a
 *   canonical patch site where it can (lower.cc).
 *
 * pvcall_expand (after "expand"): drops REG_CALL_DECL from direct pv
 *   calls.  With -fipa-ra, insn_callee_abi() answers a call to an
 *   already-compiled function from that body's register usage and never
 *   asks the target hook; the declared contract must win.
 *
 * pvcall_final_check (before "final"): a pv call that became a sibling
 *   call would be a jmp, which the patcher cannot handle; refuse it
 *   rather than emit it.
 *
 * The liveness pass and the record output live in sites.cc.
 */
#include "pvcall-plugin.h"
#include "context.h"
#include "tree-pass.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "rtl.h"
#include "memmodel.h"
#include "emit-rtl.h"
#include "diagnostic-core.h"
#include "stringpool.h"
#include "attribs.h"
#include "target.h"
#include "pretty-print.h"
#include "tree-pretty-print.h"
#include "cgraph.h"

#define PVCALL_ABI_SLOTS	6

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
			 "translation unit; at most %d are supported",
			 PVCALL_ABI_SLOTS);
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

static const pass_data pvcall_gimple_pass_data = {
	GIMPLE_PASS,
	"pvcall_gimple",
	OPTGROUP_NONE,
	TV_NONE,
	PROP_cfg,	/* properties_required */
	0, 0, 0, 0,
};

class pvcall_gimple_pass : public gimple_opt_pass {
public:
	pvcall_gimple_pass(gcc::context *ctxt)
		: gimple_opt_pass(pvcall_gimple_pass_data, ctxt) {}
	unsigned int execute(function *fun) final override;
};

unsigned int pvcall_gimple_pass::execute(function *fun)
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

static const pass_data pvcall_rtl_pass_data = {
	RTL_PASS,
	"pvcall_rtl",
	OPTGROUP_NONE,
	TV_NONE,
	0, 0, 0, 0, 0,
};

class pvcall_rtl_pass : public rtl_opt_pass {
public:
	pvcall_rtl_pass(gcc::context *ctxt, bool final_check)
		: rtl_opt_pass(pvcall_rtl_pass_data, ctxt),
		  final_check(final_check) {}
	unsigned int execute(function *fun) final override;

private:
	bool final_check;
};

unsigned int pvcall_rtl_pass::execute(function *fun)
{
	rtx_insn *insn;

	(void)fun;
	for (insn = get_insns(); insn; insn = NEXT_INSN(insn)) {
		rtx note;

		if (!CALL_P(insn) || !pvcall_call_insn_fntype(insn))
			continue;
		if (final_check) {
			if (SIBLING_CALL_P(insn))
				error_at(INSN_LOCATION(insn),
					 "%<pvcall%> call was turned into a "
					 "sibling call");
			continue;
		}
		note = find_reg_note(insn, REG_CALL_DECL, NULL_RTX);
		if (note)
			remove_note(insn, note);
	}
	return 0;
}

/* Run PASS right before or after the pass named REF.  */
void pvcall_register_pass(const char *plugin_name, opt_pass *pass,
			  const char *ref, bool before)
{
	struct register_pass_info info;

	info.pass = pass;
	info.reference_pass_name = ref;
	info.ref_pass_instance_number = 1;
	info.pos_op = before ? PASS_POS_INSERT_BEFORE : PASS_POS_INSERT_AFTER;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &info);
}

void pvcall_register_passes(const char *plugin_name)
{
	pvcall_register_pass(plugin_name, new pvcall_gimple_pass(g),
			     "optimized", false);
	pvcall_register_pass(plugin_name, new pvcall_rtl_pass(g, false),
			     "expand", false);
	pvcall_register_pass(plugin_name, new pvcall_rtl_pass(g, true),
			     "final", true);
	pvcall_register_site_passes(plugin_name);
	pvcall_register_any_passes(plugin_name);
	pvcall_register_gc_roots(plugin_name);
	register_callback(plugin_name, PLUGIN_PRE_GENERICIZE,
			  pvcall_pre_genericize, NULL);
}
