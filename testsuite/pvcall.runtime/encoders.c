/* The template encoders against what GNU as assembles (the expected bytes
   were taken from `as' and objdump, binutils 2.40): invlpg, lgdt, lidt,
   the 64-bit store `mov %reg,(%reg)' and `movb $0,(%reg)' with the SIB
   byte rsp and r12 need and the zero displacement rbp and r13 need,
   control registers, pushf/pop and push/popf with REX, moves in both
   directions, the identity that needs no instruction at all, `xor
   %r32,%r32' (REX.R and REX.B for r8-r15), `str %reg' (as writes `str
   %rax' without REX.W: `0f 00 c8'), wbinvd and hlt, the registers each
   writes, the sites whose operands do not fit an op, and the scratch
   template that gives up when no register is free.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/patch.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* The registers the last encoding wrote.  */
static unsigned int clobbered;

/* The bytes E writes for OPS, packed with their length in the top byte,
   or ~0 if it refuses them.  */
static unsigned long
encode(pvcall_encoder e, const struct pvcall_operands *ops, unsigned char *buf)
{
  int n, i;
  unsigned long v = 0;

  clobbered = ~0u;
  n = e(ops, buf, &clobbered);
  if (n < 0)
    return ~0UL;
  for (i = 0; i < n; i++)
    v = v << 8 | buf[i];
  return v | (unsigned long) n << 56;
}

/* An op of one argument (none if ARG is -1).  */
static unsigned long
enc(pvcall_encoder e, int out, int arg, unsigned int free, unsigned char *buf)
{
  struct pvcall_operands ops = { out, arg >= 0 ? 1u : 0u, { arg }, free };

  return encode(e, &ops, buf);
}

/* An op of two arguments.  */
static unsigned long
enc2(pvcall_encoder e, int out, int arg0, int arg1, unsigned char *buf)
{
  struct pvcall_operands ops = { out, 2, { arg0, arg1 }, 0 };

  return encode(e, &ops, buf);
}

#define LEN(n) ((unsigned long) (n) << 56)

