/* SPDX-License-Identifier: MIT */
/*
 * check-patched.c - read back what pvcall's own patcher made of a Linux
 * image's sites (CONFIG_GCC_PLUGIN_PVCALL_PATCHER), from memory dumped
 * out of the running kernel, and check every one of them.
 *
 *	check-patched [--delta N] [--pvops-at ADDR] [--pad prefix|nops]
 *		[--xen] IMAGE SYMS PVOPS TEXT...
 *
 * IMAGE is the ELF file whose pvcall records describe the sites: vmlinux,
 * or a module linked at a fixed address (check-linux.sh's pvmod.elf).
 * SYMS is vmlinux, whose symbols name the functions in pv_ops.  PVOPS is
 * FILE@ADDR, the running kernel's pv_ops, dumped from address ADDR; each
 * TEXT is FILE@ADDR, memory dumped from the running kernel.  A site at
 * address A in IMAGE lives at A + N in the running kernel (--delta, for a
 * module; 0 for vmlinux).  The slot an op calls through is found by its
 * offset from pv_ops as IMAGE sees it: the pv_ops symbol of IMAGE, or
 * --pvops-at ADDR where IMAGE only imports it.
 *
 * The expected bytes come from the function in the op's slot, by its name
 * in SYMS, through a table of its own (not the kernel's):
 *   - a one-instruction native op: its template (the runtime's encoders,
 *     which testsuite/pvcall.runtime checks against GNU as) encoded for
 *     the site's registers, after as many 3e prefixes as it is shorter
 *     than the site (--pad prefix, the default, as the kernel pads), or
 *     followed by NOPs (--pad nops, for pvcall=nops); an empty template
 *     is NOPs either way;
 *   - _paravirt_nop: NOPs;
 *   - anything else: `call FUNCTION' at a site in the ABI registers, and
 *     at a register-agnostic one whose operands happen to be in them and
 *     where every register FUNCTION may clobber is free
 *     (agnostic_call_fits()); any other register-agnostic site is an
 *     error (it was left calling its stub, which bare hardware must never
 *     do).
 *
 * --xen says the kernel runs as a Xen PV guest, which gets only the
 * templates that the stock kernel patches in there too: NOPs for
 * _paravirt_nop, and the spinlock ones, where the slot still holds the
 * native function (the stock kernel's ALT_NOT(X86_FEATURE_PVUNLOCK) and
 * ALT_NOT(X86_FEATURE_VCPUPREEMPT)).  Every other function in a slot,
 * native or Xen's, is called: directly where the rule above allows, and
 * through the site's stub (its bytes as compiled) from any other
 * register-agnostic site.
 *
 * A slot that holds NULL (one the running kernel never calls: a Xen PV
 * guest has no set_pgd or alloc_p4d, as it has no 5-level paging) leaves
 * its sites calling their stubs, in either mode.
 *
 * Sites outside every TEXT (init text, freed after boot) are skipped and
 * counted.  Prints one line per wrong site and closes with
 *	check-patched: IMAGE: N sites: I inline, D direct, C stub,
 *		S not dumped, W wrong
 * (on one line), exiting 1 if W is not 0 or nothing was checked, 2 on bad
 * input.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvcall/patch.h"

#define MAX_DUMPS	8

struct blob {
	uint64_t addr;
	unsigned char *data;
	size_t size;
};

struct elf_file {
	const char *path;
	int fd;
	Elf *elf;
};

/* One pvcall section of IMAGE, as linked. */
struct section {
	uint64_t addr;
	unsigned char *data;
	size_t size;
};

static const char *image_path;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "check-patched: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

/* ---- Input ---------------------------------------------------------- */

static void read_file(const char *path, struct blob *b)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die("cannot read %s", path);
	b->size = (size_t)n;
	b->data = malloc(b->size ? b->size : 1);
	if (!b->data || fread(b->data, 1, b->size, f) != b->size)
		die("cannot read %s", path);
	fclose(f);
}

/* FILE@ADDR */
static void read_dump(char *spec, struct blob *b)
{
	char *at = strrchr(spec, '@'), *end;

	if (!at)
		die("%s: want FILE@ADDRESS", spec);
	*at = '\0';
	errno = 0;
	b->addr = strtoull(at + 1, &end, 16);
	if (errno || *end || end == at + 1)
		die("bad address in %s", at + 1);
	read_file(spec, b);
}

