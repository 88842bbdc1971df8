/* Direct calls at register-agnostic sites.  The patcher may replace a
   register-agnostic site's call to its stub with a call to the op's
   implementation only where <pvcall/site.h> allows it: the op's record
   has PVCALL_OP_EXACT and PVCALL_OP_STACK8, the operands are in the ABI
   registers and rax is the output or dead.  PVCALL_OP_STACK8 comes with
   an 8-byte stack boundary (PVT_KERNEL_FLAGS); in user space, where calls
   need 16 bytes and a site's stack is only sure to have 8, every
   register-agnostic site keeps its stub, and a direct call there would
   show in the thunks' alignment check.  The sites here are
     (a) a void op without arguments or declared clobbers, where rax is
	 dead after the call (a_dead) and where a value lives in rax across
	 it (a_live);
     (b) ops with a result, with the operands in the ABI registers (b_abi,
	 b_fl, whose op declares rcx and r11) and not (b_arg, b_out), and
	 the same as a direct op, a pvcall function called by name (d_*);
     (c) pvcall_inline ops that declare every caller-saved register: their
	 stubs save them, their sites lose only their output, and their
	 records lack PVCALL_OP_EXACT, so they never get a direct call, not
	 even where everything else fits (c_ret, c_dead, and c_live, with
	 values in all eight declared registers across the site);
   and a loop with twenty live values around all of them.  A backend with
   no templates patches them; every site must then hold a direct call to
   the op's implementation exactly where the rule, computed here from its
   record (direct-rule.h), holds, and its call to its stub elsewhere, and
   there must be sites of each kind on both sides (for (a) and (b), with
   an 8-byte boundary; in user space, sites kept from a direct call only
   by PVCALL_OP_STACK8).  The thunks poison everything the implementation
   may clobber and the site's dead registers, so a direct call where the
   caller still needs rax or a register the op declared, or where the
   operands are elsewhere, gives a wrong result.  The results must not change unpatched, patched, with
   the ops moved to new implementations (the patcher must reject its
   direct calls to the old ones unless told of them, then follow), and
   unpatched again, which must restore the text byte for byte.  With
   ABI-form sites (regs=abi) every site but (c)'s becomes a direct call.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/patch.h>
#include "direct-rule.h"

#define ALL_REGS "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
#define ALL "rcx, rdx, rsi, rdi, r8, r9, r10, r11"

static volatile unsigned long off_calls, off2_calls, pte_calls, pte2_calls;

static unsigned long pte_f(unsigned long v) { return v ^ 0x0ff0; }
static unsigned long dpte_f(unsigned long v) { return v * 5; }
#define FL_VAL 0x246UL
#define CR_VAL 0xc0ffeeUL

PVT_IMPL long off_impl(void) { off_calls++; return 0; }
PVT_IMPL long off2_impl(void) { off2_calls++; return 0; }
PVT_IMPL unsigned long pte_impl(unsigned long v) { pte_calls++; return pte_f(v); }
PVT_IMPL unsigned long pte2_impl(unsigned long v) { pte2_calls++; return pte_f(v); }
PVT_IMPL unsigned long fl_impl(void) { return FL_VAL; }
PVT_IMPL unsigned long cr_impl(void) { return CR_VAL; }
PVT_IMPL long cv_impl(void) { return 0; }
PVT_IMPL unsigned long dpte_impl(unsigned long v) { return dpte_f(v); }

PVT_THUNK_VOID(off_op, off_impl, "");
PVT_THUNK_VOID(off2_op, off2_impl, "");
PVT_THUNK(pte_op, pte_impl, "");
PVT_THUNK(pte2_op, pte2_impl, "");
PVT_THUNK(fl_op, fl_impl, "rcx, r11");
PVT_THUNK(cr_op, cr_impl, ALL);
PVT_THUNK_VOID(cv_op, cv_impl, ALL);
PVT_THUNK(dpte, dpte_impl, "");

extern void off_op(void) __pvcall;
extern void off2_op(void) __pvcall;
extern unsigned long pte_op(unsigned long) __pvcall;
extern unsigned long pte2_op(unsigned long) __pvcall;
extern unsigned long fl_op(void) __pvcall_clobbers("rcx", "r11");
extern unsigned long cr_op(void) __pvcall_clobbers(ALL_REGS);
extern void cv_op(void) __pvcall_clobbers(ALL_REGS);
extern unsigned long dpte(unsigned long) __pvcall;

struct ops {
  void (*irq_off)(void) __pvcall;
  unsigned long (*pte)(unsigned long) __pvcall;
  unsigned long (*fl)(void) __pvcall_clobbers("rcx", "r11");
  unsigned long (*cr)(void) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
  void (*cv)(void) __pvcall_clobbers(ALL_REGS) __pvcall_inline;
};
struct ops pv_ops = { off_op, pte_op, fl_op, cr_op, cv_op };

/* ---- The sites.  ---- */

