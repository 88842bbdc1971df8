/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * RTL, after register allocation: what the sites need once their
 * registers are known.
 *
 * pvcall_not_leaf (after "ira"): a function whose only calls are hidden
 *   in register-agnostic asms is not a leaf.
 *
 * pvcall_liveness (after "vartrack", the last pass that can still change
 *   which registers hold what): for each patch site, the caller-saved
 *   registers not live after the call, from GCC's own dataflow (DF_LR),
 *   made explicit clobbers of the site, and a register-agnostic site's
 *   stub told which saves it may leave out.
 *
 * pvcall_final_check (before "final"): no pv call became a sibling call.
 *
 * The record printed after each site (emit.cc) reads the dead registers
 * and the operands' registers from here.
 */
#include "pvcall-plugin.h"

/* The sites of the function being compiled, from the liveness pass.  */
struct pvcall_site_info {
	const rtx_insn *insn;
	unsigned int dead;
};

static struct pvcall_site_info *pvcall_fn_sites;
static unsigned int pvcall_fn_nsites, pvcall_fn_sites_alloc;

/* The function a pv call insn calls directly, if the insn is a patch
 * site, else NULL.  */
tree pvcall_site_callee(const rtx_insn *insn)
{
	rtx call, addr;
	tree decl;

	if (!CALL_P(insn) || !pvcall_call_insn_fntype(insn))
		return NULL_TREE;
	call = get_call_rtx_from(insn);
	if (!call || !MEM_P(XEXP(call, 0)))
		return NULL_TREE;
	addr = XEXP(XEXP(call, 0), 0);
	if (GET_CODE(addr) != SYMBOL_REF)
		return NULL_TREE;
	decl = SYMBOL_REF_DECL(addr);
	if (!decl || TREE_CODE(decl) != FUNCTION_DECL)
		return NULL_TREE;
	return decl;
}

/* Whether INSN is a patch site: a call to a stub or pvcall function, or a
 * register-agnostic asm.  */
static bool pvcall_site_p(const rtx_insn *insn)
{
	return pvcall_site_callee(insn) || pvcall_any_of_insn(insn) >= 0;
}

/* The op a site calling CALLEE belongs to, and the symbol it calls.  A
 * direct op gets its descriptor here, the first time a site uses it.  */
struct pvcall_opdef *pvcall_site_op(tree callee, const char **target)
{
	struct pvcall_stubdef *stub = pvcall_stub_for_decl(callee);
	unsigned int mask, flags = PVCALL_OP_DIRECT;
	char key[512];

	if (stub) {
		stub->used = true;
		*target = stub->name;
		return pvcall_op_at(stub->op);
	}
	*target = pvcall_asm_name(callee);
	mask = pvcall_clobber_mask(TREE_TYPE(callee));
	if (!TREE_PUBLIC(callee))
		flags |= PVCALL_OP_LOCAL;
	pvcall_direct_op_key(key, sizeof(key), *target, mask, 0, false);
	return pvcall_get_op(key, IDENTIFIER_POINTER(DECL_NAME(callee)),
			     *target, 0, mask, 0, flags);
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

	if (!templ || strncmp(templ, "call\t", 5) || !pvcall_is_stub(templ + 5))
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

/* ---- The operands of a register-agnostic site.  ---- */

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
	int out = -1, args[PVCALL_MAX_ARGS];

