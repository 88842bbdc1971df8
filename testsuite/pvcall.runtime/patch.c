/* The patcher on a live program.  The same workload runs unpatched, then
   with its sites patched (native templates where the backend has them,
   direct calls where the rule of direct-rule.h allows, the call to the
   stub elsewhere), then unpatched again; the results must not
   change.  Patched sites must hold the expected encodings; a second patch
   run must find everything already patched and write nothing; unpatching
   must restore the program's text byte for byte.  The templates are the
   user-safe ones: pushf;pop for save_fl, the identity for pte_val, NOPs
   for a no-op, and one that makes its result in a dead scratch register.
   The ops' thunks poison everything they may, as in pvcall.run.  The
   same templates padded with redundant prefixes instead of NOPs
   (PVCALL_TEMPLATE_PREFIX_PAD) give the same results, with each site's
   code at its end after as many 3e bytes as it is short.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/patch.h>
#include "direct-rule.h"

PVT_IMPL unsigned long save_fl_impl(void)
{
  unsigned long f;
  __asm__ volatile ("pushf\n\tpop %0" : "=r" (f));
  return f;
}
PVT_IMPL unsigned long pte_val_impl(unsigned long v) { return v; }
PVT_IMPL long nop_impl(void) { return 0; }
PVT_IMPL unsigned long zero_impl(void) { return 0; }
PVT_IMPL unsigned long mul3_impl(unsigned long v) { return v * 3; }
static unsigned long mul3b_calls;
PVT_IMPL unsigned long mul3b_impl(unsigned long v) { mul3b_calls++; return v * 3; }

PVT_THUNK(save_fl_op, save_fl_impl, "");
PVT_THUNK(pte_val_op, pte_val_impl, "");
PVT_THUNK_VOID(nop_op, nop_impl, "");
PVT_THUNK(zero_op, zero_impl, "");
PVT_THUNK(mul3_op, mul3_impl, "");
PVT_THUNK(mul3b_op, mul3b_impl, "");
extern unsigned long mul3b_op(unsigned long) __pvcall;

extern unsigned long save_fl_op(void) __pvcall;
extern unsigned long pte_val_op(unsigned long) __pvcall;
extern void nop_op(void) __pvcall;
extern unsigned long zero_op(void) __pvcall;
extern unsigned long mul3_op(unsigned long) __pvcall;

struct ops {
  unsigned long (*save_fl)(void) __pvcall;
  unsigned long (*pte_val)(unsigned long) __pvcall;
  void (*nop)(void) __pvcall;
  unsigned long (*zero)(void) __pvcall;
  unsigned long (*mul3)(unsigned long) __pvcall;
};
struct ops pv_ops = { save_fl_op, pte_val_op, nop_op, zero_op, mul3_op };

extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern const char __executable_start[], etext[];

static __attribute__((noinline)) unsigned long
work(const unsigned long *ptes, long n)
{
  PVT_LIVE20(2);
  unsigned long sum = 0, fl = pv_ops.save_fl() & 0x200;
  long i;

  for (i = 0; i < n; i++)
    {
      pv_ops.nop();
      sum += pv_ops.pte_val(ptes[i]) ^ pv_ops.zero();
      sum += pv_ops.mul3(ptes[i] + v3);
    }
  pv_ops.nop();
  long out[20];
  PVT_SINK20(out);
  for (i = 0; i < 20; i++)
    sum = sum * 31 + out[i];
  return sum + fl;
}

static const struct pvcall_template templates[] = {
  { "pv_ops.save_fl", 0, pvcall_encode_save_fl },
  { "pv_ops.pte_val", 0, pvcall_encode_identity },
  { "pv_ops.nop", 0, pvcall_encode_nop },
  { "pv_ops.zero", 0, pvcall_encode_zero },
};

#define PAD PVCALL_TEMPLATE_PREFIX_PAD
static const struct pvcall_template prefix_templates[] = {
  { "pv_ops.save_fl", 0, pvcall_encode_save_fl, PAD },
  { "pv_ops.pte_val", 0, pvcall_encode_identity, PAD },
  { "pv_ops.nop", 0, pvcall_encode_nop, PAD },
  { "pv_ops.zero", 0, pvcall_encode_zero, PAD },
};

static unsigned long writes;

static int
count_write(void *ctx, void *dst, const void *src, size_t len)
{
  writes++;
  return pvcall_user_text_write(ctx, dst, src, len);
}

static const struct pvcall_backend backend = {
  templates, sizeof templates / sizeof templates[0], count_write, 0, 0, 0
};

static const struct pvcall_image image = {
  __start_pvcall_sites, __stop_pvcall_sites,
  __start_pvcall_classes, __stop_pvcall_classes,
  __start_pvcall_ops, __stop_pvcall_ops,
  __executable_start, etext,
};

static unsigned char text_copy[1 << 20];
static unsigned long zero_inlined;

static int
name_is(const struct pvcall_op *op, const char *name)
{
  const char *a = (const char *) pvcall_ref(&op->name);
  while (*a && *a == *name)
    a++, name++;
  return *a == *name;
}

/* The site's bytes after patching, checked against what each template
   must produce for the site's own registers.  */