static __attribute__((noinline)) void
a_dead(void)
{
  pv_ops.irq_off();
}

/* V is in rax before and after the site, so in rax across it when
   optimizing (at -O0 it goes through memory and rax is dead).  */
static __attribute__((noinline)) unsigned long
a_live(unsigned long x)
{
  unsigned long v = x * 3 + 1;

  __asm__ volatile ("" : "+a" (v));
  pv_ops.irq_off();
  __asm__ volatile ("" : "+a" (v));
  return v ^ x;
}

static __attribute__((noinline)) unsigned long
b_abi(unsigned long x)
{
  return pv_ops.pte(x);
}

/* The argument arrives in rsi, and rdi holds Y across the site.  */
static __attribute__((noinline)) unsigned long
b_arg(unsigned long y, unsigned long x)
{
  return pv_ops.pte(x) - y;
}

/* The result is wanted in rcx.  */
static __attribute__((noinline)) unsigned long
b_out(unsigned long x)
{
  unsigned long r = pv_ops.pte(x);

  __asm__ volatile ("" : "+c" (r));
  return r + x;
}

static __attribute__((noinline)) unsigned long
b_fl(void)
{
  return pv_ops.fl();
}

static __attribute__((noinline)) unsigned long
d_abi(unsigned long x)
{
  return dpte(x);
}

static __attribute__((noinline)) unsigned long
d_arg(unsigned long y, unsigned long x)
{
  return dpte(x) + y;
}

static __attribute__((noinline)) unsigned long
c_ret(void)
{
  return pv_ops.cr();
}

static __attribute__((noinline)) void
c_dead(void)
{
  pv_ops.cv();
}

/* Every register cv declares holds a value across the site; rax is
   dead.  */
static __attribute__((noinline)) unsigned long
c_live(unsigned long x)
{
  unsigned long a = x + 1, b = x + 2, c = x + 3, d = x + 4;
  register unsigned long e __asm__ ("r8") = x + 5;
  register unsigned long f __asm__ ("r9") = x + 6;
  register unsigned long g __asm__ ("r10") = x + 7;
  register unsigned long h __asm__ ("r11") = x + 8;

  __asm__ volatile ("" : "+c" (a), "+d" (b), "+S" (c), "+D" (d),
		    "+r" (e), "+r" (f), "+r" (g), "+r" (h));
  pv_ops.cv();
  __asm__ volatile ("" : "+c" (a), "+d" (b), "+S" (c), "+D" (d),
		    "+r" (e), "+r" (f), "+r" (g), "+r" (h));
  return a ^ b * 3 ^ c * 5 ^ d * 7 ^ e * 9 ^ f * 11 ^ g * 13 ^ h * 15;
}

static unsigned long
c_live_want(unsigned long x)
{
  return (x + 1) ^ (x + 2) * 3 ^ (x + 3) * 5 ^ (x + 4) * 7 ^ (x + 5) * 9
	 ^ (x + 6) * 11 ^ (x + 7) * 13 ^ (x + 8) * 15;
}

