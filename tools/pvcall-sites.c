/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites - list and check the pvcall patch-site records of ELF files.
 *
 * Reads ELF64 x86-64 files (relocatable objects, executables, PIEs, shared
 * objects, kernel images) and decodes the records the pvcall GCC plugin
 * emits (the format is in include/pvcall/site.h): one line per patch site
 * and a size summary, or with --check a validation of every record against
 * the code it describes.
 *
 * A linked file is read at its section addresses.  A relocatable object has
 * no addresses yet, so its allocated sections are laid out at made-up
 * addresses and its relocations are applied to copies of their contents:
 * only then do the self-relative fields of the records mean anything.
 *
 * All input is untrusted.  Every offset, size and index taken from the file
 * is checked before use, with arithmetic that cannot overflow, and a
 * malformed file is reported, never trusted.  Multi-byte values are read
 * with memcpy, so the tool must run on a little-endian host (checked).
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvcall/site.h"

#define PROG			"pvcall-sites"

#define EXIT_FINE		0	/* everything is fine */
#define EXIT_CHECK		1	/* --check found errors */
#define EXIT_BAD		2	/* bad usage, unreadable or bad input */

/*
 * The made-up layout of a relocatable object.  Far enough from 0 that no
 * field resolves to 0 by accident, with gaps so that nothing runs from one
 * section into the next, and small enough that the undefined symbols and
 * the GOT placed after the sections stay within +-2 GiB of the code: a
 * call to an undefined function is a 32-bit PC-relative relocation.
 */
#define REL_BASE		0x100000ull
#define REL_MIN_ALIGN		16ull
#define REL_GAP			0x1000ull
#define REL_LIMIT		(1ull << 40)	/* refuse larger layouts */
#define REL_MAX_ALIGN		(1ull << 30)
#define UNDEF_STRIDE		0x10000ull

#define NAME_SHOWN		128	/* longer names are cut */
#define SYM_SZ			(NAME_SHOWN + 32)	/* name+0xOFFSET */
#define BUF_SZ			400
#define REGS_SZ			80

#define CALL_REL32_OPCODE	0xe8
#define SHN_LCOMMON		0xff02	/* x86-64 large common; not in elf.h */
#define KNOWN_OP_FLAGS	(PVCALL_OP_DIRECT | PVCALL_OP_GOT | PVCALL_OP_LOCAL | \
			 PVCALL_OP_EXACT | PVCALL_OP_STACK8)
#define RECORD_SIZE		sizeof(struct pvcall_site)
#define MAX_ARGS		6	/* argument registers a regs field holds */
#define STUB_PREFIX		"__pvcall.r."	/* an any-register site's stub */

/* The records are copied out of the file byte for byte.  */
typedef char site_size_ok[sizeof(struct pvcall_site) == 8 ? 1 : -1];
typedef char class_size_ok[sizeof(struct pvcall_class) == 16 ? 1 : -1];
typedef char op_size_ok[sizeof(struct pvcall_op) == 16 ? 1 : -1];

struct options {
	const char *section;	/* the records section */
	bool check;
	bool quiet;
	bool many;		/* several files: name each listing */
};

/* A file read into memory, with an aligned copy of its section headers.  */
struct elf {
	const char *path;
	unsigned char *buf;
	size_t size;
	Elf64_Ehdr eh;
	Elf64_Shdr *sh;
	size_t shnum;
	size_t shstrndx;
};

struct symtab {
	size_t index;		/* its section; 0 if the file has none */
	size_t strndx;		/* its string table */
	Elf64_Sym *sym;		/* aligned copy of the entries */
	size_t n;
	uint32_t *xndx;		/* SHT_SYMTAB_SHNDX entries, or NULL */
};

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

static const char *const reg_names[PVCALL_NR_REGS] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* Where the ABI passes the arguments, in order.  */
static const unsigned char abi_args[MAX_ARGS] = {
	PVCALL_REG_RDI, PVCALL_REG_RSI, PVCALL_REG_RDX,
	PVCALL_REG_RCX, PVCALL_REG_R8, PVCALL_REG_R9,
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

/* ---- Small helpers ---------------------------------------------------- */

static int report(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print "pvcall-sites: FILE: MESSAGE" to stderr; returns -1 for chaining. */
static int report(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Running out of memory is not worth unwinding for in a listing tool.  */
static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, PROG ": out of memory\n");
		exit(EXIT_BAD);
	}
	return p;
}

