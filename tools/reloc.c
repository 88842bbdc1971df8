/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites: a relocatable object's layout and relocations.
 *
 * An object has no addresses yet, so its allocated sections are laid out
 * at made-up addresses, its undefined symbols and GOT entries get made-up
 * areas after them, and its relocations are APPLIED to copies of the
 * sections' contents.  objtool looks relocations up instead (for each
 * field, the relocation at its offset: symbol + addend); this tool
 * deliberately does not, because:
 *
 *   - the records are self-relative 32-bit offsets, made so that a
 *     patcher follows them with one addition and no relocation engine.
 *     Applied relocations let the object be decoded and checked by the
 *     same code as a linked file, the way the runtime will read it, and
 *     --check then also proves what a lookup cannot: that each field's
 *     value fits its 32 bits in a plausible layout;
 *   - looking up would need a second decoder: every field either
 *     relocated (an object) or not (a linked file, a field of 0), with
 *     the GOT of PVCALL_OP_GOT ops and the sites' own call rel32 handled
 *     twice;
 *   - objtool rewrites objects and must emit relocations and know
 *     symbols; this tool only reads, and names addresses by symbol from
 *     the image afterwards.
 *
 * A relocation that cannot be applied (an unknown type, a symbol without
 * an address, a value out of range) is noted, and a message about a bad
 * field under it says so.  libelf reads the entries (elf.c); the
 * arithmetic is the x86-64 psABI's, for the types GCC emits in data and
 * around calls.
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/*
 * The made-up layout.  Far enough from 0 that no field resolves to 0 by
 * accident, with gaps so that nothing runs from one section into the
 * next, and small enough that the undefined symbols and the GOT placed
 * after the sections stay within +-2 GiB of the code: a call to an
 * undefined function is a 32-bit PC-relative relocation.
 */
#define REL_BASE		0x100000ull
#define REL_MIN_ALIGN		16ull
#define REL_GAP			0x1000ull
#define REL_LIMIT		(1ull << 40)	/* refuse larger layouts */
#define REL_MAX_ALIGN		(1ull << 30)

struct rel_ctx {
	struct image *im;
	uint64_t *symaddr;	/* per symbol: its made-up address */
	bool *symok;		/* per symbol: whether it has one */
	uint32_t *gotslot;	/* per symbol: GOT entry + 1, or 0 */
	size_t ngot;
	uint64_t gotbase;
	size_t nrel;		/* relocations to allocated sections */
};

