/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites, private: the stages of the tool and what they hand on.
 *
 *   elf.c     ELF access over libelf: the file, its sections, symbol
 *             tables and relocation entries, all checked before use
 *   image.c   the address image: regions (sections and made-up areas),
 *             symbols for names, a linked file's dynamic relocations
 *   reloc.c   a relocatable object's made-up layout and its relocations
 *             (why they are applied rather than looked up: see there)
 *   decode.c  record decoding: site -> class -> op, and GOT entries
 *   list.c    formatting addresses, the listing and the summary
 *   check.c   --check, as an ordered list of named checks
 *   main.c    the command line, one file at a time, diagnostics
 *
 * The record format's own knowledge (register names, the regs field,
 * stub names, valid records) is in <pvcall/format.h>, shared with the
 * runtime and the plugin.
 */
#ifndef PVCALL_SITES_H
#define PVCALL_SITES_H

#include <gelf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pvcall/site.h"
#include "pvcall/format.h"

#define PROG			"pvcall-sites"

#define EXIT_FINE		0	/* everything is fine */
#define EXIT_CHECK		1	/* --check found errors */
#define EXIT_BAD		2	/* bad usage, unreadable or bad input */

#define NAME_SHOWN		128	/* longer names are cut */
#define SYM_SZ			(NAME_SHOWN + 32)	/* name+0xOFFSET */
#define BUF_SZ			400
#define REGS_SZ			80

#define CALL_REL32_OPCODE	0xe8
#define SHN_LCOMMON		0xff02	/* x86-64 large common; not in elf.h */
#define RECORD_SIZE		sizeof(struct pvcall_site)
#define UNDEF_STRIDE		0x10000ull	/* an undefined symbol's area */

struct options {
	const char *section;	/* the records section */
	bool check;
	bool quiet;
	bool many;		/* several files: name each listing */
};

/* ---- elf.c ---------------------------------------------------------- */

/* A file read into memory, opened with libelf, with copies of its
 * section headers (checked to lie inside the file).  */
struct elf {
	const char *path;
	unsigned char *buf;
	size_t size;
	Elf *elf;
	uint16_t type;		/* e_type */
	GElf_Shdr *sh;
	size_t shnum;
	size_t shstrndx;
};

struct symtab {
	size_t index;		/* its section; 0 if the file has none */
	size_t strndx;		/* its string table */
	GElf_Sym *sym;		/* copies of the entries */
	size_t n;
	uint32_t *xndx;		/* extended section indices, or NULL */
};

int open_elf(struct elf *e);
void close_elf(struct elf *e);
const char *str_at(const struct elf *e, size_t strndx, uint64_t off);
const char *sec_name(const struct elf *e, size_t i);
bool sec_has_bytes(const GElf_Shdr *s);
const unsigned char *sec_bytes(const struct elf *e, size_t i);
int load_symtab(const struct elf *e, uint32_t type, struct symtab *st);
void free_symtab(struct symtab *st);
size_t sym_shndx(const struct symtab *st, size_t i);
const char *sym_name(const struct elf *e, const struct symtab *st, size_t i);
size_t rel_count(const struct elf *e, size_t i);
int rel_readable(const struct elf *e, size_t i);
void rel_get(const struct elf *e, size_t i, size_t k, GElf_Rela *r);

/* ---- image.c -------------------------------------------------------- */

enum region_kind { RK_SECTION, RK_UNDEF, RK_GOT };

/* A piece of the address space: a section, or a made-up area.  */
struct region {
	uint64_t addr;
	uint64_t size;
	const unsigned char *data;	/* NULL: no contents (SHT_NOBITS) */
	const char *name;
	uint64_t flags;			/* SHF_* */
	enum region_kind kind;
};

struct sym {
	uint64_t addr;
	uint64_t size;
	const char *name;
	unsigned int rank;		/* preference among equal addresses */
};

/* An object's relocation that was not applied: fields under it are junk. */
struct unapplied {
	uint64_t addr;
	unsigned int width;
	uint32_t type;
	const char *why;
};

/* A dynamic relocation, to see what a GOT entry will hold at run time.  */
struct dynrel {
	uint64_t offset;
	int64_t addend;
	uint32_t type;
	uint32_t sym;
};

