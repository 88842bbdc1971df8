/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites --check: every record against the code it describes.
 *
 * Each record goes through these checks, in this order (check_rec); a
 * later one runs only where what it reads was found sound:
 *
 *   2  check_site    the site lies inside one executable section
 *   3  check_class   the class lies in PVCALL_CLASSES_SECTION, and its
 *   4                form, length and dead registers are valid
 *   3  check_op      the op and its name lie in PVCALL_OPS_SECTION, its
 *   4                version is this one, and its flags, clobbers, ref
 *                    and offset are valid
 *   5  check_bytes   the site's bytes are the call rel32 the class says
 *   6  check_target  the target is code, and a plain direct op's
 *                    function at an ABI-form site
 *   8  check_regs    the operand registers are valid and suit the form:
 *                    the ABI's, or the ones the stub's name says
 *   7  (all records) no site repeats or overlaps another (find_clashes)
 *
 * (Check 1, that the records section is usable, is count_records.)  The
 * faults a class or op can have on its own are <pvcall/format.h>'s, the
 * ones the runtime patcher rejects; this file says where they are.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

struct checker {
	const struct image *im;
	const char *path;
	size_t errors;
	size_t idx;			/* the record being checked */
	const struct rec *r;
};

static void problem(struct checker *ck, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "pvcall-sites: FILE: site #N (LOCATION): MESSAGE" */
static void problem(struct checker *ck, const char *fmt, ...)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	char place[BUF_SZ], func[BUF_SZ];
	va_list ap;

	if (r->has_site) {
		fmt_place(im, r->site, place, sizeof(place));
		if (fmt_sym(im, r->site, true, func, sizeof(func)))
			fprintf(stderr, PROG ": %s: site #%zu (%s in %s): ",
				ck->path, ck->idx, place, func);
		else
			fprintf(stderr, PROG ": %s: site #%zu (%s): ",
				ck->path, ck->idx, place);
	} else {
		fprintf(stderr, PROG ": %s: site #%zu (record at %s): ",
			ck->path, ck->idx, fmt_place(im, r->at, place,
						     sizeof(place)));
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ck->errors++;
}

/*
 * Explain a bad reference by a relocation of the object that could not be
 * applied to the 4-byte field at addr, if there is one; buf is "" if not.
 */
static const char *ua_note(const struct image *im, uint64_t addr,
			   char *buf, size_t size)
{
	uint64_t from = addr > 8 ? addr - 8 : 0;
	size_t lo = count_before(im->ua, im->nua, sizeof(*im->ua), from, false);
	char tn[40];

	buf[0] = '\0';
	for (; lo < im->nua && im->ua[lo].addr < addr + 4; lo++) {
		const struct unapplied *u = &im->ua[lo];

		if (addr < u->addr + u->width) {
			snprintf(buf, size, " [unapplied %s relocation: %s]",
				 rtype_name(u->type, tn, sizeof(tn)), u->why);
			break;
		}
	}
	return buf;
}

/* Whether [addr, addr + len) lies in one section named name, with bytes. */
static bool inside(const struct image *im, uint64_t addr, uint64_t len,
		   const char *name)
{
	const struct region *r = find_region(im, addr);

	return r && r->kind == RK_SECTION && r->data &&
	       !strcmp(r->name, name) &&
	       in_range(addr - r->addr, len, r->size);
}

/* Check 2: the site lies inside one executable section with contents.  */
static bool check_site(struct checker *ck)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	const struct region *reg;
	char a[BUF_SZ], note[BUF_SZ], sec[NAME_SHOWN + 1];

	if (!r->has_site) {
		problem(ck, "record has no site (site field is 0)%s",
			ua_note(im, r->at, note, sizeof(note)));
		return false;
	}
	reg = find_region(im, r->site);
	if (!reg || reg->kind != RK_SECTION) {
		problem(ck, "site %s is not inside any section%s",
			fmt_addr(im, r->site, true, a, sizeof(a)),
			ua_note(im, r->at, note, sizeof(note)));
		return false;
	}
	clean_name(sec, sizeof(sec), reg->name);
	if (!(reg->flags & SHF_EXECINSTR))
		problem(ck, "site is in section %s, which is not executable%s",
			sec, ua_note(im, r->at, note, sizeof(note)));
	else if (!reg->data)
		problem(ck, "site is in section %s, which has no contents", sec);
	else if (!in_range(r->site - reg->addr, r->len, reg->size))
		problem(ck, "site (%u bytes) runs past the end of section %s",
			r->len, sec);
	else
		return true;
	return false;
}

