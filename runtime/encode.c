/* SPDX-License-Identifier: MIT */
/*
 * Native templates as encoders: each writes the op's instructions for the
 * registers of one site (hardware numbers, 0-15), so that a register-
 * agnostic site gets `mov %cr3,%rbx' where an ABI site gets
 * `mov %cr3,%rax'.  Each returns its length, or -1 where the site's
 * operands do not allow it, and reports the registers it writes.
 */
#include "pvcall/patch.h"

#define REX_W	0x48
#define REX_R	0x44
#define REX_B	0x41

static unsigned char modrm(unsigned int mod, unsigned int reg,
			   unsigned int rm)
{
	return (unsigned char)((mod << 6) | ((reg & 7) << 3) | (rm & 7));
}

/* mov %src, %dst (64-bit): REX.W 89 /r.  */
static int emit_mov(unsigned char *buf, int src, int dst)
{
	buf[0] = REX_W | (src >= 8 ? 0x04 : 0) | (dst >= 8 ? 0x01 : 0);
	buf[1] = 0x89;
	buf[2] = modrm(3, (unsigned int)src, (unsigned int)dst);
	return 3;
}

/* push %r / pop %r: 50+r / 58+r, REX.B for r8-r15.  */
static int emit_pushpop(unsigned char *buf, unsigned char base, int reg)
{
	int n = 0;

	if (reg >= 8)
		buf[n++] = REX_B;
	buf[n++] = (unsigned char)(base + (reg & 7));
	return n;
}

/* mov %crN, %reg (0f 20) or mov %reg, %crN (0f 22).  */
static int emit_mov_cr(unsigned char *buf, unsigned char op, unsigned int cr,
		       int reg)
{
	int n = 0;

	if (reg >= 8)
		buf[n++] = REX_B;
	buf[n++] = 0x0f;
	buf[n++] = op;
	buf[n++] = modrm(3, cr, (unsigned int)reg);
	return n;
}

static int has_out(const struct pvcall_operands *ops)
{
	return ops->out >= 0;
}

int pvcall_encode_nop(const struct pvcall_operands *ops, unsigned char *buf,
		      unsigned int *clobbers)
{
	(void)ops;
	(void)buf;
	*clobbers = 0;
	return 0;
}

/* pte_val and friends: the value passes through.  */
int pvcall_encode_identity(const struct pvcall_operands *ops,
			   unsigned char *buf, unsigned int *clobbers)
{
	if (!has_out(ops) || ops->nargs != 1)
		return -1;
	*clobbers = PVCALL_REG_BIT(ops->out);
	if (ops->out == ops->args[0])
		return 0;
	return emit_mov(buf, ops->args[0], ops->out);
}

int pvcall_encode_save_fl(const struct pvcall_operands *ops,
			  unsigned char *buf, unsigned int *clobbers)
{
	if (!has_out(ops))
		return -1;
	*clobbers = PVCALL_REG_BIT(ops->out);
	buf[0] = 0x9c;				/* pushf */
	return 1 + emit_pushpop(buf + 1, 0x58, ops->out);
}

int pvcall_encode_restore_fl(const struct pvcall_operands *ops,
			     unsigned char *buf, unsigned int *clobbers)
{
	int n;

	if (ops->nargs != 1)
		return -1;
	*clobbers = 0;
	n = emit_pushpop(buf, 0x50, ops->args[0]);
	buf[n] = 0x9d;				/* popf */
	return n + 1;
}

static int encode_byte(unsigned char *buf, unsigned int *clobbers,
		       unsigned char byte)
{
	*clobbers = 0;
	buf[0] = byte;
	return 1;
}

int pvcall_encode_cli(const struct pvcall_operands *ops, unsigned char *buf,
		      unsigned int *clobbers)
{
	(void)ops;
	return encode_byte(buf, clobbers, 0xfa);
}

int pvcall_encode_sti(const struct pvcall_operands *ops, unsigned char *buf,
		      unsigned int *clobbers)
{
	(void)ops;
	return encode_byte(buf, clobbers, 0xfb);
}

int pvcall_encode_halt(const struct pvcall_operands *ops, unsigned char *buf,
		       unsigned int *clobbers)
{
	(void)ops;
	*clobbers = 0;
	buf[0] = 0xfb;				/* sti */
	buf[1] = 0xf4;				/* hlt */
	return 2;
}

static int encode_read_cr(const struct pvcall_operands *ops,
			  unsigned char *buf, unsigned int *clobbers,
			  unsigned int cr)
{
	if (!has_out(ops))
		return -1;
	*clobbers = PVCALL_REG_BIT(ops->out);
	return emit_mov_cr(buf, 0x20, cr, ops->out);
}

int pvcall_encode_read_cr2(const struct pvcall_operands *ops,
			   unsigned char *buf, unsigned int *clobbers)
{
	return encode_read_cr(ops, buf, clobbers, 2);
}

int pvcall_encode_read_cr3(const struct pvcall_operands *ops,
			   unsigned char *buf, unsigned int *clobbers)
{
	return encode_read_cr(ops, buf, clobbers, 3);
}

int pvcall_encode_write_cr3(const struct pvcall_operands *ops,
			    unsigned char *buf, unsigned int *clobbers)
{
	if (ops->nargs != 1)
		return -1;
	*clobbers = 0;
	return emit_mov_cr(buf, 0x22, 3, ops->args[0]);
}

/*
 * invlpg (%reg): 0f 01 /7 with a memory operand.  r/m 100 (rsp, r12)
 * means "SIB follows", so those take a SIB byte; mod 00 with r/m 101
 * (rbp, r13) means rip-relative, so those take a zero disp8.
 */
int pvcall_encode_invlpg(const struct pvcall_operands *ops,
			 unsigned char *buf, unsigned int *clobbers)
{
	int reg, n = 0;

	if (ops->nargs != 1)
		return -1;
	reg = ops->args[0];
	*clobbers = 0;
	if (reg >= 8)
		buf[n++] = REX_B;
	buf[n++] = 0x0f;
	buf[n++] = 0x01;
	if ((reg & 7) == 5) {
		buf[n++] = modrm(1, 7, (unsigned int)reg);
		buf[n++] = 0x00;
	} else if ((reg & 7) == 4) {
		buf[n++] = modrm(0, 7, (unsigned int)reg);
		buf[n++] = 0x24;
	} else {
		buf[n++] = modrm(0, 7, (unsigned int)reg);
	}
	return n;
}

/*
 * out = 0, made in a scratch register: `xor %s32,%s32; mov %s,%out'.
 * Needlessly roundabout on purpose: it is the template that shows a
 * patched site using a register the record says is dead.
 */
int pvcall_encode_zero(const struct pvcall_operands *ops, unsigned char *buf,
		       unsigned int *clobbers)
{
	int s;

	if (!has_out(ops))
		return -1;
	for (s = 0; s < 8; s++)
		if (s != ops->out && s != PVCALL_REG_RSP &&
		    (ops->free & PVCALL_REG_BIT(s)))
			break;
	if (s == 8)
		return -1;
	*clobbers = PVCALL_REG_BIT(s) | PVCALL_REG_BIT(ops->out);
	buf[0] = 0x31;				/* xor %s32, %s32 */
	buf[1] = modrm(3, (unsigned int)s, (unsigned int)s);
	return 2 + emit_mov(buf + 2, s, ops->out);
}
