/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites: ELF access, a thin layer over libelf (elfutils).
 *
 * The file is read into memory whole (it may be a pipe) and opened with
 * elf_memory(); libelf then reads the section headers, strings, symbols
 * and relocation entries.  All input is untrusted, and libelf checks only
 * what it needs itself, so every offset, size and index the rest of the
 * tool uses is checked here first, with messages that say what is wrong:
 *
 *   - the ELF header, on the raw bytes before libelf sees them: libelf
 *     refuses a section header table that does not fit, or an
 *     identification it does not know, with one opaque error or none,
 *     and has no opinion on the machine or type this tool reads;
 *   - every section with contents lies inside the file, and has a name;
 *   - symbol and relocation tables have the entry size of their type,
 *     and symbols name strings and sections that exist.
 *
 * The contents of allocated sections are the file's own bytes
 * (sec_bytes), not elf_rawdata(): libelf would refuse a section whose
 * type's entry size does not divide it, and --check says better what is
 * wrong with a damaged record section than "invalid data".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* Read in chunks rather than trust a size: the input may be a pipe.  */
static int read_whole_file(struct elf *e)
{
	FILE *f = fopen(e->path, "rb");
	unsigned char *buf = NULL;
	size_t size = 0, cap = 0, n;
	int ret = 0;

	if (!f)
		return report(e->path, "%s", strerror(errno));
	do {
		if (size == cap) {
			unsigned char *nbuf;

			if (cap > SIZE_MAX / 2) {
				ret = report(e->path, "file too large");
				break;
			}
			cap = cap ? cap * 2 : 1 << 16;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				ret = report(e->path, "out of memory");
				break;
			}
			buf = nbuf;
		}
		n = fread(buf + size, 1, cap - size, f);
		size += n;
	} while (n);
	if (!ret && ferror(f))
		ret = report(e->path, "read error: %s", strerror(errno));
	fclose(f);
	if (ret) {
		free(buf);
		return ret;
	}
	e->buf = buf;
	e->size = size;
	return 0;
}

