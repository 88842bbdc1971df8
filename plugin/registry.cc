/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The registry: everything the plugin names in a unit, each made once and
 * kept in creation order, which is the order of the output:
 *
 *   - ops (struct pvcall_opdef), by key: "pv_ops.8.001" for slot 8 of
 *     pv_ops with clobbers 0x001, "f.native_cli.001" for a function, with
 *     ".pMASK" for a pvcall_inline op's saves and ".g" through the GOT;
 *   - ABI-form stubs (struct pvcall_stubdef), "__pvcall.s.OPKEY[.rx|.ri]";
 *   - register-agnostic definitions (struct pvcall_anydef), one per asm
 *     template, and their stubs (struct pvcall_anystub),
 *     "__pvcall.r.OPKEY[.rx|.ri][.a16][.dMASK].OUT[.ARG]...";
 *   - classes (struct pvcall_classdef), "__pvcall.c.DEAD.LEN.TARGET".
 *
 * Each is found again through a hash_map from its key to its index.
 */
#include "pvcall-plugin.h"

/* ---- Ops and ABI-form stubs.  ---- */

/*
 * Whether the stubs realign the stack: where calls need 16 bytes (user
 * space).  GCC aligns the stack for the calls it knows of, and a site's
 * call is hidden in an asm, so only an 8-byte boundary (kernels) holds at
 * a site; then its op may be called from it directly (PVCALL_OP_STACK8).
 */
bool pvcall_stubs_realign(void)
{
	return ix86_preferred_stack_boundary > 64;
}

/* The stubs and ops of this translation unit, in creation order so that
 * the output is deterministic.  */
static struct pvcall_opdef *pvcall_ops;
static unsigned int pvcall_nops, pvcall_ops_alloc;
static struct pvcall_stubdef *pvcall_stubs;
static unsigned int pvcall_nstubs, pvcall_stubs_alloc;

/* Indexes into those: ops by key, stubs by name and by declaration.  */
static hash_map<nofree_string_hash, unsigned int> *pvcall_op_index;
static hash_map<nofree_string_hash, unsigned int> *pvcall_stub_index;
static hash_map<tree, unsigned int> *pvcall_stub_decl_index;

/* The stub FUNCTION_DECLs, kept alive for the garbage collector.  */
static GTY(()) tree pvcall_stub_decls;

static const struct ggc_root_tab pvcall_gc_roots[] = {
	{ &pvcall_stub_decls, 1, sizeof(pvcall_stub_decls),
	  &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

void pvcall_register_gc_roots(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)pvcall_gc_roots);
}

unsigned int pvcall_op_count(void)
{
	return pvcall_nops;
}

struct pvcall_opdef *pvcall_op_at(unsigned int i)
{
	return &pvcall_ops[i];
}

unsigned int pvcall_stub_count(void)
{
	return pvcall_nstubs;
}

struct pvcall_stubdef *pvcall_stub_at(unsigned int i)
{
	return &pvcall_stubs[i];
}

struct pvcall_stubdef *pvcall_stub_for_decl(const_tree decl)
{
	unsigned int *i;

	if (!pvcall_stub_decl_index)
		return NULL;
	i = pvcall_stub_decl_index->get(const_cast<tree>(decl));
	return i ? &pvcall_stubs[*i] : NULL;
}

/* The symbol a decl is known by in the assembly, without GCC's '*'
 * marker for user-specified names.  */
const char *pvcall_asm_name(tree decl)
{
	return targetm.strip_name_encoding(
		IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(decl)));
}

/* ARRAY, of *ALLOC elements of SIZE bytes, with room for element N.  */
void *pvcall_grow(void *array, unsigned int *alloc, unsigned int n,
		  size_t size)
{
	if (n < *alloc)
		return array;
	*alloc = *alloc ? *alloc * 2 : 16;
	return xrealloc(array, *alloc * size);
}

/*
 * The op with KEY, created on first use.  The key names everything the
 * descriptor says, so two descriptors with one name are identical and the
 * linker may keep either (COMDAT); all but PVCALL_OP_STACK8, which units
 * built for different stack boundaries give differently, and either is
 * right (<pvcall/site.h>).  PRESERVE is what its stubs save besides
 * (pvcall_site_mask), which the key names too.
 */
