/* -fplugin-arg-pvcall-format=linux-6.1: each site through pv_ops gets
   Linux 6.1's 16-byte .parainstructions record (type = slot offset / 8,
   length of the site, CLBR_* clobbers), and an op with a native
   replacement also an .altinstructions entry and its instructions in
   .altinstr_replacement, padded into the site when longer than the call.
   Sites keep the ABI form even under -mno-red-zone; stubs live in
   .noinstr.text; pvcall's own records are not emitted.  A call through
   another table has no Linux record and says so.  */
/* { dg-do compile } */
/* { dg-options "-O2 -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fplugin-arg-pvcall-format=linux-6.1" } */

#include <pvcall.h>

#define ALT_NOT(feat)	((feat) | (1 << 15))
#define XENPV		(8 * 32 + 16)

struct pv_irq_ops {
	unsigned long (*save_fl)(void) __pvcall
		__pvcall_native("pushf; pop %%rax;", ALT_NOT(XENPV));
	void (*irq_disable)(void) __pvcall __pvcall_native("cli;", ALT_NOT(XENPV));
	void (*long_one)(void) __pvcall
		__pvcall_native("sti; nop; nop; nop; nop; nop", ALT_NOT(XENPV));
};
struct pv_mmu_ops {
	unsigned long (*read_cr3)(void) __pvcall_clobbers("rcx", "rdx", "rsi",
		"rdi", "r8", "r9", "r10", "r11");
};
struct paravirt_patch_template {
	void *cpu[2];
	struct pv_irq_ops irq;
	struct pv_mmu_ops mmu;
};
extern struct paravirt_patch_template pv_ops;
struct other_ops { void (*hook)(void) __pvcall; };
extern struct other_ops other_ops;

unsigned long f(unsigned long a)
{
	unsigned long fl = pv_ops.irq.save_fl();

	pv_ops.irq.irq_disable();
	pv_ops.irq.long_one();
	other_ops.hook();	/* { dg-warning "pv call through 'other_ops.hook' has no Linux patch record: it is not a call through pv_ops" } */
	other_ops.hook();
	return fl + a + pv_ops.mmu.read_cr3();
}

/* Records: types 2, 3, 4 (irq) and 5 (read_cr3), five bytes each but the
   padded one; CLBR_RAX (0x1) for callee-save ops, CLBR_ANY for the other.  */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.parainstructions,\"a\"\n\t\\.balign 8\n\t\\.quad \\.Lpvl\\.site\\.\[0-9\]+\n" 4 } } */
/* { dg-final { scan-assembler "\t\\.byte 2\n\t\\.byte \\.Lpvl\\.end\\.\[0-9\]+ - \\.Lpvl\\.site\\.\[0-9\]+\n\t\\.short 0x1\n" } } */
/* { dg-final { scan-assembler "\t\\.byte 3\n\t\\.byte \\.Lpvl\\.end\\.\[0-9\]+ - \\.Lpvl\\.site\\.\[0-9\]+\n\t\\.short 0x1\n" } } */
/* { dg-final { scan-assembler "\t\\.byte 5\n\t\\.byte \\.Lpvl\\.end\\.\[0-9\]+ - \\.Lpvl\\.site\\.\[0-9\]+\n\t\\.short 0x1ff\n" } } */
/* { dg-final { scan-assembler-times "\t\\.pushsection \\.altinstructions,\"a\"\n" 3 } } */
/* { dg-final { scan-assembler-times "\t\\.short 0x8110\n" 3 } } */
/* { dg-final { scan-assembler "\\.Lpvl\\.rs\\.\[0-9\]+:\n\tpushf; pop %rax;\n" } } */
/* { dg-final { scan-assembler "\\.Lpvl\\.rs\\.\[0-9\]+:\n\tcli;\n" } } */
/* { dg-final { scan-assembler-times "\t\\.fill -\\(\\(\\.Lpvl\\.re\\.\[0-9\]+ - \\.Lpvl\\.rs\\.\[0-9\]+\\) > 5\\)" 3 } } */
/* { dg-final { scan-assembler "\t\\.pushsection \\.noinstr\\.text,\"axG\",@progbits,__pvcall\\.s\\.pv_ops\\.16\\.001,comdat\n" } } */
/* { dg-final { scan-assembler "\tcall\t__pvcall\\.s\\.other_ops\\.0\\.001\n" } } */
/* { dg-final { scan-assembler-not "pvcall_sites|pvcall_classes|pvcall_ops|__pvcall\\.r\\." } } */
