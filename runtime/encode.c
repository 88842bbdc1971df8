/* SPDX-License-Identifier: MIT */
/*
 * Native templates as encoders: each writes the op's instructions for the
 * registers of one site (hardware numbers, 0-15), so that a register-
 * agnostic site gets `mov %cr3,%rbx' where an ABI site gets
 * `mov %cr3,%rax'.  Each returns its length, or -1 where the site's
 * operands do not allow it, and reports the registers it writes.
 */
#include "pvcall/patch.h"

#define REX	0x40
#define REX_W	0x48
#define REX_R	0x44
#define REX_B	0x41

static unsigned char modrm(unsigned int mod, unsigned int reg,
			   unsigned int rm)
{
	return (unsigned char)((mod << 6) | ((reg & 7) << 3) | (rm & 7));
}

/* The REX prefix for W and the ModRM reg and r/m registers, if one is
 * needed: r8-r15 take REX.R or REX.B.  Returns its length.  */
static int emit_rex(unsigned char *buf, unsigned char w, int reg, int rm)
{
	unsigned char rex = (unsigned char)(REX | w | (reg >= 8 ? REX_R : 0) |
					    (rm >= 8 ? REX_B : 0));

	if (rex == REX)
		return 0;
	buf[0] = rex;
	return 1;
}

/* mov %src, %dst (64-bit): REX.W 89 /r.  */
static int emit_mov(unsigned char *buf, int src, int dst)
{
	int n = emit_rex(buf, REX_W, src, dst);

	buf[n++] = 0x89;
	buf[n++] = modrm(3, (unsigned int)src, (unsigned int)dst);
	return n;
}

/* xor %r32, %r32: 31 /r, which clears all of r (and the flags).  */
static int emit_xor32(unsigned char *buf, int reg)
{
	int n = emit_rex(buf, 0, reg, reg);

	buf[n++] = 0x31;
	buf[n++] = modrm(3, (unsigned int)reg, (unsigned int)reg);
	return n;
}

/*
 * [REX] OPC with the memory operand (%base) and REG (a register, or the
 * opcode's /digit) in ModRM.  r/m 100 (rsp, r12) means "SIB follows", so
 * those take SIB 0x24 (base only); mod 00 with r/m 101 (rbp, r13) means
 * rip-relative, so those take mod 01 and a zero disp8.
 */
static int emit_mem(unsigned char *buf, unsigned char w,
		    const unsigned char *opc, int nopc, int reg, int base)
{
	int i, n = emit_rex(buf, w, reg, base);

	for (i = 0; i < nopc; i++)
		buf[n++] = opc[i];
	if ((base & 7) == 5) {
		buf[n++] = modrm(1, (unsigned int)reg, (unsigned int)base);
		buf[n++] = 0x00;
	} else {
		buf[n++] = modrm(0, (unsigned int)reg, (unsigned int)base);
		if ((base & 7) == 4)
			buf[n++] = 0x24;
	}
	return n;
}

/* push %r / pop %r: 50+r / 58+r, REX.B for r8-r15.  */
static int emit_pushpop(unsigned char *buf, unsigned char base, int reg)
{
	int n = emit_rex(buf, 0, 0, reg);

	buf[n++] = (unsigned char)(base + (reg & 7));
	return n;
}