static int check_ident(const struct elf *e)
{
	const unsigned char *id = e->buf;

	if (e->size < SELFMAG || memcmp(id, ELFMAG, SELFMAG))
		return report(e->path, "not an ELF file");
	if (e->size < EI_NIDENT)
		return report(e->path, "truncated ELF header");
	if (id[EI_CLASS] != ELFCLASS64)
		return report(e->path, "not a 64-bit ELF file (class %u)",
			      id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return report(e->path, "not a little-endian ELF file");
	/* libelf opens no other version (the old tool ignored the byte).  */
	if (id[EI_VERSION] != EV_CURRENT)
		return report(e->path, "unsupported ELF version %u",
			      id[EI_VERSION]);
	if (e->size < sizeof(Elf64_Ehdr))
		return report(e->path, "truncated ELF header");
	return 0;
}

/*
 * The section header table must fit in the file: *shnum gets the number
 * of sections (from section 0 where there are too many for e_shnum), 0
 * for a file without any.
 */
static int check_shdr_table(const struct elf *e, const Elf64_Ehdr *eh,
			    size_t *shnum)
{
	uint64_t shoff = eh->e_shoff, n = eh->e_shnum;
	Elf64_Shdr s0;

	*shnum = 0;
	if (!shoff)
		return 0;	/* no sections at all, hence no records */
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return report(e->path, "bad section header size %u",
			      eh->e_shentsize);
	if (!in_range(shoff, sizeof(Elf64_Shdr), e->size))
		return report(e->path, "truncated section header table");
	memcpy(&s0, e->buf + shoff, sizeof(s0));
	if (!n)
		n = s0.sh_size;
	if (n > (e->size - shoff) / sizeof(Elf64_Shdr))
		return report(e->path, "truncated section header table");
	*shnum = n;
	return 0;
}

/* The raw header: what this tool reads, and a table libelf can open.  */
static int check_header(struct elf *e, size_t *shnum)
{
	Elf64_Ehdr eh;

	if (check_ident(e))
		return -1;
	memcpy(&eh, e->buf, sizeof(eh));
	if (eh.e_machine != EM_X86_64)
		return report(e->path, "not an x86-64 ELF file (machine %u)",
			      eh.e_machine);
	if (eh.e_type != ET_REL && eh.e_type != ET_EXEC &&
	    eh.e_type != ET_DYN)
		return report(e->path, "unsupported ELF file type %u",
			      eh.e_type);
	e->type = eh.e_type;
	return check_shdr_table(e, &eh, shnum);
}

static int libelf_error(const struct elf *e, const char *what)
{
	return report(e->path, "%s: %s", what, elf_errmsg(-1));
}

/* A NUL-terminated string at off in string table strndx, or NULL.  */
const char *str_at(const struct elf *e, size_t strndx, uint64_t off)
{
	if (strndx >= e->shnum || e->sh[strndx].sh_type != SHT_STRTAB ||
	    off >= e->sh[strndx].sh_size)
		return NULL;
	return elf_strptr(e->elf, strndx, off);
}

const char *sec_name(const struct elf *e, size_t i)
{
	const char *name = str_at(e, e->shstrndx, e->sh[i].sh_name);

	return name ? name : "?";
}

/* Whether a section has contents in the file: not SHT_NOBITS, and not
 * SHT_NULL, whose other fields mean nothing (a damaged file may still
 * say that it is allocated, at an offset far past the end).  */
bool sec_has_bytes(const GElf_Shdr *s)
{
	return s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL;
}

/* The contents of section i, checked to lie inside the file; NULL if it
 * has none.  */
const unsigned char *sec_bytes(const struct elf *e, size_t i)
{
	if (!sec_has_bytes(&e->sh[i]))
		return NULL;
	return e->buf + e->sh[i].sh_offset;
}

static int read_section_headers(struct elf *e)
{
	size_t i;

	e->sh = xcalloc(e->shnum, sizeof(*e->sh));
	for (i = 0; i < e->shnum; i++) {
		if (!gelf_getshdr(elf_getscn(e->elf, i), &e->sh[i]))
			return libelf_error(e, "section header");
	}
	if (e->shnum && elf_getshdrstrndx(e->elf, &e->shstrndx))
		return libelf_error(e, "section name table");
	return 0;
}

static int check_sections(const struct elf *e)
{
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];

		if (!sec_has_bytes(s))
			continue;
		if (!in_range(s->sh_offset, s->sh_size, e->size))
			return report(e->path,
				      "section %zu extends past end of file", i);
	}
	if (!e->shnum)
		return 0;
	if (e->shstrndx == SHN_UNDEF || e->shstrndx >= e->shnum ||
	    e->sh[e->shstrndx].sh_type != SHT_STRTAB)
		return report(e->path, "bad string table index %zu",
			      e->shstrndx);
	for (i = 1; i < e->shnum; i++) {
		if (!str_at(e, e->shstrndx, e->sh[i].sh_name))
			return report(e->path,
				      "section %zu has a bad name offset", i);
	}
	return 0;
}

int open_elf(struct elf *e)
{
	size_t shnum;

	if ((!e->buf && read_whole_file(e)) || check_header(e, &shnum))
		return -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return libelf_error(e, "libelf");
	e->elf = elf_memory((char *)e->buf, e->size);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF)
		return libelf_error(e, "libelf");
	e->shnum = shnum;
	if (read_section_headers(e))
		return -1;
	return check_sections(e);
}

void close_elf(struct elf *e)
{
	elf_end(e->elf);
	free(e->sh);
	free(e->buf);
}

/* ---- Symbol tables ---------------------------------------------------- */

size_t sym_shndx(const struct symtab *st, size_t i)
{
	uint16_t x = st->sym[i].st_shndx;

	return x == SHN_XINDEX && st->xndx ? st->xndx[i] : x;
}

const char *sym_name(const struct elf *e, const struct symtab *st, size_t i)
{
	return str_at(e, st->strndx, st->sym[i].st_name);
}

/* The data of section i, as libelf converts it, holding n entries of
 * size entsize at least.  */
static Elf_Data *sec_data(const struct elf *e, size_t i, size_t n,
			  size_t entsize)
{
	Elf_Data *d = elf_getdata(elf_getscn(e->elf, i), NULL);

	if (!d) {
		libelf_error(e, "section data");
		return NULL;
	}
	if (d->d_size / entsize < n) {
		report(e->path, "section %zu: fewer entries than its size says",
		       i);
		return NULL;
	}
	return d;
}

/* The extended section indices of symbol table st, if any.  */
static int find_xndx(const struct elf *e, const struct symtab *st,
		     Elf_Data **xd)
{
	size_t i;

	*xd = NULL;
	for (i = 1; i < e->shnum; i++) {
		const GElf_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_SYMTAB_SHNDX || s->sh_link != st->index)
			continue;
		if (s->sh_size / sizeof(uint32_t) < st->n)
			return report(e->path,
				      "section %zu: extended index table too small",
				      i);
		*xd = sec_data(e, i, st->n, sizeof(uint32_t));
		return *xd ? 0 : -1;
	}
	return 0;
}