/* Whether [off, off + len) lies inside [0, size), without overflow.  */
static bool in_range(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint32_t get32(const unsigned char *p)
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

static const char *rtype_name(uint32_t type, char *buf, size_t size)
{
	if (type < sizeof(rtype_names) / sizeof(rtype_names[0]) &&
	    rtype_names[type])
		return rtype_names[type];
	snprintf(buf, size, "type %" PRIu32, type);
	return buf;
}

/*
 * Copy a name from the file for printing: blanks and control characters
 * would break the columns or the terminal, and a hostile file can make a
 * name as long as itself.
 */
static const char *clean_name(char *out, size_t size, const char *name)
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

static const char *fmt_regs(char *buf, size_t size, unsigned int mask)
{
	size_t n = 0;
	int r;

	buf[0] = '\0';
	for (r = 0; r < PVCALL_NR_REGS && n < size; r++) {
		if (mask & PVCALL_REG_BIT(r))
			n += snprintf(buf + n, size - n, "%s%s",
				      n ? "," : "", reg_names[r]);
	}
	if (!buf[0])
		snprintf(buf, size, "-");
	return buf;
}

/* The argument registers of regs that can be read: at most MAX_ARGS.  */
static unsigned int regs_nargs(uint32_t regs)
{
	unsigned int n = PVCALL_REGS_NARGS(regs);

	return n < MAX_ARGS ? n : MAX_ARGS;
}

/*
 * A site's operands (struct pvcall_class.regs) as "OUT<-ARG1,ARG2", with
 * "-" for no output and ",?" for arguments the field cannot hold; "-" if
 * there are none at all.
 */
static const char *fmt_operands(char *buf, size_t size, uint32_t regs)
{
	unsigned int i, n = regs_nargs(regs);
	bool out = regs & PVCALL_REGS_HAS_OUT;
	size_t len;

	if (!out && !PVCALL_REGS_NARGS(regs)) {
		snprintf(buf, size, "-");
		return buf;
	}
	snprintf(buf, size, "%s<-",
		 out ? reg_names[PVCALL_REGS_OUT(regs)] : "-");
	for (i = 0; i < n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? "," : "",
			 reg_names[PVCALL_REGS_ARG(regs, i)]);
	}
	if (PVCALL_REGS_NARGS(regs) > MAX_ARGS) {
		len = strlen(buf);
		snprintf(buf + len, size - len, ",?");
	}
	return buf;
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

/* ---- Reading and parsing the ELF file --------------------------------- */

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

/* A NUL-terminated string at off in string table strndx, or NULL.  */
static const char *elf_str(const struct elf *e, size_t strndx, uint64_t off)
{
	const Elf64_Shdr *s = &e->sh[strndx];
	const char *p;

	/* A string table has contents, checked to lie inside the file.  */
	if (s->sh_type != SHT_STRTAB || off >= s->sh_size)
		return NULL;
	p = (const char *)e->buf + s->sh_offset;
	if (!memchr(p + off, '\0', s->sh_size - off))
		return NULL;
	return p + off;
}

static const char *sec_name(const struct elf *e, size_t i)
{
	const char *name = elf_str(e, e->shstrndx, e->sh[i].sh_name);

	return name ? name : "?";
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
	if (e->size < sizeof(Elf64_Ehdr))
		return report(e->path, "truncated ELF header");
	return 0;
}

static int read_section_headers(struct elf *e)
{
	uint64_t shoff = e->eh.e_shoff, shnum = e->eh.e_shnum;
	Elf64_Shdr s0;

	if (!shoff)
		return 0;	/* no sections at all, hence no records */
	if (e->eh.e_shentsize != sizeof(Elf64_Shdr))
		return report(e->path, "bad section header size %u",
			      e->eh.e_shentsize);
	if (!in_range(shoff, sizeof(Elf64_Shdr), e->size))
		return report(e->path, "truncated section header table");
	/* More than SHN_LORESERVE sections: the count is in section 0.  */
	memcpy(&s0, e->buf + shoff, sizeof(s0));
	if (!shnum)
		shnum = s0.sh_size;
	if (shnum > (e->size - shoff) / sizeof(Elf64_Shdr))
		return report(e->path, "truncated section header table");
	e->sh = xcalloc(shnum, sizeof(Elf64_Shdr));
	memcpy(e->sh, e->buf + shoff, shnum * sizeof(Elf64_Shdr));
	e->shnum = shnum;
	e->shstrndx = e->eh.e_shstrndx;
	if (e->shstrndx == SHN_XINDEX)
		e->shstrndx = s0.sh_link;
	return 0;
}

static int check_sections(struct elf *e)
{
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL)
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
		if (!elf_str(e, e->shstrndx, e->sh[i].sh_name))
			return report(e->path,
				      "section %zu has a bad name offset", i);
	}
	return 0;
}

static int parse_elf(struct elf *e)
{
	if (check_ident(e))
		return -1;
	memcpy(&e->eh, e->buf, sizeof(e->eh));
	if (e->eh.e_machine != EM_X86_64)
		return report(e->path, "not an x86-64 ELF file (machine %u)",
			      e->eh.e_machine);
	if (e->eh.e_type != ET_REL && e->eh.e_type != ET_EXEC &&
	    e->eh.e_type != ET_DYN)
		return report(e->path, "unsupported ELF file type %u",
			      e->eh.e_type);
	if (read_section_headers(e))
		return -1;
	return check_sections(e);
}

