/* SPDX-License-Identifier: MIT */
/*
 * pvcall/format.h - what the record format means, in one place.
 *
 * <pvcall/site.h> is the binary layout; this header is the knowledge that
 * the plugin, the runtime patcher and the pvcall-sites tool share about
 * it: the names of the registers, the ABI's argument registers, the text
 * of a register mask and of a site's operands, the regs field, the names
 * of the register-agnostic stubs, and which records are valid.  A change
 * to the format is made here once.
 *
 * Everything is static inline and freestanding: no libc (the runtime is
 * built -ffreestanding, and the header is copied into Linux with it), so
 * text is appended with the pvcall_str helpers below rather than with
 * snprintf.  It also compiles as C++ (g++ -fno-rtti -fno-exceptions, for
 * the plugin): no designated initialisers, no compound literals, casts
 * from void * spelled out, no restrict, no declarations after statements.
 */
#ifndef PVCALL_FORMAT_H
#define PVCALL_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif
#include "pvcall/site.h"

/* The argument registers a regs field (and the ABI) has room for.  */
#define PVCALL_MAX_ARGS			6

/* The flags of struct pvcall_op this version defines.  */
#define PVCALL_OP_KNOWN_FLAGS	(PVCALL_OP_DIRECT | PVCALL_OP_GOT | \
				 PVCALL_OP_LOCAL | PVCALL_OP_EXACT | \
				 PVCALL_OP_STACK8)

/* Every register-agnostic site's stub is named
 * "__pvcall.r.OPKEY[.rx|.ri][.a16][.dMASK].OUT[.ARG]...".  */
#define PVCALL_STUB_PREFIX		"__pvcall.r."

/* ---- Registers ---------------------------------------------------- */

