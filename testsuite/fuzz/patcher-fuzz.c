/* SPDX-License-Identifier: MIT */
/*
 * patcher-fuzz.c - libFuzzer harness for the runtime's patcher.
 *
 * The input describes a small text (256 bytes), some call sites in it,
 * their classes, two ops (through a slot or direct, either through a GOT
 * entry or not) and the backend's templates for them (any of the
 * runtime's encoders, by name or by implementation, direct calls only,
 * or none), all in writable memory with self-relative fields, mostly
 * well-formed and sometimes not (a class outside its table, a site of 0,
 * bad versions, forms, lengths and registers, overlapping sites, sites
 * that do not hold their call).  Then, as a kernel would:
 *   1. pvcall_patch(), possibly with one text write failing;
 *   2. pvcall_patch() again: it must write only the sites whose write
 *      failed in 1;
 *   3. possibly, with each op's implementation changed (the slot or the
 *      function moved, or cleared, the old one in backend->prev_targets),
 *      pvcall_patch() once more;
 *   4. pvcall_unpatch(), with the first implementations back, perhaps
 *      with a text write failing.
 * Checked after each step, besides what AddressSanitizer and UBSan see:
 *   - the text-write callback is only ever called for 5 bytes inside the
 *     text, at the address of a record's site, at most once per site and
 *     step;
 *   - bytes change only inside sites whose record is valid by the format
 *     (<pvcall/format.h>);
 *   - every site holds its original bytes or a complete replacement: a
 *     direct call to the op's current implementation (at an ABI-form
 *     site, or at a register-agnostic one only where <pvcall/site.h>
 *     allows it: an op with PVCALL_OP_EXACT and PVCALL_OP_STACK8, the
 *     operands in the ABI registers, rax the output or dead), or
 *     the template's instructions for the site's registers followed by
 *     NOPs, which decode to whole instructions ending at the site's end,
 *     keep the stack balanced and write no register the record does not
 *     allow (nor one the encoder does not report);
 *   - after step 4, the text is exactly what it was, but where a site
 *     held a replacement to begin with (or a direct call to one of
 *     prev_targets): there the patcher took it for patched, and
 *     unpatching puts the compiler's call.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *	    testsuite/fuzz/patcher-fuzz.c runtime/patch.c runtime/encode.c
 *	./a.out -max_total_time=600 testsuite/fuzz/patcher-corpus
 *
 * Built with -DPATCHER_FUZZ_REPLAY (any compiler), main() runs the files
 * named on the command line instead: the regression replay in make check.
 *
 * The input is read in order: text, ops, classes, sites, then (appended
 * later, so that older corpus files keep their meaning: a missing byte
 * reads as 0) each op's template, the steps to take, each op's choice
 * among all the encoders (which overrides its template byte), and which
 * ops have PVCALL_OP_EXACT (bit 0 op "a", bit 1 op "b") and
 * PVCALL_OP_STACK8 (bits 2 and 3).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvcall/patch.h"
#include "pvcall/format.h"

#define TEXT_SIZE	256
#define MAX_SITES	16
#define NCLASSES	4
#define SITE_LEN	PVCALL_CALL_REL32_LEN

static unsigned char text[TEXT_SIZE + 64];	/* stubs live past the text */
static unsigned char original[TEXT_SIZE];
static unsigned char writes[TEXT_SIZE];		/* this step, per byte */
static struct pvcall_site sites[MAX_SITES];
static struct pvcall_class classes[NCLASSES];
static struct { struct pvcall_op op; char name[4]; } ops[2];
static void *slots[2];
static const void *got[2];	/* PVCALL_OP_GOT: the table, or the function */
static struct pvcall_template templates[2];
static const void *prev_targets[2];
static const void *ever_prev[4];	/* every prev_targets of this input */
static unsigned int nprev;
static unsigned int nsites;
static unsigned char odd[MAX_SITES];	/* class outside its table, or
					 * no site */
static int fail_write;		/* fail the fail_write-th write; 0: none */
static int nwrites, nfailed;
static const unsigned char *failed_site;	/* the write that failed */

static void set_ref(int32_t *field, const void *to)
{
	*field = (int32_t)((const char *)to - (const char *)field);
}