/* Twenty values live across every kind of site.  */
#define N_OUT 24
#define BODY(IRQ_OFF, PTE, FL, CR, CV, DPTE, out, in)			\
  do {									\
    PVT_LIVE20(7);							\
    long i_;								\
    for (i_ = 0; i_ < 4; i_++)						\
      {									\
	IRQ_OFF();							\
	(out)[0] += PTE((in)[i_]) + v0;					\
	(out)[1] ^= FL() - v1;						\
	(out)[2] += CR() + v2 * i_;					\
	CV();								\
	(out)[3] += DPTE((in)[i_] + v3);				\
      }									\
    PVT_SINK20((out) + 4);						\
  } while (0)

static __attribute__((noinline)) void
busy_pv(long *out, const unsigned long *in)
{
  BODY(pv_ops.irq_off, pv_ops.pte, pv_ops.fl, pv_ops.cr, pv_ops.cv, dpte,
       out, in);
}

static void ref_nothing(void) { }
static unsigned long ref_fl(void) { return FL_VAL; }
static unsigned long ref_cr(void) { return CR_VAL; }

static __attribute__((noinline)) void
busy_ref(long *out, const unsigned long *in)
{
  BODY(ref_nothing, pte_f, ref_fl, ref_cr, ref_nothing, dpte_f, out, in);
}

/* Run every site, check every result, and count the calls of the (a)
   and (b) implementations: each site calls its op exactly once, patched
   or not.  */
static void
run_all(unsigned long x)
{
  static const unsigned long in[4] = { 0x1000, 0x2345, 0xfff0, 7 };
  long got[N_OUT] = { 0 }, want[N_OUT] = { 0 };
  unsigned long offs = off_calls + off2_calls, ptes = pte_calls + pte2_calls;

  a_dead();
  PVT_CHECK(a_live(x), (x * 3 + 1) ^ x);
  PVT_CHECK(b_abi(x), pte_f(x));
  PVT_CHECK(b_arg(x >> 3, x), pte_f(x) - (x >> 3));
  PVT_CHECK(b_out(x), pte_f(x) + x);
  PVT_CHECK(b_fl(), FL_VAL);
  PVT_CHECK(d_abi(x), dpte_f(x));
  PVT_CHECK(d_arg(x >> 3, x), dpte_f(x) + (x >> 3));
  PVT_CHECK(c_ret(), CR_VAL);
  c_dead();
  PVT_CHECK(c_live(x), c_live_want(x));
  busy_pv(got, in);
  busy_ref(want, in);
  PVT_CHECK_ARRAY(got, want, N_OUT);
  PVT_CHECK(off_calls + off2_calls - offs, 2 + 4);
  PVT_CHECK(pte_calls + pte2_calls - ptes, 3 + 4);
}

/* ---- The sites' bytes.  ---- */

extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern const char __executable_start[], etext[];

static const struct pvcall_image image = {
  __start_pvcall_sites, __stop_pvcall_sites,
  __start_pvcall_classes, __stop_pvcall_classes,
  __start_pvcall_ops, __stop_pvcall_ops,
  __executable_start, etext,
};

static int
name_is(const struct pvcall_op *op, const char *name)
{
  const char *a = (const char *) pvcall_ref(&op->name);

  while (*a && *a == *name)
    a++, name++;
  return *a == *name;
}

enum kind { K_A, K_B, K_C, NKINDS };

/* What op OP is (by name) and the implementation it calls now, as this
   program knows it; 0 for an op it does not know.  */
static const void *
op_impl(const struct pvcall_op *op, enum kind *k)
{
  *k = K_B;
  if (name_is(op, "pv_ops.pte"))
    return (const void *) pv_ops.pte;
  if (name_is(op, "pv_ops.fl"))
    return (const void *) pv_ops.fl;
  if (name_is(op, "dpte"))
    return (const void *) dpte;
  *k = K_A;
  if (name_is(op, "pv_ops.irq_off"))
    return (const void *) pv_ops.irq_off;
  *k = K_C;
  if (name_is(op, "pv_ops.cr"))
    return (const void *) pv_ops.cr;
  if (name_is(op, "pv_ops.cv"))
    return (const void *) pv_ops.cv;
  return 0;
}

