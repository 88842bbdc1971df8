/* SPDX-License-Identifier: MIT */
/*
 * site-dead.h - pvt_site_dead, the site lookup of the poisoning thunks
 * (see poison.h): from the thunk's return address and stack, the record
 * of the site being served and so the registers it declares dead.
 *
 * poison.h includes this in every test, so each module (a shared library
 * too) searches its own records.  The fuzz campaign compiles it once per
 * compiler instead (testsuite/fuzz/pvfuzz-harness.c, with poison.h under
 * PVT_SITE_DEAD_EXTERN): at -O2 it is about 15% of each program's compile
 * time, and it is harness code, not what the campaign tests.
 */
#ifndef PVT_SITE_DEAD_H
#define PVT_SITE_DEAD_H

#include <pvcall/site.h>

/* The site records of this module (none without the plugin).  */
extern const struct pvcall_site __start_pvcall_sites[]
  __attribute__((weak, visibility("hidden")));
extern const struct pvcall_site __stop_pvcall_sites[]
  __attribute__((weak, visibility("hidden")));

/* Calls that found their site's record, and dead registers poisoned.  */
static volatile unsigned long pvt_dead_hits, pvt_dead_regs;

/* The dead-register mask of the site whose call returns to RET, from its
   record; 0 (poison nothing more) for a call that is not a site.  Called
   by every thunk, which then poisons those registers too: the plugin
   claims the caller does not read them.  */
static const struct pvcall_site *
pvt_find_site(const unsigned char *ret)
{
  const struct pvcall_site *s;

  for (s = __start_pvcall_sites; s && s < __stop_pvcall_sites; s++)
    if ((const unsigned char *) pvcall_ref(&s->site)
	+ PVCALL_CALL_REL32_LEN == ret)
      return s;
  return 0;
}

/* Where the call at a site goes, as its record says (the site itself
   may have been patched since).  */
static const unsigned char *
pvt_call_target(const struct pvcall_site *s)
{
  return (const unsigned char *) pvcall_ref(&pvcall_site_class(s)->target);
}

/* The stub RET returns into: the nearest call target of a
   register-agnostic site at or below RET.  */
static const unsigned char *
pvt_stub_entry(const unsigned char *ret)
{
  const struct pvcall_site *s;
  const unsigned char *best = 0;

  for (s = __start_pvcall_sites; s && s < __stop_pvcall_sites; s++)
    {
      const unsigned char *t = pvt_call_target(s);

      if (pvcall_site_class(s)->form == PVCALL_FORM_CALL_REL32_ANY
	  && t <= ret && t > best)
	best = t;
    }
  return best;
}

/* Whether WORD is the return address of a register-agnostic site that
   calls the stub at ENTRY.  */
static const struct pvcall_site *
pvt_site_of_stub(const unsigned char *word, const unsigned char *entry)
{
  const struct pvcall_site *s = pvt_find_site(word);

  if (s && pvcall_site_class(s)->form == PVCALL_FORM_CALL_REL32_ANY
      && pvt_call_target(s) == entry)
    return s;
  return 0;
}

/* The pushes that open the register-agnostic stub at ENTRY.  A stub that
   realigns the stack first saves its frame register F (push %F; mov
   %rsp,%F; pushes; and $-16,%rsp): *FRAME gets F's bit, else 0.
   *PUSHED gets the registers pushed after that; returns their number.  */
static int
pvt_stub_pushes(const unsigned char *entry, unsigned long *frame,
		unsigned long *pushed)
{
  const unsigned char *p = entry;
  unsigned long first = 0, bit;
  int n = 0;

  *frame = 0;
  *pushed = 0;
  for (;;)
    {
      if (p[0] >= 0x50 && p[0] <= 0x57)
	bit = 1UL << (p[0] & 7), p += 1;
      else if (p[0] == 0x41 && p[1] >= 0x50 && p[1] <= 0x57)
	bit = 1UL << (8 + (p[1] & 7)), p += 2;
      else if (n == 1 && !*frame && (p[0] == 0x48 || p[0] == 0x49)
	       && p[1] == 0x89 && (p[2] & 0xf8) == 0xe0)
	{
	  /* mov %rsp, %F: the first push saved F.  */
	  *frame = first;
	  *pushed = 0;
	  n = 0;
	  p += 3;
	  continue;
	}
      else
	return n;
      if (!n)
	first = bit;
      *pushed |= bit;
      n++;
    }
}

/* A register-agnostic site reaches the thunk through its stub, and the
   stub's prologue says where the site's return address is: above the
   thunk's own return address come the stub's pushes, and, for a stub
   that realigns through a frame register, an alignment slot of 0 or 8
   bytes and the saved frame register, which *KEEP gets (the stub needs
   it after the call).  Where both candidates look like such a site, say
   nothing.  */
static const struct pvcall_site *
pvt_find_stub_site(const unsigned char *ret, const unsigned char *const *stack,
		   unsigned long *keep)
{
  const unsigned char *entry = pvt_stub_entry(ret);
  const struct pvcall_site *a, *b;
  unsigned long pushed;
  int n;

  *keep = 0;
  if (!entry)
    return 0;
  n = pvt_stub_pushes(entry, keep, &pushed);
  if (!*keep)
    return pvt_site_of_stub(stack[n], entry);
  a = pvt_site_of_stub(stack[n + 1], entry);
  b = pvt_site_of_stub(stack[n + 2], entry);
  return a && b ? 0 : a ? a : b;
}

/* The dead-register mask of the site the thunk is serving, from its
   record; 0 (poison nothing more) for a call that is not a site.  RET is
   the thunk's return address and STACK the words above it.  Called by
   every thunk, which then poisons those registers too: the plugin claims
   the caller does not read them.  Through a stub, rax and rdx carry the
   result back to the stub and the stub's frame register holds its frame:
   those are left alone; the stub restores what it saved, so only
   registers it does not touch reach the site poisoned.  */
__attribute__((used, noipa, visibility("hidden"))) unsigned long
pvt_site_dead(const unsigned char *ret, const unsigned char *const *stack)
{
  const struct pvcall_site *s = pvt_find_site(ret);
  unsigned long dead, keep = 0;

  if (s)
    dead = pvcall_site_class(s)->dead;
  else if ((s = pvt_find_stub_site(ret, stack, &keep)) != 0)
    dead = pvcall_site_class(s)->dead & ~(unsigned long) 0x5 & ~keep;
  else
    return 0;
  pvt_dead_hits++;
  pvt_dead_regs += __builtin_popcountl(dead);
  return dead;
}

#endif /* PVT_SITE_DEAD_H */
