/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plugin's passes, in the order a pv call meets them.  Each pass's
 * work lives in the file of its stage; here is only where it runs.
 *
 * pvcall_profile_hide and pvcall_profile_show (around "profile_estimate";
 *   profile.cc): GCC's call heuristic does not take a guarded pv call for
 *   an error path.
 *
 * pvcall_icf_refs and pvcall_icf_unrefs (around "icf"; ipa.cc): the
 *   references that let identical code folding tell apart functions that
 *   call different placeholders by hash, rather than by comparing them
 *   pair by pair.
 *
 * pvcall_gimple (after "optimized", so after inlining and at every -O
 *   level; lower.cc): finds each call through a pvcall type, forbids its
 *   tail call (a patch site must stay a call instruction), reserves the
 *   ABI slot for its clobber set, reporting exhaustion at the call, and
 *   makes it a canonical patch site where it can.
 *
 * pvcall_expand (after "expand"; abi.cc): drops REG_CALL_DECL from direct
 *   pv calls, so that -fipa-ra cannot override the declared contract.
 *
 * pvcall_not_leaf (after "ira"; rtl.cc): a function with a call hidden
 *   in a register-agnostic asm is not a leaf.
 *
 * pvcall_liveness (after "vartrack", the last pass that can still change
 *   which registers hold what; rtl.cc): the registers dead after each
 *   site, made explicit clobbers of it, and the stubs told what they need
 *   not save.
 *
 * pvcall_final_check (before "final"; rtl.cc): refuses a pv call that
 *   became a sibling call.
 *
 * Then final prints each site's record (emit.cc, pvcall_postscan), and
 * the end of the unit its stubs and descriptors (pvcall_finish_unit).
 * Before all of these, the front end's calls are prepared as they are
 * genericized (lower.cc, pvcall_pre_genericize).
 */
#include "pvcall-plugin.h"

/* The pass class CLS, of KIND (GIMPLE_PASS with base class
 * gimple_opt_pass, or RTL_PASS and rtl_opt_pass), named NAME, which calls
 * FN, requires the properties REQUIRED and ends with the TODO flags
 * FINISH.  */
#define PVCALL_PASS(KIND, BASE, CLS, NAME, FN, REQUIRED, FINISH)	\
	static const pass_data CLS##_data = {				\
		KIND, NAME, OPTGROUP_NONE, TV_NONE, REQUIRED, 0, 0, 0,	\
		FINISH,							\
	};								\
	class CLS : public BASE {					\
	public:								\
		CLS(gcc::context *ctxt) : BASE(CLS##_data, ctxt) {}	\
		unsigned int execute(function *fun) final override	\
		{							\
			return FN(fun);					\
		}							\
	}
#define PVCALL_RTL_PASS(CLS, NAME, FN)					\
	PVCALL_PASS(RTL_PASS, rtl_opt_pass, CLS, NAME, FN, 0, 0)

/* An IPA pass CLS named NAME that calls FN under GATE.  It has no
 * summaries: it only runs next to "icf", and the pass manager places a
 * pass only next to one of the same kind.  */
#define PVCALL_IPA_PASS(CLS, NAME, GATE, FN)				\
	static const pass_data CLS##_data = {				\
		IPA_PASS, NAME, OPTGROUP_NONE, TV_NONE, 0, 0, 0, 0, 0,	\
	};								\
	class CLS : public ipa_opt_pass_d {				\
	public:								\
		CLS(gcc::context *ctxt)					\
			: ipa_opt_pass_d(CLS##_data, ctxt, NULL, NULL,	\
					 NULL, NULL, NULL, NULL, 0,	\
					 NULL, NULL) {}			\
		bool gate(function *) final override { return GATE(); } \
		unsigned int execute(function *) final override		\
		{							\
			return FN();					\
		}							\
	}

PVCALL_IPA_PASS(pvcall_icf_refs_pass, "pvcall_icf_refs", pvcall_icf_gate,
		pvcall_icf_refs_execute);
PVCALL_IPA_PASS(pvcall_icf_unrefs_pass, "pvcall_icf_unrefs", pvcall_icf_gate,
		pvcall_icf_unrefs_execute);
PVCALL_PASS(GIMPLE_PASS, gimple_opt_pass, pvcall_profile_hide_pass,
	    "pvcall_profile_hide", pvcall_profile_hide_execute, PROP_cfg, 0);
PVCALL_PASS(GIMPLE_PASS, gimple_opt_pass, pvcall_profile_show_pass,
	    "pvcall_profile_show", pvcall_profile_show_execute, PROP_cfg, 0);
PVCALL_PASS(GIMPLE_PASS, gimple_opt_pass, pvcall_gimple_pass,
	    "pvcall_gimple", pvcall_gimple_execute, PROP_cfg, 0);
PVCALL_RTL_PASS(pvcall_expand_pass, "pvcall_expand", pvcall_expand_execute);
/* Between "ira" and "reload", which hands reload data that is not a
 * garbage-collection root: like ira itself, no collection after it.  */
PVCALL_PASS(RTL_PASS, rtl_opt_pass, pvcall_not_leaf_pass, "pvcall_not_leaf",
	    pvcall_not_leaf_execute, 0, TODO_do_not_ggc_collect);
PVCALL_RTL_PASS(pvcall_liveness_pass, "pvcall_liveness",
		pvcall_liveness_execute);
PVCALL_RTL_PASS(pvcall_final_check_pass, "pvcall_final_check",
		pvcall_final_check_execute);

/* Run PASS right before or after the pass named REF.  */
static void pvcall_register_pass(const char *plugin_name, opt_pass *pass,
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
	register_callback(plugin_name, PLUGIN_PRE_GENERICIZE,
			  pvcall_pre_genericize, NULL);
	pvcall_register_pass(plugin_name, new pvcall_profile_hide_pass(g),
			     "profile_estimate", true);
	pvcall_register_pass(plugin_name, new pvcall_profile_show_pass(g),
			     "profile_estimate", false);
	pvcall_register_pass(plugin_name, new pvcall_icf_refs_pass(g),
			     "icf", true);
	pvcall_register_pass(plugin_name, new pvcall_icf_unrefs_pass(g),
			     "icf", false);
	pvcall_register_pass(plugin_name, new pvcall_gimple_pass(g),
			     "optimized", false);
	pvcall_register_pass(plugin_name, new pvcall_expand_pass(g),
			     "expand", false);
	pvcall_register_pass(plugin_name, new pvcall_not_leaf_pass(g),
			     "ira", false);
	pvcall_register_pass(plugin_name, new pvcall_liveness_pass(g),
			     "vartrack", false);
	pvcall_register_pass(plugin_name, new pvcall_final_check_pass(g),
			     "final", true);
	pvcall_register_output(plugin_name);
	pvcall_register_gc_roots(plugin_name);
	pvcall_register_placeholder_roots(plugin_name);
}