static int write_text(void *ctx, void *dst, const void *src, size_t len)
{
	unsigned char *d = (unsigned char *)dst;
	unsigned int i;
	int known = 0;

	(void)ctx;
	if (len != SITE_LEN || d < text || d + len > text + TEXT_SIZE)
		abort();		/* wrote outside the text */
	for (i = 0; i < nsites; i++)
		if (pvcall_ref(&sites[i].site) == dst)
			known = 1;
	if (!known)
		abort();		/* wrote where no record points */
	if (writes[d - text]++)
		abort();		/* wrote one site twice in a step */
	if (++nwrites == fail_write) {
		nfailed++;
		failed_site = d;
		return -1;
	}
	memcpy(dst, src, len);
	return 0;
}

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned int take(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* The stub area past the text: slot values, functions, call targets.  */
static unsigned char *stub(unsigned int i)
{
	return text + TEXT_SIZE + 16 * (i & 3);
}

/* The implementation op I calls now.  */
static const void *op_target(unsigned int i)
{
	const struct pvcall_op *op = &ops[i].op;

	if (!(op->flags & PVCALL_OP_DIRECT))
		return slots[i];
	return op->flags & PVCALL_OP_GOT ? got[i] : pvcall_ref(&op->ref);
}

/* Move op I's implementation to TO, or to none (a slot not yet set).  */
static void retarget(unsigned int i, unsigned char *to)
{
	unsigned int flags = ops[i].op.flags;

	if (!(flags & PVCALL_OP_DIRECT))
		slots[i] = to;
	else if (flags & PVCALL_OP_GOT)
		got[i] = to;
	else if (to)
		set_ref(&ops[i].op.ref, to);
	else
		ops[i].op.ref = 0;
}

static void build(struct input *in)
{
	unsigned int i, j;

	for (i = 0; i < TEXT_SIZE; i++)
		text[i] = (unsigned char)take(in);
	for (i = 0; i < 2; i++) {
		struct pvcall_op *op = &ops[i].op;

		memset(op, 0, sizeof(*op));
		op->version = take(in) < 240 ? PVCALL_SITE_VERSION : (uint8_t)take(in);
		op->flags = (uint8_t)(take(in) & 0x7);
		op->clobbers = (uint16_t)(PVCALL_REG_BIT(PVCALL_REG_RAX) |
					  (take(in) << 1));
		strcpy(ops[i].name, i ? "b" : "a");
		set_ref(&op->name, ops[i].name);
		slots[i] = stub(i);
		if (op->flags & PVCALL_OP_GOT) {
			/* The GOT entry holds the function, or the table
			 * (slots) with the slot at op->offset in it.  */
			got[i] = op->flags & PVCALL_OP_DIRECT ? (const void *)stub(i)
							     : (const void *)slots;
			if (!(op->flags & PVCALL_OP_DIRECT))
				op->offset = (int32_t)(i * sizeof(slots[0]));
			set_ref(&op->ref, &got[i]);
		} else if (op->flags & PVCALL_OP_DIRECT) {
			set_ref(&op->ref, stub(i));
		} else {
			set_ref(&op->ref, &slots[i]);
		}
	}
	for (i = 0; i < NCLASSES; i++) {
		struct pvcall_class *c = &classes[i];
		unsigned int nargs = take(in) % 8;

		set_ref(&c->op, &ops[take(in) & 1].op);
		set_ref(&c->target, stub(take(in)));
		c->dead = (uint16_t)(take(in) | take(in) << 8);
		c->len = take(in) < 250 ? SITE_LEN : (uint8_t)take(in);
		c->form = (uint8_t)(1 + (take(in) % 3 == 0));
		c->regs = (take(in) & 0x1f) | nargs << 5;
		for (j = 0; j < 6; j++)
			c->regs |= (take(in) & 0xfu) << (8 + 4 * j);
	}
	nsites = take(in) % (MAX_SITES + 1);
	for (i = 0; i < nsites; i++) {
		unsigned int at = take(in) % (TEXT_SIZE + 8);
		struct pvcall_class *c = &classes[take(in) % NCLASSES];

		set_ref(&sites[i].site, text + at);
		set_ref(&sites[i].cls, c);
		/* Usually a well-formed call to the class target.  */
		if (take(in) < 200 && at + SITE_LEN <= TEXT_SIZE) {
			int32_t rel = (int32_t)((const unsigned char *)
						pvcall_ref(&c->target) -
						(text + at + SITE_LEN));

			text[at] = 0xe8;
			memcpy(text + at + 1, &rel, 4);
		}
	}
}

static const pvcall_encoder encoders[] = {
	pvcall_encode_nop, pvcall_encode_identity, pvcall_encode_save_fl,
	pvcall_encode_restore_fl, pvcall_encode_cli, pvcall_encode_sti,
	pvcall_encode_read_cr2, pvcall_encode_read_cr3,
	pvcall_encode_write_cr3, pvcall_encode_invlpg, pvcall_encode_halt,
	pvcall_encode_zero,
	/* Added after the corpus began: only byte X reaches them.  */
	pvcall_encode_hlt, pvcall_encode_wbinvd, pvcall_encode_read_cr0,
	pvcall_encode_write_cr2, pvcall_encode_lgdt, pvcall_encode_lidt,
	pvcall_encode_str, pvcall_encode_store,
	pvcall_encode_store_byte_zero, pvcall_encode_false,
};
#define NENCODERS	(sizeof(encoders) / sizeof(encoders[0]))
#define NFIRST		12	/* the encoders byte T chooses from */

/*
 * Op I's template, from byte T: 0 the first harness's (identity for "a",
 * zero for "b"), then each of the first NFIRST encoders by name, then
 * direct calls only (no encoder), then no template at all, then the
 * default encoder matched by the op's implementation instead of its name.
 * A nonzero byte X, read after the steps (so 0 in older corpus files),
 * chooses instead any encoder by name, X - 1 modulo their number.
 */
static void choose_template(unsigned int i, unsigned int t, unsigned int x)
{
	struct pvcall_template *tp = &templates[i];
	const char *name = i ? "b" : "a";

	/* Bit 7: padded with prefixes rather than NOPs.  */
	tp->flags = (t & 0x80) ? PVCALL_TEMPLATE_PREFIX_PAD : 0;
	t %= NFIRST + 4;
	tp->op = name;
	tp->func = 0;
	if (x)
		tp->encode = encoders[(x - 1) % NENCODERS];
	else if (t == 0)
		tp->encode = i ? pvcall_encode_zero : pvcall_encode_identity;
	else if (t <= NFIRST)
		tp->encode = encoders[t - 1];
	else if (t == NFIRST + 1)
		tp->encode = 0;
	else if (t == NFIRST + 2)
		tp->op = "";		/* names no op */
	else {
		tp->op = 0;
		tp->func = op_target(i);
		tp->encode = i ? pvcall_encode_zero : pvcall_encode_identity;
	}
}

/* The template that applied to op I when a site was written, as patch.h
 * defines it: matched by name, or by the implementation of step 1 (a
 * site inlined then is left alone once the implementation moves).  */
static const struct pvcall_template *template_of(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < 2; k++) {
		const struct pvcall_template *t = &templates[k];

		if ((t->op && !strcmp(t->op, ops[i].name)) ||
		    (!t->op && t->func == stub(i)))
			return t;
	}
	return 0;
}