static const char *const rtype_names[] = {
	[R_X86_64_NONE] = "R_X86_64_NONE",
	[R_X86_64_64] = "R_X86_64_64",
	[R_X86_64_PC32] = "R_X86_64_PC32",
	[R_X86_64_GOT32] = "R_X86_64_GOT32",
	[R_X86_64_PLT32] = "R_X86_64_PLT32",
	[R_X86_64_COPY] = "R_X86_64_COPY",
	[R_X86_64_GLOB_DAT] = "R_X86_64_GLOB_DAT",
	[R_X86_64_JUMP_SLOT] = "R_X86_64_JUMP_SLOT",
	[R_X86_64_RELATIVE] = "R_X86_64_RELATIVE",
	[R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL",
	[R_X86_64_32] = "R_X86_64_32",
	[R_X86_64_32S] = "R_X86_64_32S",
	[R_X86_64_16] = "R_X86_64_16",
	[R_X86_64_PC16] = "R_X86_64_PC16",
	[R_X86_64_8] = "R_X86_64_8",
	[R_X86_64_PC8] = "R_X86_64_PC8",
	[R_X86_64_DTPMOD64] = "R_X86_64_DTPMOD64",
	[R_X86_64_DTPOFF64] = "R_X86_64_DTPOFF64",
	[R_X86_64_TPOFF64] = "R_X86_64_TPOFF64",
	[R_X86_64_TLSGD] = "R_X86_64_TLSGD",
	[R_X86_64_TLSLD] = "R_X86_64_TLSLD",
	[R_X86_64_DTPOFF32] = "R_X86_64_DTPOFF32",
	[R_X86_64_GOTTPOFF] = "R_X86_64_GOTTPOFF",
	[R_X86_64_TPOFF32] = "R_X86_64_TPOFF32",
	[R_X86_64_PC64] = "R_X86_64_PC64",
	[R_X86_64_GOTOFF64] = "R_X86_64_GOTOFF64",
	[R_X86_64_GOTPC32] = "R_X86_64_GOTPC32",
	[R_X86_64_SIZE32] = "R_X86_64_SIZE32",
	[R_X86_64_SIZE64] = "R_X86_64_SIZE64",
	[R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
	[R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
};

const char *rtype_name(uint32_t type, char *buf, size_t size)
{
	if (type < sizeof(rtype_names) / sizeof(rtype_names[0]) &&
	    rtype_names[type])
		return rtype_names[type];
	snprintf(buf, size, "type %" PRIu32, type);
	return buf;
}

static int layout_sections(struct image *im, uint64_t *endp)
{
	const struct elf *e = im->e;
	uint64_t cur = REL_BASE;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];
		uint64_t align = s->sh_addralign, addr;

		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (align < REL_MIN_ALIGN)
			align = REL_MIN_ALIGN;
		if (align & (align - 1) || align > REL_MAX_ALIGN)
			return report(e->path, "section %zu has bad alignment 0x%"
				      PRIx64, i, (uint64_t)s->sh_addralign);
		/* cur < REL_LIMIT + REL_GAP: no overflow below.  */
		addr = (cur + align - 1) & ~(align - 1);
		if (addr >= REL_LIMIT || s->sh_size > REL_LIMIT - addr)
			return report(e->path, "sections too large to lay out");
		im->secaddr[i] = addr;
		if (sec_has_bytes(s) && s->sh_size) {
			im->copy[i] = xcalloc(1, s->sh_size);
			memcpy(im->copy[i], sec_bytes(e, i), s->sh_size);
			im->secdata[i] = im->copy[i];
		}
		if (s->sh_size)
			add_region(im, addr, s->sh_size, im->secdata[i],
				   sec_name(e, i), s->sh_flags, RK_SECTION);
		cur = addr + s->sh_size + REL_GAP;
	}
	*endp = cur;
	return 0;
}

static bool sym_is_undef(size_t shndx)
{
	return shndx == SHN_UNDEF || shndx == SHN_COMMON ||
	       shndx == SHN_LCOMMON;
}

/*
 * Give every symbol an address.  Undefined (and common) symbols get one
 * each in an area of their own, so that two references to the same one
 * compare equal and print by name.
 */
static uint64_t place_symbols(struct rel_ctx *rc, uint64_t undef_base)
{
	const struct image *im = rc->im;
	const struct symtab *st = &im->symtab;
	uint64_t nundef = 0;
	size_t i, shndx;

	rc->symok[0] = true;	/* symbol 0 is the value 0 */
	for (i = 1; i < st->n; i++) {
		shndx = sym_shndx(st, i);
		rc->symok[i] = true;
		if (sym_is_undef(shndx))
			rc->symaddr[i] = undef_base + UNDEF_STRIDE * nundef++;
		else if (shndx == SHN_ABS)
			rc->symaddr[i] = st->sym[i].st_value;
		else if (shndx < im->e->shnum &&
			 (im->e->sh[shndx].sh_flags & SHF_ALLOC))
			rc->symaddr[i] = im->secaddr[shndx] +
					 st->sym[i].st_value;
		else
			rc->symok[i] = false;	/* debug info and such */
	}
	return nundef;
}

static unsigned int reloc_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return 4;
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	default:
		return 0;
	}
}

static bool reloc_is_got(uint32_t type)
{
	return type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
	       type == R_X86_64_REX_GOTPCRELX;
}

static void note_unapplied(struct image *im, uint64_t addr,
			   unsigned int width, uint32_t type, const char *why)
{
	struct unapplied *u = &im->ua[im->nua++];

	u->addr = addr;
	u->width = width ? width : 8;
	u->type = type;
	u->why = why;
}

