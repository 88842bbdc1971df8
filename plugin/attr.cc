/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The `pvcall' function-type attribute.
 *
 * `pvcall' sits on function types, like regparm or ms_abi, so it follows
 * the pointer through struct fields, typedefs, local copies and inlining,
 * and it is part of type identity: a plain function pointer does not
 * silently convert to a pvcall one.
 *
 * Its arguments name extra registers the callee may clobber.  The check
 * of the function type happens here, at the declaration, so that every
 * pvcall type that reaches a call is one the back end can honour.
 */
#include "pvcall-plugin.h"

#define PVCALL_MAX_ARG_WORDS	6

/* GCC's number of each hardware register (PVCALL_REG_*).  */
static const int pvcall_gcc_regnos[PVCALL_NR_REGS] = {
	AX_REG, CX_REG, DX_REG, BX_REG, SP_REG, BP_REG, SI_REG, DI_REG,
	R8_REG, R9_REG, R10_REG, R11_REG, R12_REG, R13_REG, R14_REG, R15_REG,
};

int pvcall_gcc_regno(unsigned int reg)
{
	return pvcall_gcc_regnos[reg];
}

int pvcall_reg_from_gcc_regno(int regno)
{
	int reg;

	for (reg = 0; reg < PVCALL_NR_REGS; reg++)
		if (pvcall_gcc_regnos[reg] == regno)
			return reg;
	return -1;
}

bool pvcall_type_p(const_tree fntype)
{
	return fntype && lookup_attribute("pvcall", TYPE_ATTRIBUTES(fntype));
}

/* Machine words an integer-class value of TYPE occupies, or 0 if TYPE is
 * not passed and returned in general registers.  Aggregates qualify only
 * when the SysV classification is plainly INTEGER: at most 16 bytes, no
 * packing, and nothing but integers and pointers inside.  */
static bool pvcall_integer_class_p(const_tree type)
{
	tree field;

	switch (TREE_CODE(type)) {
	case INTEGER_TYPE:
	case ENUMERAL_TYPE:
	case BOOLEAN_TYPE:
	case POINTER_TYPE:
		return true;
	case ARRAY_TYPE:
		return pvcall_integer_class_p(TREE_TYPE(type));
	case RECORD_TYPE:
	case UNION_TYPE:
		if (TYPE_PACKED(type) || TREE_ADDRESSABLE(type))
			return false;
		for (field = TYPE_FIELDS(type); field; field = DECL_CHAIN(field)) {
			if (TREE_CODE(field) != FIELD_DECL)
				continue;
			if (DECL_PACKED(field) ||
			    !pvcall_integer_class_p(TREE_TYPE(field)))
				return false;
		}
		return true;
	default:
		return false;
	}
}

static unsigned int pvcall_value_words(const_tree type)
{
	unsigned HOST_WIDE_INT size;

	if (!COMPLETE_TYPE_P(type) || !tree_fits_uhwi_p(TYPE_SIZE_UNIT(type)))
		return 0;
	size = tree_to_uhwi(TYPE_SIZE_UNIT(type));
	if (size == 0 || size > 16 || !pvcall_integer_class_p(type))
		return 0;
	return (size + 7) / 8;
}

/* A two-word return comes back in rax:rdx, so rdx joins the clobbers.  */
static bool pvcall_returns_in_rdx(const_tree fntype)
{
	const_tree ret = TREE_TYPE(fntype);

	return !VOID_TYPE_P(ret) && pvcall_value_words(ret) == 2;
}

/*
 * Decode one clobber-list string.  Returns the register bit to add, 0 for
 * names that add nothing (cc, memory, and registers the normal ABI already
 * clobbers such as xmm0), or -1 after reporting an error.
 */
static int pvcall_decode_clobber(const char *str, tree name)
{
	int regno = decode_reg_name(str);
	int reg;

	if (regno == -3 || regno == -4)		/* "cc", "memory" */
		return 0;
	if (regno < 0) {
		error("unknown register name %qs in %qE attribute", str, name);
		return -1;
	}
	reg = pvcall_reg_from_gcc_regno(regno);
	if (reg < 0) {
		if (default_function_abi.clobbers_full_reg_p(regno))
			return 0;
		error("%qE attribute cannot clobber register %qs: it is not "
		      "call-clobbered", name, str);
		return -1;
	}
	if (!(PVCALL_CALLER_SAVED & PVCALL_REG_BIT(reg))) {
		error("%qE attribute cannot clobber callee-saved register %qs",
		      name, str);
		return -1;
	}
	return PVCALL_REG_BIT(reg);
}

/* Registers one attribute's argument list adds; -1 after an error.  */
static int pvcall_args_mask(tree args, tree name, bool report)
{
	unsigned int mask = 0;
	int argno = 1;

	for (; args; args = TREE_CHAIN(args), argno++) {
		tree arg = TREE_VALUE(args);
		int bit;

		if (TREE_CODE(arg) != STRING_CST) {
			if (report)
				error("%qE attribute argument %d is not a string",
				      name, argno);
			return -1;
		}
		bit = pvcall_decode_clobber(TREE_STRING_POINTER(arg), name);
		if (bit < 0)
			return -1;
		mask |= bit;
	}
	return mask;
}