static void
check_site(const struct pvcall_site *s)
{
  const unsigned char *p = (const unsigned char *) pvcall_ref(&s->site);
  const struct pvcall_class *c = pvcall_site_class(s);
  const struct pvcall_op *op = pvcall_class_op(c);
  static const unsigned char nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
  unsigned int out = PVCALL_REGS_OUT(c->regs);
  unsigned int arg = PVCALL_REGS_ARG(c->regs, 0);
  int rex = out >= 8;

  if (name_is(op, "pv_ops.save_fl"))
    {
      PVT_CHECK(p[0], 0x9c);
      if (rex)
	PVT_CHECK(p[1], 0x41);
      PVT_CHECK(p[1 + rex], 0x58 + (out & 7));
    }
  else if (name_is(op, "pv_ops.nop"))
    PVT_CHECK(__builtin_memcmp(p, nop5, 5), 0);
  else if (name_is(op, "pv_ops.pte_val"))
    {
      if (out == arg)
	PVT_CHECK(__builtin_memcmp(p, nop5, 5), 0);
      else
	{
	  PVT_CHECK(p[0], 0x48 | (arg >= 8 ? 4 : 0) | (out >= 8 ? 1 : 0));
	  PVT_CHECK(p[1], 0x89);
	  PVT_CHECK(p[2], 0xc0 | (arg & 7) << 3 | (out & 7));
	}
    }
  else if (name_is(op, "pv_ops.zero"))
    {
      /* xor %scratch, %scratch if the site has a free scratch register
	 below r8 besides its output; else the call stays.  */
      unsigned int free = c->dead | PVCALL_REG_BIT(out);
      if (c->form == PVCALL_FORM_CALL_REL32)
	free |= op->clobbers;
      free &= 0xff & ~PVCALL_REG_BIT(out) & ~PVCALL_REG_BIT(PVCALL_REG_RSP);
      PVT_CHECK(p[0], free ? 0x31 : 0xe8);
      zero_inlined += free != 0;
    }
  else if (name_is(op, "pv_ops.mul3"))
    {
      /* A direct call to the thunk where the rule allows (always at an
	 ABI-form site), else the stub call, untouched.  */
      PVT_CHECK(pvt_call_dest(p),
		pvt_direct_rule(c, op->flags)
		? (const unsigned char *) (void *) mul3_op
		: (const unsigned char *) pvcall_ref(&c->target));
    }
}

/* A site patched with prefix padding: the template's code at the end,
   3e before it, or a 5-byte NOP for an empty one; the call if it stayed. */
static unsigned long
check_prefixed(const struct pvcall_site *s)
{
  const unsigned char *p = (const unsigned char *) pvcall_ref(&s->site);
  static const unsigned char nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
  unsigned int k = 0;

  if (p[0] == 0xe8 || !__builtin_memcmp(p, nop5, 5))
    return 0;
  while (k < 5 && p[k] == PVCALL_PAD_PREFIX)
    k++;
  /* Then the code, which only the scratch template (xor; mov) can make
     5 bytes long: pushf, xor or a REX mov.  */
  PVT_CHECK(k < 5, 1);
  PVT_CHECK(p[k] == 0x9c || p[k] == 0x31 || (p[k] & 0xf0) == 0x40, 1);
  return k > 0;
}

/* Patch with prefix padding, run, check the sites, and unpatch.  */
static void
prefix_pass(unsigned long (*run)(void), unsigned long want,
	    const unsigned char *orig, unsigned long len, unsigned long n)
{
  const struct pvcall_backend be = {
    prefix_templates, sizeof prefix_templates / sizeof prefix_templates[0],
    count_write, 0, 0, 0, 0
  };
  struct pvcall_result r = { 0 }, un = { 0 };
  unsigned long i, prefixed = 0;

  PVT_CHECK(pvcall_patch(&image, &be, &r), 0);
  PVT_CHECK(run(), want);
  for (i = 0; i < n; i++)
    prefixed += check_prefixed(&__start_pvcall_sites[i]);
  PVT_CHECK(prefixed > 0, 1);
  PVT_CHECK(pvcall_unpatch(&image, &be, &un), 0);
  PVT_CHECK(un.restored, r.inlined + r.direct);
  PVT_CHECK(__builtin_memcmp(orig, __executable_start, len), 0);
}

