#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# apply.sh TREE - turn a pristine Linux 6.1 tree (Debian's linux-source-6.1)
# into one whose C-level pv op calls are plain C calls that the pvcall GCC
# plugin makes into patch sites, with the .parainstructions and
# .altinstructions records the PVOP macros would have written.
#
# It edits five files in place, each at anchors that must occur exactly
# once, and refuses a tree it has already edited:
#
#   arch/x86/include/asm/paravirt_types.h
#	under PVCALL_PLUGIN (defined by the plugin's cflags) the PVOP_*
#	macros become C calls through a function type with the pvcall
#	attribute: callee-save ops (PVOP_CALLEE*) may clobber rax and the
#	flags only, the others every caller-saved register; PVOP_ALT_* add
#	the native replacement and its feature condition (pvcall_native).
#	The arguments are passed as unsigned long, as the macros do.  The
#	struct layout and every assignment to pv_ops stay as they are.
#   arch/x86/include/asm/paravirt.h
#	__set_fixmap, the one plain C call through pv_ops, uses PVOP_VCALL3
#	under the overlay, so that it is a patch site as well
#   scripts/gcc-plugins/Kconfig		GCC_PLUGIN_PVCALL
#   scripts/Makefile.gcc-plugins	-fplugin=...pvcall.so
#	-fplugin-arg-pvcall-format=linux-6.1 -DPVCALL_PLUGIN, and
#	DISABLE_PVCALL_PLUGIN for per-file opt-outs (which get the macros)
#   scripts/gcc-plugins/Makefile	copies $(PVCALL_PLUGIN) to
#	scripts/gcc-plugins/pvcall.so, a prerequisite of every object
#	like the in-tree plugins
#
# Build with  make PVCALL_PLUGIN=/path/to/pvcall.so  (default: pvcall.so
# in GCC's plugin directory, where `make install' puts it).  Assembly
# sites (PARA_SITE in .S files) keep their hand-written macros.
set -eu

tree=${1:?usage: apply.sh LINUX-TREE}
cd "$tree"

marker="pvcall overlay"
if grep -q "$marker" arch/x86/include/asm/paravirt_types.h; then
	echo "apply.sh: $tree already has the pvcall overlay" >&2
	exit 1
fi

# edit FILE LINE TEXT before|instead: put TEXT before, or in place of, the
# one line of FILE that is exactly LINE.
edit() {
	n=$(grep -c -x -F -- "$2" "$1" || true)
	if [ "$n" -ne 1 ]; then
		echo "apply.sh: $1: line '$2' found $n times, not once" >&2
		exit 1
	fi
	case $4 in
	before) keep='$ENV{ANCHOR}' ;;
	instead) keep= ;;
	esac
	ANCHOR=$2 TEXT=$3 perl -0pi -e \
		"s/^\\Q\$ENV{ANCHOR}\\E\$/\$ENV{TEXT}$keep/m" "$1"
}
insert() { edit "$1" "$2" "$3" before; }
replace() { edit "$1" "$2" "$3" instead; }

insert arch/x86/include/asm/paravirt_types.h \
	'/* Lazy mode for batching updates / context switch */' \
'#if defined(PVCALL_PLUGIN) && defined(__PVCALL__)
/*
 * pvcall overlay (CONFIG_GCC_PLUGIN_PVCALL): the same calls in C.  The
 * plugin makes each one a 5-byte patch site with its .parainstructions
 * record (and, given a native replacement, its .altinstructions entry),
 * and tells the register allocator exactly what the op clobbers: a
 * callee-save op rax and the flags, any other op what a C call does.
 */
typedef unsigned long __pvcall_ul;

#define __PVCALL_CALLEE_SAVE	__attribute__((pvcall))
#define __PVCALL_ANY_REGS	__attribute__((pvcall("rcx", "rdx", "rsi", \
					"rdi", "r8", "r9", "r10", "r11")))
#define __PVCALL_NATIVE(alt, cond) __attribute__((pvcall_native(alt, cond)))
#define __PVCALL_ARG(x)		((__pvcall_ul)(x))

#define __PVCALL(attrs, rettype, slot, params, ...)			\
	({								\
		typedef rettype __pvcall_fn_t params attrs;		\
		((__pvcall_fn_t *)(void *)(slot))(__VA_ARGS__);		\
	})

