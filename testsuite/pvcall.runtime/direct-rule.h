/* SPDX-License-Identifier: MIT */
/*
 * direct-rule.h - when the patcher may replace a site with a direct call
 * to its op's implementation, written again from <pvcall/site.h> for the
 * runtime tests to check the patcher against (not taken from it).
 */
#ifndef PVT_DIRECT_RULE_H
#define PVT_DIRECT_RULE_H

#include <pvcall/site.h>

/* Whether the rule holds for a site of class C whose op has FLAGS:
   always at an ABI-form site; at a register-agnostic one only if the
   op's clobbers are all its implementation may clobber (PVCALL_OP_EXACT),
   the site's stack is aligned enough for a call (PVCALL_OP_STACK8), the
   operands are where the ABI puts them, and rax, which every
   implementation may clobber and the stub would keep, is the output or
   dead (the site loses the op's other clobbers anyway).  */
static __attribute__((unused)) int
pvt_direct_rule(const struct pvcall_class *c, unsigned int flags)
{
  static const unsigned int abi[6] = {
    PVCALL_REG_RDI, PVCALL_REG_RSI, PVCALL_REG_RDX,
    PVCALL_REG_RCX, PVCALL_REG_R8, PVCALL_REG_R9
  };
  int has_out = (c->regs & PVCALL_REGS_HAS_OUT) != 0;
  unsigned int i;

  if (c->form == PVCALL_FORM_CALL_REL32)
    return 1;
  if (!(flags & PVCALL_OP_EXACT) || !(flags & PVCALL_OP_STACK8))
    return 0;
  if (has_out && PVCALL_REGS_OUT(c->regs) != PVCALL_REG_RAX)
    return 0;
  for (i = 0; i < PVCALL_REGS_NARGS(c->regs); i++)
    if (i >= 6 || PVCALL_REGS_ARG(c->regs, i) != abi[i])
      return 0;
  return has_out || (c->dead & PVCALL_REG_BIT(PVCALL_REG_RAX)) != 0;
}

/* Where the call at P goes, or 0 if P holds no call rel32.  */
static __attribute__((unused)) const unsigned char *
pvt_call_dest(const unsigned char *p)
{
  int rel;

  if (p[0] != 0xe8)
    return 0;
  __builtin_memcpy(&rel, p + 1, 4);
  return p + 5 + rel;
}

#endif /* PVT_DIRECT_RULE_H */