/* The sites the rule lets call their op directly, of op NAME (or all).  */
static unsigned long
rule_sites(const char *name)
{
  const struct pvcall_site *s;
  unsigned long n = 0;

  for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++)
    {
      const struct pvcall_class *c = pvcall_site_class(s);
      const struct pvcall_op *op = pvcall_class_op(c);

      n += (!name || name_is(op, name)) && pvt_direct_rule(c, op->flags);
    }
  return n;
}

static unsigned long *work_ptes;
static unsigned long
run_work(void)
{
  return work(work_ptes, 64);
}

int
main(void)
{
  static unsigned long ptes[64];
  unsigned long text_len = (unsigned long) (etext - __executable_start);
  unsigned long nsites = (unsigned long) (__stop_pvcall_sites - __start_pvcall_sites);
  unsigned long before, patched, after, i;
  struct pvcall_result r = { 0 };
  /* The option set makes every site ABI-form, or none.  */
  int abi = nsites
	    && pvcall_site_class(__start_pvcall_sites)->form
	       == PVCALL_FORM_CALL_REL32;

  for (i = 0; i < 64; i++)
    ptes[i] = PVT_SEED(i) ^ (i << 12) ^ 1;
  if (text_len > sizeof text_copy)
    {
      pvt_puts("FAIL: text too large for the test\n");
      return 1;
    }
  __builtin_memcpy(text_copy, __executable_start, text_len);

  before = work(ptes, 64);
  PVT_CHECK(pvcall_patch(&image, &backend, &r), 0);
  patched = work(ptes, 64);
  PVT_CHECK(patched, before);
  PVT_CHECK(r.inlined + r.direct + r.left + r.already, nsites);
  PVT_CHECK(r.inlined >= 4, 1);
  for (i = 0; i < nsites; i++)
    check_site(&__start_pvcall_sites[i]);
  /* With ABI sites the loop leaves registers dead, and the scratch
     template must have used one.  */
  if (abi)
    PVT_CHECK(zero_inlined > 0, 1);

  /* Again: nothing left to do, nothing written.  */
  {
    struct pvcall_result again = { 0 };
    unsigned long w = writes;

    PVT_CHECK(pvcall_patch(&image, &backend, &again), 0);
    PVT_CHECK(again.already + again.left, nsites);
    PVT_CHECK(writes, w);
  }

  /* Back to what the compiler emitted, byte for byte.  */
  {
    struct pvcall_result un = { 0 };

    PVT_CHECK(pvcall_unpatch(&image, &backend, &un), 0);
    PVT_CHECK(un.restored, r.inlined + r.direct);
    PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
    after = work(ptes, 64);
    PVT_CHECK(after, before);
  }
  work_ptes = ptes;
  prefix_pass(run_work, before, text_copy, text_len, nsites);
  /* Direct calls only, then the op changes and the sites follow it.  */
  {
    struct pvcall_backend direct = { 0, 0, count_write, 0, 0, 0 };
    const void *prev[1] = { (const void *) mul3_op };
    struct pvcall_result d = { 0 }, stale = { 0 }, re = { 0 }, un = { 0 };

    PVT_CHECK(pvcall_patch(&image, &direct, &d), 0);
    PVT_CHECK(d.direct + d.left, nsites);
    PVT_CHECK(d.direct, rule_sites(0));
    if (abi)
      PVT_CHECK(d.direct, nsites);
    PVT_CHECK(work(ptes, 64), before);

    pv_ops.mul3 = mul3b_op;
    /* Without being told about the old target, the patcher does not
       recognise the calls it wrote to it, and leaves them.  */
    pvcall_patch(&image, &direct, &stale);
    PVT_CHECK(stale.rejected[PVCALL_REJ_BYTES], rule_sites("pv_ops.mul3"));
    if (abi)
      PVT_CHECK(stale.rejected[PVCALL_REJ_BYTES] > 0, 1);
    direct.prev_targets = prev;
    direct.nprev_targets = 1;
    PVT_CHECK(pvcall_patch(&image, &direct, &re), 0);
    mul3b_calls = 0;
    PVT_CHECK(work(ptes, 64), before);
    PVT_CHECK(mul3b_calls, 64UL);

    PVT_CHECK(pvcall_unpatch(&image, &direct, &un), 0);
    PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
    pv_ops.mul3 = mul3_op;
  }

  pvt_puts(abi ? "patch: ABI sites, direct calls made\n"
	       : "patch: register-agnostic sites\n");
  pvt_calls = 0;	/* patched sites make fewer calls: not compared */
  return pvt_finish("patch");
}