	if (a->has_out && (out = pvcall_hw_reg(ops[0])) < 0)
		return false;
	for (i = 0; i < a->nargs; i++)
		if ((args[i] = pvcall_hw_reg(ops[first + i])) < 0)
			return false;
	*regs = pvcall_regs_make(out, args, a->nargs);
	return true;
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

/* ---- Liveness after each site.  ---- */

static unsigned int pvcall_dead_mask(bitmap live)
{
	unsigned int reg, dead = 0;

	for (reg = 0; reg < PVCALL_NR_REGS; reg++)
		if ((PVCALL_CALLER_SAVED & PVCALL_REG_BIT(reg)) &&
		    !bitmap_bit_p(live, pvcall_gcc_regno(reg)))
			dead |= PVCALL_REG_BIT(reg);
	return dead;
}

static void pvcall_note_site(const rtx_insn *insn, unsigned int dead)
{
	tree callee = pvcall_site_callee(insn);
	int any = pvcall_any_of_insn(insn);
	const char *target;
	struct pvcall_opdef *op = callee ? pvcall_site_op(callee, &target) :
					   pvcall_op_at(pvcall_any_op(any));
	char clobbers[128], dead_regs[128];

	pvcall_mask_string(op->clobbers, true, clobbers, sizeof(clobbers));
	if (dead)
		pvcall_mask_string(dead, false, dead_regs, sizeof(dead_regs));
	inform(INSN_LOCATION(insn),
	       "pv call through %qs may clobber only %s; %s%s%s",
	       op->name, clobbers,
	       dead ? "dead after the call: " : "no register is dead after "
	       "the call", dead ? dead_regs : "",
	       any >= 0 ? "; operands in any registers" : "");
}

static void pvcall_record_site(const rtx_insn *insn, unsigned int dead)
{
	struct pvcall_site_info *s;

	pvcall_fn_sites = (struct pvcall_site_info *)pvcall_grow(
		pvcall_fn_sites, &pvcall_fn_sites_alloc, pvcall_fn_nsites,
		sizeof(*pvcall_fn_sites));
	s = &pvcall_fn_sites[pvcall_fn_nsites++];
	s->insn = insn;
	s->dead = dead;
}

static bool pvcall_function_has_sites(void)
{
	rtx_insn *insn;

	for (insn = get_insns(); insn; insn = NEXT_INSN(insn))
		if (pvcall_site_p(insn))
			return true;
	return false;
}

/* The hard registers the function's code sets or its calls clobber: what
 * GCC reports to later callers under -fipa-ra (collect_fn_hard_reg_usage)
 * and what the prologue of a no_caller_saved_registers function saves.  */
static HARD_REG_SET pvcall_function_clobbers(void)
{
	HARD_REG_SET all, set;
	rtx_insn *insn;

	CLEAR_HARD_REG_SET(all);
	for (insn = get_insns(); insn; insn = NEXT_INSN(insn)) {
		if (!NONDEBUG_INSN_P(insn))
			continue;
		find_all_hard_reg_sets(insn, &set, true);
		all |= set;
	}
	return all;
}

/* Registers of MASK that are in SET.  */
static unsigned int pvcall_mask_in(unsigned int mask, HARD_REG_SET set)
{
	unsigned int reg;

	for (reg = 0; reg < PVCALL_NR_REGS; reg++)
		if ((mask & PVCALL_REG_BIT(reg)) &&
		    !TEST_HARD_REG_BIT(set, pvcall_gcc_regno(reg)))
			mask &= ~PVCALL_REG_BIT(reg);
	return mask;
}

/* Make the registers of DEAD explicit clobbers of the site INSN: of the
 * call's function usage, or of an asm's pattern.  */
static void pvcall_clobber_dead(rtx_insn *insn, unsigned int dead)
{
	rtx pat = PATTERN(insn);
	unsigned int reg, n = 0, i;
	rtvec v;

	for (reg = 0; reg < PVCALL_NR_REGS; reg++) {
		rtx clobber;

		if (!(dead & PVCALL_REG_BIT(reg)))
			continue;
		clobber = gen_rtx_CLOBBER(VOIDmode,
					  gen_rtx_REG(DImode,
						      pvcall_gcc_regno(reg)));
		if (CALL_P(insn)) {
			CALL_INSN_FUNCTION_USAGE(insn) =
				gen_rtx_EXPR_LIST(VOIDmode, clobber,
						  CALL_INSN_FUNCTION_USAGE(insn));
			continue;
		}
		if (GET_CODE(pat) != PARALLEL)
			pat = gen_rtx_PARALLEL(VOIDmode, gen_rtvec(1, pat));
		v = rtvec_alloc(XVECLEN(pat, 0) + 1);
		for (i = 0; i < (unsigned int)XVECLEN(pat, 0); i++)
			RTVEC_ELT(v, i) = XVECEXP(pat, 0, i);
		RTVEC_ELT(v, i) = clobber;
		pat = gen_rtx_PARALLEL(VOIDmode, v);
		n++;
	}
	if (n)
		PATTERN(insn) = pat;
}

/*
 * "Dead after the call" must also hold for whoever called this function.
 *
 * A function with no_caller_saved_registers (or an interrupt handler)
 * preserves every register, saving only those its code touches: at its
 * sites, only those may count as dead.
 *
 * Any other function may clobber every caller-saved register, but under
 * -fipa-ra the callers compiled after it only assume the registers it
 * really clobbers.  So each dead register becomes an explicit clobber of
 * the site's call, which GCC counts in the function's register usage.
 */
static void pvcall_claim_dead(bool preserves_all, HARD_REG_SET saved)
{
	unsigned int i;

	for (i = 0; i < pvcall_fn_nsites; i++) {
		struct pvcall_site_info *s = &pvcall_fn_sites[i];
		rtx_insn *insn = const_cast<rtx_insn *>(s->insn);

		if (preserves_all) {
			s->dead = pvcall_mask_in(s->dead, saved);
			continue;
		}
		pvcall_clobber_dead(insn, s->dead);
	}
}

unsigned int pvcall_liveness_execute(function *fun)
{
	basic_block bb;
	bitmap_head live;
	rtx_insn *insn;
	unsigned int i;
	bool preserves_all;

	pvcall_fn_nsites = 0;
	if (!pvcall_function_has_sites())
		return 0;

	df_analyze();
	bitmap_initialize(&live, &reg_obstack);
	FOR_EACH_BB_FN(bb, fun) {
		bitmap_copy(&live, df_get_live_out(bb));
		df_simulate_initialize_backwards(bb, &live);
		FOR_BB_INSNS_REVERSE(bb, insn) {
			if (!INSN_P(insn))
				continue;
			if (pvcall_site_p(insn))
				pvcall_record_site(insn,
						   pvcall_dead_mask(&live));
			df_simulate_one_insn_backwards(bb, insn, &live);
		}
	}
	bitmap_clear(&live);

	preserves_all = fun->machine->no_caller_saved_registers ||
			fun->machine->func_type != TYPE_NORMAL;
	pvcall_claim_dead(preserves_all, pvcall_function_clobbers());
	for (i = 0; i < pvcall_fn_nsites; i++)
		pvcall_any_drop_dead(const_cast<rtx_insn *>(
					pvcall_fn_sites[i].insn),
				     pvcall_fn_sites[i].dead);

	/* Notes in insn order: each block was walked backwards.  */
	for (insn = get_insns(); pvcall_verbose && insn; insn = NEXT_INSN(insn))
		for (i = 0; i < pvcall_fn_nsites; i++)
			if (pvcall_fn_sites[i].insn == insn)
				pvcall_note_site(insn,
						 pvcall_fn_sites[i].dead);
	return 0;
}

/* The pvcall_final_check pass: a pv call that became a sibling call would
 * be a jmp, which the patcher cannot handle; refuse it rather than emit
 * it.  */
unsigned int pvcall_final_check_execute(function *fun)
{
	rtx_insn *insn;

	(void)fun;
	for (insn = get_insns(); insn; insn = NEXT_INSN(insn))
		if (CALL_P(insn) && SIBLING_CALL_P(insn) &&
		    pvcall_call_insn_fntype(insn))
			error_at(INSN_LOCATION(insn), "%<pvcall%> call was "
				 "turned into a sibling call");
	return 0;
}

unsigned int pvcall_site_dead(const rtx_insn *insn)
{
	unsigned int i;

	for (i = 0; i < pvcall_fn_nsites; i++)
		if (pvcall_fn_sites[i].insn == insn)
			return pvcall_fn_sites[i].dead;
	/* Not seen by the liveness pass: claim nothing is dead.  */
	return 0;
}

