/* The patcher validates before it writes.  Damaged copies of the site
   table (a site one byte off, a wrong length, a wrong call target so the
   original bytes do not match, two overlapping sites, a site outside the
   text range, a class that calls rbx dead, a foreign direct call at a
   register-agnostic site that may not have one) are each rejected with the right reason, and
   the program's text is byte for byte what it was.  The good records in the same table
   are still patched, and unpatched again.  The backend's rejected
   callback hears of each rejected site, with the address its record
   gives and the reason.  Sites in the second text range (a kernel's
   init text) are patched; without it, they are out of range.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include <pvcall/patch.h>

PVT_IMPL unsigned long id_impl(unsigned long v) { return v + 1; }
PVT_THUNK(id_op, id_impl, "");
extern unsigned long id_op(unsigned long) __pvcall;

struct ops { unsigned long (*id)(unsigned long) __pvcall; };
struct ops pv_ops = { id_op };

extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern const char __executable_start[], etext[];

/* Eight sites, at least, with code between them.  */
static __attribute__((noinline)) unsigned long
work(unsigned long x)
{
  x = pv_ops.id(x) * 3; x = pv_ops.id(x) ^ 5; x = pv_ops.id(x) * 7;
  x = pv_ops.id(x) + 9; x = pv_ops.id(x) * 11; x = pv_ops.id(x) ^ 13;
  x = pv_ops.id(x) * 15; x = pv_ops.id(x) + 17;
  return x;
}

static const struct pvcall_template templates[] = {
  { "pv_ops.id", 0, 0 },		/* direct calls only */
};
static const struct pvcall_backend backend = {
  templates, 1, pvcall_user_text_write, 0, 0, 0
};

/* What the rejected callback heard.  */
static const void *rej_site[16];
static enum pvcall_reject rej_why[16];
static int nrej;

static void
note_reject(void *ctx, const void *site, enum pvcall_reject why)
{
  (void) ctx;
  if (nrej < 16)
    {
      rej_site[nrej] = site;
      rej_why[nrej] = why;
    }
  nrej++;
}

static const struct pvcall_backend noting = {
  templates, 1, pvcall_user_text_write, 0, 0, 0, note_reject
};

/* Writable copies: each self-relative field rebased for its new place.  */
static struct pvcall_site sites[64];
static struct pvcall_class classes[64];
static unsigned char text_copy[1 << 20];

static void
set_ref(int32_t *field, const void *to)
{
  *field = (int32_t) ((const char *) to - (const char *) field);
}

static unsigned long
copy_tables(void)
{
  unsigned long n = 0;
  const struct pvcall_site *s;

  for (s = __start_pvcall_sites; s < __stop_pvcall_sites && n < 64; s++, n++)
    {
      const struct pvcall_class *c = pvcall_site_class(s);

      classes[n] = *c;
      set_ref(&classes[n].op, pvcall_class_op(c));
      set_ref(&classes[n].target, pvcall_ref(&c->target));
      set_ref(&sites[n].site, pvcall_ref(&s->site));
      set_ref(&sites[n].cls, &classes[n]);
    }
  return n;
}

/* Site 7 as a register-agnostic site whose argument is in rbx, which
   holds a direct call to an implementation the backend names as an
   earlier one: the patcher never writes a direct call at such a site (the
   implementation would not find its argument), so neither patching nor
   unpatching may take the call for its own and overwrite it.  */
static void
planted_direct_call(const struct pvcall_image *all)
{
  const void *prev[1] = { (const void *) id_impl };
  const struct pvcall_backend with_prev = {
    templates, 1, pvcall_user_text_write, 0, prev, 1
  };
  struct pvcall_image one = *all;
  struct pvcall_result r = { 0 }, u = { 0 };
  unsigned char *site = (unsigned char *) pvcall_ref(&sites[7].site);
  unsigned char call[5] = { 0xe8 }, saved[5];
  int32_t rel = (int32_t) ((const char *) prev[0] - (const char *) (site + 5));

  one.sites = sites + 7;
  one.sites_end = sites + 8;
  classes[7].form = PVCALL_FORM_CALL_REL32_ANY;
  classes[7].regs = (classes[7].regs & ~0xf00u) | PVCALL_REG_RBX << 8;
  __builtin_memcpy(call + 1, &rel, 4);
  __builtin_memcpy(saved, site, 5);
  pvcall_user_text_write(0, site, call, 5);
  PVT_CHECK(pvcall_unpatch(&one, &with_prev, &u), 1);
  PVT_CHECK(u.rejected[PVCALL_REJ_BYTES], 1);
  PVT_CHECK(pvcall_patch(&one, &with_prev, &r), 1);
  PVT_CHECK(r.rejected[PVCALL_REJ_BYTES], 1);
  PVT_CHECK(__builtin_memcmp(site, call, 5), 0);
  pvcall_user_text_write(0, site, saved, 5);
}