#define __PVCALL_N(rettype, op, params, ...)				\
	__PVCALL(__PVCALL_ANY_REGS, rettype, pv_ops.op, params, ##__VA_ARGS__)
#define __PVCALL_ALT(rettype, op, alt, cond, params, ...)		\
	__PVCALL(__PVCALL_ANY_REGS __PVCALL_NATIVE(alt, cond), rettype,	\
		 pv_ops.op, params, ##__VA_ARGS__)
#define __PVCALL_CS(rettype, op, params, ...)				\
	__PVCALL(__PVCALL_CALLEE_SAVE, rettype, pv_ops.op.func, params,	\
		 ##__VA_ARGS__)
#define __PVCALL_ALT_CS(rettype, op, alt, cond, params, ...)		\
	__PVCALL(__PVCALL_CALLEE_SAVE __PVCALL_NATIVE(alt, cond), rettype, \
		 pv_ops.op.func, params, ##__VA_ARGS__)

#define __PVCALL_P1	(__pvcall_ul)
#define __PVCALL_P2	(__pvcall_ul, __pvcall_ul)
#define __PVCALL_P3	(__pvcall_ul, __pvcall_ul, __pvcall_ul)
#define __PVCALL_P4	(__pvcall_ul, __pvcall_ul, __pvcall_ul, __pvcall_ul)

#undef PVOP_CALL0
#undef PVOP_VCALL0
#undef PVOP_ALT_CALL0
#undef PVOP_ALT_VCALL0
#undef PVOP_CALLEE0
#undef PVOP_VCALLEE0
#undef PVOP_ALT_CALLEE0
#undef PVOP_ALT_VCALLEE0
#undef PVOP_CALL1
#undef PVOP_VCALL1
#undef PVOP_ALT_VCALL1
#undef PVOP_CALLEE1
#undef PVOP_VCALLEE1
#undef PVOP_ALT_CALLEE1
#undef PVOP_ALT_VCALLEE1
#undef PVOP_CALL2
#undef PVOP_VCALL2
#undef PVOP_CALL3
#undef PVOP_VCALL3
#undef PVOP_CALL4
#undef PVOP_VCALL4

#define PVOP_CALL0(rettype, op)		__PVCALL_N(rettype, op, (void))
#define PVOP_VCALL0(op)			__PVCALL_N(void, op, (void))
#define PVOP_ALT_CALL0(rettype, op, alt, cond)				\
	__PVCALL_ALT(rettype, op, alt, cond, (void))
#define PVOP_ALT_VCALL0(op, alt, cond)					\
	__PVCALL_ALT(void, op, alt, cond, (void))
#define PVOP_CALLEE0(rettype, op)	__PVCALL_CS(rettype, op, (void))
#define PVOP_VCALLEE0(op)		__PVCALL_CS(void, op, (void))
#define PVOP_ALT_CALLEE0(rettype, op, alt, cond)			\
	__PVCALL_ALT_CS(rettype, op, alt, cond, (void))
#define PVOP_ALT_VCALLEE0(op, alt, cond)				\
	__PVCALL_ALT_CS(void, op, alt, cond, (void))

#define PVOP_CALL1(rettype, op, a1)					\
	__PVCALL_N(rettype, op, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_VCALL1(op, a1)						\
	__PVCALL_N(void, op, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_ALT_VCALL1(op, a1, alt, cond)				\
	__PVCALL_ALT(void, op, alt, cond, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_CALLEE1(rettype, op, a1)					\
	__PVCALL_CS(rettype, op, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_VCALLEE1(op, a1)						\
	__PVCALL_CS(void, op, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_ALT_CALLEE1(rettype, op, a1, alt, cond)			\
	__PVCALL_ALT_CS(rettype, op, alt, cond, __PVCALL_P1, __PVCALL_ARG(a1))
#define PVOP_ALT_VCALLEE1(op, a1, alt, cond)				\
	__PVCALL_ALT_CS(void, op, alt, cond, __PVCALL_P1, __PVCALL_ARG(a1))

#define PVOP_CALL2(rettype, op, a1, a2)					\
	__PVCALL_N(rettype, op, __PVCALL_P2, __PVCALL_ARG(a1),		\
		   __PVCALL_ARG(a2))
#define PVOP_VCALL2(op, a1, a2)						\
	__PVCALL_N(void, op, __PVCALL_P2, __PVCALL_ARG(a1), __PVCALL_ARG(a2))
#define PVOP_CALL3(rettype, op, a1, a2, a3)				\
	__PVCALL_N(rettype, op, __PVCALL_P3, __PVCALL_ARG(a1),		\
		   __PVCALL_ARG(a2), __PVCALL_ARG(a3))
#define PVOP_VCALL3(op, a1, a2, a3)					\
	__PVCALL_N(void, op, __PVCALL_P3, __PVCALL_ARG(a1),		\
		   __PVCALL_ARG(a2), __PVCALL_ARG(a3))
#define PVOP_CALL4(rettype, op, a1, a2, a3, a4)				\
	__PVCALL_N(rettype, op, __PVCALL_P4, __PVCALL_ARG(a1),		\
		   __PVCALL_ARG(a2), __PVCALL_ARG(a3), __PVCALL_ARG(a4))
#define PVOP_VCALL4(op, a1, a2, a3, a4)					\
	__PVCALL_N(void, op, __PVCALL_P4, __PVCALL_ARG(a1),		\
		   __PVCALL_ARG(a2), __PVCALL_ARG(a3), __PVCALL_ARG(a4))
#endif /* PVCALL_PLUGIN && __PVCALL__ */

'

# The one C call through pv_ops that is not a PVOP macro in 6.1: make it
# one in the overlay, so that it becomes a patch site too.
replace arch/x86/include/asm/paravirt.h \
	'	pv_ops.mmu.set_fixmap(idx, phys, flags);' \
'#if defined(PVCALL_PLUGIN) && defined(__PVCALL__)	/* pvcall overlay */
	PVOP_VCALL3(mmu.set_fixmap, idx, phys, pgprot_val(flags));
#else
	pv_ops.mmu.set_fixmap(idx, phys, flags);
#endif'

insert scripts/gcc-plugins/Kconfig 'endif' \
'config GCC_PLUGIN_PVCALL
	bool "Compile pv op calls as patchable reduced-clobber calls (pvcall)"
	depends on PARAVIRT_XXL && X86_64
	help
	  Compile the C-level pv op calls (the PVOP_* macros) as plain C
	  calls that the external pvcall plugin makes into patch sites
	  with the usual .parainstructions and .altinstructions records,
	  so that the register allocator knows what each op clobbers.
	  Build with make PVCALL_PLUGIN=/path/to/pvcall.so unless the
	  plugin is installed in the compiler'"'"'s plugin directory.

'

insert scripts/Makefile.gcc-plugins \
	'# All the plugin CFLAGS are collected here in case a build target needs to' \
'# pvcall (pvcall overlay) is built outside the tree: PVCALL_PLUGIN names it,
# by default the one in GCC'"'"'s plugin directory.  It is copied to
# scripts/gcc-plugins/pvcall.so (see scripts/gcc-plugins/Makefile); the
# file name must stay pvcall.so, since GCC names a plugin'"'"'s
# -fplugin-arg-NAME-* options after its file.
# The plugin'"'"'s checksum is part of every command line, so that kbuild
# rebuilds everything when the plugin changes.
ifdef CONFIG_GCC_PLUGIN_PVCALL
PVCALL_PLUGIN ?= $(shell $(CC) -print-file-name=plugin)/pvcall.so
export PVCALL_PLUGIN
PVCALL_PLUGIN_ID := $(firstword $(shell cksum < $(PVCALL_PLUGIN) 2>/dev/null))
gcc-plugin-cflags-y += -fplugin=$(objtree)/scripts/gcc-plugins/pvcall.so \
		       -fplugin-arg-pvcall-format=linux-6.1 -DPVCALL_PLUGIN \
		       -DPVCALL_PLUGIN_ID=$(PVCALL_PLUGIN_ID)
    DISABLE_PVCALL_PLUGIN += -fplugin-arg-pvcall-disable -UPVCALL_PLUGIN
endif
export DISABLE_PVCALL_PLUGIN

'

cat >> scripts/gcc-plugins/Makefile <<'EOF'

# pvcall overlay: the external plugin, copied in so that it is built (and
# rebuilt when it changes) before any object, like the plugins above.
ifdef CONFIG_GCC_PLUGIN_PVCALL
always-y += pvcall.so
targets += pvcall.so
quiet_cmd_copy_pvcall = COPY    $@
      cmd_copy_pvcall = cat $(PVCALL_PLUGIN) > $@
$(obj)/pvcall.so: $(PVCALL_PLUGIN) FORCE
	$(call if_changed,copy_pvcall)
endif
EOF

echo "apply.sh: pvcall overlay applied to $tree"
