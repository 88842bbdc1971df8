/* SPDX-License-Identifier: MIT */
/*
 * pvcall/thunk.h - register-saving thunks for ops written as plain C.
 *
 * A pvcall site trusts its callee to preserve every general register but
 * the declared clobbers.  The preferred implementation of an op is a C
 * function that does so by itself:
 *
 *	__attribute__((no_caller_saved_registers))	(build -mgeneral-regs-only)
 *	void __pvcall native_irq_disable(void) { ... }
 *
 * It saves only the registers it really uses.  For a function that cannot
 * be rebuilt that way, PVCALL_THUNK makes a thunk: it saves exactly the
 * caller-saved general registers that the op's clobber list does not
 * allow, calls the function with the stack aligned as the ABI wants, and
 * restores them.  It carries CFI, so debuggers can unwind through it.
 *
 *	unsigned long xen_save_fl(void);			plain C
 *	PVCALL_THUNK(xen_save_fl_thunk, xen_save_fl, "rcx, r11");
 *	extern unsigned long xen_save_fl_thunk(void) __pvcall_clobbers("rcx", "r11");
 *
 * The clobber list is a string of 64-bit register names separated by
 * commas (empty: ""), the same registers as in __pvcall_clobbers(); rax is
 * never saved.  For a two-register result, list rdx too.  Use it at file
 * scope.  The thunk is a global symbol in .text; FUNC is called directly
 * (give it hidden visibility, or it may go through the PLT in a shared
 * object).
 */
#ifndef PVCALL_THUNK_H
#define PVCALL_THUNK_H

__asm__(
"	.ifndef	pvcall_thunk_defined\n"
"	.set	pvcall_thunk_defined, 1\n"
/* pvcall_thunk NAME, FUNC, CLOBBERS...  */
"	.macro	pvcall_thunk name, func, clobbers:vararg\n"
"	.irp	r, rcx, rdx, rsi, rdi, r8, r9, r10, r11\n"
"	.set	.Lpvcall_keep_\\r, 1\n"
"	.endr\n"
"	.irp	c, \\clobbers\n"
"	.ifnb	\\c\n"
"	.set	.Lpvcall_keep_\\c, 0\n"
"	.endif\n"
"	.endr\n"
"	.set	.Lpvcall_saved, 0\n"
"	.irp	r, rcx, rdx, rsi, rdi, r8, r9, r10, r11\n"
"	.set	.Lpvcall_saved, .Lpvcall_saved + .Lpvcall_keep_\\r\n"
"	.endr\n"
"	.pushsection .text\n"
"	.p2align 4\n"
"	.globl	\\name\n"
"	.type	\\name, @function\n"
"\\name:\n"
"	.cfi_startproc\n"
"	.irp	r, rcx, rdx, rsi, rdi, r8, r9, r10, r11\n"
"	.if	.Lpvcall_keep_\\r\n"
"	pushq	%\\r\n"
"	.cfi_adjust_cfa_offset 8\n"
"	.cfi_rel_offset %\\r, 0\n"
"	.endif\n"
"	.endr\n"
/* Entered with rsp + 8 aligned to 16: an even number of pushes needs
   one more slot before the call.  */
"	.if	(.Lpvcall_saved % 2) == 0\n"
"	subq	$8, %rsp\n"
"	.cfi_adjust_cfa_offset 8\n"
"	.endif\n"
"	call	\\func\n"
"	.if	(.Lpvcall_saved % 2) == 0\n"
"	addq	$8, %rsp\n"
"	.cfi_adjust_cfa_offset -8\n"
"	.endif\n"
"	.irp	r, r11, r10, r9, r8, rdi, rsi, rdx, rcx\n"
"	.if	.Lpvcall_keep_\\r\n"
"	popq	%\\r\n"
"	.cfi_adjust_cfa_offset -8\n"
"	.cfi_restore %\\r\n"
"	.endif\n"
"	.endr\n"
"	ret\n"
"	int3\n"
"	.cfi_endproc\n"
"	.size	\\name, . - \\name\n"
"	.popsection\n"
"	.endm\n"
"	.endif\n"
);

#define PVCALL_THUNK(name, func, clobbers)				\
	__asm__("\tpvcall_thunk " #name ", " #func ", " clobbers "\n")

#endif /* PVCALL_THUNK_H */