/* Register-agnostic sites per kind: how many, how many hold a direct
   call, and how many the rule keeps from one only for a live rax, for
   the op's missing PVCALL_OP_EXACT, or for its missing PVCALL_OP_STACK8
   (the first two counted as if the op had PVCALL_OP_STACK8).  */
struct tally {
  unsigned long any, direct, rax_live, not_exact, not_stack8;
};

#ifdef PVT_KERNEL_FLAGS
#define STACK8 1	/* -mpreferred-stack-boundary=3 */
#else
#define STACK8 0
#endif

/* Check every site against the rule: a direct call to the op's current
   implementation where it holds, else the compiler's call to the
   site's stub (or target).  Returns the number of direct calls.  */
static unsigned long
check_sites(struct tally *t)
{
  const struct pvcall_site *s;
  unsigned long direct = 0;

  for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++)
    {
      const struct pvcall_class *c = pvcall_site_class(s);
      const struct pvcall_op *op = pvcall_class_op(c);
      const unsigned char *p = (const unsigned char *) pvcall_ref(&s->site);
      struct pvcall_class alt;
      int any = c->form == PVCALL_FORM_CALL_REL32_ANY;
      int rule = pvt_direct_rule(c, op->flags);
      enum kind k;
      const void *impl = op_impl(op, &k);

      PVT_CHECK(impl != 0, 1);
      /* Only (c) lacks PVCALL_OP_EXACT, and (c) is always
	 register-agnostic.  */
      PVT_CHECK((op->flags & PVCALL_OP_EXACT) != 0, k != K_C);
      PVT_CHECK((op->flags & PVCALL_OP_STACK8) != 0, STACK8);
      if (k == K_C)
	PVT_CHECK(any, 1);
      PVT_CHECK((unsigned long) pvt_call_dest(p),
		(unsigned long) (rule ? impl : pvcall_ref(&c->target)));
      direct += rule;
      if (!any)
	continue;
      t[k].any++;
      t[k].direct += rule;
      /* The rule as if rax were dead, or the op had a flag (the class
	 is copied with its references, which the rule does not
	 follow).  */
      alt = *c;
      alt.dead |= PVCALL_REG_BIT(PVCALL_REG_RAX);
      if (rule)
	continue;
      if (pvt_direct_rule(&alt, op->flags | PVCALL_OP_STACK8))
	t[k].rax_live++;
      if (pvt_direct_rule(c, op->flags | PVCALL_OP_STACK8
			     | PVCALL_OP_EXACT))
	t[k].not_exact++;
      if (pvt_direct_rule(c, op->flags | PVCALL_OP_STACK8))
	t[k].not_stack8++;
    }
  return direct;
}

/* Each side of the rule must be seen at register-agnostic sites.  */
static void
check_coverage(const struct tally *t)
{
  if (t[K_A].any)
    {
      /* a_dead */
      PVT_CHECK((STACK8 ? t[K_A].direct : t[K_A].not_stack8) > 0, 1);
#ifdef __OPTIMIZE__
      PVT_CHECK(t[K_A].rax_live > 0, 1);	/* a_live */
#endif
    }
  if (t[K_B].any)
    {
      /* b_abi, b_fl, d_abi; b_arg, b_out, d_arg */
      PVT_CHECK((STACK8 ? t[K_B].direct : t[K_B].not_stack8) > 0, 1);
      PVT_CHECK(t[K_B].direct < t[K_B].any, 1);
    }
  if (!STACK8)
    PVT_CHECK(t[K_A].direct + t[K_B].direct, 0);
  PVT_CHECK(t[K_C].any > 0, 1);
  PVT_CHECK(t[K_C].direct, 0);
  PVT_CHECK(t[K_C].not_exact >= 2, 1);		/* c_dead, c_live */
}

static unsigned long writes;

static int
count_write(void *ctx, void *dst, const void *src, size_t len)
{
  writes++;
  return pvcall_user_text_write(ctx, dst, src, len);
}

static unsigned char text_copy[1 << 20];

