/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites: record decoding.
 *
 * Each record of the records section is followed as a patcher would:
 * site and class from the record, op and target from the class, name and
 * ref from the op, each a self-relative field in the image.  Nothing is
 * judged here; a reference that leads outside the image just leaves the
 * parts behind it unread (cls_read, op_read), for check.c to explain.
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* The records are copied out of the file byte for byte.  */
typedef char site_size_ok[sizeof(struct pvcall_site) == 8 ? 1 : -1];
typedef char class_size_ok[sizeof(struct pvcall_class) == 16 ? 1 : -1];
typedef char op_size_ok[sizeof(struct pvcall_op) == 16 ? 1 : -1];

uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Follow the self-relative field at addr (bytes p); false for "none".  */
static bool follow(const unsigned char *p, uint64_t addr, uint64_t *to)
{
	int32_t v = (int32_t)get32(p);

	if (!v)
		return false;
	*to = addr + (uint64_t)(int64_t)v;
	return true;
}

static void decode_op(const struct image *im, struct rec *r)
{
	const unsigned char *q = img_ptr(im, r->op, sizeof(r->o));

	if (!q)
		return;
	r->op_read = true;
	memcpy(&r->o, q, sizeof(r->o));
	r->has_name = follow(q + offsetof(struct pvcall_op, name),
			     r->op + offsetof(struct pvcall_op, name),
			     &r->name_addr);
	r->has_ref = follow(q + offsetof(struct pvcall_op, ref),
			    r->op + offsetof(struct pvcall_op, ref), &r->ref);
	if (r->has_name)
		r->name = img_str(im, r->name_addr);
}

/* Decode the record at address at (bytes p), wherever its parts are.  */
static void decode_rec(const struct image *im, uint64_t at,
		       const unsigned char *p, struct rec *r)
{
	const unsigned char *q;

	memset(r, 0, sizeof(*r));
	r->at = at;
	r->len = PVCALL_CALL_REL32_LEN;
	r->has_site = follow(p, at, &r->site);
	r->has_cls = follow(p + 4, at + 4, &r->cls);
	if (!r->has_cls)
		return;
	q = img_ptr(im, r->cls, sizeof(r->c));
	if (!q)
		return;
	r->cls_read = true;
	memcpy(&r->c, q, sizeof(r->c));
	if (r->c.len)
		r->len = r->c.len;
	r->has_op = follow(q + offsetof(struct pvcall_class, op),
			   r->cls + offsetof(struct pvcall_class, op), &r->op);
	r->has_target = follow(q + offsetof(struct pvcall_class, target),
			       r->cls + offsetof(struct pvcall_class, target),
			       &r->target);
	if (r->has_op)
		decode_op(im, r);
}

/* Count the records of the record sections; reject unusable ones.  */
int count_records(const struct image *im, const char *secname,
		  size_t *nsec, size_t *nrec, size_t *bad_size)
{
	const struct elf *e = im->e;
	size_t i;

	*nsec = *nrec = *bad_size = 0;
	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];

		if (strcmp(sec_name(e, i), secname))
			continue;
		if (!(s->sh_flags & SHF_ALLOC) || !sec_has_bytes(s))
			return report(e->path,
				      "section %s (%zu) is not an allocated section with contents",
				      secname, i);
		if (s->sh_size % RECORD_SIZE) {
			report(e->path, "section %s: size %" PRIu64 " is not a multiple of %zu",
			       secname, (uint64_t)s->sh_size, RECORD_SIZE);
			++*bad_size;
		}
		*nrec += s->sh_size / RECORD_SIZE;
		++*nsec;
	}
	return 0;
}

void decode_all(const struct image *im, const char *secname,
		struct rec *recs)
{
	const struct elf *e = im->e;
	size_t i, k, n = 0;

	for (i = 1; i < e->shnum; i++) {
		if (strcmp(sec_name(e, i), secname))
			continue;
		for (k = 0; k < e->sh[i].sh_size / RECORD_SIZE; k++)
			decode_rec(im, im->secaddr[i] + k * RECORD_SIZE,
				   im->secdata[i] + k * RECORD_SIZE,
				   &recs[n++]);
	}
}

/*
 * What the GOT entry at addr holds.  A linker fills in what it knows; an
 * entry left 0 is bound at load time, and .rela.dyn says to what.
 */
static void got_value(const struct image *im, uint64_t addr,
		      struct refval *v)
{
	const unsigned char *p = img_ptr(im, addr, 8);
	const struct dynrel *d = NULL;
	const GElf_Sym *s;

	memset(v, 0, sizeof(*v));
	if (p && get64(p)) {
		v->known = true;
		v->addr = get64(p);
		return;
	}
	if (!im->rel)
		d = find_dynrel(im, addr);
	if (!d) {
		v->known = p != NULL;
		return;
	}
	if (d->type == R_X86_64_RELATIVE) {
		v->known = true;
		v->addr = (uint64_t)d->addend;
	} else if ((d->type == R_X86_64_GLOB_DAT || d->type == R_X86_64_64 ||
		    d->type == R_X86_64_JUMP_SLOT) && d->sym) {
		s = &im->dynsym.sym[d->sym];
		v->name = sym_name(im->e, &im->dynsym, d->sym);
		v->add = d->addend;
		v->known = sym_shndx(&im->dynsym, d->sym) != SHN_UNDEF;
		v->addr = s->st_value + (uint64_t)d->addend;
	}
}

/* The slot a slot op calls through, or the function a direct op calls.  */
void op_refval(const struct image *im, const struct rec *r,
	       struct refval *v)
{
	memset(v, 0, sizeof(*v));
	if (!(r->o.flags & PVCALL_OP_GOT)) {
		v->known = true;
		v->addr = r->ref;
		return;
	}
	got_value(im, r->ref, v);
	if (!(r->o.flags & PVCALL_OP_DIRECT)) {
		v->addr += (uint64_t)(int64_t)r->o.offset;
		v->add += r->o.offset;
	}
}