/* Checks 3 and 4 for the class.  */
static bool check_class(struct checker *ck)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	char a[BUF_SZ], note[BUF_SZ], regs[REGS_SZ];
	unsigned int bad;

	if (!r->has_cls) {
		problem(ck, "record has no class (class field is 0)%s",
			ua_note(im, r->at + 4, note, sizeof(note)));
		return false;
	}
	if (!inside(im, r->cls, sizeof(r->c), PVCALL_CLASSES_SECTION)) {
		problem(ck, "class at %s is not inside %s%s",
			fmt_addr(im, r->cls, true, a, sizeof(a)),
			PVCALL_CLASSES_SECTION,
			ua_note(im, r->at + 4, note, sizeof(note)));
		return false;
	}
	bad = pvcall_class_faults(&r->c);
	if (bad & PVCALL_BAD_FORM)
		problem(ck, "class form is %u, expected %u (call rel32, ABI registers) or %u (call rel32, any registers)",
			r->c.form, PVCALL_FORM_CALL_REL32,
			PVCALL_FORM_CALL_REL32_ANY);
	if (bad & PVCALL_BAD_LEN)
		problem(ck, "class length is %u, expected %u", r->c.len,
			PVCALL_CALL_REL32_LEN);
	if (bad & PVCALL_BAD_DEAD)
		problem(ck, "class dead registers are not all caller-saved: %s",
			fmt_regs(regs, sizeof(regs),
				 r->c.dead & ~PVCALL_CALLER_SAVED));
	return true;
}

/* Check 3 for the op name.  */
static void check_op_name(struct checker *ck)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	char a[BUF_SZ], note[BUF_SZ];
	uint64_t opf = r->op + offsetof(struct pvcall_op, name);

	if (!r->has_name)
		problem(ck, "op has no name (name field is 0)%s",
			ua_note(im, opf, note, sizeof(note)));
	else if (!inside(im, r->name_addr, 1, PVCALL_OPS_SECTION))
		problem(ck, "op name at %s is not inside %s%s",
			fmt_addr(im, r->name_addr, true, a, sizeof(a)),
			PVCALL_OPS_SECTION,
			ua_note(im, opf, note, sizeof(note)));
	else if (!r->name)
		problem(ck, "op name is not NUL-terminated inside %s",
			PVCALL_OPS_SECTION);
}

/* Check 4 for the op's contract.  */
static void check_op_fields(struct checker *ck, unsigned int bad)
{
	const struct pvcall_op *o = &ck->r->o;
	char regs[REGS_SZ], note[BUF_SZ];
	uint64_t reff = ck->r->op + offsetof(struct pvcall_op, ref);

	if (bad & PVCALL_BAD_FLAGS)
		problem(ck, "op has unknown flags 0x%x",
			o->flags & ~PVCALL_OP_KNOWN_FLAGS);
	if (bad & PVCALL_BAD_CLOBBERS)
		problem(ck, "op clobbers registers that are not caller-saved: %s",
			fmt_regs(regs, sizeof(regs),
				 o->clobbers & ~PVCALL_CALLER_SAVED));
	if (bad & PVCALL_BAD_NO_RAX)
		problem(ck, "op clobbers do not include rax");
	/* Every op in a file has one (PVCALL_BAD_REF: a GOT op must); a
	 * runtime may clear a direct op's to say it has no function.  */
	if (!o->ref)
		problem(ck, "op has no reference (ref field is 0)%s",
			ua_note(ck->im, reff, note, sizeof(note)));
	if (bad & PVCALL_BAD_OFFSET)
		problem(ck, "op offset is %" PRId32 ", but only a GOT slot op has one",
			o->offset);
}