/* Whether relocation section i applies to an allocated section.  */
static int rel_target(const struct elf *e, size_t i, size_t *target)
{
	const GElf_Shdr *s = &e->sh[i];

	if (s->sh_type != SHT_RELA && s->sh_type != SHT_REL)
		return 0;
	if (!s->sh_info)
		return 0;
	if (s->sh_info >= e->shnum)
		return report(e->path,
			      "relocation section %zu: bad target section %u",
			      i, s->sh_info);
	if (!(e->sh[s->sh_info].sh_flags & SHF_ALLOC))
		return 0;
	*target = s->sh_info;
	return 1;
}

static int check_rel_section(struct rel_ctx *rc, size_t i, size_t target)
{
	const struct elf *e = rc->im->e;
	const GElf_Shdr *s = &e->sh[i];
	size_t want = s->sh_type == SHT_RELA ? sizeof(Elf64_Rela) :
					       sizeof(Elf64_Rel);

	if (s->sh_entsize != want || s->sh_size % want)
		return report(e->path,
			      "relocation section %zu: bad entry size", i);
	if (s->sh_link != rc->im->symtab.index)
		return report(e->path,
			      "relocation section %zu: bad symbol table index %u",
			      i, s->sh_link);
	if (!sec_has_bytes(&e->sh[target]) && s->sh_size)
		return report(e->path,
			      "relocation section %zu applies to section %zu, which has no contents",
			      i, target);
	return rel_readable(e, i);
}

/* First pass: validate every relocation and hand out GOT entries.  */
static int check_relocs(struct rel_ctx *rc, size_t i, size_t target)
{
	const struct elf *e = rc->im->e;
	uint64_t tsize = e->sh[target].sh_size;
	size_t k, n = rel_count(e, i);
	GElf_Rela r;

	for (k = 0; k < n; k++) {
		uint32_t type, sym;
		unsigned int w;

		rel_get(e, i, k, &r);
		type = GELF_R_TYPE(r.r_info);
		sym = GELF_R_SYM(r.r_info);
		w = reloc_width(type);
		if (sym && sym >= rc->im->symtab.n)
			return report(e->path,
				      "relocation %zu in section %zu: symbol index %" PRIu32 " out of range",
				      k, i, sym);
		if (!in_range(r.r_offset, w ? w : 1, tsize))
			return report(e->path,
				      "relocation %zu in section %zu: offset 0x%" PRIx64 " out of range",
				      k, i, (uint64_t)r.r_offset);
		if (reloc_is_got(type) && !rc->gotslot[sym])
			rc->gotslot[sym] = ++rc->ngot;
	}
	rc->nrel += n;
	return 0;
}

static bool fits_s32(uint64_t v)
{
	int64_t sv = (int64_t)v;

	return sv >= INT32_MIN && sv <= INT32_MAX;
}

/* Compute a relocation's value; false if it does not fit its field.  */
static bool reloc_value(uint32_t type, uint64_t S, int64_t A, uint64_t P,
			uint64_t G, uint64_t *v)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*v = S + (uint64_t)A - P;
		return fits_s32(*v);
	case R_X86_64_32:
		*v = S + (uint64_t)A;
		return *v <= UINT32_MAX;
	case R_X86_64_32S:
		*v = S + (uint64_t)A;
		return fits_s32(*v);
	case R_X86_64_64:
		*v = S + (uint64_t)A;
		return true;
	case R_X86_64_PC64:
		*v = S + (uint64_t)A - P;
		return true;
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		*v = G + (uint64_t)A - P;
		return fits_s32(*v);
	default:
		return false;
	}
}

static void apply_reloc(struct rel_ctx *rc, size_t target,
			const GElf_Rela *r)
{
	struct image *im = rc->im;
	uint32_t type = GELF_R_TYPE(r->r_info), sym = GELF_R_SYM(r->r_info);
	unsigned int w = reloc_width(type);
	uint64_t P = im->secaddr[target] + r->r_offset, G = 0, v = 0;

	if (type == R_X86_64_NONE)
		return;
	if (!w) {
		note_unapplied(im, P, 0, type, "not supported by this tool");
		return;
	}
	if (reloc_is_got(type))
		G = rc->gotbase + 8 * (uint64_t)(rc->gotslot[sym] - 1);
	else if (!rc->symok[sym]) {
		note_unapplied(im, P, w, type, "its symbol has no address");
		return;
	}
	if (!reloc_value(type, rc->symaddr[sym], r->r_addend, P, G, &v))
		note_unapplied(im, P, w, type, "value out of range");
	memcpy(im->copy[target] + r->r_offset, &v, w);
}