int
main(void)
{
  unsigned char b[PVCALL_MAX_INSN];

  PVT_CHECK(enc(pvcall_encode_invlpg, -1, RAX, 0, b), LEN(3) | 0x0f0138);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, RSP, 0, b), LEN(4) | 0x0f013c24);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, RBP, 0, b), LEN(4) | 0x0f017d00);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, RDI, 0, b), LEN(3) | 0x0f013f);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, R12, 0, b), LEN(5) | 0x410f013c24UL);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, R13, 0, b), LEN(5) | 0x410f017d00UL);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, R15, 0, b), LEN(4) | 0x410f013f);
  PVT_CHECK(enc(pvcall_encode_read_cr3, RBX, -1, 0, b), LEN(3) | 0x0f20db);
  PVT_CHECK(enc(pvcall_encode_read_cr3, R9, -1, 0, b), LEN(4) | 0x410f20d9);
  PVT_CHECK(enc(pvcall_encode_read_cr2, RAX, -1, 0, b), LEN(3) | 0x0f20d0);
  PVT_CHECK(enc(pvcall_encode_write_cr3, -1, R14, 0, b), LEN(4) | 0x410f22de);
  PVT_CHECK(enc(pvcall_encode_write_cr3, -1, RDI, 0, b), LEN(3) | 0x0f22df);
  PVT_CHECK(enc(pvcall_encode_save_fl, R10, -1, 0, b), LEN(3) | 0x9c415a);
  PVT_CHECK(enc(pvcall_encode_save_fl, RAX, -1, 0, b), LEN(2) | 0x9c58);
  PVT_CHECK(enc(pvcall_encode_restore_fl, -1, R11, 0, b), LEN(3) | 0x41539d);
  PVT_CHECK(enc(pvcall_encode_identity, RSI, R12, 0, b), LEN(3) | 0x4c89e6);
  PVT_CHECK(enc(pvcall_encode_identity, RAX, RDI, 0, b), LEN(3) | 0x4889f8);
  PVT_CHECK(enc(pvcall_encode_identity, R8, R8, 0, b), LEN(0));
  PVT_CHECK(enc(pvcall_encode_cli, -1, -1, 0, b), LEN(1) | 0xfa);
  PVT_CHECK(enc(pvcall_encode_sti, -1, -1, 0, b), LEN(1) | 0xfb);
  PVT_CHECK(enc(pvcall_encode_halt, -1, -1, 0, b), LEN(2) | 0xfbf4);
  /* xor %ecx,%ecx; mov %rcx,%rbx: rcx is the first free register.  */
  PVT_CHECK(enc(pvcall_encode_zero, RBX, -1, 1u << RCX | 1u << RBX, b),
	    LEN(5) | 0x31c94889cbUL);
  PVT_CHECK(enc(pvcall_encode_zero, RBX, -1, 1u << RBX, b), ~0UL);
  PVT_CHECK(enc(pvcall_encode_invlpg, -1, -1, 0, b), ~0UL);

  /* lgdt, lidt: 0f 01 /2, /3, memory forms as invlpg.  */
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, RDI, 0, b), LEN(3) | 0x0f0117);
  PVT_CHECK(clobbered, 0);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, RDI, 0, b), LEN(3) | 0x0f011f);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, RAX, 0, b), LEN(3) | 0x0f0110);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, R8, 0, b), LEN(4) | 0x410f0118);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, R15, 0, b), LEN(4) | 0x410f0117);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, RSP, 0, b), LEN(4) | 0x0f011424);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, RSP, 0, b), LEN(4) | 0x0f011c24);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, R12, 0, b), LEN(5) | 0x410f011424UL);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, R12, 0, b), LEN(5) | 0x410f011c24UL);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, RBP, 0, b), LEN(4) | 0x0f015500);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, RBP, 0, b), LEN(4) | 0x0f015d00);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, R13, 0, b), LEN(5) | 0x410f015500UL);
  PVT_CHECK(enc(pvcall_encode_lidt, -1, R13, 0, b), LEN(5) | 0x410f015d00UL);
  PVT_CHECK(enc(pvcall_encode_lgdt, -1, -1, 0, b), ~0UL);
  PVT_CHECK(enc2(pvcall_encode_lidt, -1, RDI, RSI, b), ~0UL);

  /* mov %arg1,(%arg0): REX.W 89 /r, REX.R for the value in r8-r15.  */
  PVT_CHECK(enc2(pvcall_encode_store, -1, RDI, RSI, b), LEN(3) | 0x488937);
  PVT_CHECK(clobbered, 0);
  PVT_CHECK(enc2(pvcall_encode_store, -1, RAX, RAX, b), LEN(3) | 0x488900);
  PVT_CHECK(enc2(pvcall_encode_store, -1, RSP, R8, b), LEN(4) | 0x4c890424);
  PVT_CHECK(enc2(pvcall_encode_store, -1, R12, RDX, b), LEN(4) | 0x49891424);
  PVT_CHECK(enc2(pvcall_encode_store, -1, RBP, R15, b), LEN(4) | 0x4c897d00);
  PVT_CHECK(enc2(pvcall_encode_store, -1, R13, RCX, b), LEN(4) | 0x49894d00);
  PVT_CHECK(enc2(pvcall_encode_store, -1, R9, R11, b), LEN(3) | 0x4d8919);
  PVT_CHECK(enc2(pvcall_encode_store, -1, R14, RBX, b), LEN(3) | 0x49891e);
  PVT_CHECK(enc2(pvcall_encode_store, RAX, RDI, RSI, b), ~0UL);
  PVT_CHECK(enc(pvcall_encode_store, -1, RDI, 0, b), ~0UL);

  /* movb $0,(%arg0): c6 /0 00.  */
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, RDI, 0, b),
	    LEN(3) | 0xc60700);
  PVT_CHECK(clobbered, 0);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, RAX, 0, b),
	    LEN(3) | 0xc60000);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, RSP, 0, b),
	    LEN(4) | 0xc6042400);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, R12, 0, b),
	    LEN(5) | 0x41c6042400UL);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, RBP, 0, b),
	    LEN(4) | 0xc6450000);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, R13, 0, b),
	    LEN(5) | 0x41c6450000UL);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, R8, 0, b),
	    LEN(4) | 0x41c60000);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, R15, 0, b),
	    LEN(4) | 0x41c60700);
  PVT_CHECK(enc(pvcall_encode_store_byte_zero, -1, -1, 0, b), ~0UL);
  PVT_CHECK(enc2(pvcall_encode_store_byte_zero, -1, RDI, RSI, b), ~0UL);

  /* false: xor %out32,%out32, whatever the argument.  */
  PVT_CHECK(enc(pvcall_encode_false, RAX, RDI, 0, b), LEN(2) | 0x31c0);
  PVT_CHECK(clobbered, 1u << RAX);
  PVT_CHECK(enc(pvcall_encode_false, RDI, -1, 0, b), LEN(2) | 0x31ff);
  PVT_CHECK(enc(pvcall_encode_false, R8, RDI, 0, b), LEN(3) | 0x4531c0);
  PVT_CHECK(clobbered, 1u << R8);
  PVT_CHECK(enc(pvcall_encode_false, R15, R15, 0, b), LEN(3) | 0x4531ff);
  PVT_CHECK(enc(pvcall_encode_false, -1, RDI, 0, b), ~0UL);

  /* mov %arg0,%cr2 and mov %cr0,%out.  */
  PVT_CHECK(enc(pvcall_encode_write_cr2, -1, RDI, 0, b), LEN(3) | 0x0f22d7);
  PVT_CHECK(clobbered, 0);
  PVT_CHECK(enc(pvcall_encode_write_cr2, -1, RAX, 0, b), LEN(3) | 0x0f22d0);
  PVT_CHECK(enc(pvcall_encode_write_cr2, -1, R8, 0, b), LEN(4) | 0x410f22d0);
  PVT_CHECK(enc(pvcall_encode_write_cr2, -1, R15, 0, b), LEN(4) | 0x410f22d7);
  PVT_CHECK(enc(pvcall_encode_write_cr2, -1, -1, 0, b), ~0UL);
  PVT_CHECK(enc(pvcall_encode_read_cr0, RAX, -1, 0, b), LEN(3) | 0x0f20c0);
  PVT_CHECK(enc(pvcall_encode_read_cr0, RBX, -1, 0, b), LEN(3) | 0x0f20c3);
  PVT_CHECK(clobbered, 1u << RBX);
  PVT_CHECK(enc(pvcall_encode_read_cr0, R9, -1, 0, b), LEN(4) | 0x410f20c1);
  PVT_CHECK(enc(pvcall_encode_read_cr0, R15, -1, 0, b), LEN(4) | 0x410f20c7);
  PVT_CHECK(enc(pvcall_encode_read_cr0, -1, -1, 0, b), ~0UL);

  /* str %out: as writes `str %rax' as `str %eax', 0f 00 /1.  */
  PVT_CHECK(enc(pvcall_encode_str, RAX, -1, 0, b), LEN(3) | 0x0f00c8);
  PVT_CHECK(clobbered, 1u << RAX);
  PVT_CHECK(enc(pvcall_encode_str, RDI, -1, 0, b), LEN(3) | 0x0f00cf);
  PVT_CHECK(enc(pvcall_encode_str, R8, -1, 0, b), LEN(4) | 0x410f00c8);
  PVT_CHECK(enc(pvcall_encode_str, R15, -1, 0, b), LEN(4) | 0x410f00cf);
  PVT_CHECK(clobbered, 1u << R15);
  PVT_CHECK(enc(pvcall_encode_str, -1, -1, 0, b), ~0UL);

  PVT_CHECK(enc(pvcall_encode_wbinvd, -1, -1, 0, b), LEN(2) | 0x0f09);
  PVT_CHECK(clobbered, 0);
  PVT_CHECK(enc(pvcall_encode_hlt, -1, -1, 0, b), LEN(1) | 0xf4);
  PVT_CHECK(clobbered, 0);

  /* NOPs: one instruction for up to five bytes.  */
  pvcall_fill_nops(b, 5);
  PVT_CHECK(b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x44, 1);
  pvcall_fill_nops(b, 2);
  PVT_CHECK(b[0] == 0x66 && b[1] == 0x90, 1);
  return pvt_finish("encoders");
}