struct pvcall_opdef *pvcall_get_op(const char *key, const char *name,
				const char *sym, HOST_WIDE_INT offset,
				unsigned int clobbers, unsigned int preserve,
				unsigned int flags)
{
	struct pvcall_opdef *op;
	unsigned int *known;

	if (!pvcall_op_index)
		pvcall_op_index = new hash_map<nofree_string_hash, unsigned int>;
	known = pvcall_op_index->get(key);
	if (known)
		return &pvcall_ops[*known];
	pvcall_ops = (struct pvcall_opdef *)pvcall_grow(pvcall_ops,
						     &pvcall_ops_alloc,
						     pvcall_nops, sizeof(*op));
	op = &pvcall_ops[pvcall_nops++];
	memset(op, 0, sizeof(*op));
	op->key = xstrdup(key);
	pvcall_op_index->put(op->key, pvcall_nops - 1);
	op->name = xstrdup(name);
	op->sym = xstrdup(sym);
	op->offset = offset;
	op->clobbers = clobbers;
	op->preserve = preserve;
	/* What a patcher needs to call the implementation directly from a
	 * register-agnostic site, where the stubs would save registers and
	 * realign the stack: clobbers must be all that it may clobber (not
	 * so when the stubs save more), and the stack at the site as
	 * aligned as at a call (only with an 8-byte boundary).  */
	if (!preserve)
		flags |= PVCALL_OP_EXACT;
	if (!pvcall_stubs_realign())
		flags |= PVCALL_OP_STACK8;
	/* -fplugin-arg-pvcall-local-stubs: every op, stub and class is this
	 * unit's own, as for a static table.  */
	op->flags = flags | (pvcall_local_stubs ? PVCALL_OP_LOCAL : 0);
	return op;
}

/* Give OP the native replacement FNTYPE declares, if any.  The first
 * call seen decides; the replacement belongs to the slot, so calls that
 * name another one are rare and would only be ignored.  */
void pvcall_op_set_native(struct pvcall_opdef *op, const_tree fntype)
{
	const char *insns;
	unsigned int cond;
	char *out;

	if (op->native || !pvcall_native_of(fntype, &insns, &cond))
		return;
	/* The assembler text: %% becomes % (the attribute checked that
	 * there is no other %).  */
	op->native = out = XNEWVEC(char, strlen(insns) + 1);
	for (; *insns; insns++) {
		*out++ = *insns;
		if (*insns == '%')
			insns++;
	}
	*out = '\0';
	op->native_cond = cond;
}

/* How the stub's indirect jump is made: it must obey the same
 * -mindirect-branch as the code that calls it.  */
const char *pvcall_branch_suffix(void)
{
	switch (ix86_indirect_branch) {
	case indirect_branch_thunk_extern:
		return ".rx";
	case indirect_branch_thunk:
	case indirect_branch_thunk_inline:
		return ".ri";
	default:
		return "";
	}
}

/* The stub decl for OP, created on first use.  FNTYPE is the pvcall type
 * of the first call: the ABI hook reads the clobber set from it, and
 * every call to one stub has the same set, because the set is part of the
 * op and the op is part of the stub's name.  */
tree pvcall_get_stub(struct pvcall_opdef *op, tree fntype)
{
	char name[512];
	struct pvcall_stubdef *stub;
	unsigned int *known;
	tree decl;

	snprintf(name, sizeof(name), "__pvcall.s.%s%s", op->key,
		 pvcall_branch_suffix());
	if (!pvcall_stub_index) {
		pvcall_stub_index = new hash_map<nofree_string_hash,
						 unsigned int>;
		pvcall_stub_decl_index = new hash_map<tree, unsigned int>;
	}
	known = pvcall_stub_index->get(name);
	if (known)
		return pvcall_stubs[*known].decl;

	decl = build_fn_decl(name, fntype);
	DECL_ARTIFICIAL(decl) = 1;
	DECL_EXTERNAL(decl) = 1;
	TREE_PUBLIC(decl) = !(op->flags & PVCALL_OP_LOCAL);
	TREE_NOTHROW(decl) = 1;
	if (TREE_PUBLIC(decl)) {
		DECL_VISIBILITY(decl) = VISIBILITY_HIDDEN;
		DECL_VISIBILITY_SPECIFIED(decl) = 1;
	}
	pvcall_stub_decls = tree_cons(NULL_TREE, decl, pvcall_stub_decls);

	pvcall_stubs = (struct pvcall_stubdef *)pvcall_grow(pvcall_stubs,
							 &pvcall_stubs_alloc,
							 pvcall_nstubs,
							 sizeof(*stub));
	stub = &pvcall_stubs[pvcall_nstubs++];
	memset(stub, 0, sizeof(*stub));
	stub->decl = decl;
	stub->key = xstrdup(name);
	/* lto1 gives local symbols a unique suffix: emit what calls use.  */
	stub->name = xstrdup(pvcall_asm_name(decl));
	stub->op = op - pvcall_ops;
	pvcall_stub_index->put(stub->key, pvcall_nstubs - 1);
	pvcall_stub_decl_index->put(decl, pvcall_nstubs - 1);
	return decl;
}

