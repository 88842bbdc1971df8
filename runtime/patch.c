/* SPDX-License-Identifier: MIT */
/*
 * The boot-time patcher (see include/pvcall/patch.h).
 *
 * Freestanding C99: no libc, no allocation.  Every record is checked
 * before its site is touched, and each site is written whole, with one
 * call of the backend's text-write callback.
 */
#include "pvcall/patch.h"
#include "pvcall/format.h"

#define CALL_OPCODE	0xe8

struct site_view {
	unsigned char *site;
	unsigned int len;
	const struct pvcall_class *cls;
	const struct pvcall_op *op;
	unsigned char orig[PVCALL_CALL_REL32_LEN];
};

static void copy_bytes(unsigned char *dst, const unsigned char *src,
		       unsigned int n)
{
	while (n--)
		*dst++ = *src++;
}

static int same_bytes(const unsigned char *a, const unsigned char *b,
		      unsigned int n)
{
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static int inside(const void *p, size_t len, const void *lo, const void *hi)
{
	const char *c = (const char *)p;

	return c >= (const char *)lo && c <= (const char *)hi &&
	       (size_t)((const char *)hi - c) >= len;
}

/* Whether LEN bytes at P lie in one of the image's text ranges.  */
static int in_text(const struct pvcall_image *im, const void *p, size_t len)
{
	return inside(p, len, im->text, im->text_end) ||
	       (im->text2 && inside(p, len, im->text2, im->text2_end));
}

/* e8 rel32 from SITE to TARGET; 0 if TARGET is out of reach.  */
static int encode_call(unsigned char *buf, const unsigned char *site,
		       const void *target)
{
	long long rel = (long long)((const char *)target -
				    (const char *)(site + 5));
	int32_t rel32 = (int32_t)rel;

	if (rel != rel32)
		return 0;
	buf[0] = CALL_OPCODE;
	copy_bytes(buf + 1, (const unsigned char *)&rel32, 4);
	return 1;
}

/* Decode and check one record; 0 or PVCALL_REJ_* + 1.  */
static int view_site(const struct pvcall_image *im,
		     const struct pvcall_site *s, struct site_view *v)
{
	const struct pvcall_class *c = pvcall_site_class(s);
	const struct pvcall_op *op;

	if (!c || !inside(c, sizeof(*c), im->classes, im->classes_end))
		return PVCALL_REJ_RECORD + 1;
	op = pvcall_class_op(c);
	if (!op || !inside(op, sizeof(*op), im->ops, im->ops_end))
		return PVCALL_REJ_RECORD + 1;
	/* Every fault of <pvcall/format.h>: the version, form, length and
	 * registers, and dead or clobbered registers that are not
	 * caller-saved, which a template could be handed as scratch.  */
	if (pvcall_record_faults(c, op))
		return PVCALL_REJ_RECORD + 1;
	v->site = (unsigned char *)pvcall_ref(&s->site);
	v->len = c->len;
	v->cls = c;
	v->op = op;
	if (!s->site || !in_text(im, v->site, v->len))
		return PVCALL_REJ_RANGE + 1;
	if (!encode_call(v->orig, v->site, pvcall_ref(&c->target)))
		return PVCALL_REJ_RECORD + 1;
	return 0;
}

/* A site's address as a number: a record of 0 ("no site") is NULL, and
 * the end of a site must be computed for it too before it is rejected.  */
static uintptr_t site_addr(const struct pvcall_site *s)
{
	return (uintptr_t)pvcall_ref(&s->site);
}

/*
 * Whether the sites are in address order without overlaps: the usual
 * case, checked in one pass.  Otherwise each site is compared with every
 * other one (quadratic, but only for odd tables).
 */
static int sites_sorted(const struct pvcall_image *im)
{
	const struct pvcall_site *s;
	uintptr_t end = 0;

	for (s = im->sites; s < im->sites_end; s++) {
		if (site_addr(s) < end)
			return 0;
		end = site_addr(s) + PVCALL_CALL_REL32_LEN;
	}
	return 1;
}

static int overlaps_other(const struct pvcall_image *im,
			  const struct pvcall_site *s)
{
	uintptr_t a = site_addr(s);
	const struct pvcall_site *t;

	for (t = im->sites; t < im->sites_end; t++) {
		uintptr_t b = site_addr(t);

		if (t != s && a < b + PVCALL_CALL_REL32_LEN &&
		    b < a + PVCALL_CALL_REL32_LEN)
			return 1;
	}
	return 0;
}

/* The operands and what the site's code may clobber.  */
static void site_operands(const struct site_view *v,
			  struct pvcall_operands *ops)
{
	uint32_t regs = v->cls->regs;
	unsigned int i, allow;

	ops->out = pvcall_regs_out(regs);
	ops->nargs = pvcall_regs_nargs(regs);
	for (i = 0; i < ops->nargs; i++)
		ops->args[i] = (int)PVCALL_REGS_ARG(regs, i);
	allow = v->op->clobbers;
	if (v->cls->form == PVCALL_FORM_CALL_REL32_ANY)
		allow &= ~PVCALL_REG_BIT(PVCALL_REG_RAX);
	if (ops->out >= 0)
		allow |= PVCALL_REG_BIT(ops->out);
	ops->free = allow | v->cls->dead;
}

#define DIRECT_FROM_ANY		(PVCALL_OP_EXACT | PVCALL_OP_STACK8)

/*
 * Whether a register-agnostic site may call the op's implementation
 * directly (<pvcall/site.h>), as its stub does after moving the operands,
 * saving registers and realigning the stack: only if the record says all
 * that the implementation may clobber (PVCALL_OP_EXACT), the stack at the
 * site is as aligned as the implementation's other callers keep it
 * (PVCALL_OP_STACK8), the operands already are where the ABI puts them,
 * and the site may lose every register the implementation may clobber.
 * rax counts whatever the record says: any pvcall function may clobber
 * it, and the stub keeps it for a site whose output is elsewhere.
 */
static int agnostic_call_fits(const struct site_view *v)
{
	struct pvcall_operands ops;
	unsigned int clobbers;

	if (v->cls->form != PVCALL_FORM_CALL_REL32_ANY ||
	    (v->op->flags & DIRECT_FROM_ANY) != DIRECT_FROM_ANY)
		return 0;
	if (!pvcall_regs_are_abi(v->cls->regs))
		return 0;
	site_operands(v, &ops);
	clobbers = v->op->clobbers | PVCALL_REG_BIT(PVCALL_REG_RAX);
	return !(clobbers & ~ops.free);
}

/* Whether the site may become a direct call to the op's implementation:
 * an ABI-form site always, as the compiler could have emitted it.  */
static int direct_call_fits(const struct site_view *v)
{
	return v->cls->form == PVCALL_FORM_CALL_REL32 ||
	       agnostic_call_fits(v);
}

/* The implementation the op calls now.  */
static const void *op_target(const struct pvcall_op *op)
{
	void *const *slot = pvcall_op_slot(op);

	return slot ? *slot : pvcall_op_func(op);
}

static int name_is(const struct pvcall_op *op, const char *name)
{
	const char *a = (const char *)pvcall_ref(&op->name);

	if (!a || !name)
		return 0;
	while (*a && *a == *name) {
		a++;
		name++;
	}
	return *a == *name;
}

static const struct pvcall_template *
find_template(const struct pvcall_backend *be, const struct pvcall_op *op)
{
	const void *target = op_target(op);
	size_t i;

	for (i = 0; i < be->ntemplates; i++) {
		const struct pvcall_template *t = &be->templates[i];

		if ((t->op && name_is(op, t->op)) ||
		    (!t->op && t->func && t->func == target))
			return t;
	}
	return 0;
}

/* The template's LEN bytes of CODE in a site of SITE_LEN bytes at BUF,
 * padded as FLAGS say: redundant prefixes on its first instruction, or
 * NOPs after it (an empty template has no instruction to prefix).  A site
 * is 5 bytes, so there are at most 4 prefixes, far from the 15-byte limit
 * of an instruction.  */
static void pad_template(unsigned char *buf, unsigned int site_len,
			 const unsigned char *code, unsigned int len,
			 unsigned int flags)
{
	unsigned int pad = site_len - len, i;

	if ((flags & PVCALL_TEMPLATE_PREFIX_PAD) && len) {
		for (i = 0; i < pad; i++)
			buf[i] = PVCALL_PAD_PREFIX;
		copy_bytes(buf + pad, code, len);
		return;
	}
	copy_bytes(buf, code, len);
	pvcall_fill_nops(buf + len, pad);
}

/* What BE wants at the site: 1 with BUF filled, 0 for "leave", or
 * -(PVCALL_REJ_FIT + 1).  */
static int desired_bytes(const struct pvcall_backend *be,
			 const struct site_view *v, unsigned char *buf,
			 int *inlined)
{
	const struct pvcall_template *t = find_template(be, v->op);
	unsigned char code[PVCALL_MAX_INSN];
	struct pvcall_operands ops;
	unsigned int clobbers = 0;
	int len;

	*inlined = 0;
	if (t && t->encode) {
		site_operands(v, &ops);
		len = t->encode(&ops, code, &clobbers);
		if (len >= 0 && (unsigned int)len <= v->len &&
		    !(clobbers & ~ops.free)) {
			pad_template(buf, v->len, code, (unsigned int)len,
				     t->flags);
			*inlined = 1;
			return 1;
		}
	}
	/* Else a direct call where the site may have one, else leave.  */
	if (!direct_call_fits(v) || !op_target(v->op))
		return 0;
	if (!encode_call(buf, v->site, op_target(v->op)))
		return -(PVCALL_REJ_FIT + 1);
	return 1;
}

/* Whether the site holds a direct call this patcher may have written: to
 * the op's current implementation, or to one the backend says an earlier
 * patch used, at a site that may get one (direct_call_fits: whether it
 * may does not depend on the implementation).  Anything else is not ours
 * to overwrite.  */
static int our_direct_call(const struct pvcall_backend *be,
			   const struct site_view *v)
{
	unsigned char call[PVCALL_CALL_REL32_LEN];
	size_t i;

	if (v->site[0] != CALL_OPCODE || !direct_call_fits(v))
		return 0;
	if (op_target(v->op) && encode_call(call, v->site, op_target(v->op)) &&
	    same_bytes(v->site, call, v->len))
		return 1;
	for (i = 0; i < be->nprev_targets; i++)
		if (encode_call(call, v->site, be->prev_targets[i]) &&
		    same_bytes(v->site, call, v->len))
			return 1;
	return 0;
}

/* Count a rejected site, and tell the backend where it is and why.  */
static void reject(const struct pvcall_backend *be, struct pvcall_result *r,
		   const void *site, int reason, unsigned long *n)
{
	r->rejected[reason]++;
	(*n)++;
	if (be->rejected)
		be->rejected(be->ctx, site, (enum pvcall_reject)reason);
}

/* Check the record, the range and the overlap of site S.  */
static int check_site(const struct pvcall_image *im,
		      const struct pvcall_site *s, int sorted,
		      struct site_view *v)
{
	int bad = view_site(im, s, v);

	if (bad)
		return bad - 1;
	if (!sorted && overlaps_other(im, s))
		return PVCALL_REJ_OVERLAP;
	return -1;
}

static int write_site(const struct pvcall_backend *be,
		      const struct site_view *v, const unsigned char *bytes)
{
	return be->write(be->ctx, v->site, bytes, v->len) ? -1 : 0;
}

static void patch_one(const struct pvcall_backend *be,
		      const struct site_view *v, struct pvcall_result *r,
		      unsigned long *nrej)
{
	unsigned char want[PVCALL_CALL_REL32_LEN];
	int inlined, d = desired_bytes(be, v, want, &inlined);

	if (d < 0) {
		reject(be, r, v->site, -d - 1, nrej);
		return;
	}
	if (d == 0)
		copy_bytes(want, v->orig, v->len);
	if (same_bytes(v->site, want, v->len)) {
		if (d == 0)
			r->left++;
		else
			r->already++;
		return;
	}
	/* The site must be what the compiler emitted, or a direct call an
	 * earlier patch wrote (the op's target may have changed since).  */
	if (!same_bytes(v->site, v->orig, v->len) &&
	    !our_direct_call(be, v)) {
		reject(be, r, v->site, PVCALL_REJ_BYTES, nrej);
		return;
	}
	if (write_site(be, v, want)) {
		reject(be, r, v->site, PVCALL_REJ_WRITE, nrej);
		return;
	}
	if (d == 0)
		r->restored++;
	else if (inlined)
		r->inlined++;
	else
		r->direct++;
}

static void unpatch_one(const struct pvcall_backend *be,
			const struct site_view *v, struct pvcall_result *r,
			unsigned long *nrej)
{
	unsigned char want[PVCALL_CALL_REL32_LEN];
	int inlined, d;

	if (same_bytes(v->site, v->orig, v->len)) {
		r->already++;
		return;
	}
	d = desired_bytes(be, v, want, &inlined);
	if (!our_direct_call(be, v) &&
	    !(d > 0 && same_bytes(v->site, want, v->len))) {
		reject(be, r, v->site, PVCALL_REJ_BYTES, nrej);
		return;
	}
	if (write_site(be, v, v->orig)) {
		reject(be, r, v->site, PVCALL_REJ_WRITE, nrej);
		return;
	}
	r->restored++;
}

/* Check every record of IM and hand each valid site to ONE.  */
static unsigned long walk_sites(const struct pvcall_image *im,
				const struct pvcall_backend *be,
				struct pvcall_result *r,
				void (*one)(const struct pvcall_backend *,
					    const struct site_view *,
					    struct pvcall_result *,
					    unsigned long *))
{
	int sorted = sites_sorted(im);
	const struct pvcall_site *s;
	unsigned long nrej = 0;

	for (s = im->sites; s < im->sites_end; s++) {
		struct site_view v;
		int bad = check_site(im, s, sorted, &v);

		if (bad >= 0)
			reject(be, r, pvcall_ref(&s->site), bad, &nrej);
		else
			one(be, &v, r, &nrej);
	}
	return nrej;
}

unsigned long pvcall_patch(const struct pvcall_image *im,
			   const struct pvcall_backend *be,
			   struct pvcall_result *r)
{
	return walk_sites(im, be, r, patch_one);
}

unsigned long pvcall_unpatch(const struct pvcall_image *im,
			     const struct pvcall_backend *be,
			     struct pvcall_result *r)
{
	return walk_sites(im, be, r, unpatch_one);
}

/* The longest NOPs first, as Linux's add_nops does.  */
void pvcall_fill_nops(unsigned char *buf, unsigned int len)
{
	static const unsigned char nops[5][5] = {
		{ 0x90 },
		{ 0x66, 0x90 },
		{ 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	};

	while (len) {
		unsigned int n = len > 5 ? 5 : len;

		copy_bytes(buf, nops[n - 1], n);
		buf += n;
		len -= n;
	}
}
