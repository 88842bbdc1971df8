/* The template encoders against what GNU as assembles (the expected bytes
   were taken from `as' and objdump): invlpg with the SIB byte rsp and r12
   need and the zero displacement rbp and r13 need, control registers,
   pushf/pop and push/popf with REX, moves in both directions, the
   identity that needs no instruction at all, and the scratch template
   that gives up when no register is free.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/patch.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

static unsigned long
enc(pvcall_encoder e, int out, int arg, unsigned int free, unsigned char *buf)
{
  struct pvcall_operands ops = { out, arg >= 0 ? 1u : 0u, { arg }, free };
  unsigned int clobbers = 0;
  int n = e(&ops, buf, &clobbers);
  unsigned long v = 0;
  int i;

  if (n < 0)
    return ~0UL;
  for (i = 0; i < n; i++)
    v = v << 8 | buf[i];
  return v | (unsigned long) n << 56;
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
  /* NOPs: one instruction for up to five bytes.  */
  pvcall_fill_nops(b, 5);
  PVT_CHECK(b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x44, 1);
  pvcall_fill_nops(b, 2);
  PVT_CHECK(b[0] == 0x66 && b[1] == 0x90, 1);
  return pvt_finish("encoders");
}