/* Second pass: apply the relocations of section i to the copies.  */
static void apply_relocs(struct rel_ctx *rc, size_t i, size_t target)
{
	const struct elf *e = rc->im->e;
	size_t k, n = rel_count(e, i);
	GElf_Rela r;

	for (k = 0; k < n; k++) {
		rel_get(e, i, k, &r);
		if (e->sh[i].sh_type == SHT_REL)
			note_unapplied(rc->im, rc->im->secaddr[target] +
				       r.r_offset, 0, GELF_R_TYPE(r.r_info),
				       "SHT_REL is not supported");
		else
			apply_reloc(rc, target, &r);
	}
}

/* Walk the relocation sections of allocated sections: check, then apply. */
static int walk_relocs(struct rel_ctx *rc, bool apply)
{
	const struct elf *e = rc->im->e;
	size_t i, target = 0;
	int ret;

	for (i = 1; i < e->shnum; i++) {
		ret = rel_target(e, i, &target);
		if (ret <= 0) {
			if (ret < 0)
				return -1;
			continue;
		}
		if (apply) {
			apply_relocs(rc, i, target);
			continue;
		}
		if (check_rel_section(rc, i, target) ||
		    check_relocs(rc, i, target))
			return -1;
	}
	return 0;
}

static void make_got(struct rel_ctx *rc)
{
	struct image *im = rc->im;
	size_t i;

	im->got = xcalloc(rc->ngot, 8);
	for (i = 0; i < im->symtab.n; i++) {
		if (rc->gotslot[i] && rc->symok[i])
			memcpy(im->got + 8 * (rc->gotslot[i] - 1),
			       &rc->symaddr[i], 8);
	}
	if (rc->ngot)
		add_region(im, rc->gotbase, 8 * (uint64_t)rc->ngot, im->got,
			   "GOT", SHF_ALLOC, RK_GOT);
}

static void rel_symbols(struct image *im, const struct rel_ctx *rc)
{
	const struct symtab *st = &im->symtab;
	size_t i;

	im->sym = xcalloc(st->n, sizeof(*im->sym));
	for (i = 1; i < st->n; i++) {
		if (!rc->symok[i] || !sym_wanted(im->e, st, i))
			continue;
		add_sym(im, &st->sym[i], sym_name(im->e, st, i),
			rc->symaddr[i]);
		/* An undefined symbol owns its slot: name+0x1 prints.  */
		if (sym_is_undef(sym_shndx(st, i)))
			im->sym[im->nsym - 1].size = UNDEF_STRIDE;
	}
}

static int cmp_unapplied(const void *a, const void *b)
{
	const struct unapplied *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int build_rel(struct image *im)
{
	struct rel_ctx rc = { .im = im };
	uint64_t end = 0, undef_base, nundef;
	int ret = -1;

	if (load_symtab(im->e, SHT_SYMTAB, &im->symtab) ||
	    layout_sections(im, &end))
		return -1;
	rc.symaddr = xcalloc(im->symtab.n, sizeof(uint64_t));
	rc.symok = xcalloc(im->symtab.n, sizeof(bool));
	rc.gotslot = xcalloc(im->symtab.n, sizeof(uint32_t));
	undef_base = (end + 0xfffff) & ~0xfffffull;
	nundef = place_symbols(&rc, undef_base);
	if (nundef)
		add_region(im, undef_base, nundef * UNDEF_STRIDE, NULL,
			   "*UND*", 0, RK_UNDEF);
	if (walk_relocs(&rc, false))
		goto out;
	rc.gotbase = undef_base + nundef * UNDEF_STRIDE + REL_GAP;
	make_got(&rc);
	im->ua = xcalloc(rc.nrel, sizeof(*im->ua));
	walk_relocs(&rc, true);
	qsort(im->ua, im->nua, sizeof(*im->ua), cmp_unapplied);
	rel_symbols(im, &rc);
	ret = 0;
out:
	free(rc.symaddr);
	free(rc.symok);
	free(rc.gotslot);
	return ret;
}