/* ---- Symbol tables ---------------------------------------------------- */

static size_t sym_shndx(const struct symtab *st, size_t i)
{
	uint16_t x = st->sym[i].st_shndx;

	return x == SHN_XINDEX && st->xndx ? st->xndx[i] : x;
}

/* Find the extended section indices of symbol table st, if any.  */
static int load_xndx(const struct elf *e, struct symtab *st)
{
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_SYMTAB_SHNDX || s->sh_link != st->index)
			continue;
		if (s->sh_size / sizeof(uint32_t) < st->n)
			return report(e->path,
				      "section %zu: extended index table too small",
				      i);
		st->xndx = xcalloc(st->n, sizeof(uint32_t));
		memcpy(st->xndx, e->buf + s->sh_offset,
		       st->n * sizeof(uint32_t));
		return 0;
	}
	return 0;
}

static int check_symbols(const struct elf *e, const struct symtab *st)
{
	size_t i, shndx;
	bool xindex;

	for (i = 0; i < st->n; i++) {
		if (!elf_str(e, st->strndx, st->sym[i].st_name))
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

/* Load the first section of type (SHT_SYMTAB or SHT_DYNSYM), if any.  */
static int load_symtab(const struct elf *e, uint32_t type, struct symtab *st)
{
	const Elf64_Shdr *s;
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
	st->sym = xcalloc(st->n, sizeof(Elf64_Sym));
	memcpy(st->sym, e->buf + s->sh_offset, st->n * sizeof(Elf64_Sym));
	if (load_xndx(e, st))
		return -1;
	return check_symbols(e, st);
}

static const char *sym_name(const struct elf *e, const struct symtab *st,
			    size_t i)
{
	return elf_str(e, st->strndx, st->sym[i].st_name);
}

/* ---- The address space ------------------------------------------------ */

static void add_region(struct image *im, uint64_t addr, uint64_t size,
		       const unsigned char *data, const char *name,
		       uint64_t flags, enum region_kind kind)
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
static const struct region *find_region(const struct image *im, uint64_t addr)
{
	const struct region *found = NULL;
	size_t lo = 0, hi = im->nreg;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->reg[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
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
static const unsigned char *img_ptr(const struct image *im, uint64_t addr,
				    uint64_t len)
{
	const struct region *r = find_region(im, addr);

	if (!r || !r->data || !in_range(addr - r->addr, len, r->size))
		return NULL;
	return r->data + (addr - r->addr);
}

/* A string at addr, if NUL-terminated inside its region.  */
static const char *img_str(const struct image *im, uint64_t addr)
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

/* Follow the self-relative field at addr (bytes p); false for "none".  */
static bool follow(const unsigned char *p, uint64_t addr, uint64_t *to)
{
	int32_t v = (int32_t)get32(p);

	if (!v)
		return false;
	*to = addr + (uint64_t)(int64_t)v;
	return true;
}

/* ---- Symbols for names ------------------------------------------------ */

static unsigned int sym_rank(const Elf64_Sym *s)
{
	unsigned int type = ELF64_ST_TYPE(s->st_info), rank;

	rank = type == STT_FUNC || type == STT_GNU_IFUNC ? 3 :
	       type == STT_OBJECT ? 2 : 1;
	return rank * 4 + (s->st_size ? 2 : 0) +
	       (ELF64_ST_BIND(s->st_info) != STB_LOCAL);
}

static bool sym_wanted(const struct elf *e, const struct symtab *st, size_t i)
{
	unsigned int type = ELF64_ST_TYPE(st->sym[i].st_info);
	const char *name = sym_name(e, st, i);

	if (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT &&
	    type != STT_GNU_IFUNC)
		return false;
	return name && name[0];
}

static void add_sym(struct image *im, const Elf64_Sym *s, const char *name,
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
static const struct sym *find_sym(const struct image *im, uint64_t addr)
{
	size_t lo = 0, hi = im->nsym;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
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
static const char *sym_name_at(const struct image *im, uint64_t addr)
{
	size_t lo = 0, hi = im->nsym;
	const char *name = NULL;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->sym[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < im->nsym && im->sym[lo].addr == addr; lo++) {
		name = im->sym[lo].name;
		if (!strncmp(name, STUB_PREFIX, strlen(STUB_PREFIX)))
			break;
	}
	return name;
}

/* ---- Relocatable objects: layout and relocation ----------------------- */

struct rel_ctx {
	struct image *im;
	uint64_t *symaddr;	/* per symbol: its made-up address */
	bool *symok;		/* per symbol: whether it has one */
	uint32_t *gotslot;	/* per symbol: GOT entry + 1, or 0 */
	size_t ngot;
	uint64_t gotbase;
	size_t nrel;		/* relocations to allocated sections */
};

static int layout_sections(struct image *im, uint64_t *endp)
{
	const struct elf *e = im->e;
	uint64_t cur = REL_BASE;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		uint64_t align = s->sh_addralign, addr;

		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (align < REL_MIN_ALIGN)
			align = REL_MIN_ALIGN;
		if (align & (align - 1) || align > REL_MAX_ALIGN)
			return report(e->path, "section %zu has bad alignment 0x%"
				      PRIx64, i, s->sh_addralign);
		/* cur < REL_LIMIT + REL_GAP: no overflow below.  */
		addr = (cur + align - 1) & ~(align - 1);
		if (addr >= REL_LIMIT || s->sh_size > REL_LIMIT - addr)
			return report(e->path, "sections too large to lay out");
		im->secaddr[i] = addr;
		if (s->sh_type != SHT_NOBITS && s->sh_size) {
			im->copy[i] = xcalloc(1, s->sh_size);
			memcpy(im->copy[i], e->buf + s->sh_offset, s->sh_size);
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
		if (shndx == SHN_UNDEF || shndx == SHN_COMMON ||
		    shndx == SHN_LCOMMON)
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
	const Elf64_Shdr *s = &e->sh[i];

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

/* Copy relocation k of section i (REL entries get addend 0).  */
static void get_rela(const struct elf *e, size_t i, size_t k, Elf64_Rela *r)
{
	const Elf64_Shdr *s = &e->sh[i];

	memset(r, 0, sizeof(*r));
	memcpy(r, e->buf + s->sh_offset + k * s->sh_entsize, s->sh_entsize);
}

static int check_rel_section(struct rel_ctx *rc, size_t i, size_t target)
{
	const struct elf *e = rc->im->e;
	const Elf64_Shdr *s = &e->sh[i];
	size_t want = s->sh_type == SHT_RELA ? sizeof(Elf64_Rela) :
					       sizeof(Elf64_Rel);

	if (s->sh_entsize != want || s->sh_size % want)
		return report(e->path,
			      "relocation section %zu: bad entry size", i);
	if (s->sh_link != rc->im->symtab.index)
		return report(e->path,
			      "relocation section %zu: bad symbol table index %u",
			      i, s->sh_link);
	if (e->sh[target].sh_type == SHT_NOBITS && s->sh_size)
		return report(e->path,
			      "relocation section %zu applies to section %zu, which has no contents",
			      i, target);
	return 0;
}

/* First pass: validate every relocation and hand out GOT entries.  */
static int check_relocs(struct rel_ctx *rc, size_t i, size_t target)
{
	const struct elf *e = rc->im->e;
	uint64_t tsize = e->sh[target].sh_size;
	size_t k, n = e->sh[i].sh_size / e->sh[i].sh_entsize;
	Elf64_Rela r;

	for (k = 0; k < n; k++) {
		uint32_t type, sym;
		unsigned int w;

		get_rela(e, i, k, &r);
		type = ELF64_R_TYPE(r.r_info);
		sym = ELF64_R_SYM(r.r_info);
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

static void apply_reloc(struct rel_ctx *rc, size_t target, const Elf64_Rela *r)
{
	struct image *im = rc->im;
	uint32_t type = ELF64_R_TYPE(r->r_info), sym = ELF64_R_SYM(r->r_info);
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
	size_t k, n = e->sh[i].sh_size / e->sh[i].sh_entsize;
	Elf64_Rela r;

	for (k = 0; k < n; k++) {
		get_rela(e, i, k, &r);
		if (e->sh[i].sh_type == SHT_REL)
			note_unapplied(rc->im, rc->im->secaddr[target] +
				       r.r_offset, 0, ELF64_R_TYPE(r.r_info),
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
	size_t i, shndx;

	im->sym = xcalloc(st->n, sizeof(*im->sym));
	for (i = 1; i < st->n; i++) {
		if (!rc->symok[i] || !sym_wanted(im->e, st, i))
			continue;
		add_sym(im, &st->sym[i], sym_name(im->e, st, i),
			rc->symaddr[i]);
		/* An undefined symbol owns its slot: name+0x1 prints.  */
		shndx = sym_shndx(st, i);
		if (shndx == SHN_UNDEF || shndx == SHN_COMMON ||
		    shndx == SHN_LCOMMON)
			im->sym[im->nsym - 1].size = UNDEF_STRIDE;
	}
}

static int cmp_unapplied(const void *a, const void *b)
{
	const struct unapplied *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int build_rel(struct image *im)
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

/* ---- Linked files ----------------------------------------------------- */

static int linked_sections(struct image *im)
{
	const struct elf *e = im->e;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		bool nobits = s->sh_type == SHT_NOBITS;

		/* .tbss takes no address space of its own.  */
		if (!(s->sh_flags & SHF_ALLOC) ||
		    (nobits && (s->sh_flags & SHF_TLS)))
			continue;
		if (s->sh_addr > UINT64_MAX - s->sh_size)
			return report(e->path,
				      "section %zu: address range overflows", i);
		im->secaddr[i] = s->sh_addr;
		if (!nobits)
			im->secdata[i] = e->buf + s->sh_offset;
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
	const Elf64_Shdr *s = &e->sh[i];
	size_t k, n = s->sh_size / sizeof(Elf64_Rela);
	Elf64_Rela r;

	for (k = 0; k < n; k++) {
		struct dynrel *d = &im->dr[im->ndr];

		memcpy(&r, e->buf + s->sh_offset + k * sizeof(r), sizeof(r));
		d->offset = r.r_offset;
		d->addend = r.r_addend;
		d->type = ELF64_R_TYPE(r.r_info);
		d->sym = ELF64_R_SYM(r.r_info);
		if (d->sym && (s->sh_link != im->dynsym.index ||
			       d->sym >= im->dynsym.n))
			return report(e->path,
				      "relocation %zu in section %zu: symbol index %" PRIu32 " out of range",
				      k, i, d->sym);
		im->ndr++;
	}
	return 0;
}

/* The dynamic relocations, which say what the GOT will hold.  */
static int load_dynrels(struct image *im)
{
	const struct elf *e = im->e;
	size_t i, n = 0;

	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_RELA || !(s->sh_flags & SHF_ALLOC))
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
		if (e->sh[i].sh_type == SHT_RELA &&
		    (e->sh[i].sh_flags & SHF_ALLOC) &&
		    load_dynrel_section(im, i))
			return -1;
	}
	qsort(im->dr, im->ndr, sizeof(*im->dr), cmp_dynrel);
	return 0;
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

static int build_image(struct image *im, const struct elf *e)
{
	int ret;

	memset(im, 0, sizeof(*im));
	im->e = e;
	im->rel = e->eh.e_type == ET_REL;
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

static void free_image(struct image *im)
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
	free(im->symtab.sym);
	free(im->symtab.xndx);
	free(im->dynsym.sym);
	free(im->dynsym.xndx);
}

/* ---- Formatting addresses --------------------------------------------- */

/* "name" or "name+0xOFF" for the symbol covering addr; NULL if none.  */
static const char *fmt_sym(const struct image *im, uint64_t addr,
			   bool always_off, char *buf, size_t size)
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
static const char *fmt_place(const struct image *im, uint64_t addr,
			     char *buf, size_t size)
{
	if (!im->rel || !fmt_secoff(im, addr, buf, size))
		snprintf(buf, size, "%016" PRIx64, addr);
	return buf;
}

/* An address in a message or the target column: what it is.  */
static const char *fmt_addr(const struct image *im, uint64_t addr,
			    bool with_hex, char *buf, size_t size)
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

/* ---- Decoding records ------------------------------------------------- */

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

static const struct dynrel *find_dynrel(const struct image *im, uint64_t addr)
{
	size_t lo = 0, hi = im->ndr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->dr[mid].offset < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < im->ndr && im->dr[lo].offset == addr ? &im->dr[lo] : NULL;
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
	const Elf64_Sym *s;

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
static void op_refval(const struct image *im, const struct rec *r,
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

/* ---- Listing ---------------------------------------------------------- */

#define LIST_FMT "%-20s %-24s %-3s %-24s %-36s %-27s %-4s %-17s %-33s %s\n"

static void list_header(void)
{
	printf(LIST_FMT, "site", "function+offset", "len", "op", "target",
	       "regs", "form", "clobbers", "dead", "ref");
}

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
			fmt_operands(regs, sizeof(regs), r->c.regs);
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

static void summary(const struct image *im, const struct rec *recs, size_t n)
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

/* ---- Checking --------------------------------------------------------- */

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
	size_t lo = 0, hi = im->nua;
	uint64_t from = addr > 8 ? addr - 8 : 0;
	char tn[40];

	buf[0] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->ua[mid].addr < from)
			lo = mid + 1;
		else
			hi = mid;
	}
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
		   const char *name, const struct region **rp)
{
	const struct region *r = find_region(im, addr);

	*rp = r;
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
	const struct region *reg;
	char a[BUF_SZ], note[BUF_SZ], regs[REGS_SZ];

	if (!r->has_cls) {
		problem(ck, "record has no class (class field is 0)%s",
			ua_note(im, r->at + 4, note, sizeof(note)));
		return false;
	}
	if (!inside(im, r->cls, sizeof(r->c), PVCALL_CLASSES_SECTION, &reg)) {
		problem(ck, "class at %s is not inside %s%s",
			fmt_addr(im, r->cls, true, a, sizeof(a)),
			PVCALL_CLASSES_SECTION,
			ua_note(im, r->at + 4, note, sizeof(note)));
		return false;
	}
	if (r->c.form != PVCALL_FORM_CALL_REL32 &&
	    r->c.form != PVCALL_FORM_CALL_REL32_ANY)
		problem(ck, "class form is %u, expected %u (call rel32, ABI registers) or %u (call rel32, any registers)",
			r->c.form, PVCALL_FORM_CALL_REL32,
			PVCALL_FORM_CALL_REL32_ANY);
	if (r->c.len != PVCALL_CALL_REL32_LEN)
		problem(ck, "class length is %u, expected %u", r->c.len,
			PVCALL_CALL_REL32_LEN);
	if (r->c.dead & ~PVCALL_CALLER_SAVED)
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
	const struct region *reg;
	char a[BUF_SZ], note[BUF_SZ];
	uint64_t opf = r->op + offsetof(struct pvcall_op, name);

	if (!r->has_name)
		problem(ck, "op has no name (name field is 0)%s",
			ua_note(im, opf, note, sizeof(note)));
	else if (!inside(im, r->name_addr, 1, PVCALL_OPS_SECTION, &reg))
		problem(ck, "op name at %s is not inside %s%s",
			fmt_addr(im, r->name_addr, true, a, sizeof(a)),
			PVCALL_OPS_SECTION,
			ua_note(im, opf, note, sizeof(note)));
	else if (!r->name)
		problem(ck, "op name is not NUL-terminated inside %s",
			PVCALL_OPS_SECTION);
}

/* Check 4 for the op's contract.  */
static void check_op_fields(struct checker *ck)
{
	const struct pvcall_op *o = &ck->r->o;
	char regs[REGS_SZ], note[BUF_SZ];
	uint64_t reff = ck->r->op + offsetof(struct pvcall_op, ref);
	bool got_slot = (o->flags & PVCALL_OP_GOT) &&
			!(o->flags & PVCALL_OP_DIRECT);

	if (o->flags & ~KNOWN_OP_FLAGS)
		problem(ck, "op has unknown flags 0x%x",
			o->flags & ~KNOWN_OP_FLAGS);
	if (o->clobbers & ~PVCALL_CALLER_SAVED)
		problem(ck, "op clobbers registers that are not caller-saved: %s",
			fmt_regs(regs, sizeof(regs),
				 o->clobbers & ~PVCALL_CALLER_SAVED));
	if (!(o->clobbers & PVCALL_REG_BIT(PVCALL_REG_RAX)))
		problem(ck, "op clobbers do not include rax");
	if (!ck->r->has_ref)
		problem(ck, "op has no reference (ref field is 0)%s",
			ua_note(ck->im, reff, note, sizeof(note)));
	if (o->offset && !got_slot)
		problem(ck, "op offset is %" PRId32 ", but only a GOT slot op has one",
			o->offset);
}

/* Checks 3 and 4 for the op; true if it can be trusted further.  */
static bool check_op(struct checker *ck)
{
	const struct image *im = ck->im;
	const struct rec *r = ck->r;
	const struct region *reg;
	char a[BUF_SZ], note[BUF_SZ];

	if (!r->has_op) {
		problem(ck, "class has no op (op field is 0)%s",
			ua_note(im, r->cls, note, sizeof(note)));
		return false;
	}
	if (!inside(im, r->op, sizeof(r->o), PVCALL_OPS_SECTION, &reg)) {
		problem(ck, "op at %s is not inside %s%s",
			fmt_addr(im, r->op, true, a, sizeof(a)),
			PVCALL_OPS_SECTION, ua_note(im, r->cls, note,
						    sizeof(note)));
		return false;
	}
	check_op_name(ck);
	/* Another version may mean other fields: do not judge them.  */
	if (r->o.version != PVCALL_SITE_VERSION) {
		problem(ck, "op version is %u, expected %u", r->o.version,
			PVCALL_SITE_VERSION);
		return false;
	}
	check_op_fields(ck);
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

	if (!r->has_target) {
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

/* The register named by [s, s + len), or -1.  */
static int reg_by_name(const char *s, size_t len)
{
	int r;

	for (r = 0; r < PVCALL_NR_REGS; r++) {
		if (strlen(reg_names[r]) == len && !memcmp(s, reg_names[r], len))
			return r;
	}
	return -1;
}

/* The regs value with output out (-1: none) and arguments arg[0..n).  */
static uint32_t make_regs(int out, const int *arg, unsigned int n)
{
	uint32_t regs = (uint32_t)n << 5;
	unsigned int i;

	if (out >= 0)
		regs |= PVCALL_REGS_HAS_OUT | (uint32_t)out;
	for (i = 0; i < n; i++)
		regs |= (uint32_t)arg[i] << (8 + 4 * i);
	return regs;
}

/*
 * What a register stub's name says of its operands, for messages: the
 * register names it ends in, the first of them the output, or after a
 * component "v" all arguments.  False if it ends in no register name.
 */
static bool stub_says(const char *name, uint32_t *regs)
{
	size_t min = strlen(STUB_PREFIX), end = strlen(name), start;
	int comp[1 + MAX_ARGS], arg[1 + MAX_ARGS], out = -1, r;
	unsigned int n = 0, i;
	bool void_out = false;

	while (n < 1 + MAX_ARGS && end > min) {
		for (start = end; start > min && name[start - 1] != '.'; start--)
			;
		r = reg_by_name(name + start, end - start);
		if (r < 0) {
			void_out = end - start == 1 && name[start] == 'v';
			break;
		}
		comp[n++] = r;
		end = start - 1;
	}
	if (!void_out && !n)
		return false;
	if (!void_out)
		out = comp[--n];
	for (i = 0; i < n; i++)
		arg[i] = comp[n - 1 - i];
	*regs = make_regs(out, arg, n);
	return true;
}

/*
 * Whether a register stub's name ends in exactly the components regs
 * says: ".OUT" (".v" for no output), then ".ARG" for each argument.
 */
static bool stub_matches(const char *name, uint32_t regs)
{
	size_t min = strlen(STUB_PREFIX) - 1, end = strlen(name), len;
	unsigned int i = regs_nargs(regs) + 1;
	const char *want;

	while (i--) {
		if (i)
			want = reg_names[PVCALL_REGS_ARG(regs, i - 1)];
		else if (regs & PVCALL_REGS_HAS_OUT)
			want = reg_names[PVCALL_REGS_OUT(regs)];
		else
			want = "v";
		len = strlen(want);
		if (end < min + 1 + len || name[end - len - 1] != '.' ||
		    memcmp(name + end - len, want, len))
			return false;
		end -= len + 1;
	}
	return true;
}

/* Check 8 for an ABI-form site: the operands are in the ABI registers.  */
static void check_abi_regs(struct checker *ck)
{
	uint32_t regs = ck->r->c.regs;
	unsigned int i, n = regs_nargs(regs);
	bool out = regs & PVCALL_REGS_HAS_OUT;
	bool ok = !out || PVCALL_REGS_OUT(regs) == PVCALL_REG_RAX;
	char a[REGS_SZ], b[REGS_SZ];
	int arg[MAX_ARGS];

	for (i = 0; i < n; i++) {
		arg[i] = abi_args[i];
		ok = ok && PVCALL_REGS_ARG(regs, i) == abi_args[i];
	}
	if (!ok)
		problem(ck, "regs say %s, but an ABI-form site has %s",
			fmt_operands(a, sizeof(a), regs),
			fmt_operands(b, sizeof(b),
				     make_regs(out ? PVCALL_REG_RAX : -1, arg,
					       n)));
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
	fmt_operands(a, sizeof(a), r->c.regs);
	if (!name || strncmp(name, STUB_PREFIX, strlen(STUB_PREFIX)))
		problem(ck, "any-register site calls %s, not a " STUB_PREFIX "* stub",
			stub);
	else if (stub_matches(name, r->c.regs))
		return;
	else if (!stub_says(name, &says))
		problem(ck, "regs say %s, stub %s does not end in register names",
			a, stub);
	else
		problem(ck, "regs say %s, stub %s says %s", a, stub,
			fmt_operands(b, sizeof(b), says));
}

/* Check 8: the operand registers, and that they suit the form.  */
static void check_regs(struct checker *ck)
{
	uint32_t regs = ck->r->c.regs;
	unsigned int i, n = regs_nargs(regs);
	bool rsp = (regs & PVCALL_REGS_HAS_OUT) &&
		   PVCALL_REGS_OUT(regs) == PVCALL_REG_RSP;
	char a[REGS_SZ];

	for (i = 0; i < n; i++)
		rsp = rsp || PVCALL_REGS_ARG(regs, i) == PVCALL_REG_RSP;
	if (PVCALL_REGS_NARGS(regs) > MAX_ARGS)
		problem(ck, "regs say %u arguments, at most %u fit",
			PVCALL_REGS_NARGS(regs), MAX_ARGS);
	if (rsp)
		problem(ck, "regs say %s: rsp cannot hold an operand",
			fmt_operands(a, sizeof(a), regs));
	if (PVCALL_REGS_NARGS(regs) > MAX_ARGS)
		return;
	if (ck->r->c.form == PVCALL_FORM_CALL_REL32)
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

static size_t check_records(const struct image *im, const struct rec *recs,
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

/* ---- Per file --------------------------------------------------------- */

/* Count the records of the record sections; reject unusable ones.  */
static int count_records(const struct image *im, const char *secname,
			 size_t *nsec, size_t *nrec, size_t *bad_size)
{
	const struct elf *e = im->e;
	size_t i;

	*nsec = *nrec = *bad_size = 0;
	for (i = 1; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (strcmp(sec_name(e, i), secname))
			continue;
		if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NOBITS)
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

static void decode_all(const struct image *im, const char *secname,
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

static int do_sites(const struct image *im, const struct options *opt)
{
	const char *path = im->e->path;
	size_t nsec, n, bad_size, i, errors;
	struct rec *recs;

	if (count_records(im, opt->section, &nsec, &n, &bad_size))
		return EXIT_BAD;
	if (!nsec) {
		printf("%s: no pvcall sites\n", path);
		return EXIT_FINE;
	}
	recs = xcalloc(n, sizeof(*recs));
	decode_all(im, opt->section, recs);
	if (opt->check) {
		errors = bad_size + check_records(im, recs, n);
		printf("%s: %zu sites checked, %zu error%s\n", path, n, errors,
		       errors == 1 ? "" : "s");
		free(recs);
		return errors ? EXIT_CHECK : EXIT_FINE;
	}
	if (!opt->quiet) {
		if (opt->many)
			printf("%s:\n", path);
		list_header();
		for (i = 0; i < n; i++)
			list_rec(im, &recs[i]);
	}
	summary(im, recs, n);
	if (opt->many && !opt->quiet)
		printf("\n");
	free(recs);
	return EXIT_FINE;
}

static int do_file(const char *path, const struct options *opt)
{
	struct elf e = { .path = path };
	struct image im;
	int ret = EXIT_BAD;

	if (read_whole_file(&e))
		return EXIT_BAD;
	if (parse_elf(&e))
		goto out;
	if (!build_image(&im, &e))
		ret = do_sites(&im, opt);
	free_image(&im);
out:
	free(e.sh);
	free(e.buf);
	return ret;
}

/* ---- Command line ----------------------------------------------------- */

static const char usage_text[] =
"Usage: " PROG " [OPTION]... FILE...\n"
"List the pvcall patch-site records of ELF64 x86-64 files (objects,\n"
"executables, shared objects, kernel images), or check them.\n"
"\n"
"  --check         check every record instead of listing them: each\n"
"                  problem goes to stderr, a count per file to stdout\n"
"  --quiet         print only the summary, not a line per site\n"
"  --section=NAME  read the records from section NAME instead of\n"
"                  " PVCALL_SITES_SECTION "\n"
"  --help          print this help and exit\n"
"  --version       print the record format version and exit\n"
"\n"
"Records are numbered from 0 in messages (site #N).  Sites in an object\n"
"are shown as SECTION+0xOFFSET, in a linked file as addresses.  The ref\n"
"column is the slot a slot op calls through, or the function a direct\n"
"op calls (through the GOT where the op says so).  The regs column says\n"
"where the operands are, OUTPUT<-ARGUMENTS (- for none); the form column\n"
"is abi for a call with them in the ABI registers, any for a call to a\n"
"" STUB_PREFIX "* stub made for the registers the caller chose.\n"
"\n"
"Exit status: 0 if all is well, 1 if --check found errors, 2 for a\n"
"usage error or an unreadable or malformed file.\n";

static int usage_error(const char *msg, const char *arg)
{
	if (arg)
		fprintf(stderr, PROG ": %s '%s'\n", msg, arg);
	else
		fprintf(stderr, PROG ": %s\n", msg);
	fprintf(stderr, "Try '" PROG " --help' for more information.\n");
	return EXIT_BAD;
}

static bool host_is_little_endian(void)
{
	const uint16_t one = 1;
	unsigned char b;

	memcpy(&b, &one, 1);
	return b == 1;
}

/* Parse the options and collect the file names into files.  */
static int parse_args(int argc, char **argv, struct options *opt,
		      char **files, size_t *nfiles)
{
	bool dashdash = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			files[(*nfiles)++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "--check")) {
			opt->check = true;
		} else if (!strcmp(a, "--quiet")) {
			opt->quiet = true;
		} else if (!strncmp(a, "--section=", 10)) {
			opt->section = a + 10;
		} else if (!strcmp(a, "--section")) {
			if (++i >= argc)
				return usage_error("missing NAME after", a);
			opt->section = argv[i];
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			exit(EXIT_FINE);
		} else if (!strcmp(a, "--version")) {
			printf(PROG " %d\n", PVCALL_SITE_VERSION);
			exit(EXIT_FINE);
		} else {
			return usage_error("unknown option", a);
		}
	}
	if (!opt->section[0])
		return usage_error("empty section name", NULL);
	if (!*nfiles)
		return usage_error("no input files", NULL);
	return EXIT_FINE;
}

int main(int argc, char **argv)
{
	struct options opt = { .section = PVCALL_SITES_SECTION };
	char **files = xcalloc(argc, sizeof(char *));
	size_t nfiles = 0, i;
	int status = EXIT_FINE, ret;

	if (!host_is_little_endian()) {
		fprintf(stderr, PROG ": needs a little-endian host\n");
		return EXIT_BAD;
	}
	ret = parse_args(argc, argv, &opt, files, &nfiles);
	if (ret)
		return ret;
	opt.many = nfiles > 1;
	for (i = 0; i < nfiles; i++) {
		ret = do_file(files[i], &opt);
		if (ret > status)
			status = ret;
	}
	free(files);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG ": error writing output\n");
		return EXIT_BAD;
	}
	return status;
}
