/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites: the address image.
 *
 * The records are 32-bit offsets from the fields that hold them, so they
 * are read in an address space: a linked file's at its section addresses
 * (with its dynamic relocations, to see what a GOT entry will hold), a
 * relocatable object's at made-up ones (reloc.c).  The image is a sorted
 * list of regions (sections, and made-up areas for an object's undefined
 * symbols and GOT) and of the symbols that name addresses in messages.
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* ---- Sorted tables --------------------------------------------------- */

/* Each table is sorted by the address its entries start with.  */
typedef char region_key_first[offsetof(struct region, addr) == 0 ? 1 : -1];
typedef char sym_key_first[offsetof(struct sym, addr) == 0 ? 1 : -1];
typedef char dynrel_key_first[offsetof(struct dynrel, offset) == 0 ? 1 : -1];
typedef char ua_key_first[offsetof(struct unapplied, addr) == 0 ? 1 : -1];

/*
 * How many of the n entries (of size bytes each) at base start below key,
 * or with inclusive at or below it: the index to insert key at, found by
 * binary search.
 */
size_t count_before(const void *base, size_t n, size_t size, uint64_t key,
		    bool inclusive)
{
	const unsigned char *p = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;

		memcpy(&k, p + mid * size, sizeof(k));
		if (k < key || (inclusive && k == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- Regions ---------------------------------------------------------- */

void add_region(struct image *im, uint64_t addr, uint64_t size,
		const unsigned char *data, const char *name, uint64_t flags,
		enum region_kind kind)
{
	struct region *r = &im->reg[im->nreg++];

	r->addr = addr;
	r->size = size;
	r->data = data;
	r->name = name;
	r->flags = flags;
	r->kind = kind;
}

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

/*
 * Sort the regions and note how far each prefix reaches, so that a lookup
 * can walk back from the last region starting at or below an address and
 * stop as soon as nothing further back can contain it.  That stays right
 * even where sections overlap (a linked file's .tbss, a hostile file).
 */
static void index_regions(struct image *im)
{
	uint64_t reach = 0;
	size_t i;

	qsort(im->reg, im->nreg, sizeof(*im->reg), cmp_region);
	im->reg_reach = xcalloc(im->nreg, sizeof(uint64_t));
	for (i = 0; i < im->nreg; i++) {
		uint64_t end = sat_add(im->reg[i].addr, im->reg[i].size);

		if (end > reach)
			reach = end;
		im->reg_reach[i] = reach;
	}
}

/* The region containing addr, preferring one with contents.  */
const struct region *find_region(const struct image *im, uint64_t addr)
{
	const struct region *found = NULL;
	size_t lo = count_before(im->reg, im->nreg, sizeof(*im->reg), addr,
				 true);

	while (lo-- > 0 && im->reg_reach[lo] > addr) {
		const struct region *r = &im->reg[lo];

		if (addr - r->addr >= r->size)
			continue;
		if (r->data)
			return r;
		if (!found)
			found = r;
	}
	return found;
}

/* The bytes [addr, addr + len) if one region holds them all, else NULL.  */
const unsigned char *img_ptr(const struct image *im, uint64_t addr,
			     uint64_t len)
{
	const struct region *r = find_region(im, addr);

	if (!r || !r->data || !in_range(addr - r->addr, len, r->size))
		return NULL;
	return r->data + (addr - r->addr);
}

/* A string at addr, if NUL-terminated inside its region.  */
const char *img_str(const struct image *im, uint64_t addr)
{
	const struct region *r = find_region(im, addr);
	const unsigned char *p;

	if (!r || !r->data)
		return NULL;
	p = r->data + (addr - r->addr);
	if (!memchr(p, '\0', r->size - (addr - r->addr)))
		return NULL;
	return (const char *)p;
}

/* ---- Symbols for names ------------------------------------------------ */

static unsigned int sym_rank(const GElf_Sym *s)
{
	unsigned int type = GELF_ST_TYPE(s->st_info), rank;

	rank = type == STT_FUNC || type == STT_GNU_IFUNC ? 3 :
	       type == STT_OBJECT ? 2 : 1;
	return rank * 4 + (s->st_size ? 2 : 0) +
	       (GELF_ST_BIND(s->st_info) != STB_LOCAL);
}

bool sym_wanted(const struct elf *e, const struct symtab *st, size_t i)
{
	unsigned int type = GELF_ST_TYPE(st->sym[i].st_info);
	const char *name = sym_name(e, st, i);

	if (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT &&
	    type != STT_GNU_IFUNC)
		return false;
	return name && name[0];
}

void add_sym(struct image *im, const GElf_Sym *s, const char *name,
	     uint64_t addr)
{
	struct sym *y = &im->sym[im->nsym++];

	y->addr = addr;
	y->size = s->st_size;
	y->name = name;
	y->rank = sym_rank(s);
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A size-0 symbol names only its own address.  */
static uint64_t sym_end(const struct sym *s)
{
	return sat_add(s->addr, s->size ? s->size : 1);
}

static void index_syms(struct image *im)
{
	uint64_t reach = 0;
	size_t i;

	qsort(im->sym, im->nsym, sizeof(*im->sym), cmp_sym);
	im->sym_reach = xcalloc(im->nsym, sizeof(uint64_t));
	for (i = 0; i < im->nsym; i++) {
		if (sym_end(&im->sym[i]) > reach)
			reach = sym_end(&im->sym[i]);
		im->sym_reach[i] = reach;
	}
}

/*
 * The symbol covering addr that starts closest to it; among symbols at the
 * same address the best ranked (sorted last, so met first walking back).
 */
const struct sym *find_sym(const struct image *im, uint64_t addr)
{
	size_t lo = count_before(im->sym, im->nsym, sizeof(*im->sym), addr,
				 true);

	while (lo-- > 0 && im->sym_reach[lo] > addr) {
		if (addr < sym_end(&im->sym[lo]))
			return &im->sym[lo];
	}
	return NULL;
}

/*
 * The name of a symbol that starts exactly at addr, or NULL: a register
 * stub's if there is one among aliases, else the best ranked.
 */
const char *sym_name_at(const struct image *im, uint64_t addr)
{
	size_t lo = count_before(im->sym, im->nsym, sizeof(*im->sym), addr,
				 false);
	const char *name = NULL;

	for (; lo < im->nsym && im->sym[lo].addr == addr; lo++) {
		name = im->sym[lo].name;
		if (pvcall_is_stub(name))
			break;
	}
	return name;
}

/* ---- Linked files ----------------------------------------------------- */

static int linked_sections(struct image *im)
{
	const struct elf *e = im->e;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];
		bool nobits = s->sh_type == SHT_NOBITS;

		/* .tbss takes no address space of its own.  */
		if (!(s->sh_flags & SHF_ALLOC) ||
		    (nobits && (s->sh_flags & SHF_TLS)))
			continue;
		if (s->sh_addr > UINT64_MAX - s->sh_size)
			return report(e->path,
				      "section %zu: address range overflows", i);
		im->secaddr[i] = s->sh_addr;
		im->secdata[i] = sec_bytes(e, i);
		if (s->sh_size)
			add_region(im, s->sh_addr, s->sh_size, im->secdata[i],
				   sec_name(e, i), s->sh_flags, RK_SECTION);
	}
	return 0;
}

static int cmp_dynrel(const void *a, const void *b)
{
	const struct dynrel *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int load_dynrel_section(struct image *im, size_t i)
{
	const struct elf *e = im->e;
	size_t k, n = rel_count(e, i);
	GElf_Rela r;

	if (rel_readable(e, i))
		return -1;
	for (k = 0; k < n; k++) {
		struct dynrel *d = &im->dr[im->ndr];

		rel_get(e, i, k, &r);
		d->offset = r.r_offset;
		d->addend = r.r_addend;
		d->type = GELF_R_TYPE(r.r_info);
		d->sym = GELF_R_SYM(r.r_info);
		if (d->sym && (e->sh[i].sh_link != im->dynsym.index ||
			       d->sym >= im->dynsym.n))
			return report(e->path,
				      "relocation %zu in section %zu: symbol index %" PRIu32 " out of range",
				      k, i, d->sym);
		im->ndr++;
	}
	return 0;
}

static bool is_dynrel_section(const GElf_Shdr *s)
{
	return s->sh_type == SHT_RELA && (s->sh_flags & SHF_ALLOC);
}

/* The dynamic relocations, which say what the GOT will hold.  */
static int load_dynrels(struct image *im)
{
	const struct elf *e = im->e;
	size_t i, n = 0;

	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];

		if (!is_dynrel_section(s))
			continue;
		if (s->sh_entsize != sizeof(Elf64_Rela) ||
		    s->sh_size % sizeof(Elf64_Rela))
			return report(e->path,
				      "relocation section %zu: bad entry size",
				      i);
		n += s->sh_size / sizeof(Elf64_Rela);
	}
	im->dr = xcalloc(n, sizeof(*im->dr));
	for (i = 1; i < e->shnum; i++) {
		if (is_dynrel_section(&e->sh[i]) && load_dynrel_section(im, i))
			return -1;
	}
	qsort(im->dr, im->ndr, sizeof(*im->dr), cmp_dynrel);
	return 0;
}

const struct dynrel *find_dynrel(const struct image *im, uint64_t addr)
{
	size_t lo = count_before(im->dr, im->ndr, sizeof(*im->dr), addr,
				 false);

	return lo < im->ndr && im->dr[lo].offset == addr ? &im->dr[lo] : NULL;
}

static void linked_symbols(struct image *im)
{
	const struct symtab *st = im->symtab.n ? &im->symtab : &im->dynsym;
	size_t i, shndx;

	im->sym = xcalloc(st->n, sizeof(*im->sym));
	for (i = 1; i < st->n; i++) {
		shndx = sym_shndx(st, i);
		if (shndx == SHN_UNDEF || shndx == SHN_ABS ||
		    !sym_wanted(im->e, st, i))
			continue;
		add_sym(im, &st->sym[i], sym_name(im->e, st, i),
			st->sym[i].st_value);
	}
}

static int build_linked(struct image *im)
{
	if (load_symtab(im->e, SHT_SYMTAB, &im->symtab) ||
	    load_symtab(im->e, SHT_DYNSYM, &im->dynsym) ||
	    linked_sections(im) || load_dynrels(im))
		return -1;
	linked_symbols(im);
	return 0;
}

/* ---- The image -------------------------------------------------------- */

int build_image(struct image *im, const struct elf *e)
{
	int ret;

	memset(im, 0, sizeof(*im));
	im->e = e;
	im->rel = e->type == ET_REL;
	im->secaddr = xcalloc(e->shnum, sizeof(uint64_t));
	im->secdata = xcalloc(e->shnum, sizeof(*im->secdata));
	im->copy = xcalloc(e->shnum, sizeof(*im->copy));
	im->reg = xcalloc(e->shnum + 2, sizeof(*im->reg));
	ret = im->rel ? build_rel(im) : build_linked(im);
	if (ret)
		return ret;
	index_regions(im);
	index_syms(im);
	return 0;
}

void free_image(struct image *im)
{
	size_t i;

	for (i = 0; im->copy && i < im->e->shnum; i++)
		free(im->copy[i]);
	free(im->copy);
	free(im->secaddr);
	free(im->secdata);
	free(im->got);
	free(im->reg);
	free(im->reg_reach);
	free(im->sym);
	free(im->sym_reach);
	free(im->ua);
	free(im->dr);
	free_symtab(&im->symtab);
	free_symtab(&im->dynsym);
}