unsigned int pvcall_clobber_mask(const_tree fntype)
{
	unsigned int mask = PVCALL_REG_BIT(PVCALL_REG_RAX);
	tree attr;

	if (pvcall_returns_in_rdx(fntype))
		mask |= PVCALL_REG_BIT(PVCALL_REG_RDX);
	for (attr = lookup_attribute("pvcall", TYPE_ATTRIBUTES(fntype)); attr;
	     attr = lookup_attribute("pvcall", TREE_CHAIN(attr))) {
		int add = pvcall_args_mask(TREE_VALUE(attr), NULL_TREE, false);

		if (add > 0)
			mask |= add;
	}
	return mask;
}

static bool pvcall_check_return(const_tree fntype, tree name)
{
	const_tree ret = TREE_TYPE(fntype);

	if (VOID_TYPE_P(ret))
		return true;
	if (pvcall_value_words(ret) == 0 || aggregate_value_p(ret, fntype)) {
		error("%qE attribute does not support return type %qT: only "
		      "integer, pointer and small integer aggregate values "
		      "returned in %<rax%> or %<rax:rdx%> are supported",
		      name, ret);
		return false;
	}
	return true;
}

static bool pvcall_check_args(const_tree fntype, tree name)
{
	function_args_iterator iter;
	unsigned int words = 0;
	int argno = 1;
	tree arg;

	FOREACH_FUNCTION_ARGS(fntype, arg, iter) {
		unsigned int n;

		if (VOID_TYPE_P(arg))
			break;
		n = pvcall_value_words(arg);
		if (n == 0) {
			error("%qE attribute does not support argument %d of "
			      "type %qT: only integer, pointer and small integer "
			      "aggregate arguments are supported",
			      name, argno, arg);
			return false;
		}
		words += n;
		argno++;
	}
	if (words > PVCALL_MAX_ARG_WORDS) {
		error("%qE attribute supports at most %d argument registers; "
		      "this function type needs %u",
		      name, PVCALL_MAX_ARG_WORDS, words);
		return false;
	}
	return true;
}

static bool pvcall_check_fntype(const_tree fntype, tree name)
{
	if (!TARGET_64BIT || !TARGET_LP64) {
		error("%qE attribute requires the x86-64 LP64 ABI", name);
		return false;
	}
	if (lookup_attribute("ms_abi", TYPE_ATTRIBUTES(fntype)) ||
	    (ix86_abi == MS_ABI &&
	     !lookup_attribute("sysv_abi", TYPE_ATTRIBUTES(fntype)))) {
		error("%qE attribute is not supported with %<ms_abi%>", name);
		return false;
	}
	if (!prototype_p(fntype)) {
		error("%qE attribute requires a function prototype", name);
		return false;
	}
	if (stdarg_p(fntype)) {
		error("%qE attribute is not supported on variadic functions",
		      name);
		return false;
	}
	return pvcall_check_return(fntype, name) &&
	       pvcall_check_args(fntype, name);
}

static tree pvcall_handle_attribute(tree *node, tree name, tree args,
				    int flags, bool *no_add_attrs)
{
	(void)flags;
	/* function_type_required guarantees a FUNCTION_TYPE here, reached
	 * through a declaration, a typedef or a pointer to function.  */
	if (pvcall_args_mask(args, name, true) < 0 ||
	    !pvcall_check_fntype(*node, name))
		*no_add_attrs = true;
	return NULL_TREE;
}

static struct attribute_spec pvcall_attribute_spec = {
	"pvcall",
	0, -1,		/* any number of clobber names */
	false,		/* decl_required */
	true,		/* type_required */
	true,		/* function_type_required */
	true,		/* affects_type_identity */
	pvcall_handle_attribute,
	NULL,		/* exclusions */
};

/*
 * pvcall_native("INSNS", COND): the op's native replacement, for kernels
 * whose own patcher inlines it (-fplugin-arg-pvcall-format=linux-6.1
 * emits an .altinstructions entry for each site).  INSNS is written like
 * an asm statement's template without operands, %% for %, so Linux's
 * ALTERNATIVE strings carry over as they are ("pushf; pop %%rax").  COND
 * is the 16-bit feature word of struct alt_instr, such as
 * ALT_NOT(X86_FEATURE_XENPV).  It does not change the contract, so it does
 * not affect type identity.
 */

/* Whether every % of the template S is doubled.  */
static bool pvcall_native_template_ok(const char *s)
{
	for (; *s; s++)
		if (*s == '%' && *++s != '%')
			return false;
	return true;
}