struct image {
	const struct elf *e;
	bool rel;			/* ET_REL: made-up addresses */
	struct symtab symtab;
	struct symtab dynsym;
	uint64_t *secaddr;		/* per section: its address */
	const unsigned char **secdata;	/* per section: contents, or NULL */
	unsigned char **copy;		/* ET_REL: relocated contents */
	unsigned char *got;		/* ET_REL: the made-up GOT */
	struct region *reg;		/* sorted by address */
	uint64_t *reg_reach;		/* max end of reg[0..i] */
	size_t nreg;
	struct sym *sym;		/* sorted by address, then rank */
	uint64_t *sym_reach;		/* max end of sym[0..i] */
	size_t nsym;
	struct unapplied *ua;		/* sorted by address */
	size_t nua;
	struct dynrel *dr;		/* sorted by offset */
	size_t ndr;
};

size_t count_before(const void *base, size_t n, size_t size, uint64_t key,
		    bool inclusive);
int build_image(struct image *im, const struct elf *e);
void free_image(struct image *im);
void add_region(struct image *im, uint64_t addr, uint64_t size,
		const unsigned char *data, const char *name, uint64_t flags,
		enum region_kind kind);
bool sym_wanted(const struct elf *e, const struct symtab *st, size_t i);
void add_sym(struct image *im, const GElf_Sym *s, const char *name,
	     uint64_t addr);
const struct region *find_region(const struct image *im, uint64_t addr);
const unsigned char *img_ptr(const struct image *im, uint64_t addr,
			     uint64_t len);
const char *img_str(const struct image *im, uint64_t addr);
const struct sym *find_sym(const struct image *im, uint64_t addr);
const char *sym_name_at(const struct image *im, uint64_t addr);
const struct dynrel *find_dynrel(const struct image *im, uint64_t addr);

/* ---- reloc.c -------------------------------------------------------- */

int build_rel(struct image *im);
const char *rtype_name(uint32_t type, char *buf, size_t size);

/* ---- decode.c ------------------------------------------------------- */

/* One decoded record; has_* say which references are set (not 0).  */
struct rec {
	uint64_t at;			/* the record itself */
	uint64_t site, cls, op, target, name_addr, ref;
	bool has_site, has_cls, has_op, has_target, has_name, has_ref;
	bool cls_read, op_read;		/* c and o hold the descriptors */
	struct pvcall_class c;
	struct pvcall_op o;
	const char *name;		/* op name, NUL-terminated, or NULL */
	unsigned int len;		/* bytes the site covers */
};

/* A GOT entry or op reference: an address, or a symbol to be bound.  */
struct refval {
	bool known;
	uint64_t addr;
	const char *name;
	int64_t add;
};

int count_records(const struct image *im, const char *secname,
		  size_t *nsec, size_t *nrec, size_t *bad_size);
void decode_all(const struct image *im, const char *secname,
		struct rec *recs);
void op_refval(const struct image *im, const struct rec *r,
	       struct refval *v);
uint32_t get32(const unsigned char *p);

/* ---- list.c --------------------------------------------------------- */

const char *clean_name(char *out, size_t size, const char *name);
const char *fmt_regs(char *buf, size_t size, unsigned int mask);
const char *fmt_sym(const struct image *im, uint64_t addr, bool always_off,
		    char *buf, size_t size);
const char *fmt_place(const struct image *im, uint64_t addr, char *buf,
		      size_t size);
const char *fmt_addr(const struct image *im, uint64_t addr, bool with_hex,
		     char *buf, size_t size);
void list_records(const struct image *im, const struct rec *recs, size_t n);
void summary(const struct image *im, const struct rec *recs, size_t n);

/* ---- check.c -------------------------------------------------------- */

size_t check_records(const struct image *im, const struct rec *recs,
		     size_t n);

/* ---- main.c --------------------------------------------------------- */

int process_elf(struct elf *e, const struct options *opt);
int report(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void *xcalloc(size_t n, size_t size);

/* Whether [off, off + len) lies inside [0, size), without overflow.  */
static inline bool in_range(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

#endif /* PVCALL_SITES_H */