/* Checks 3 and 4 for the op; true if it can be trusted further.  */
static bool check_op(struct checker *ck)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	char a[BUF_SZ], note[BUF_SZ];
	unsigned int bad;

	if (!r->has_op) {
		problem(ck, "class has no op (op field is 0)%s",
			ua_note(im, r->cls, note, sizeof(note)));
		return false;
	}
	if (!inside(im, r->op, sizeof(r->o), PVCALL_OPS_SECTION)) {
		problem(ck, "op at %s is not inside %s%s",
			fmt_addr(im, r->op, true, a, sizeof(a)),
			PVCALL_OPS_SECTION, ua_note(im, r->cls, note,
						    sizeof(note)));
		return false;
	}
	check_op_name(ck);
	/* Another version may mean other fields: do not judge them.  */
	bad = pvcall_op_faults(&r->o);
	if (bad & PVCALL_BAD_VERSION) {
		problem(ck, "op version is %u, expected %u", r->o.version,
			PVCALL_SITE_VERSION);
		return false;
	}
	check_op_fields(ck, bad);
	return true;
}

/*
 * Check 6: the target is code, and at an ABI-form site of a plain direct
 * op, the op's function (an any-register site calls a stub that calls it).
 */
static void check_target(struct checker *ck, bool op_ok)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	const struct region *reg;
	char a[BUF_SZ], b[BUF_SZ], note[BUF_SZ];
	uint64_t tf = r->cls + offsetof(struct pvcall_class, target);

	if (pvcall_class_faults(&r->c) & PVCALL_BAD_TARGET) {
		problem(ck, "class has no target (target field is 0)%s",
			ua_note(im, tf, note, sizeof(note)));
		return;
	}
	reg = find_region(im, r->target);
	if (!reg || (reg->kind != RK_UNDEF && (reg->kind != RK_SECTION ||
					       !(reg->flags & SHF_EXECINSTR))))
		problem(ck, "target %s is not inside an executable section%s",
			fmt_addr(im, r->target, true, a, sizeof(a)),
			ua_note(im, tf, note, sizeof(note)));
	if (op_ok && r->has_ref && (r->o.flags & PVCALL_OP_DIRECT) &&
	    !(r->o.flags & PVCALL_OP_GOT) &&
	    r->c.form == PVCALL_FORM_CALL_REL32 && r->ref != r->target)
		problem(ck, "target %s is not the op's function %s",
			fmt_addr(im, r->target, true, a, sizeof(a)),
			fmt_addr(im, r->ref, true, b, sizeof(b)));
}

/* Check 5: the bytes at the site are the call the record describes.  */
static void check_bytes(struct checker *ck, bool cls_ok)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	const unsigned char *p = img_ptr(im, r->site, PVCALL_CALL_REL32_LEN);
	char a[BUF_SZ], b[BUF_SZ], note[BUF_SZ];
	uint64_t dest;

	if (!p) {
		problem(ck, "cannot read %u bytes at the site",
			PVCALL_CALL_REL32_LEN);
		return;
	}
	if (p[0] != CALL_REL32_OPCODE) {
		problem(ck, "bytes are %02x %02x %02x %02x %02x, not a call rel32",
			p[0], p[1], p[2], p[3], p[4]);
		return;
	}
	if (!cls_ok || !r->has_target)
		return;
	dest = r->site + PVCALL_CALL_REL32_LEN +
	       (uint64_t)(int64_t)(int32_t)get32(p + 1);
	if (dest == r->target)
		return;
	/* Either the call or the class may have missed its relocation.  */
	if (!ua_note(im, r->site + 1, note, sizeof(note))[0])
		ua_note(im, r->cls + offsetof(struct pvcall_class, target),
			note, sizeof(note));
	problem(ck, "calls %s, record says %s%s",
		fmt_addr(im, dest, true, a, sizeof(a)),
		fmt_addr(im, r->target, true, b, sizeof(b)), note);
}

/* Check 8 for an ABI-form site: the operands are in the ABI registers.  */
static void check_abi_regs(struct checker *ck)
{
	uint32_t regs = ck->r->c.regs;
	char a[REGS_SZ], b[REGS_SZ];

	problem(ck, "regs say %s, but an ABI-form site has %s",
		pvcall_operands_text(a, sizeof(a), regs),
		pvcall_operands_text(b, sizeof(b), pvcall_regs_abi(regs)));
}

/*
 * Check 8 for an any-register site: it calls a register stub made for
 * its operands.  A target without a name (a stripped file) has nothing
 * to compare with.
 */