/* mov %crN, %reg (0f 20) or mov %reg, %crN (0f 22).  */
static int emit_mov_cr(unsigned char *buf, unsigned char op, unsigned int cr,
		       int reg)
{
	int n = emit_rex(buf, 0, 0, reg);

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

static int encode_2bytes(unsigned char *buf, unsigned int *clobbers,
			 unsigned char byte0, unsigned char byte1)
{
	*clobbers = 0;
	buf[0] = byte0;
	buf[1] = byte1;
	return 2;
}

/* safe_halt: sti; hlt.  */
int pvcall_encode_halt(const struct pvcall_operands *ops, unsigned char *buf,
		       unsigned int *clobbers)
{
	(void)ops;
	return encode_2bytes(buf, clobbers, 0xfb, 0xf4);
}

/* native_halt: hlt alone; pvcall_encode_halt is safe_halt.  */
int pvcall_encode_hlt(const struct pvcall_operands *ops, unsigned char *buf,
		      unsigned int *clobbers)
{
	(void)ops;
	return encode_byte(buf, clobbers, 0xf4);
}

int pvcall_encode_wbinvd(const struct pvcall_operands *ops,
			 unsigned char *buf, unsigned int *clobbers)
{
	(void)ops;
	return encode_2bytes(buf, clobbers, 0x0f, 0x09);
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

int pvcall_encode_read_cr0(const struct pvcall_operands *ops,
			   unsigned char *buf, unsigned int *clobbers)
{
	return encode_read_cr(ops, buf, clobbers, 0);
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

static int encode_write_cr(const struct pvcall_operands *ops,
			   unsigned char *buf, unsigned int *clobbers,
			   unsigned int cr)
{
	if (ops->nargs != 1)
		return -1;
	*clobbers = 0;
	return emit_mov_cr(buf, 0x22, cr, ops->args[0]);
}

int pvcall_encode_write_cr2(const struct pvcall_operands *ops,
			    unsigned char *buf, unsigned int *clobbers)
{
	return encode_write_cr(ops, buf, clobbers, 2);
}

int pvcall_encode_write_cr3(const struct pvcall_operands *ops,
			    unsigned char *buf, unsigned int *clobbers)
{
	return encode_write_cr(ops, buf, clobbers, 3);
}

/* Group 7 (0f 01 /digit) on the memory at (%arg0): lgdt, lidt, invlpg.  */
static int encode_group7(const struct pvcall_operands *ops,
			 unsigned char *buf, unsigned int *clobbers, int digit)
{
	static const unsigned char opc[] = { 0x0f, 0x01 };

	if (ops->nargs != 1)
		return -1;
	*clobbers = 0;
	return emit_mem(buf, 0, opc, 2, digit, ops->args[0]);
}

int pvcall_encode_lgdt(const struct pvcall_operands *ops, unsigned char *buf,
		       unsigned int *clobbers)
{
	return encode_group7(ops, buf, clobbers, 2);
}

int pvcall_encode_lidt(const struct pvcall_operands *ops, unsigned char *buf,
		       unsigned int *clobbers)
{
	return encode_group7(ops, buf, clobbers, 3);
}

int pvcall_encode_invlpg(const struct pvcall_operands *ops,
			 unsigned char *buf, unsigned int *clobbers)
{
	return encode_group7(ops, buf, clobbers, 7);
}

/* native_set_pte and the other levels: mov %arg1, (%arg0).  The op
 * returns nothing, so a site that wants a result cannot have it.  */
int pvcall_encode_store(const struct pvcall_operands *ops, unsigned char *buf,
			unsigned int *clobbers)
{
	static const unsigned char opc[] = { 0x89 };

	if (has_out(ops) || ops->nargs != 2)
		return -1;
	*clobbers = 0;
	return emit_mem(buf, REX_W, opc, 1, ops->args[1], ops->args[0]);
}

/* native_queued_spin_unlock: movb $0, (%arg0), c6 /0 ib.  */
int pvcall_encode_store_byte_zero(const struct pvcall_operands *ops,
				  unsigned char *buf, unsigned int *clobbers)
{
	static const unsigned char opc[] = { 0xc6 };
	int n;

	if (ops->nargs != 1)
		return -1;
	*clobbers = 0;
	n = emit_mem(buf, 0, opc, 1, 0, ops->args[0]);
	buf[n] = 0x00;
	return n + 1;
}

/* __native_vcpu_is_preempted: false, whatever the cpu.  The xor also
 * clears the flags, which every site may lose.  */
int pvcall_encode_false(const struct pvcall_operands *ops, unsigned char *buf,
			unsigned int *clobbers)
{
	if (!has_out(ops))
		return -1;
	*clobbers = PVCALL_REG_BIT(ops->out);
	return emit_xor32(buf, ops->out);
}

/*
 * native_store_tr: str %out, 0f 00 /1.  GNU as writes `str %rax' without
 * REX.W (as `str %eax', which zero-extends the selector all the same), so
 * that is what a native kernel holds; r8-r15 take REX.B.
 */
int pvcall_encode_str(const struct pvcall_operands *ops, unsigned char *buf,
		      unsigned int *clobbers)
{
	int n;

	if (!has_out(ops))
		return -1;
	*clobbers = PVCALL_REG_BIT(ops->out);
	n = emit_rex(buf, 0, 0, ops->out);
	buf[n++] = 0x0f;
	buf[n++] = 0x00;
	buf[n++] = modrm(3, 1, (unsigned int)ops->out);
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
	int s, n;

	if (!has_out(ops))
		return -1;
	for (s = 0; s < 8; s++)
		if (s != ops->out && s != PVCALL_REG_RSP &&
		    (ops->free & PVCALL_REG_BIT(s)))
			break;
	if (s == 8)
		return -1;
	*clobbers = PVCALL_REG_BIT(s) | PVCALL_REG_BIT(ops->out);
	n = emit_xor32(buf, s);
	return n + emit_mov(buf + n, s, ops->out);
}
