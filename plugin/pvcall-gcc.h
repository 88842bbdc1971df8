/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-gcc.h - the GCC side of the plugin: the one set of GCC headers
 * every plugin file sees, and what differs between the GCC versions the
 * plugin supports (the role Linux's scripts/gcc-plugins/gcc-common.h has).
 *
 * GCC's headers must come in dependency order, and many of them are not
 * self-contained; keeping the order in one place means a file that needs
 * one more GCC facility does not have to rediscover it.  The cost is a few
 * seconds of plugin build time, not of the compiles that load the plugin.
 *
 * Supported: GCC 11 and 12 (Debian 12).  The plugin builds against both
 * from the same source with no conditionals: every interface it uses
 * (function_abi, the pass manager, the hooks it wraps) is the same in
 * both.  A difference found later goes here, as a macro or inline function
 * named for what it does, keyed on BUILDING_GCC_VERSION as in
 * gcc-common.h, so that the other files stay free of #if.
 */
#ifndef PVCALL_GCC_H
#define PVCALL_GCC_H

#include "gcc-plugin.h"
#include "bversion.h"

/* insn_callee_abi() and predefined_function_abi came in GCC 10; versions
 * before 11 were never tested.  */
#if BUILDING_GCC_MAJOR < 11
#error "pvcall needs GCC 11 or later"
#endif

#include "tree.h"
#include "rtl.h"
#include "memmodel.h"
#include "tm_p.h"
#include "insn-constants.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-ssa.h"
#include "ssa.h"
#include "tree-ssa.h"
#include "tree-into-ssa.h"
#include "tree-ssa-alias.h"
#include "tree-ssanames.h"
#include "tree-eh.h"
#include "cgraph.h"
#include "stringpool.h"
#include "attribs.h"
#include "fold-const.h"
#include "stor-layout.h"
#include "varasm.h"
#include "gimplify.h"
#include "emit-rtl.h"
#include "df.h"
#include "hard-reg-set.h"
#include "regs.h"
#include "function-abi.h"
#include "target.h"
#include "output.h"
#include "debug.h"
#include "context.h"
#include "tree-pass.h"
#include "langhooks.h"
#include "diagnostic-core.h"
#include "pretty-print.h"
#include "tree-pretty-print.h"
#include "ggc.h"
#include "hash-map.h"
#include "cpplib.h"

/*
 * The x86 back end predefines function ABIs 0 (the default) and 1 (for
 * vzeroupper); the plugin takes the ids after them, one per distinct
 * clobber set, up to GCC's NUM_ABI_IDS (abi.cc).
 */
#define PVCALL_FIRST_ABI_ID	2
#define PVCALL_ABI_SLOTS	(NUM_ABI_IDS - PVCALL_FIRST_ABI_ID)

#endif /* PVCALL_GCC_H */