/* ".pMASK" for an op whose stubs save PRESERVE: it names another op than
 * the one with the same clobbers and no preserving stubs.  */
static const char *pvcall_preserve_suffix(char *buf, size_t size,
					  unsigned int preserve)
{
	buf[0] = '\0';
	if (preserve)
		snprintf(buf, size, ".p%03x", preserve);
	return buf;
}

/* The key of the op of slot OFFSET in table BASE.  */
void pvcall_slot_op_key(char *buf, size_t size, tree base,
			HOST_WIDE_INT offset, unsigned int mask,
			unsigned int preserve, bool got)
{
	char p[16];

	snprintf(buf, size, "%s." HOST_WIDE_INT_PRINT_DEC ".%03x%s%s",
		 pvcall_asm_name(base), offset, mask,
		 pvcall_preserve_suffix(p, sizeof(p), preserve),
		 got ? ".g" : "");
}

/* The key of the op of a direct call to the function SYM.  */
void pvcall_direct_op_key(char *buf, size_t size, const char *sym,
			  unsigned int mask, unsigned int preserve, bool got)
{
	char p[16];

	snprintf(buf, size, "f.%s.%03x%s%s", sym, mask,
		 pvcall_preserve_suffix(p, sizeof(p), preserve),
		 got ? ".g" : "");
}

/* ---- Register-agnostic definitions and their stubs.  ---- */

/* The register-agnostic definitions: a site's asm is recognised by
 * its template, which RTL copies with the insn.  */

static struct pvcall_anydef *pvcall_anys;
static unsigned int pvcall_nanys, pvcall_anys_alloc;
static hash_map<nofree_string_hash, unsigned int> *pvcall_any_index;

/* Their stubs.  */

static struct pvcall_anystub *pvcall_anystubs;
static unsigned int pvcall_nanystubs, pvcall_anystubs_alloc;
static hash_map<nofree_string_hash, unsigned int> *pvcall_anystub_index;

/*
 * The name of a stub of definition A, "__pvcall.r.OPKEY[.rx|.ri][.a16]
 * [.dMASK].OUT[.ARG]...", into BUF: with REGS (struct pvcall_class.regs),
 * the registers' names; without, the %V operands of the site's asm, which
 * final prints as those names.  ".dMASK" names the saves it leaves out.
 */
static void pvcall_any_name(char *buf, size_t size,
			    const struct pvcall_anydef *a,
			    const unsigned int *regs)
{
	unsigned int i, first = a->has_out ? 2 : 1;
	struct pvcall_str s;
	char opnd[16];

	pvcall_str_init(&s, buf, size);
	pvcall_str_stub_head(&s, pvcall_op_at(a->op)->key, a->branch, a->a16,
			     a->dropped);
	if (regs) {
		pvcall_str_stub_regs(&s, *regs);
		return;
	}
	pvcall_str_add(&s, a->has_out ? ".%V0" : ".v");
	for (i = 0; i < a->nargs; i++) {
		snprintf(opnd, sizeof(opnd), ".%%V%u", first + i);
		pvcall_str_add(&s, opnd);
	}
}

/* The asm template of definition A: a call to its stub.  */
static void pvcall_any_templ(char *templ, size_t size,
			     const struct pvcall_anydef *a)
{
	size_t len = strlen("call\t");

	memcpy(templ, "call\t", len);
	pvcall_any_name(templ + len, size - len, a, NULL);
}

/* Definition SHAPE, registered once; returns its index.  */
unsigned int pvcall_intern_any(const struct pvcall_anydef *shape)
{
	char templ[700];
	struct pvcall_anydef *a;
	unsigned int *known;

	pvcall_any_templ(templ, sizeof(templ), shape);
	if (!pvcall_any_index)
		pvcall_any_index = new hash_map<nofree_string_hash,
						unsigned int>;
	known = pvcall_any_index->get(templ);
	if (known)
		return *known;
	pvcall_anys = (struct pvcall_anydef *)pvcall_grow(
		pvcall_anys, &pvcall_anys_alloc, pvcall_nanys,
		sizeof(*pvcall_anys));
	a = &pvcall_anys[pvcall_nanys];
	*a = *shape;
	a->templ = xstrdup(templ);
	pvcall_any_index->put(a->templ, pvcall_nanys);
	return pvcall_nanys++;
}