/* Whether a record is valid by the format (<pvcall/format.h>: the
 * faults the patcher must reject); only its site may change.  */
static int record_valid(const struct pvcall_class *c,
			const struct pvcall_op *op)
{
	return !pvcall_record_faults(c, op);
}

/* The operands of a site and the registers its code may write, from the
 * record as <pvcall/site.h> describes it.  */
static void operands_of(const struct pvcall_class *c,
			const struct pvcall_op *op, struct pvcall_operands *o)
{
	unsigned int i, allow = op->clobbers;

	o->out = c->regs & PVCALL_REGS_HAS_OUT ? (int)PVCALL_REGS_OUT(c->regs)
					       : -1;
	o->nargs = PVCALL_REGS_NARGS(c->regs);
	for (i = 0; i < o->nargs; i++)
		o->args[i] = (int)PVCALL_REGS_ARG(c->regs, i);
	if (c->form == PVCALL_FORM_CALL_REL32_ANY)
		allow &= ~PVCALL_REG_BIT(PVCALL_REG_RAX);
	if (o->out >= 0)
		allow |= PVCALL_REG_BIT(o->out);
	o->free = allow | c->dead;
}

static int is_nop(const unsigned char *p, unsigned int room)
{
	static const unsigned char nops[][5] = {
		{ 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 }, { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	};
	unsigned int n;

	for (n = 5; n >= 1; n--)
		if (n <= room && !memcmp(p, nops[n - 1], n))
			return (int)n;
	return 0;
}

/*
 * The memory operand (%base) of the ModRM byte at P, in one of the three
 * forms the encoders write: mod 00 with a base other than rsp/r12 and
 * rbp/r13; mod 00 and SIB 0x24 (no index) for rsp/r12; mod 01 and a zero
 * disp8 for rbp/r13.  Its length with the ModRM byte, or 0.
 */
static unsigned int decode_mem(const unsigned char *p, unsigned int room)
{
	unsigned int mod = p[0] >> 6, rm = p[0] & 7u;

	if (mod == 0 && rm != 4 && rm != 5)
		return 1;
	if (mod == 0 && rm == 4 && room >= 2 && p[1] == 0x24)
		return 2;
	if (mod == 1 && rm == 5 && room >= 2 && p[1] == 0)
		return 2;
	return 0;
}

/* ModRM's reg field and its register-direct r/m register (REX.B).  */
#define MODRM_REG(m)		(((m) >> 3) & 7u)
#define MODRM_DIRECT(m)		((m) >> 6 == 3)
#define RM_REG(m, rex)		(((m) & 7u) | ((rex) & 1u) << 3)

/* Whether REX is none or REX.B alone, as in all the encoders'
 * instructions but mov and xor: they name one register at most.  */
static int rex_b_only(unsigned int rex)
{
	return rex == 0 || rex == 0x41;
}

/*
 * The 0f instructions: mov from %cr0/2/3, mov to %cr2/3, str %reg, lgdt,
 * lidt and invlpg (%reg), wbinvd.  P is past 0f, REX the prefix or 0.
 */
static unsigned int decode_0f(const unsigned char *p, unsigned int room,
			      unsigned int rex, unsigned int *writes)
{
	unsigned int m, len;

	if (p[0] == 0x09)			/* wbinvd */
		return rex ? 0 : 1;
	if (room < 2 || !rex_b_only(rex))
		return 0;
	m = p[1];
	switch (p[0]) {
	case 0x20:				/* mov %crN,%reg */
		if (!MODRM_DIRECT(m) || MODRM_REG(m) == 1 || MODRM_REG(m) > 3)
			return 0;
		*writes |= PVCALL_REG_BIT(RM_REG(m, rex));
		return 2;
	case 0x22:				/* mov %reg,%crN */
		if (!MODRM_DIRECT(m) || MODRM_REG(m) < 2 || MODRM_REG(m) > 3)
			return 0;
		return 2;
	case 0x00:				/* str %reg: 0f 00 /1 */
		if (!MODRM_DIRECT(m) || MODRM_REG(m) != 1)
			return 0;
		*writes |= PVCALL_REG_BIT(RM_REG(m, rex));
		return 2;
	case 0x01:				/* lgdt, lidt, invlpg */
		if (MODRM_REG(m) != 2 && MODRM_REG(m) != 3 &&
		    MODRM_REG(m) != 7)
			return 0;
		len = decode_mem(p + 1, room - 1);
		return len ? 1 + len : 0;
	}
	return 0;
}

/*
 * One instruction after its REX prefix (REX, or 0 if none): see decode().
 */
static unsigned int decode_op(const unsigned char *p, unsigned int room,
			      unsigned int rex, unsigned int *writes,
			      int *depth)
{
	unsigned int len;

	switch (p[0]) {
	case 0x9c: case 0x9d:			/* pushf, popf */
		if (rex)
			return 0;
		*depth += p[0] == 0x9c ? 1 : -1;
		return 1;
	case 0xfa: case 0xfb: case 0xf4:	/* cli, sti, hlt */
		return rex ? 0 : 1;
	case 0x31:		/* xor %r32,%r32: REX.R and REX.B for r8-r15 */
		if ((rex && rex != 0x45) || room < 2 || !MODRM_DIRECT(p[1]) ||
		    MODRM_REG(p[1]) != (p[1] & 7u))
			return 0;
		*writes |= PVCALL_REG_BIT(RM_REG(p[1], rex));
		return 2;
	case 0x89:	/* mov %r64,%r64 or %r64,(%r64): REX.W, R, B */
		if ((rex & 0xfa) != 0x48 || room < 2)
			return 0;
		if (MODRM_DIRECT(p[1])) {
			*writes |= PVCALL_REG_BIT(RM_REG(p[1], rex));
			return 2;
		}
		len = decode_mem(p + 1, room - 1);
		return len ? 1 + len : 0;
	case 0xc6:				/* movb $0,(%reg): c6 /0 00 */
		if (!rex_b_only(rex) || room < 3 || MODRM_REG(p[1]) != 0)
			return 0;
		len = decode_mem(p + 1, room - 1);
		return len && room >= 2 + len && !p[1 + len] ? 2 + len : 0;
	case 0x0f:
		len = room >= 2 ? decode_0f(p + 1, room - 1, rex, writes) : 0;
		return len ? 1 + len : 0;
	}
	if (p[0] >= 0x50 && p[0] <= 0x5f && rex_b_only(rex)) {	/* push, pop */
		if (p[0] >= 0x58)
			*writes |= PVCALL_REG_BIT(RM_REG(p[0], rex));
		*depth += p[0] < 0x58 ? 1 : -1;
		return 1;
	}
	return 0;
}

/*
 * Decode one instruction of those a template may write (see
 * runtime/encode.c) without trusting the encoder, exactly as the
 * encoders write them (no other REX prefix, addressing form, immediate or
 * control register): its length, or 0 if it is none of them or runs past
 * ROOM.  Adds the registers it writes to *WRITES and its pushes less pops
 * to *DEPTH.
 */
static unsigned int decode(const unsigned char *p, unsigned int room,
			   unsigned int *writes, int *depth)
{
	unsigned int rex = 0, len;

	if (room && (p[0] & 0xf0) == 0x40) {
		rex = p[0];
		if (rex == 0x40)
			return 0;		/* a REX no encoder writes */
		p++;
		room--;
	}
	if (!room)
		return 0;
	len = decode_op(p, room, rex, writes, depth);
	return len ? (rex ? 1 : 0) + len : 0;
}

/* Whether S holds an inline replacement: the template's code for the
 * site's registers, in whole instructions, then NOPs; or, with prefix
 * padding and some code, the code at the end after 3e bytes.  */
static int is_inline(const unsigned char *s, const struct pvcall_class *c,
		     const struct pvcall_op *op,
		     const struct pvcall_template *t)
{
	struct pvcall_operands o;
	unsigned char code[PVCALL_MAX_INSN];
	unsigned int at = 0, w = 0, clobbers = 0, len, pad = 0;
	int depth = 0, n;

	if (!t || !t->encode)
		return 0;		/* inline code without a template */
	operands_of(c, op, &o);
	n = t->encode(&o, code, &clobbers);
	if (n < 0 || n > SITE_LEN)
		return 0;
	if ((t->flags & PVCALL_TEMPLATE_PREFIX_PAD) && n) {
		for (pad = 0; pad < SITE_LEN - (unsigned int)n; pad++)
			if (s[pad] != PVCALL_PAD_PREFIX)
				return 0;	/* not padded with 3e */
		s += pad;
	}
	if (memcmp(s, code, (unsigned int)n))
		return 0;		/* not this template's code */
	while (at < (unsigned int)n) {
		len = decode(s + at, (unsigned int)n - at, &w, &depth);
		if (!len)
			return 0;	/* not whole instructions */
		at += len;
	}
	while (pad + at < SITE_LEN) {
		len = (unsigned int)is_nop(s + at, SITE_LEN - pad - at);
		if (!len)
			return 0;	/* not padded with NOPs */
		at += len;
	}
	if (w & ~clobbers)
		abort();	/* the encoder hid a register it writes */
	return !depth && !(w & ~o.free);	/* balanced, no live register */
}

/* Where BYTES, as `e8 rel32' at the place of site J, call; 0 if they are
 * no call.  Computed as numbers: rel32 may point anywhere.  */
static uintptr_t call_target(const unsigned char *bytes, unsigned int j)
{
	int32_t rel;

	if (bytes[0] != 0xe8)
		return 0;
	memcpy(&rel, bytes + 1, 4);
	return (uintptr_t)pvcall_ref(&sites[j].site) + SITE_LEN +
	       (uintptr_t)(intptr_t)rel;
}

/*
 * Whether a direct call to the op's implementation may replace site J
 * (<pvcall/site.h>): always at an ABI-form site; at a register-agnostic
 * one only if the op's clobbers are all the implementation may clobber
 * (PVCALL_OP_EXACT), its sites' stack is aligned enough for a call
 * (PVCALL_OP_STACK8), its operands are in the ABI registers (arguments in
 * rdi, rsi, rdx, rcx, r8, r9 order, the output in rax) and rax, which
 * the implementation may always clobber and the stub keeps, is the
 * output or dead (the site loses the op's other clobbers anyway).
 */
static int direct_allowed(const struct pvcall_class *c,
			  const struct pvcall_op *op)
{
	static const int abi[6] = { PVCALL_REG_RDI, PVCALL_REG_RSI,
				    PVCALL_REG_RDX, PVCALL_REG_RCX,
				    PVCALL_REG_R8, PVCALL_REG_R9 };
	unsigned int i, n = PVCALL_REGS_NARGS(c->regs);
	int has_out = (c->regs & PVCALL_REGS_HAS_OUT) != 0;

	if (c->form == PVCALL_FORM_CALL_REL32)
		return 1;
	if (!(op->flags & PVCALL_OP_EXACT) || !(op->flags & PVCALL_OP_STACK8))
		return 0;
	if (has_out && PVCALL_REGS_OUT(c->regs) != PVCALL_REG_RAX)
		return 0;
	for (i = 0; i < n; i++)
		if (i >= 6 || (int)PVCALL_REGS_ARG(c->regs, i) != abi[i])
			return 0;
	return has_out || (c->dead & PVCALL_REG_BIT(PVCALL_REG_RAX));
}

/* Whether BYTES, at the place of site J, are a replacement the patcher
 * may write there, or with PREV also one an earlier patch may have
 * written: a direct call to any of the backend's prev_targets so far (the
 * list is the backend's, not the op's, so any op's earlier target).  */
static int is_replacement(const unsigned char *bytes, unsigned int j, int prev)
{
	const struct pvcall_class *c = pvcall_site_class(&sites[j]);
	const struct pvcall_op *op = pvcall_class_op(c);
	/* As integers: op was found by offset arithmetic from another
	 * object, and GCC folds a pointer comparison between what it takes
	 * for two objects to false.  */
	unsigned int i_op = (uintptr_t)op == (uintptr_t)&ops[1].op;
	uintptr_t to = call_target(bytes, j);
	unsigned int k;
	int ours;

	ours = to == (uintptr_t)op_target(i_op);
	for (k = 0; prev && k < nprev; k++)
		ours |= to == (uintptr_t)ever_prev[k];
	if (to && ours)
		return direct_allowed(c, op);
	return is_inline(bytes, c, op, template_of(i_op));
}

/* Whether S holds what the compiler emitted for site J: a call to the
 * class's target.  */
static int is_original_call(const unsigned char *s, unsigned int j)
{
	const struct pvcall_class *c = pvcall_site_class(&sites[j]);

	return call_target(s, j) == (uintptr_t)pvcall_ref(&c->target);
}

/* The site of J, if it lies in the text and its record is valid.  */
static const unsigned char *valid_site(unsigned int j)
{
	const unsigned char *s = pvcall_ref(&sites[j].site);
	const struct pvcall_class *c = pvcall_site_class(&sites[j]);

	if (odd[j] || s + SITE_LEN > text + TEXT_SIZE ||
	    !record_valid(c, pvcall_class_op(c)))
		return 0;
	return s;
}

/* Whether byte I of the text lies in a site of a valid record.  */
static int in_valid_site(unsigned int i)
{
	unsigned int j;

	for (j = 0; j < nsites; j++) {
		const unsigned char *s = valid_site(j);

		if (s && text + i >= s && text + i < s + SITE_LEN)
			return 1;
	}
	return 0;
}

/*
 * The invariants of the text after a step: each valid site holds what it
 * held to begin with; or the compiler's call, rebuilt from its record,
 * where it held something the patcher takes for its own (a replacement,
 * or a direct call to an earlier target) and chose to restore it;
 * or, after a patch step, a replacement; or, after UNPATCHING, the
 * replacement it held where the write failed.
 */
static void check_text(int unpatching)
{
	unsigned int i, j;

	for (i = 0; i < TEXT_SIZE; i++)
		if (text[i] != original[i] && !in_valid_site(i))
			abort();	/* changed bytes outside valid sites */
	for (j = 0; j < nsites; j++) {
		const unsigned char *s = valid_site(j);
		const unsigned char *was = s ? original + (s - text) : 0;
		int restored, patched;

		if (!s || !memcmp(s, was, SITE_LEN))
			continue;
		restored = is_original_call(s, j) && is_replacement(was, j, 1);
		patched = is_replacement(s, j, unpatching) &&
			  (!unpatching || s == failed_site);
		if (!restored && !patched)
			abort();	/* neither original nor replacement */
	}
}

static void new_step(void)
{
	memset(writes, 0, sizeof(writes));
	nwrites = 0;
	nfailed = 0;
	failed_site = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct pvcall_backend be = {
		.templates = templates, .ntemplates = 2, .write = write_text,
	};
	struct pvcall_image im;
	struct pvcall_result r;
	unsigned int steps, t0, t1, extra, i;
	int failed;

	memset(sites, 0, sizeof(sites));
	memset(prev_targets, 0, sizeof(prev_targets));
	nprev = 0;
	build(&in);
	t0 = take(&in);
	t1 = take(&in);
	/* Bits 0-2: which write of step 1 fails (0: none); 3: take step 3;
	 * 4, 5: odd records (below); 6: op "b" has no implementation in
	 * step 3; 7: the first write of step 4 fails.  */
	steps = take(&in);
	choose_template(0, t0, take(&in));
	choose_template(1, t1, take(&in));
	extra = take(&in);
	for (i = 0; i < 2; i++) {
		if (extra & (1u << i))
			ops[i].op.flags |= PVCALL_OP_EXACT;
		if (extra & (4u << i))
			ops[i].op.flags |= PVCALL_OP_STACK8;
	}
	/* Records the fields above cannot make: a class outside the class
	 * table, a site of 0 ("none").  */
	memset(odd, 0, sizeof(odd));
	if ((steps & 16) && nsites) {
		set_ref(&sites[0].cls, &ops[0].op);
		odd[0] = 1;
	}
	if ((steps & 32) && nsites) {
		sites[nsites - 1].site = 0;
		odd[nsites - 1] = 1;
	}
	memcpy(original, text, TEXT_SIZE);
	im = (struct pvcall_image){
		.sites = sites, .sites_end = sites + nsites,
		.classes = classes, .classes_end = classes + NCLASSES,
		.ops = ops, .ops_end = (const char *)ops + sizeof(ops),
		.text = text, .text_end = text + TEXT_SIZE,
	};

	/* 1: patch, the (steps % 8)-th write failing if that is not 0.  */
	new_step();
	fail_write = (int)(steps % 8);
	memset(&r, 0, sizeof(r));
	pvcall_patch(&im, &be, &r);
	failed = nfailed;
	if ((unsigned long)failed != r.rejected[PVCALL_REJ_WRITE])
		abort();
	fail_write = 0;
	check_text(0);

	/* 2: patching again writes only what failed.  */
	new_step();
	memset(&r, 0, sizeof(r));
	pvcall_patch(&im, &be, &r);
	if (nwrites > failed)
		abort();
	check_text(0);

	/* 3: the ops' implementations move (op "b"'s perhaps to none).  */
	if (steps & 8) {
		for (i = 0; i < 2; i++) {
			prev_targets[i] = op_target(i);
			ever_prev[nprev++] = prev_targets[i];
			retarget(i, i && (steps & 64) ? 0 : stub(2 + i));
		}
		be.prev_targets = prev_targets;
		be.nprev_targets = 2;
		new_step();
		memset(&r, 0, sizeof(r));
		pvcall_patch(&im, &be, &r);
		check_text(0);
		/* Back to the first ones; the moved ones are now the
		 * earlier implementations.  */
		for (i = 0; i < 2; i++) {
			const void *moved = op_target(i);

			retarget(i, stub(i));
			prev_targets[i] = moved;
			ever_prev[nprev++] = moved;
		}
	}

	/* 4: unpatching restores the text, but where its first write
	 * fails (steps & 128).  */
	new_step();
	fail_write = steps & 128 ? 1 : 0;
	memset(&r, 0, sizeof(r));
	pvcall_unpatch(&im, &be, &r);
	if ((unsigned long)nfailed != r.rejected[PVCALL_REJ_WRITE])
		abort();
	check_text(1);
	return 0;
}

#ifdef PATCHER_FUZZ_REPLAY
int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t len;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	printf("patcher-fuzz replay: %d inputs, no failure\n", n);
	return 0;
}
#endif
