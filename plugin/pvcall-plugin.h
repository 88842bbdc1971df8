/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interfaces of the pvcall GCC plugin.
 *
 * The plugin is C++ only because GCC's headers are.  It is written like C:
 * no RTTI, no exceptions, no classes of our own beyond the pass objects
 * GCC's pass manager requires.
 */
#ifndef PVCALL_PLUGIN_H
#define PVCALL_PLUGIN_H

#include "gcc-plugin.h"
#include "tree.h"

/* Version predefined as __PVCALL__ and reported by --help.  */
#define PVCALL_VERSION		1
#define PVCALL_VERSION_STRING	"1"

/*
 * Register masks use the x86 hardware encoding, the numbering of the
 * ModRM reg field: bit 0 is rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp,
 * 6 rsi, 7 rdi, 8..15 r8..r15.  The same numbering is used by the site
 * records that later tools read, so it is independent of GCC's internal
 * register numbers.
 */
enum pvcall_reg {
	PVREG_RAX, PVREG_RCX, PVREG_RDX, PVREG_RBX,
	PVREG_RSP, PVREG_RBP, PVREG_RSI, PVREG_RDI,
	PVREG_R8, PVREG_R9, PVREG_R10, PVREG_R11,
	PVREG_R12, PVREG_R13, PVREG_R14, PVREG_R15,
	PVREG_COUNT
};

#define PVREG_BIT(r)		(1u << (r))

/* The SysV caller-saved general registers: the only ones a clobber list
 * may name, because a callee is free to clobber nothing else.  */
#define PVREG_CALLER_SAVED						\
	(PVREG_BIT(PVREG_RAX) | PVREG_BIT(PVREG_RCX) | PVREG_BIT(PVREG_RDX) | \
	 PVREG_BIT(PVREG_RSI) | PVREG_BIT(PVREG_RDI) | PVREG_BIT(PVREG_R8) | \
	 PVREG_BIT(PVREG_R9) | PVREG_BIT(PVREG_R10) | PVREG_BIT(PVREG_R11))

/* Options (-fplugin-arg-pvcall-KEY).  */
extern bool pvcall_disabled;
extern bool pvcall_verbose;

/* attr.cc */
void pvcall_register_attributes(void *gcc_data, void *user_data);
bool pvcall_type_p(const_tree fntype);
unsigned int pvcall_clobber_mask(const_tree fntype);
const char *pvcall_reg_name(unsigned int reg);
int pvcall_gcc_regno(unsigned int reg);
void pvcall_check_definition(void *gcc_data, void *user_data);

/* abi.cc */
void pvcall_install_abi_hook(void);
void pvcall_install_type_hook(void);
int pvcall_abi_id_for_mask(unsigned int mask);
const_tree pvcall_call_insn_fntype(const rtx_insn *insn);

/* passes.cc */
void pvcall_register_passes(const char *plugin_name);

#endif /* PVCALL_PLUGIN_H */