/* The original records, with the text split at work(): its sites are
   in the second range, and out of range without it.  */
static void
two_ranges(void)
{
  struct pvcall_image image = {
    __start_pvcall_sites, __stop_pvcall_sites,
    __start_pvcall_classes, __stop_pvcall_classes,
    __start_pvcall_ops, __stop_pvcall_ops,
    __executable_start, (const char *) work, (const char *) work, etext,
  };
  unsigned long n = (unsigned long) (__stop_pvcall_sites - __start_pvcall_sites);
  unsigned long want = work(7);
  struct pvcall_result r = { 0 }, u = { 0 }, out = { 0 };

  /* Register-agnostic sites get a direct call only where the rule of
     <pvcall/site.h> allows: the others are left.  */
  PVT_CHECK(pvcall_patch(&image, &backend, &r), 0);
  PVT_CHECK(r.direct + r.left, n);
  PVT_CHECK(work(7), want);
  PVT_CHECK(pvcall_unpatch(&image, &backend, &u), 0);
  PVT_CHECK(u.restored, r.direct);
  image.text2 = image.text2_end = 0;
  PVT_CHECK(pvcall_patch(&image, &backend, &out), n);
  PVT_CHECK(out.rejected[PVCALL_REJ_RANGE], n);
}

int
main(void)
{
  unsigned long text_len = (unsigned long) (etext - __executable_start);
  unsigned long n = copy_tables(), want = work(5);
  struct pvcall_image image = {
    sites, sites + n, classes, classes + n,
    __start_pvcall_ops, __stop_pvcall_ops, __executable_start, etext,
  };
  struct pvcall_result r = { 0 }, u = { 0 };
  static const char data_not_text[16] = { 0 };

  if (n < 8 || text_len > sizeof text_copy)
    {
      pvt_puts("FAIL: expected at least 8 sites and a small text\n");
      return 1;
    }
  __builtin_memcpy(text_copy, __executable_start, text_len);

  /* Site 0 one byte off: its bytes are not a call to its target.  */
  set_ref(&sites[0].site, (const char *) pvcall_ref(&sites[0].site) + 1);
  /* Site 1: a class that says 6 bytes.  */
  classes[1].len = 6;
  /* Site 2: another call target, so the original bytes differ.  */
  set_ref(&classes[2].target, (const char *) pvcall_ref(&classes[2].target) + 16);
  /* Sites 3 and 4 overlap: 4 starts two bytes into 3.  */
  set_ref(&sites[4].site, (const char *) pvcall_ref(&sites[3].site) + 2);
  /* Site 5 outside the text.  */
  set_ref(&sites[5].site, data_not_text);
  /* Site 6: rbx is callee-saved, so it is never dead; a template given
     it as scratch would break the caller.  */
  classes[6].dead |= PVCALL_REG_BIT(PVCALL_REG_RBX);

  PVT_CHECK(pvcall_patch(&image, &noting, &r), 7);
  PVT_CHECK(nrej, 7);
  PVT_CHECK(rej_site[0] == (const char *) pvcall_ref(&sites[0].site), 1);
  PVT_CHECK(rej_why[0], PVCALL_REJ_BYTES);
  PVT_CHECK(rej_site[5] == data_not_text, 1);
  PVT_CHECK(rej_why[5], PVCALL_REJ_RANGE);
  PVT_CHECK(rej_why[6], PVCALL_REJ_RECORD);
  PVT_CHECK(r.rejected[PVCALL_REJ_BYTES], 2);
  PVT_CHECK(r.rejected[PVCALL_REJ_RECORD], 2);
  PVT_CHECK(r.rejected[PVCALL_REJ_OVERLAP], 2);
  PVT_CHECK(r.rejected[PVCALL_REJ_RANGE], 1);
  PVT_CHECK(work(5), want);

  /* Only the good sites were written; undo them and compare.  */
  pvcall_unpatch(&image, &backend, &u);
  PVT_CHECK(u.restored, r.direct + r.inlined);
  PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
  PVT_CHECK(work(5), want);

  planted_direct_call(&image);
  PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
  PVT_CHECK(work(5), want);
  two_ranges();
  PVT_CHECK(__builtin_memcmp(text_copy, __executable_start, text_len), 0);
  pvt_calls = 0;
  return pvt_finish("reject");
}
