/* SPDX-License-Identifier: MIT */
/*
 * boot.S - PVH entry of the pvcall test kernel.
 *
 * QEMU finds the 32-bit entry point in the Xen ELF note below and jumps
 * there in protected mode: paging off, no stack, no usable GDT or IDT,
 * %ebx pointing at the hvm_start_info.  We build identity page tables
 * for the first GiB (the first 2 MiB in 4 KiB pages, so that the kernel
 * can later make its text read-only page by page), turn on PAE, long
 * mode, NX where the CPU has it, paging and write protection, and jump to
 * 64-bit code that calls kmain(start_info).
 */
#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define MSR_EFER			0xc0000080
#define EFER_LME			(1 << 8)
#define EFER_NXE			(1 << 11)
#define CR0_PE				(1 << 0)
#define CR0_WP				(1 << 16)
#define CR0_PG				(1 << 31)
#define CR4_PAE				(1 << 5)
#define PTE_P				0x1
#define PTE_W				0x2
#define PTE_PS				0x80

	.section .note.Xen, "a", @note
	.balign 4
	.long	4f - 3f			/* name size */
	.long	6f - 5f			/* descriptor size */
	.long	XEN_ELFNOTE_PHYS32_ENTRY
3:	.asciz	"Xen"
4:	.balign 4
5:	.quad	pvh_start
6:	.balign 4

	.section .boot, "ax", @progbits
	.code32
	.globl	pvh_start
pvh_start:
	cli
	movl	$boot_stack_top, %esp
	movl	%ebx, %edi			/* start_info, for kmain */

	/* PML4[0] -> PDPT, PDPT[0] -> PD, PD[0] -> PT (4 KiB pages for
	 * the first 2 MiB), PD[1..511] -> 2 MiB pages.  */
	movl	$pdpt, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, pml4
	movl	$pd, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, pdpt
	movl	$pt, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, pd
	movl	$1, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, pd(, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, pt(, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	2b

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3

	/* EFER.NXE only if CPUID says the CPU has NX.  */
	movl	$0x80000001, %eax
	cpuid
	movl	$EFER_LME, %esi
	testl	$(1 << 20), %edx
	jz	3f
	orl	$EFER_NXE, %esi
3:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	%esi, %eax
	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	gdt_desc
	ljmp	$0x08, $long_mode

	.code64
long_mode:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$boot_stack_top, %rsp
	/* %rdi still holds start_info (zero-extended by the 32-bit mov).  */
	call	kmain
4:	cli
	hlt
	jmp	4b

	.section .rodata
	.balign 8
gdt:
	.quad	0				/* null */
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff		/* 0x10: data */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	gdt

	.section .bss
	.balign 4096
	.globl	pml4, pdpt, pd, pt
pml4:	.zero	4096
pdpt:	.zero	4096
pd:	.zero	4096
pt:	.zero	4096
	.balign 16
boot_stack:
	.zero	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