static void open_elf(const char *path, struct elf_file *e)
{
	e->path = path;
	e->fd = open(path, O_RDONLY);
	if (e->fd < 0)
		die("cannot open %s", path);
	e->elf = elf_begin(e->fd, ELF_C_READ, NULL);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF)
		die("%s is not an ELF file", path);
}

static int find_section(struct elf_file *e, const char *name,
			struct section *out)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(e->elf, &shstrndx))
		die("%s: no section names", e->path);
	while ((scn = elf_nextscn(e->elf, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) ||
		    strcmp(elf_strptr(e->elf, shstrndx, sh.sh_name), name))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || sh.sh_type == SHT_NOBITS)
			die("%s: section without contents", name);
		out->addr = sh.sh_addr;
		out->data = d->d_buf;
		out->size = d->d_size;
		return 1;
	}
	return 0;
}

/* The symbol table of E, with its string section and its size. */
static Elf_Data *symtab(struct elf_file *e, size_t *strndx, size_t *n)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e->elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB) {
			*strndx = sh.sh_link;
			*n = sh.sh_size / sh.sh_entsize;
			return elf_getdata(scn, NULL);
		}
	die("%s has no symbol table", e->path);
	return NULL;
}

static int symbol_value(struct elf_file *e, const char *name, uint64_t *v)
{
	size_t strndx, n, i;
	Elf_Data *d = symtab(e, &strndx, &n);
	GElf_Sym s;

	for (i = 0; i < n; i++)
		if (gelf_getsym(d, (int)i, &s) && s.st_shndx != SHN_UNDEF &&
		    !strcmp(elf_strptr(e->elf, strndx, s.st_name), name)) {
			*v = s.st_value;
			return 1;
		}
	return 0;
}

/* The name of the function at ADDR in E, or NULL. */
static const char *function_at(struct elf_file *e, uint64_t addr)
{
	size_t strndx, n, i;
	Elf_Data *d = symtab(e, &strndx, &n);
	GElf_Sym s;

	for (i = 0; i < n; i++)
		if (gelf_getsym(d, (int)i, &s) && s.st_value == addr &&
		    s.st_shndx != SHN_UNDEF && s.st_shndx != SHN_ABS &&
		    (GELF_ST_TYPE(s.st_info) == STT_FUNC ||
		     GELF_ST_TYPE(s.st_info) == STT_NOTYPE))
			return elf_strptr(e->elf, strndx, s.st_name);
	return NULL;
}

/* ---- The expected bytes --------------------------------------------- */

/* The one-instruction native ops of Linux 6.1's pv_ops, by the name of
 * the function the native pv_ops holds, and paravirt_nop; xenpv marks
 * those a Xen PV guest gets too.  */
static const struct {
	const char *func;
	pvcall_encoder encode;
	int xenpv;
} natives[] = {
	{ "_paravirt_nop",			pvcall_encode_nop, 1 },
	{ "native_save_fl",			pvcall_encode_save_fl },
	{ "pv_native_irq_disable",		pvcall_encode_cli },
	{ "pv_native_irq_enable",		pvcall_encode_sti },
	{ "native_safe_halt",			pvcall_encode_halt },
	{ "native_halt",			pvcall_encode_hlt },
	{ "_paravirt_ident_64",			pvcall_encode_identity },
	{ "pv_native_read_cr2",			pvcall_encode_read_cr2 },
	{ "pv_native_write_cr2",		pvcall_encode_write_cr2 },
	{ "__native_read_cr3",			pvcall_encode_read_cr3 },
	{ "native_write_cr3",			pvcall_encode_write_cr3 },
	{ "native_read_cr0",			pvcall_encode_read_cr0 },
	{ "native_wbinvd",			pvcall_encode_wbinvd },
	{ "native_load_gdt",			pvcall_encode_lgdt },
	{ "native_load_idt",			pvcall_encode_lidt },
	{ "native_store_tr",			pvcall_encode_str },
	{ "native_set_pte",			pvcall_encode_store },
	{ "native_set_pmd",			pvcall_encode_store },
	{ "native_set_pud",			pvcall_encode_store },
	{ "native_set_p4d",			pvcall_encode_store },
	{ "native_set_pgd",			pvcall_encode_store },
	{ "__raw_callee_save___native_queued_spin_unlock",
						pvcall_encode_store_byte_zero, 1 },
	{ "__raw_callee_save___native_vcpu_is_preempted",
						pvcall_encode_false, 1 },
};