static int check_symbols(const struct elf *e, const struct symtab *st)
{
	size_t i, shndx;
	bool xindex;

	for (i = 0; i < st->n; i++) {
		if (!str_at(e, st->strndx, st->sym[i].st_name))
			return report(e->path, "symbol %zu has a bad name offset",
				      i);
		if (st->sym[i].st_shndx == SHN_XINDEX && !st->xndx)
			return report(e->path,
				      "symbol %zu: missing extended section index",
				      i);
		shndx = sym_shndx(st, i);
		xindex = st->sym[i].st_shndx == SHN_XINDEX;
		if (shndx >= e->shnum && (shndx < SHN_LORESERVE || xindex))
			return report(e->path,
				      "symbol %zu: section index %zu out of range",
				      i, shndx);
	}
	return 0;
}

/* Copy the entries (and their extended indices) out of libelf.  */
static int copy_symbols(const struct elf *e, struct symtab *st)
{
	Elf_Data *d = sec_data(e, st->index, st->n, sizeof(Elf64_Sym)), *xd;
	GElf_Word x;
	size_t i;

	if (!d || find_xndx(e, st, &xd))
		return -1;
	st->sym = xcalloc(st->n, sizeof(*st->sym));
	if (xd)
		st->xndx = xcalloc(st->n, sizeof(uint32_t));
	for (i = 0; i < st->n; i++) {
		x = 0;
		if (!gelf_getsymshndx(d, xd, (int)i, &st->sym[i], &x))
			return libelf_error(e, "symbol");
		if (xd)
			st->xndx[i] = x;
	}
	return 0;
}

/* Load the first section of type (SHT_SYMTAB or SHT_DYNSYM), if any.  */
int load_symtab(const struct elf *e, uint32_t type, struct symtab *st)
{
	const GElf_Shdr *s;
	size_t i;

	memset(st, 0, sizeof(*st));
	for (i = 1; i < e->shnum && e->sh[i].sh_type != type; i++)
		;
	if (i >= e->shnum)
		return 0;
	s = &e->sh[i];
	if (s->sh_entsize != sizeof(Elf64_Sym) ||
	    s->sh_size % sizeof(Elf64_Sym))
		return report(e->path, "section %zu: bad symbol table entry size",
			      i);
	if (!s->sh_link || s->sh_link >= e->shnum ||
	    e->sh[s->sh_link].sh_type != SHT_STRTAB)
		return report(e->path, "section %zu: bad string table index %u",
			      i, s->sh_link);
	st->index = i;
	st->strndx = s->sh_link;
	st->n = s->sh_size / sizeof(Elf64_Sym);
	if (st->n > INT32_MAX)
		return report(e->path, "section %zu: too many symbols", i);
	if (copy_symbols(e, st))
		return -1;
	return check_symbols(e, st);
}

void free_symtab(struct symtab *st)
{
	free(st->sym);
	free(st->xndx);
}

/* ---- Relocation entries ----------------------------------------------- */

/* The entries of relocation section i (its entry size checked).  */
size_t rel_count(const struct elf *e, size_t i)
{
	return e->sh[i].sh_size / e->sh[i].sh_entsize;
}

/* Whether libelf gives all the entries of relocation section i.  */
int rel_readable(const struct elf *e, size_t i)
{
	return sec_data(e, i, rel_count(e, i), e->sh[i].sh_entsize) ? 0 : -1;
}

/* Relocation k of section i; SHT_REL entries get addend 0, and an entry
 * libelf cannot give is R_X86_64_NONE.  */
void rel_get(const struct elf *e, size_t i, size_t k, GElf_Rela *r)
{
	Elf_Data *d = elf_getdata(elf_getscn(e->elf, i), NULL);
	GElf_Rel rel;

	memset(r, 0, sizeof(*r));
	if (!d || k > INT32_MAX)
		return;
	if (e->sh[i].sh_type == SHT_RELA) {
		if (!gelf_getrela(d, (int)k, r))
			memset(r, 0, sizeof(*r));
	} else if (gelf_getrel(d, (int)k, &rel)) {
		r->r_offset = rel.r_offset;
		r->r_info = rel.r_info;
	}
}
