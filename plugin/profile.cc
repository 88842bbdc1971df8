/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Branch prediction: a pv call guarded by a condition is not a cold path.
 *
 * GCC's "call" heuristic predicts that a branch guarding a call to a
 * named function is not taken, on the grounds that such calls tend to
 * report errors; a guarded indirect call it predicts taken.  Until
 * pvcall_gimple, a call through a fixed slot is a direct call to the slot's
 * placeholder (genericize.cc), so `if (flags & X86_EFLAGS_IF)
 * irq_enable();' would be laid out as if enabling interrupts were an
 * error path.  The native kernel has an inline `sti' there, and Linux's
 * PVOP macros an asm: neither is a call to the predictor.  Neither should
 * a pv call be.
 *
 * The heuristic skips calls without side effects, so around GCC's
 * "profile_estimate" pass the placeholders a function calls are const:
 * pvcall_profile_hide sets TREE_READONLY on them and pvcall_profile_show
 * clears it again.  Nothing else runs in between: the early passes run
 * function by function.  profile_estimate only reads the statements; had
 * it updated one, the call would have lost its virtual definition (a
 * const call has none), so pvcall_profile_show gives any such call its
 * operands back.
 */
#include "pvcall-plugin.h"

/* Mark, or unmark, the placeholders FUN calls as const.  The statements
 * say which: the early passes drop the call graph's edges of a function
 * before they estimate its profile.  Returns the TODO flags.  */
static unsigned int pvcall_placeholders_const(function *fun, bool on)
{
	unsigned int todo = 0;
	gimple_stmt_iterator gsi;
	basic_block bb;
	gimple *stmt;
	tree fndecl;

	FOR_EACH_BB_FN(bb, fun)
		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			stmt = gsi_stmt(gsi);
			if (!is_gimple_call(stmt))
				continue;
			fndecl = gimple_call_fndecl(stmt);
			if (!fndecl || !pvcall_placeholder_slot(fndecl))
				continue;
			TREE_READONLY(fndecl) = on;
			if (!on && !gimple_vdef(stmt)) {
				update_stmt(stmt);
				todo = TODO_update_ssa_only_virtuals;
			}
		}
	if (todo)
		mark_virtual_operands_for_renaming(fun);
	return todo;
}

unsigned int pvcall_profile_hide_execute(function *fun)
{
	return pvcall_placeholders_const(fun, true);
}

unsigned int pvcall_profile_show_execute(function *fun)
{
	return pvcall_placeholders_const(fun, false);
}