/* The template for FUNC in a slot, or NULL: on a Xen PV guest (XEN),
 * only those the stock kernel patches in there.  */
static pvcall_encoder native_encoder(const char *func, int xen)
{
	size_t i;

	for (i = 0; func && i < sizeof(natives) / sizeof(natives[0]); i++)
		if (!strcmp(natives[i].func, func))
			return !xen || natives[i].xenpv ? natives[i].encode
							: NULL;
	return NULL;
}

/* What the record lets code at the site write, as the patcher computes
 * it (include/pvcall/site.h): the op's clobbers (for a register-agnostic
 * site, without rax), its output and its dead registers.  */
static void operands(const struct pvcall_class *c, const struct pvcall_op *op,
		     struct pvcall_operands *ops)
{
	unsigned int i, allow = op->clobbers;

	ops->out = (c->regs & PVCALL_REGS_HAS_OUT) ?
		   (int)PVCALL_REGS_OUT(c->regs) : -1;
	ops->nargs = PVCALL_REGS_NARGS(c->regs);
	for (i = 0; i < ops->nargs && i < 6; i++)
		ops->args[i] = (int)PVCALL_REGS_ARG(c->regs, i);
	if (c->form == PVCALL_FORM_CALL_REL32_ANY)
		allow &= ~PVCALL_REG_BIT(PVCALL_REG_RAX);
	if (ops->out >= 0)
		allow |= PVCALL_REG_BIT(ops->out);
	ops->free = allow | c->dead;
}

/* ---- The check ------------------------------------------------------ */

struct ctx {
	struct elf_file image, syms;
	struct section sites, classes, ops;
	struct blob pvops;
	uint64_t pvops_in_image;	/* where IMAGE's records put pv_ops */
	int64_t delta;
	int prefix_pad;			/* --pad prefix */
	int xen;			/* --xen */
	struct blob text[MAX_DUMPS];
	int ntext;
	unsigned long n, inl, direct, stub, skipped, wrong;
};

/* The linked address of a self-relative field at OFF in S, resolved. */
static uint64_t ref(const struct section *s, size_t off)
{
	int32_t v;

	if (off + 4 > s->size)
		die("%s: a record points outside its section", image_path);
	memcpy(&v, s->data + off, 4);
	return s->addr + off + (uint64_t)(int64_t)v;
}

/* A copy of the structure at linked address A in S. */
static void fetch(const struct section *s, uint64_t a, void *out, size_t n)
{
	if (a < s->addr || a - s->addr + n > s->size)
		die("%s: a record points outside its section", image_path);
	memcpy(out, s->data + (a - s->addr), n);
}

/* The running bytes at ADDR, or NULL if no dump holds them. */
static const unsigned char *running(struct ctx *cx, uint64_t addr, size_t n)
{
	int i;

	for (i = 0; i < cx->ntext; i++)
		if (addr >= cx->text[i].addr &&
		    addr - cx->text[i].addr + n <= cx->text[i].size)
			return cx->text[i].data + (addr - cx->text[i].addr);
	return NULL;
}

static void hex(char *out, const unsigned char *b, unsigned int n)
{
	unsigned int i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		sprintf(out + (i ? 3 * i - 1 : 0), "%s%02x", i ? " " : "",
			b[i]);
}

static void wrong(struct ctx *cx, uint64_t at, const char *name,
		  const char *why, const unsigned char *got,
		  const unsigned char *want, unsigned int len)
{
	char g[64], w[64];

	hex(g, got, len);
	if (want)
		hex(w, want, len);
	printf("check-patched: %s: site %llx (%s): %s: got %s%s%s\n",
	       image_path, (unsigned long long)at, name, why, g,
	       want ? ", want " : "", want ? w : "");
	cx->wrong++;
}

/*
 * Whether a register-agnostic site of class C and op OP may call the op's
 * function directly (the patcher's rule, written again here from
 * include/pvcall/site.h): the op's clobbers are all its functions may
 * clobber (PVCALL_OP_EXACT), its sites were compiled for the kernel's
 * 8-byte stack boundary (PVCALL_OP_STACK8), the operands are in the ABI
 * registers, and every register the function may clobber (rax always)
 * is the output or dead.
 */
