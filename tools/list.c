/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites: formatting, the listing and the summary.
 *
 * The columns and the summary are a documented contract (README and
 * pvcall-sites(1)): scripts read them.  Names come from the file, so they
 * are cleaned before they are printed.
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/*
 * Copy a name from the file for printing: blanks and control characters
 * would break the columns or the terminal, and a hostile file can make a
 * name as long as itself.
 */
const char *clean_name(char *out, size_t size, const char *name)
{
	size_t i, max = size - 1;

	if (max > NAME_SHOWN)
		max = NAME_SHOWN;
	for (i = 0; name[i] && i < max; i++) {
		unsigned char c = (unsigned char)name[i];

		out[i] = c > ' ' && c < 0x7f ? (char)c : '?';
	}
	out[i] = '\0';
	if (name[i] && i >= 3)
		memcpy(out + i - 3, "...", 3);
	if (!i)
		snprintf(out, size, "\"\"");
	return out;
}

/* A register mask as "rax,rcx", "-" for none.  */
const char *fmt_regs(char *buf, size_t size, unsigned int mask)
{
	return pvcall_mask_text(buf, size, mask, ",", "-");
}

/* The form column: abi, any, or the number of an unknown form.  */
static const char *fmt_form(char *buf, size_t size, unsigned int form)
{
	if (form == PVCALL_FORM_CALL_REL32)
		snprintf(buf, size, "abi");
	else if (form == PVCALL_FORM_CALL_REL32_ANY)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "%u", form);
	return buf;
}

/* "name" or "name+0xOFF" for the symbol covering addr; NULL if none.  */
const char *fmt_sym(const struct image *im, uint64_t addr, bool always_off,
		    char *buf, size_t size)
{
	const struct sym *s = find_sym(im, addr);
	char name[NAME_SHOWN + 1];

	if (!s)
		return NULL;
	clean_name(name, sizeof(name), s->name);
	if (addr == s->addr && !always_off)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%s+0x%" PRIx64, name, addr - s->addr);
	return buf;
}

/* "SECTION+0xOFF" of a made-up address, or NULL.  */
static const char *fmt_secoff(const struct image *im, uint64_t addr,
			      char *buf, size_t size)
{
	const struct region *r = find_region(im, addr);
	char name[NAME_SHOWN + 1];

	if (!r || r->kind == RK_UNDEF)
		return NULL;
	clean_name(name, sizeof(name), r->name);
	snprintf(buf, size, "%s+0x%" PRIx64, name, addr - r->addr);
	return buf;
}

/* The site column: an object's addresses are made up, so SECTION+0xOFF.  */
const char *fmt_place(const struct image *im, uint64_t addr, char *buf,
		      size_t size)
{
	if (!im->rel || !fmt_secoff(im, addr, buf, size))
		snprintf(buf, size, "%016" PRIx64, addr);
	return buf;
}

/* An address in a message or the target column: what it is.  */
const char *fmt_addr(const struct image *im, uint64_t addr, bool with_hex,
		     char *buf, size_t size)
{
	char s[SYM_SZ];

	if (im->rel) {
		if (!fmt_sym(im, addr, false, buf, size) &&
		    !fmt_secoff(im, addr, buf, size))
			snprintf(buf, size, "0x%" PRIx64, addr);
	} else if (!fmt_sym(im, addr, false, s, sizeof(s))) {
		snprintf(buf, size, "0x%" PRIx64, addr);
	} else if (with_hex) {
		snprintf(buf, size, "0x%" PRIx64 " (%s)", addr, s);
	} else {
		snprintf(buf, size, "%s", s);
	}
	return buf;
}

static const char *fmt_refval(const struct image *im, const struct refval *v,
			      char *buf, size_t size)
{
	char name[NAME_SHOWN + 1];

	if (v->known)
		return fmt_addr(im, v->addr, false, buf, size);
	if (!v->name)
		return "?";
	clean_name(name, sizeof(name), v->name);
	if (!v->add)
		snprintf(buf, size, "%s", name);
	else if (v->add > 0)
		snprintf(buf, size, "%s+0x%" PRIx64, name, (uint64_t)v->add);
	else
		snprintf(buf, size, "%s-0x%" PRIx64, name,
			 -(uint64_t)v->add);
	return buf;
}

/* ---- Listing ---------------------------------------------------------- */

#define LIST_FMT "%-20s %-24s %-3s %-24s %-36s %-27s %-4s %-17s %-33s %s\n"