static tree pvcall_handle_native(tree *node, tree name, tree args, int flags,
				 bool *no_add_attrs)
{
	tree insns = TREE_VALUE(args), cond = TREE_VALUE(TREE_CHAIN(args));

	(void)node;
	(void)flags;
	if (TREE_CODE(insns) != STRING_CST || !TREE_STRING_LENGTH(insns) ||
	    TREE_STRING_LENGTH(insns) == 1) {
		error("first argument of %qE attribute must be a non-empty "
		      "string of instructions", name);
		*no_add_attrs = true;
		return NULL_TREE;
	}
	if (strlen(TREE_STRING_POINTER(insns)) + 1 !=
	    (size_t)TREE_STRING_LENGTH(insns)) {
		error("first argument of %qE attribute contains a null "
		      "character", name);
		*no_add_attrs = true;
		return NULL_TREE;
	}
	if (!pvcall_native_template_ok(TREE_STRING_POINTER(insns))) {
		error("first argument of %qE attribute has an operand: write "
		      "%<%%%%%> for a %<%%%> of the instructions", name);
		*no_add_attrs = true;
		return NULL_TREE;
	}
	if (TREE_CODE(cond) != INTEGER_CST || !tree_fits_uhwi_p(cond) ||
	    tree_to_uhwi(cond) > 0xffff) {
		error("second argument of %qE attribute must be an integer "
		      "constant from 0 to 0xffff (a feature condition)", name);
		*no_add_attrs = true;
	}
	return NULL_TREE;
}

static struct attribute_spec pvcall_native_attribute_spec = {
	"pvcall_native",
	2, 2,
	false,		/* decl_required */
	true,		/* type_required */
	true,		/* function_type_required */
	false,		/* affects_type_identity */
	pvcall_handle_native,
	NULL,		/* exclusions */
};

/* The pvcall_native replacement of FNTYPE, if it has one: the template
 * as written, %% still doubled.  */
bool pvcall_native_of(const_tree fntype, const char **insns,
		      unsigned int *cond)
{
	tree attr;

	if (!fntype)
		return false;
	attr = lookup_attribute("pvcall_native", TYPE_ATTRIBUTES(fntype));
	if (!attr)
		return false;
	attr = TREE_VALUE(attr);
	*insns = TREE_STRING_POINTER(TREE_VALUE(attr));
	*cond = tree_to_uhwi(TREE_VALUE(TREE_CHAIN(attr)));
	return true;
}

/*
 * pvcall_inline: the op is natively an instruction or two that a patcher
 * puts in place of its sites, so compile them as that instruction would
 * be: register-agnostic whatever -fplugin-arg-pvcall-regs says, and
 * clobbering only their result register (the stubs save every other
 * register the op may clobber).  It changes what a site promises, not
 * what the op's implementations must preserve, so it does not affect
 * type identity.  Ignored under -fplugin-arg-pvcall-format=linux-6.1,
 * whose patcher writes ABI-register calls.
 */
static struct attribute_spec pvcall_inline_attribute_spec = {
	"pvcall_inline",
	0, 0,
	false,		/* decl_required */
	true,		/* type_required */
	true,		/* function_type_required */
	false,		/* affects_type_identity */
	NULL,		/* handler: nothing to check */
	NULL,		/* exclusions */
};

bool pvcall_inline_type_p(const_tree fntype)
{
	return fntype && pvcall_format == PVCALL_FORMAT_PVCALL &&
	       lookup_attribute("pvcall_inline", TYPE_ATTRIBUTES(fntype));
}

void pvcall_register_attributes(void *gcc_data, void *user_data)
{
	(void)gcc_data;
	(void)user_data;
	register_attribute(&pvcall_attribute_spec);
	register_attribute(&pvcall_native_attribute_spec);
	register_attribute(&pvcall_inline_attribute_spec);
}

/*
 * A call site trusts the callee to preserve every register outside the
 * clobber set.  An ordinary C body does not, so a definition of a pvcall
 * function is only sound when GCC itself saves everything it touches.
 */
void pvcall_check_definition(void *gcc_data, void *user_data)
{
	tree fndecl = (tree)gcc_data;
	tree type;

	(void)user_data;
	if (!fndecl || TREE_CODE(fndecl) != FUNCTION_DECL)
		return;
	type = TREE_TYPE(fndecl);
	if (!pvcall_type_p(type))
		return;
	if (lookup_attribute("no_caller_saved_registers", TYPE_ATTRIBUTES(type)) ||
	    lookup_attribute("no_caller_saved_registers", DECL_ATTRIBUTES(fndecl)))
		return;
	error_at(DECL_SOURCE_LOCATION(fndecl),
		 "definition of %qD with %<pvcall%> type does not preserve "
		 "the registers its callers keep live", fndecl);
	inform(DECL_SOURCE_LOCATION(fndecl),
	       "add %<__attribute__((no_caller_saved_registers))%>, or "
	       "define a plain C function and reach it through a "
	       "register-saving thunk");
}

/* MASK as "rcx, rdx" (", flags" with FLAGS), for notes.  */
const char *pvcall_mask_string(unsigned int mask, bool flags, char *buf,
			       size_t size)
{
	struct pvcall_str s;

	pvcall_str_init(&s, buf, size);
	pvcall_str_mask(&s, mask, ", ");
	if (flags)
		pvcall_str_add(&s, s.len ? ", flags" : "flags");
	return buf;
}