/* The asm template for OP with the given shape, registered once.  */
unsigned int pvcall_get_any(struct pvcall_opdef *op, bool has_out,
			    unsigned int nargs)
{
	struct pvcall_anydef a;

	a.templ = NULL;
	a.op = op - pvcall_op_at(0);
	a.has_out = has_out;
	a.nargs = nargs;
	a.a16 = pvcall_stubs_realign();
	a.branch = pvcall_branch_suffix();
	a.dropped = 0;
	return pvcall_intern_any(&a);
}

unsigned int pvcall_any_op(int any)
{
	return pvcall_anys[any].op;
}

/* The stub a site of definition ANY with registers REGS calls: the name
 * final printed from the template.  */
const char *pvcall_any_stub(int any, unsigned int regs)
{
	const struct pvcall_anydef *a = &pvcall_anys[any];
	char name[700];
	struct pvcall_anystub *st;
	unsigned int i, *known;

	pvcall_any_name(name, sizeof(name), a, &regs);
	if (!pvcall_anystub_index)
		pvcall_anystub_index = new hash_map<nofree_string_hash,
						    unsigned int>;
	known = pvcall_anystub_index->get(name);
	if (known)
		return pvcall_anystubs[*known].name;
	pvcall_anystubs = (struct pvcall_anystub *)pvcall_grow(
		pvcall_anystubs, &pvcall_anystubs_alloc, pvcall_nanystubs,
		sizeof(*pvcall_anystubs));
	st = &pvcall_anystubs[pvcall_nanystubs++];
	st->name = xstrdup(name);
	pvcall_anystub_index->put(st->name, pvcall_nanystubs - 1);
	st->any = any;
	st->out = (regs & PVCALL_REGS_HAS_OUT) ? (int)PVCALL_REGS_OUT(regs) : -1;
	for (i = 0; i < a->nargs; i++)
		st->args[i] = PVCALL_REGS_ARG(regs, i);
	return st->name;
}

/* ---- Classes.  ---- */

/* The classes.  */

static struct pvcall_classdef *pvcall_classes;
static unsigned int pvcall_nclasses, pvcall_classes_alloc;
static hash_map<nofree_string_hash, unsigned int> *pvcall_class_index;

unsigned int pvcall_get_class(unsigned int op, const char *target,
			      unsigned int dead, unsigned int form,
			      unsigned int regs, bool local)
{
	struct pvcall_classdef *c;
	unsigned int *known;
	char *key;

	key = xasprintf("%u.%x.%s", op, dead, target);
	if (!pvcall_class_index)
		pvcall_class_index =
			new hash_map<nofree_string_hash, unsigned int>;
	known = pvcall_class_index->get(key);
	if (known) {
		free(key);
		return *known;
	}
	pvcall_classes = (struct pvcall_classdef *)pvcall_grow(
		pvcall_classes, &pvcall_classes_alloc, pvcall_nclasses,
		sizeof(*pvcall_classes));
	c = &pvcall_classes[pvcall_nclasses];
	c->key = key;
	c->op = op;
	c->target = xstrdup(target);
	c->dead = dead;
	c->form = form;
	c->regs = regs;
	c->local = local;
	pvcall_class_index->put(key, pvcall_nclasses);
	return pvcall_nclasses++;
}

void pvcall_class_name(char *buf, size_t size, unsigned int i)
{
	const struct pvcall_classdef *c = &pvcall_classes[i];

	snprintf(buf, size, "__pvcall.c.%03x.%d.%s", c->dead,
		 PVCALL_CALL_REL32_LEN, c->target);
}

const struct pvcall_anydef *pvcall_any_at(unsigned int i)
{
	return &pvcall_anys[i];
}

/* The definition whose template is TEMPL, or -1.  */
int pvcall_any_by_templ(const char *templ)
{
	unsigned int *i;

	if (!pvcall_any_index)
		return -1;
	i = pvcall_any_index->get(templ);
	return i ? (int)*i : -1;
}

unsigned int pvcall_anystub_count(void)
{
	return pvcall_nanystubs;
}

const struct pvcall_anystub *pvcall_anystub_at(unsigned int i)
{
	return &pvcall_anystubs[i];
}

unsigned int pvcall_class_count(void)
{
	return pvcall_nclasses;
}

const struct pvcall_classdef *pvcall_class_at(unsigned int i)
{
	return &pvcall_classes[i];
}