static void list_rec(const struct image *im, const struct rec *r)
{
	char site[BUF_SZ], func[BUF_SZ] = "-", len[8] = "?", op[BUF_SZ];
	char target[BUF_SZ], ref[BUF_SZ], clob[REGS_SZ] = "?";
	char dead[REGS_SZ] = "?", regs[REGS_SZ] = "?", form[8] = "?";
	const char *refs = "?", *ops = "?", *targets = "?";
	struct refval v;

	if (r->has_site) {
		fmt_place(im, r->site, site, sizeof(site));
		fmt_sym(im, r->site, true, func, sizeof(func));
	} else {
		snprintf(site, sizeof(site), "-");
	}
	if (r->cls_read) {
		snprintf(len, sizeof(len), "%u", r->c.len);
		fmt_regs(dead, sizeof(dead), r->c.dead);
		/* Another version's class may end before the regs.  */
		if (!r->op_read || r->o.version == PVCALL_SITE_VERSION)
			pvcall_operands_text(regs, sizeof(regs), r->c.regs);
		fmt_form(form, sizeof(form), r->c.form);
		targets = r->has_target ?
			  fmt_addr(im, r->target, false, target,
				   sizeof(target)) : "-";
	}
	if (r->op_read) {
		fmt_regs(clob, sizeof(clob), r->o.clobbers);
		if (r->name)
			ops = clean_name(op, sizeof(op), r->name);
		refs = "-";
		if (r->has_ref) {
			op_refval(im, r, &v);
			refs = fmt_refval(im, &v, ref, sizeof(ref));
		}
	}
	printf(LIST_FMT, site, func, len, ops, targets, regs, form, clob, dead,
	       refs);
}

void list_records(const struct image *im, const struct rec *recs, size_t n)
{
	size_t i;

	printf(LIST_FMT, "site", "function+offset", "len", "op", "target",
	       "regs", "form", "clobbers", "dead", "ref");
	for (i = 0; i < n; i++)
		list_rec(im, &recs[i]);
}

/* ---- Summary ---------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many distinct values among the first n of v (sorts v).  */
static size_t count_distinct(uint64_t *v, size_t n)
{
	size_t i, d = 0;

	qsort(v, n, sizeof(*v), cmp_u64);
	for (i = 0; i < n; i++)
		d += !i || v[i] != v[i - 1];
	return d;
}

struct op_count {
	const char *name;
	size_t count;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_op_count(const void *a, const void *b)
{
	const struct op_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void print_per_op(const struct rec *recs, size_t n)
{
	const char **names = xcalloc(n, sizeof(*names));
	struct op_count *oc = xcalloc(n, sizeof(*oc));
	char name[NAME_SHOWN + 1];
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		names[i] = recs[i].op_read && recs[i].name ? recs[i].name : "?";
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if (!k || strcmp(oc[k - 1].name, names[i]))
			oc[k++].name = names[i];
		oc[k - 1].count++;
	}
	qsort(oc, k, sizeof(*oc), cmp_op_count);
	printf("per op:\n");
	for (i = 0; i < k; i++)
		printf("%10zu  %s\n", oc[i].count,
		       clean_name(name, sizeof(name), oc[i].name));
	free(names);
	free(oc);
}

static uint64_t bytes_of(const struct elf *e, const char *secname)
{
	uint64_t total = 0;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		if (!strcmp(sec_name(e, i), secname))
			total = sat_add(total, e->sh[i].sh_size);
	}
	return total;
}

void summary(const struct image *im, const struct rec *recs, size_t n)
{
	uint64_t *cls = xcalloc(n, sizeof(uint64_t));
	uint64_t *ops = xcalloc(n, sizeof(uint64_t));
	uint64_t cbytes = bytes_of(im->e, PVCALL_CLASSES_SECTION);
	uint64_t obytes = bytes_of(im->e, PVCALL_OPS_SECTION);
	size_t i, nc = 0, no = 0;

	for (i = 0; i < n; i++) {
		if (recs[i].cls_read)
			cls[nc++] = recs[i].cls;
		if (recs[i].op_read)
			ops[no++] = recs[i].op;
	}
	printf("%s: %zu sites, %zu classes, %zu ops; records %zu bytes per site, plus %"
	       PRIu64 " bytes of classes and %" PRIu64 " bytes of ops",
	       im->e->path, n, count_distinct(cls, nc),
	       count_distinct(ops, no), RECORD_SIZE, cbytes, obytes);
	if (n)
		printf(" (%.1f bytes per site in all)\n",
		       ((double)RECORD_SIZE * n + (double)cbytes +
			(double)obytes) / (double)n);
	else
		printf(" (no sites)\n");
	if (n)
		print_per_op(recs, n);
	free(cls);
	free(ops);
}
