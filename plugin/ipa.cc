/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IPA: keep GCC's identical code folding linear on pv calls.
 *
 * Until pvcall_gimple, a call through a fixed slot is a direct call to the
 * slot's placeholder (genericize.cc), so a unit with many ops has many
 * functions that differ only in which placeholder they call.  ipa-icf
 * sorts functions into classes by a hash of their bodies and then compares
 * the members of each class pair by pair.  The hash mixes in the symbols a
 * function references (loads of different variables tell functions apart),
 * but of its calls only its own node: sem_item::update_hash_by_addr_refs
 * walks the node's callers where it means its callees (GCC 11 and 12).
 * So N such functions fall into one class and cost N*N/2 comparisons,
 * which fail one by one on the callee: 14 million of them, and most of the
 * compile time, for a unit with 16,000 ops.  The plain C the plugin
 * started from loaded N different variables and hashed apart at once.
 *
 * pvcall_icf_refs, right before "icf", gives each function a reference to
 * every placeholder it calls, so that the hash tells them apart the way it
 * told the slots apart; pvcall_icf_unrefs, right after it, takes them back.
 * That changes only which functions icf compares, never its verdict: two
 * functions that call different placeholders were never equal, and two
 * that call the same ones get the same references.
 */
#include "pvcall-plugin.h"

/* Whether icf runs (its own gate), outside lto1: a unit streamed for LTO
 * has no placeholders.  */
bool pvcall_icf_gate(void)
{
	return (flag_ipa_icf_functions || flag_ipa_icf_variables) &&
	       optimize && !in_lto_p;
}

static bool pvcall_placeholder_node_p(const symtab_node *node)
{
	return pvcall_placeholder_slot(node->decl) != NULL_TREE;
}

unsigned int pvcall_icf_refs_execute(void)
{
	cgraph_node *node;
	cgraph_edge *e;

	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY(node)
		for (e = node->callees; e; e = e->next_callee)
			if (pvcall_placeholder_node_p(e->callee))
				node->create_reference(e->callee, IPA_REF_ADDR);
	return 0;
}

/* The references to placeholders are all ours: a placeholder is only ever
 * called, and a call is an edge, not a reference.  */
unsigned int pvcall_icf_unrefs_execute(void)
{
	cgraph_node *node;
	ipa_ref *ref;
	unsigned int i;

	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY(node)
		for (i = node->num_references(); i-- > 0;) {
			node->iterate_reference(i, ref);
			if (pvcall_placeholder_node_p(ref->referred))
				ref->remove_reference();
		}
	return 0;
}
