/* An op whose slot holds NULL has no implementation to call.  A Xen PV
   guest's pv_ops has such slots: Xen assigns pv_ops.mmu whole, without
   set_pgd, alloc_p4d and release_p4d, which a 4-level guest never calls,
   and the Xen boot of check-linux found their sites.  The patcher must
   leave them as compiled (calling their stubs), neither reject them nor
   write a call to address 0, and patch the other ops' sites as usual.
   Once the slot is filled, patching again makes its ABI sites direct
   calls, and the code runs; unpatching restores every byte.  The sites
   are read back.  */
/* { dg-do run } */

#include "../pvcall.run/poison.h"
#include "direct-rule.h"
#include <pvcall/patch.h>

PVT_IMPL unsigned long id_impl(unsigned long v) { return v + 1; }
PVT_THUNK(id_op, id_impl, "");
extern unsigned long id_op(unsigned long) __pvcall;
PVT_IMPL unsigned long dbl_impl(unsigned long v) { return v * 2; }
PVT_THUNK(dbl_op, dbl_impl, "");
extern unsigned long dbl_op(unsigned long) __pvcall;

struct ops {
  unsigned long (*id)(unsigned long) __pvcall;
  unsigned long (*dbl)(unsigned long) __pvcall;
};
struct ops pv_ops = { id_op, 0 };

extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern const char __executable_start[], etext[];

static __attribute__((noinline)) unsigned long
use_id(unsigned long x)
{
  return pv_ops.id(x) * 3;
}

/* Called only once pv_ops.dbl is set.  */
static __attribute__((noinline)) unsigned long
use_dbl(unsigned long x)
{
  return pv_ops.dbl(x) + 5 + pv_ops.dbl(x + 1);
}

static const struct pvcall_backend backend = {
  0, 0, pvcall_user_text_write, 0, 0, 0
};

static int
is_op(const struct pvcall_site *s, const char *name)
{
  const char *n = (const char *) pvcall_ref(&pvcall_class_op(pvcall_site_class(s))->name);

  while (*n && *n == *name)
    n++, name++;
  return *n == *name;
}

/* How many sites of op NAME hold the call to their stub, as compiled,
   and how many hold `call FUNC' (if FUNC).  */
static void
read_back(const char *name, const void *func, int *stub, int *direct)
{
  const struct pvcall_site *s;

  *stub = *direct = 0;
  for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++)
    {
      const unsigned char *site = (const unsigned char *) pvcall_ref(&s->site);

      if (!is_op(s, name))
	continue;
      const void *dest = pvt_call_dest(site);

      if (dest && dest == pvcall_ref(&pvcall_site_class(s)->target))
	(*stub)++;
      if (dest && func && dest == func)
	(*direct)++;
    }
}

static int
abi_form(const char *name)
{
  const struct pvcall_site *s;

  for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++)
    if (is_op(s, name))
      return pvcall_site_class(s)->form == PVCALL_FORM_CALL_REL32;
  return 0;
}

int
main(void)
{
  struct pvcall_image image = {
    __start_pvcall_sites, __stop_pvcall_sites,
    __start_pvcall_classes, __stop_pvcall_classes,
    __start_pvcall_ops, __stop_pvcall_ops, __executable_start, etext,
  };
  struct pvcall_result r = { 0 }, again = { 0 }, u = { 0 };
  int stub, direct, nid;

  /* Every site of dbl, with its slot empty, is left as compiled.  */
  PVT_CHECK(pvcall_patch(&image, &backend, &r), 0);
  read_back("pv_ops.dbl", 0, &stub, &direct);
  PVT_CHECK(stub, 2);
  PVT_CHECK(r.left >= 2, 1);
  read_back("pv_ops.id", (const void *) id_op, &stub, &direct);
  nid = stub + direct;
  PVT_CHECK(nid, 1);
  if (abi_form("pv_ops.id"))
    PVT_CHECK(direct, 1);
  PVT_CHECK(use_id(4), 15);

  /* Filled, the slot's sites are patched too.  */
  pv_ops.dbl = dbl_op;
  PVT_CHECK(pvcall_patch(&image, &backend, &again), 0);
  read_back("pv_ops.dbl", (const void *) dbl_op, &stub, &direct);
  PVT_CHECK(stub + direct, 2);
  if (abi_form("pv_ops.dbl"))
    PVT_CHECK(direct, 2);
  PVT_CHECK(use_dbl(4), 8 + 5 + 10);
  PVT_CHECK(use_id(4), 15);

  /* Unpatched, every site calls its stub again.  */
  PVT_CHECK(pvcall_unpatch(&image, &backend, &u), 0);
  read_back("pv_ops.dbl", 0, &stub, &direct);
  PVT_CHECK(stub, 2);
  read_back("pv_ops.id", 0, &stub, &direct);
  PVT_CHECK(stub, 1);
  PVT_CHECK(use_dbl(4), 8 + 5 + 10);
  pvt_calls = 0;
  return pvt_finish("empty-slot");
}
