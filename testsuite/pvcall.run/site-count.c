/* Exactly one site record per annotated call, at every option set: calls
   through a global table (nested struct field, array element, through
   &table), through a static table, a pv call nested in another's
   arguments, an argument with a side effect, a void and a two-register
   result, a call in tail position and direct calls to an annotated
   function.  No loops or inline wrappers, so no option set may duplicate
   or drop a call.  pvcall-sites --check also validates every record.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check 12 } } */

#include "poison.h"

PVT_IMPL long id_impl(long x) { return x * 3 + 1; }
PVT_IMPL long set_impl(long *p, long v) { *p = v ^ 0x55; return 0; }
PVT_IMPL long nop_impl(void) { return 0; }
PVT_IMPL unsigned __int128 wide_impl(long a, long b)
{ return ((unsigned __int128) a << 64) | (unsigned long) b; }

PVT_THUNK(id_op, id_impl, "");
PVT_THUNK(set_op, set_impl, "");
PVT_THUNK_VOID(nop_op, nop_impl, "");
PVT_THUNK_I128(wide_op, wide_impl, "");
PVT_THUNK(direct_op, id_impl, "rcx");

extern long id_op(long) __pvcall;
extern void set_op(long *, long) __pvcall;
extern void nop_op(void) __pvcall;
extern unsigned __int128 wide_op(long, long) __pvcall;
extern long direct_op(long) __pvcall_clobbers("rcx");

typedef long id_fn(long) __pvcall;

struct mmu { id_fn *make; void (*set)(long *, long) __pvcall; };
struct ops {
  void (*nop)(void) __pvcall;
  struct mmu mmu;
  unsigned __int128 (*wide)(long, long) __pvcall;
};
struct ops pv_ops = { nop_op, { id_op, set_op }, wide_op };
id_fn *pv_array[3] = { id_op, id_op, id_op };
static struct ops local_ops;
long counter;

static __attribute__((noinline)) long
calls(long a, long *slot)
{
  long r;

  pv_ops.nop();					/* 1 */
  r = pv_ops.mmu.make(a);			/* 2 */
  pv_ops.mmu.set(slot, pv_ops.mmu.make(r));	/* 3, 4 */
  r += pv_array[1](a);				/* 5 */
  r += (&pv_ops)->mmu.make(counter++);		/* 6 */
  r += local_ops.mmu.make(a + 1);		/* 7 */
  r += direct_op(a);				/* 8 */
  r ^= (long) (pv_ops.wide(a, r) >> 64);	/* 9 */
  local_ops.nop();				/* 10 */
  return r + direct_op(r);			/* 11 */
}

/* What calls() computes, in plain C, starting with counter == 0.  */
static long
calls_ref(long a)
{
  long r = id_impl(a);

  r += id_impl(a);
  r += id_impl(0);
  r += id_impl(a + 1);
  r += id_impl(a);
  r ^= a;
  return r + id_impl(r);
}

static __attribute__((noinline)) long
tail(long a)
{
  return pv_array[2](a);			/* 12 */
}

int
main(void)
{
  long slot = 0, a = PVT_SEED(3);

  local_ops = pv_ops;
  PVT_CHECK(calls(a, &slot), calls_ref(a));
  PVT_CHECK(slot, id_impl(id_impl(a)) ^ 0x55);
  PVT_CHECK(tail(a), id_impl(a));
  PVT_CHECK(counter, 1);
  return pvt_finish("site-count");
}