/* The name of hardware register REG ("rax"), or "?".  */
static inline const char *pvcall_reg_name(unsigned int reg)
{
	static const char names[PVCALL_NR_REGS][4] = {
		"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
		"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	};

	return reg < PVCALL_NR_REGS ? names[reg] : "?";
}

/* The register named by the LEN characters at S, or -1.  */
static inline int pvcall_reg_lookup(const char *s, size_t len)
{
	unsigned int r;
	size_t i;

	for (r = 0; r < PVCALL_NR_REGS; r++) {
		const char *name = pvcall_reg_name(r);

		for (i = 0; i < len && name[i] == s[i]; i++)
			;
		if (i == len && !name[len])
			return (int)r;
	}
	return -1;
}

/* Argument register I (0-5) of the SysV ABI: rdi, rsi, rdx, rcx, r8, r9. */
static inline unsigned int pvcall_abi_arg(unsigned int i)
{
	static const unsigned char regs[PVCALL_MAX_ARGS] = {
		PVCALL_REG_RDI, PVCALL_REG_RSI, PVCALL_REG_RDX,
		PVCALL_REG_RCX, PVCALL_REG_R8, PVCALL_REG_R9,
	};

	return i < PVCALL_MAX_ARGS ? regs[i] : (unsigned int)PVCALL_NR_REGS;
}

/* ---- The regs field (struct pvcall_class.regs) -------------------- */

/* The output register, or -1 for none.  */
static inline int pvcall_regs_out(uint32_t regs)
{
	return (regs & PVCALL_REGS_HAS_OUT) ? (int)PVCALL_REGS_OUT(regs) : -1;
}

/* The argument registers that can be read: at most PVCALL_MAX_ARGS, even
 * where a damaged field says more.  */
static inline unsigned int pvcall_regs_nargs(uint32_t regs)
{
	unsigned int n = PVCALL_REGS_NARGS(regs);

	return n < PVCALL_MAX_ARGS ? n : PVCALL_MAX_ARGS;
}

/* The field for output OUT (-1: none) and arguments ARGS[0..N).  */
static inline uint32_t pvcall_regs_make(int out, const int *args,
					unsigned int n)
{
	uint32_t regs = (uint32_t)n << 5;
	unsigned int i;

	if (out >= 0)
		regs |= PVCALL_REGS_HAS_OUT | (uint32_t)out;
	for (i = 0; i < n; i++)
		regs |= (uint32_t)args[i] << (8 + 4 * i);
	return regs;
}

/* The field of an ABI-form site with as many operands as REGS.  */
static inline uint32_t pvcall_regs_abi(uint32_t regs)
{
	int args[PVCALL_MAX_ARGS];
	unsigned int i, n = pvcall_regs_nargs(regs);

	for (i = 0; i < n; i++)
		args[i] = (int)pvcall_abi_arg(i);
	return pvcall_regs_make((regs & PVCALL_REGS_HAS_OUT) ?
				PVCALL_REG_RAX : -1, args, n);
}

/* Whether the operands are where the ABI puts them: argument i in
 * pvcall_abi_arg(i), the output (if any) in rax.  */
static inline int pvcall_regs_are_abi(uint32_t regs)
{
	int out = pvcall_regs_out(regs);
	unsigned int i, n = pvcall_regs_nargs(regs);

	if (out >= 0 && out != PVCALL_REG_RAX)
		return 0;
	for (i = 0; i < n; i++)
		if (PVCALL_REGS_ARG(regs, i) != pvcall_abi_arg(i))
			return 0;
	return 1;
}

/* ---- Text, without libc ------------------------------------------- */

/* A string being appended to in a buffer of SIZE bytes: what does not
 * fit is cut, and the buffer always holds a NUL-terminated string.  */
struct pvcall_str {
	char *buf;
	size_t size;
	size_t len;
};

static inline void pvcall_str_init(struct pvcall_str *s, char *buf,
				   size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	if (size)
		buf[0] = '\0';
}

static inline void pvcall_str_add(struct pvcall_str *s, const char *t)
{
	while (*t && s->len + 1 < s->size)
		s->buf[s->len++] = *t++;
	if (s->size)
		s->buf[s->len] = '\0';
}

/* V in lower-case hex, at least WIDTH digits (printf's "%0*x").  */
static inline void pvcall_str_hex(struct pvcall_str *s, uint32_t v,
				  unsigned int width)
{
	char digits[9];
	unsigned int n = 8;

	digits[8] = '\0';
	do {
		digits[--n] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while ((v || 8 - n < width) && n > 0);
	pvcall_str_add(s, digits + n);
}

/* The registers of MASK by name, separated by SEP ("rax,rcx" for the
 * tool, "rax, rcx" for the plugin's diagnostics); nothing if empty.  */
static inline void pvcall_str_mask(struct pvcall_str *s, unsigned int mask,
				   const char *sep)
{
	unsigned int r, first = 1;

	for (r = 0; r < PVCALL_NR_REGS; r++) {
		if (!(mask & PVCALL_REG_BIT(r)))
			continue;
		if (!first)
			pvcall_str_add(s, sep);
		pvcall_str_add(s, pvcall_reg_name(r));
		first = 0;
	}
}

/* MASK as text into BUF: pvcall_str_mask, or EMPTY for no register.  */
static inline const char *pvcall_mask_text(char *buf, size_t size,
					   unsigned int mask, const char *sep,
					   const char *empty)
{
	struct pvcall_str s;

	pvcall_str_init(&s, buf, size);
	pvcall_str_mask(&s, mask, sep);
	if (!s.len)
		pvcall_str_add(&s, empty);
	return buf;
}

/*
 * A site's operands as "OUT<-ARG1,ARG2": "-" for no output, ",?" after
 * the arguments a damaged field says it has but cannot hold, and "-"
 * alone if there are no operands at all.
 */
static inline const char *pvcall_operands_text(char *buf, size_t size,
					       uint32_t regs)
{
	int out = pvcall_regs_out(regs);
	unsigned int i, n = pvcall_regs_nargs(regs);
	struct pvcall_str s;

	pvcall_str_init(&s, buf, size);
	if (out < 0 && !PVCALL_REGS_NARGS(regs)) {
		pvcall_str_add(&s, "-");
		return buf;
	}
	pvcall_str_add(&s, out >= 0 ? pvcall_reg_name((unsigned int)out)
				    : "-");
	pvcall_str_add(&s, "<-");
	for (i = 0; i < n; i++) {
		if (i)
			pvcall_str_add(&s, ",");
		pvcall_str_add(&s, pvcall_reg_name(PVCALL_REGS_ARG(regs, i)));
	}
	if (PVCALL_REGS_NARGS(regs) > PVCALL_MAX_ARGS)
		pvcall_str_add(&s, ",?");
	return buf;
}

/* ---- Stub names ---------------------------------------------------- */

static inline size_t pvcall_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Whether NAME is a register-agnostic site's stub.  */
static inline int pvcall_is_stub(const char *name)
{
	const char *p = PVCALL_STUB_PREFIX;

	while (*p && *p == *name) {
		p++;
		name++;
	}
	return !*p;
}

/*
 * The head of a stub's name, "__pvcall.r.OPKEY[BRANCH][.a16][.dMASK]":
 * BRANCH is "", ".rx" or ".ri"; A16 says that the stub realigns the
 * stack; DROPPED names the saves left out because those registers are
 * dead at the sites (0: none).  pvcall_str_stub_regs writes the rest.
 */
static inline void pvcall_str_stub_head(struct pvcall_str *s, const char *key,
					const char *branch, int a16,
					unsigned int dropped)
{
	pvcall_str_add(s, PVCALL_STUB_PREFIX);
	pvcall_str_add(s, key);
	pvcall_str_add(s, branch);
	if (a16)
		pvcall_str_add(s, ".a16");
	if (dropped) {
		pvcall_str_add(s, ".d");
		pvcall_str_hex(s, dropped, 3);
	}
}

/* The operands of a stub's name: ".OUT" (".v" for none), then ".ARG"
 * for each argument.  */
static inline void pvcall_str_stub_regs(struct pvcall_str *s, uint32_t regs)
{
	int out = pvcall_regs_out(regs);
	unsigned int i, n = pvcall_regs_nargs(regs);

	pvcall_str_add(s, ".");
	pvcall_str_add(s, out >= 0 ? pvcall_reg_name((unsigned int)out) : "v");
	for (i = 0; i < n; i++) {
		pvcall_str_add(s, ".");
		pvcall_str_add(s, pvcall_reg_name(PVCALL_REGS_ARG(regs, i)));
	}
}

/*
 * The start of the last dot-separated component of NAME[0..END) that
 * lies after the stub prefix: the head of a stub's name never ends in a
 * register name (OPKEY ends in a hex mask, ".pMASK" or ".g"), so the
 * operands are read from the end.
 */
static inline size_t pvcall_stub_component(const char *name, size_t end)
{
	size_t min = sizeof(PVCALL_STUB_PREFIX) - 1, start;

	for (start = end; start > min && name[start - 1] != '.'; start--)
		;
	return start;
}

/*
 * What a stub's name says of its operands: the register names it ends
 * in, the first of them the output, or after a component "v" all
 * arguments.  0 if it ends in no register name (or is not a stub).
 */
static inline int pvcall_stub_parse(const char *name, uint32_t *regs)
{
	size_t min = sizeof(PVCALL_STUB_PREFIX) - 1, end, start;
	int comp[1 + PVCALL_MAX_ARGS], arg[1 + PVCALL_MAX_ARGS], out = -1, r;
	unsigned int n = 0, i;
	int void_out = 0;

	if (!pvcall_is_stub(name))
		return 0;
	end = pvcall_strlen(name);
	while (n < 1 + PVCALL_MAX_ARGS && end > min) {
		start = pvcall_stub_component(name, end);
		r = pvcall_reg_lookup(name + start, end - start);
		if (r < 0) {
			void_out = end - start == 1 && name[start] == 'v';
			break;
		}
		comp[n++] = r;
		end = start - 1;
	}
	if (!void_out && !n)
		return 0;
	if (!void_out)
		out = comp[--n];
	for (i = 0; i < n; i++)
		arg[i] = comp[n - 1 - i];
	*regs = pvcall_regs_make(out, arg, n);
	return 1;
}

/* Whether a stub's name ends in exactly the operands REGS says
 * (pvcall_str_stub_regs).  */
static inline int pvcall_stub_matches(const char *name, uint32_t regs)
{
	size_t min = sizeof(PVCALL_STUB_PREFIX) - 2, end, len, k;
	unsigned int i = pvcall_regs_nargs(regs) + 1;
	int out = pvcall_regs_out(regs);
	const char *want;

	if (!pvcall_is_stub(name))
		return 0;
	end = pvcall_strlen(name);
	while (i--) {
		if (i)
			want = pvcall_reg_name(PVCALL_REGS_ARG(regs, i - 1));
		else
			want = out >= 0 ? pvcall_reg_name((unsigned int)out)
					: "v";
		len = pvcall_strlen(want);
		if (end < min + 1 + len || name[end - len - 1] != '.')
			return 0;
		for (k = 0; k < len; k++)
			if (name[end - len + k] != want[k])
				return 0;
		end -= len + 1;
	}
	return 1;
}

/* ---- Valid records ------------------------------------------------- */

/*
 * What can be wrong with a class or an op on its own, one bit each.  The
 * patcher rejects a site whose class or op has any of them; pvcall-sites
 * --check reports each.  Where the class and op lie (inside their
 * tables) and whether the site's bytes match are checked by each reader
 * against its own view of the image.
 */
#define PVCALL_BAD_FORM		0x0001u	/* not a PVCALL_FORM_* */
#define PVCALL_BAD_LEN		0x0002u	/* not PVCALL_CALL_REL32_LEN */
#define PVCALL_BAD_DEAD		0x0004u	/* dead registers that are not
					 * caller-saved */
#define PVCALL_BAD_NARGS	0x0008u	/* more than PVCALL_MAX_ARGS */
#define PVCALL_BAD_RSP		0x0010u	/* rsp holds an operand */
#define PVCALL_BAD_ABI_REGS	0x0020u	/* an ABI-form site's operands are
					 * not in the ABI registers */
#define PVCALL_BAD_TARGET	0x0040u	/* no target */
#define PVCALL_BAD_VERSION	0x0100u	/* not PVCALL_SITE_VERSION: the
					 * other bits of the op are then
					 * not judged */
#define PVCALL_BAD_FLAGS	0x0200u	/* flags this version lacks */
#define PVCALL_BAD_CLOBBERS	0x0400u	/* clobbers that are not
					 * caller-saved */
#define PVCALL_BAD_NO_RAX	0x0800u	/* clobbers without rax */
#define PVCALL_BAD_REF		0x1000u	/* a GOT op without its GOT entry
					 * (another op's ref of 0 says it
					 * has no implementation) */
#define PVCALL_BAD_OFFSET	0x2000u	/* an offset, but not a GOT slot op */

/* The faults of class C (PVCALL_BAD_*).  Only caller-saved registers can
 * be dead (<pvcall/site.h>): a class naming others is damaged, and a
 * patcher could hand rbx or rbp to its template as scratch.  */
static inline unsigned int pvcall_class_faults(const struct pvcall_class *c)
{
	unsigned int bad = 0, i, n = pvcall_regs_nargs(c->regs);

	if (c->form != PVCALL_FORM_CALL_REL32 &&
	    c->form != PVCALL_FORM_CALL_REL32_ANY)
		bad |= PVCALL_BAD_FORM;
	if (c->len != PVCALL_CALL_REL32_LEN)
		bad |= PVCALL_BAD_LEN;
	if (c->dead & ~PVCALL_CALLER_SAVED)
		bad |= PVCALL_BAD_DEAD;
	if (PVCALL_REGS_NARGS(c->regs) > PVCALL_MAX_ARGS)
		bad |= PVCALL_BAD_NARGS;
	if (pvcall_regs_out(c->regs) == PVCALL_REG_RSP)
		bad |= PVCALL_BAD_RSP;
	for (i = 0; i < n; i++)
		if (PVCALL_REGS_ARG(c->regs, i) == PVCALL_REG_RSP)
			bad |= PVCALL_BAD_RSP;
	if (c->form == PVCALL_FORM_CALL_REL32 &&
	    !pvcall_regs_are_abi(c->regs))
		bad |= PVCALL_BAD_ABI_REGS;
	if (!c->target)
		bad |= PVCALL_BAD_TARGET;
	return bad;
}

/* The faults of op OP (PVCALL_BAD_*); of another version, only that.  */
static inline unsigned int pvcall_op_faults(const struct pvcall_op *op)
{
	unsigned int bad = 0;
	int got_slot = (op->flags & PVCALL_OP_GOT) &&
		       !(op->flags & PVCALL_OP_DIRECT);

	if (op->version != PVCALL_SITE_VERSION)
		return PVCALL_BAD_VERSION;
	if (op->flags & ~PVCALL_OP_KNOWN_FLAGS)
		bad |= PVCALL_BAD_FLAGS;
	if (op->clobbers & ~PVCALL_CALLER_SAVED)
		bad |= PVCALL_BAD_CLOBBERS;
	if (!(op->clobbers & PVCALL_REG_BIT(PVCALL_REG_RAX)))
		bad |= PVCALL_BAD_NO_RAX;
	if ((op->flags & PVCALL_OP_GOT) && !op->ref)
		bad |= PVCALL_BAD_REF;
	if (op->offset && !got_slot)
		bad |= PVCALL_BAD_OFFSET;
	return bad;
}

/* Whether a site of class C and op OP may be patched at all: 0, or the
 * PVCALL_BAD_* that say why not.  */
static inline unsigned int pvcall_record_faults(const struct pvcall_class *c,
						const struct pvcall_op *op)
{
	return pvcall_class_faults(c) | pvcall_op_faults(op);
}

#endif /* PVCALL_FORMAT_H */