static void check_stub_regs(struct checker *ck)
{
	const struct rec *r = ck->r;
	const char *name;
	char a[REGS_SZ], b[REGS_SZ], stub[BUF_SZ];
	uint32_t says;

	if (!r->has_target)
		return;		/* check_target tells */
	name = sym_name_at(ck->im, r->target);
	if (name)
		clean_name(stub, sizeof(stub), name);
	else if (!fmt_sym(ck->im, r->target, false, stub, sizeof(stub)))
		return;
	pvcall_operands_text(a, sizeof(a), r->c.regs);
	if (!name || !pvcall_is_stub(name))
		problem(ck, "any-register site calls %s, not a " PVCALL_STUB_PREFIX "* stub",
			stub);
	else if (pvcall_stub_matches(name, r->c.regs))
		return;
	else if (!pvcall_stub_parse(name, &says))
		problem(ck, "regs say %s, stub %s does not end in register names",
			a, stub);
	else
		problem(ck, "regs say %s, stub %s says %s", a, stub,
			pvcall_operands_text(b, sizeof(b), says));
}

/* Check 8: the operand registers, and that they suit the form.  */
static void check_regs(struct checker *ck)
{
	uint32_t regs = ck->r->c.regs;
	unsigned int bad = pvcall_class_faults(&ck->r->c);
	char a[REGS_SZ];

	if (bad & PVCALL_BAD_NARGS)
		problem(ck, "regs say %u arguments, at most %u fit",
			PVCALL_REGS_NARGS(regs), PVCALL_MAX_ARGS);
	if (bad & PVCALL_BAD_RSP)
		problem(ck, "regs say %s: rsp cannot hold an operand",
			pvcall_operands_text(a, sizeof(a), regs));
	if (bad & PVCALL_BAD_NARGS)
		return;
	if (bad & PVCALL_BAD_ABI_REGS)
		check_abi_regs(ck);
	else if (ck->r->c.form == PVCALL_FORM_CALL_REL32_ANY)
		check_stub_regs(ck);
}

static void check_rec(struct checker *ck)
{
	const struct rec *r = ck->r;
	bool site_ok = check_site(ck);
	bool cls_ok = check_class(ck);
	bool op_ok = cls_ok && check_op(ck);

	if (site_ok)
		check_bytes(ck, cls_ok);
	if (cls_ok)
		check_target(ck, op_ok);
	/* An op of another version may have classes of another layout.  */
	if (cls_ok && (!r->op_read || r->o.version == PVCALL_SITE_VERSION))
		check_regs(ck);
}

struct site_key {
	uint64_t addr;
	uint64_t end;
	size_t idx;
};

static int cmp_site_key(const void *a, const void *b)
{
	const struct site_key *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Check 7: sort the sites by address and compare each with what comes
 * before it.  The findings are kept per record so that each record's
 * messages come out together, in record order.
 */
static void find_clashes(const struct rec *recs, size_t n, size_t *dup,
			 size_t *ovl)
{
	struct site_key *k = xcalloc(n, sizeof(*k));
	size_t i, m = 0, first = 0, far = 0;

	for (i = 0; i < n; i++) {
		dup[i] = ovl[i] = SIZE_MAX;
		if (!recs[i].has_site)
			continue;
		k[m].addr = recs[i].site;
		k[m].end = sat_add(recs[i].site, recs[i].len);
		k[m++].idx = i;
	}
	qsort(k, m, sizeof(*k), cmp_site_key);
	for (i = 0; i < m; i++) {
		if (i && k[i].addr == k[first].addr) {
			dup[k[i].idx] = k[first].idx;
		} else {
			first = i;
			if (i && k[i].addr < k[far].end)
				ovl[k[i].idx] = k[far].idx;
		}
		if (!i || k[i].end > k[far].end)
			far = i;
	}
	free(k);
}

size_t check_records(const struct image *im, const struct rec *recs,
		     size_t n)
{
	struct checker ck = { .im = im, .path = im->e->path };
	size_t *dup = xcalloc(n, sizeof(size_t));
	size_t *ovl = xcalloc(n, sizeof(size_t));

	find_clashes(recs, n, dup, ovl);
	for (ck.idx = 0; ck.idx < n; ck.idx++) {
		ck.r = &recs[ck.idx];
		check_rec(&ck);
		if (dup[ck.idx] != SIZE_MAX)
			problem(&ck, "site repeated (also record #%zu)",
				dup[ck.idx]);
		if (ovl[ck.idx] != SIZE_MAX)
			problem(&ck, "overlaps site #%zu", ovl[ck.idx]);
	}
	free(dup);
	free(ovl);
	return ck.errors;
}