static int agnostic_call_fits(const struct pvcall_class *c,
			      const struct pvcall_op *op)
{
	static const int abi[6] = { PVCALL_REG_RDI, PVCALL_REG_RSI,
				    PVCALL_REG_RDX, PVCALL_REG_RCX,
				    PVCALL_REG_R8, PVCALL_REG_R9 };
	unsigned int both = PVCALL_OP_EXACT | PVCALL_OP_STACK8, i;
	struct pvcall_operands ops;

	if (c->form != PVCALL_FORM_CALL_REL32_ANY ||
	    (op->flags & both) != both)
		return 0;
	operands(c, op, &ops);
	if (ops.out >= 0 && ops.out != PVCALL_REG_RAX)
		return 0;
	for (i = 0; i < ops.nargs; i++)
		if (i >= 6 || ops.args[i] != abi[i])
			return 0;
	return !((op->clobbers | PVCALL_REG_BIT(PVCALL_REG_RAX)) & ~ops.free);
}

/*
 * Whether GOT, the bytes of the register-agnostic site at SITE in IMAGE,
 * is still its call to its stub (the class's target at CLS_AT), as
 * compiled.  In vmlinux (no --delta) the stub is where IMAGE has it.  In a
 * module it may not be: the loader places the stubs' sections apart from
 * the site's, so there the site must be a call, and not to FUNC, the
 * function in the slot, which is what the patcher would have written.
 */
static int stub_call(struct ctx *cx, const unsigned char *got, uint64_t site,
		     uint64_t cls_at, uint64_t func)
{
	uint64_t stub = ref(&cx->classes, cls_at - cx->classes.addr + 4);
	uint64_t at = site + (uint64_t)cx->delta;
	int32_t rel;

	if (got[0] != 0xe8)
		return 0;
	memcpy(&rel, got + 1, 4);
	if (cx->delta)
		return at + 5 + (uint64_t)(int64_t)rel != func;
	return site + 5 + (uint64_t)(int64_t)rel == stub;
}

static void check_site(struct ctx *cx, size_t off)
{
	uint64_t site = ref(&cx->sites, off), cls_at = ref(&cx->sites, off + 4);
	uint64_t at = site + (uint64_t)cx->delta, op_at, name_at, slot, func;
	struct pvcall_class c;
	struct pvcall_op op;
	struct pvcall_operands ops;
	unsigned char want[16], code[PVCALL_MAX_INSN];
	const unsigned char *got;
	unsigned int clobbers = 0;
	const char *name, *fname;
	pvcall_encoder enc;
	int len;

	cx->n++;
	fetch(&cx->classes, cls_at, &c, sizeof(c));
	op_at = ref(&cx->classes, cls_at - cx->classes.addr);
	fetch(&cx->ops, op_at, &op, sizeof(op));
	name_at = ref(&cx->ops, op_at - cx->ops.addr + 4);
	if (name_at < cx->ops.addr || name_at >= cx->ops.addr + cx->ops.size ||
	    !memchr(cx->ops.data + (name_at - cx->ops.addr), '\0',
		    cx->ops.addr + cx->ops.size - name_at))
		die("%s: an op's name lies outside its section", image_path);
	name = (const char *)cx->ops.data + (name_at - cx->ops.addr);
	got = running(cx, at, c.len);
	if (!got) {
		cx->skipped++;
		return;
	}
	if (c.len > sizeof(want) || (op.flags & PVCALL_OP_DIRECT)) {
		wrong(cx, at, name, "not a pv_ops slot site", got, NULL,
		      c.len > 8 ? 8 : c.len);
		return;
	}
	slot = ref(&cx->ops, op_at - cx->ops.addr + 8) - cx->pvops_in_image;
	if (slot + 8 > cx->pvops.size) {
		wrong(cx, at, name, "slot outside pv_ops", got, NULL, c.len);
		return;
	}
	memcpy(&func, cx->pvops.data + slot, 8);
	if (!func) {
		if (!stub_call(cx, got, site, cls_at, func)) {
			wrong(cx, at, name, "empty slot, not the call to its stub",
			      got, NULL, c.len);
			return;
		}
		cx->stub++;
		return;
	}
	fname = function_at(&cx->syms, func);
	enc = native_encoder(fname, cx->xen);
	if (enc) {
		operands(&c, &op, &ops);
		len = enc(&ops, code, &clobbers);
		if (len < 0 || (unsigned int)len > c.len ||
		    (clobbers & ~ops.free)) {
			wrong(cx, at, name, "no template fits", got, NULL,
			      c.len);
			return;
		}
		if (cx->prefix_pad && len) {
			memset(want, PVCALL_PAD_PREFIX, c.len - (size_t)len);
			memcpy(want + c.len - len, code, (size_t)len);
		} else {
			memcpy(want, code, (size_t)len);
			pvcall_fill_nops(want + len, c.len - (unsigned int)len);
		}
		cx->inl++;
	} else if (c.form == PVCALL_FORM_CALL_REL32 ||
		   agnostic_call_fits(&c, &op)) {
		int64_t rel = (int64_t)(func - (at + 5));

		if (rel != (int32_t)rel) {
			wrong(cx, at, name, "target out of reach", got, NULL,
			      c.len);
			return;
		}
		want[0] = 0xe8;
		memcpy(want + 1, &(int32_t){ (int32_t)rel }, 4);
		pvcall_fill_nops(want + 5, c.len - 5);
		cx->direct++;
	} else if (cx->xen && fname && c.len == 5) {
		if (!stub_call(cx, got, site, cls_at, func)) {
			wrong(cx, at, name, "not the call to its stub", got,
			      NULL, c.len);
			return;
		}
		cx->stub++;
		return;
	} else {
		wrong(cx, at, name, fname ?
		      "register-agnostic site of an op without a template" :
		      "slot holds no known function", got, NULL, c.len);
		return;
	}
	if (memcmp(got, want, c.len))
		wrong(cx, at, name, fname ? fname : "?", got, want, c.len);
}