/* The direct calls of the ops that move, irq_off and pte.  */
static unsigned long
moving_direct(void)
{
  const struct pvcall_site *s;
  unsigned long n = 0;

  for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++)
    {
      const struct pvcall_class *c = pvcall_site_class(s);
      const struct pvcall_op *op = pvcall_class_op(c);

      if ((name_is(op, "pv_ops.irq_off") || name_is(op, "pv_ops.pte"))
	  && pvt_direct_rule(c, op->flags))
	n++;
    }
  return n;
}

int
main(void)
{
  unsigned long text_len = (unsigned long) (etext - __executable_start);
  unsigned long nsites = (unsigned long) (__stop_pvcall_sites
					  - __start_pvcall_sites);
  struct pvcall_backend be = { 0, 0, count_write, 0, 0, 0, 0 };
  const void *prev[2] = { (const void *) off_op, (const void *) pte_op };
  struct pvcall_result r = { 0 }, again = { 0 }, stale = { 0 };
  struct pvcall_result moved = { 0 }, un = { 0 };
  struct tally t[NKINDS] = { { 0 } }, t2[NKINDS] = { { 0 } };
  unsigned long direct, w, moving;

  if (text_len > sizeof text_copy || nsites < 12)
    {
      pvt_puts("FAIL: text too large, or too few sites\n");
      return 1;
    }
  __builtin_memcpy(text_copy, __executable_start, text_len);
  run_all(0x1234567);

  /* Direct calls exactly where the rule holds.  */
  PVT_CHECK(pvcall_patch(&image, &be, &r), 0);
  direct = check_sites(t);
  check_coverage(t);
  PVT_CHECK(r.direct, direct);
  PVT_CHECK(r.left, nsites - direct);
  PVT_CHECK(r.inlined + r.already, 0);
  run_all(0x89abcdef);

  /* Again: nothing to do, nothing written.  */
  w = writes;
  PVT_CHECK(pvcall_patch(&image, &be, &again), 0);
  PVT_CHECK(again.already, direct);
  PVT_CHECK(again.left, nsites - direct);
  PVT_CHECK(writes, w);

  /* The ops move.  The direct calls to their old implementations are
     not the patcher's to overwrite until it is told of them; then they
     follow, and the rest stay.  */
  pv_ops.irq_off = off2_op;
  pv_ops.pte = pte2_op;
  moving = moving_direct();
  if (direct)
    PVT_CHECK(moving > 0, 1);
  w = writes;
  PVT_CHECK(pvcall_patch(&image, &be, &stale), moving);
  PVT_CHECK(stale.rejected[PVCALL_REJ_BYTES], moving);
  PVT_CHECK(writes, w);
  be.prev_targets = prev;
  be.nprev_targets = 2;
  PVT_CHECK(pvcall_patch(&image, &be, &moved), 0);
  PVT_CHECK(moved.direct, moving);
  PVT_CHECK(check_sites(t2), direct);
  off_calls = pte_calls = 0;
  run_all(0x5555aaaa);
  PVT_CHECK(off_calls + pte_calls, 0);
  PVT_CHECK(off2_calls > 0 && pte2_calls > 0, 1);

  /* Back to what the compiler emitted, byte for byte.  */
  PVT_CHECK(pvcall_unpatch(&image, &be, &un), 0);
  PVT_CHECK(un.restored, direct);
  PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
  pv_ops.irq_off = off_op;
  pv_ops.pte = pte_op;
  run_all(0x7f00ff00);

  pvt_puts("agnostic-direct: ");
  pvt_put_dec((long) direct);
  pvt_puts(" direct of ");
  pvt_put_dec((long) nsites);
  pvt_puts(" sites; agnostic (a) ");
  pvt_put_dec((long) t[K_A].direct);
  pvt_puts("/");
  pvt_put_dec((long) t[K_A].any);
  pvt_puts(", (b) ");
  pvt_put_dec((long) t[K_B].direct);
  pvt_puts("/");
  pvt_put_dec((long) t[K_B].any);
  pvt_puts(", (c) ");
  pvt_put_dec((long) t[K_C].direct);
  pvt_puts("/");
  pvt_put_dec((long) t[K_C].any);
  pvt_puts("\n");
  pvt_calls = 0;	/* the run counts differ per option set */
  return pvt_finish("agnostic-direct");
}