static void usage(void)
{
	fprintf(stderr, "usage: check-patched [--delta N] [--pvops-at ADDR] "
		"[--pad prefix|nops] [--xen] IMAGE SYMS PVOPS@ADDR TEXT@ADDR...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct ctx cx;
	int i = 1, have_at = 0;
	size_t off;

	memset(&cx, 0, sizeof(cx));
	cx.prefix_pad = 1;
	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--xen")) {
			cx.xen = 1;
			i--;
		} else if (!strcmp(argv[i], "--delta"))
			cx.delta = strtoll(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--pad") &&
			 (!strcmp(argv[i + 1], "prefix") ||
			  !strcmp(argv[i + 1], "nops")))
			cx.prefix_pad = !strcmp(argv[i + 1], "prefix");
		else if (!strcmp(argv[i], "--pvops-at")) {
			cx.pvops_in_image = strtoull(argv[i + 1], NULL, 16);
			have_at = 1;
		} else
			usage();
	}
	if (argc - i < 4 || argc - i - 3 > MAX_DUMPS)
		usage();
	if (elf_version(EV_CURRENT) == EV_NONE)
		die("%s", "libelf is too old");
	image_path = argv[i];
	open_elf(argv[i], &cx.image);
	open_elf(argv[i + 1], &cx.syms);
	read_dump(argv[i + 2], &cx.pvops);
	for (i += 3; i < argc; i++)
		read_dump(argv[i], &cx.text[cx.ntext++]);
	if (!have_at && !symbol_value(&cx.image, "pv_ops", &cx.pvops_in_image))
		die("%s defines no pv_ops: give --pvops-at", image_path);
	if (!find_section(&cx.image, PVCALL_SITES_SECTION, &cx.sites) ||
	    !find_section(&cx.image, PVCALL_CLASSES_SECTION, &cx.classes) ||
	    !find_section(&cx.image, PVCALL_OPS_SECTION, &cx.ops))
		die("%s has no pvcall records", image_path);
	for (off = 0; off + 8 <= cx.sites.size; off += 8)
		check_site(&cx, off);
	printf("check-patched: %s: %lu sites: %lu inline, %lu direct, "
	       "%lu stub, %lu not dumped, %lu wrong\n", image_path, cx.n,
	       cx.inl, cx.direct, cx.stub, cx.skipped, cx.wrong);
	return cx.wrong || cx.inl + cx.direct + cx.stub == 0;
}
