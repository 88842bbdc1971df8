/* Slots of another pointer type, converted at the call, as Linux's
   PVOP macros read them under the kernel overlay: a callee-save op lives
   in a `void *func' slot and is called through a pvcall type made at the
   call; a normal op's typed slot is called through a pvcall type that
   clobbers every caller-saved register.  GIMPLE keeps the conversion
   from an object pointer to a function pointer, so the plugin looks
   through it to find the slot; the poisoning thunks then check that the
   callers trust no more than each contract.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

PVT_IMPL unsigned long save_impl(void) { return 0x246; }
PVT_IMPL unsigned long ident_impl(unsigned long x) { return x; }
PVT_IMPL long mix_impl(long a, long b) { return a * 3 - b; }

PVT_THUNK(save_op, save_impl, "");
PVT_THUNK(ident_op, ident_impl, "");
PVT_THUNK(mix_op, mix_impl, "rcx, rdx, rsi, rdi, r8, r9, r10, r11");

/* The ops table as Linux declares it: no pvcall types at all.  */
extern unsigned long save_op(void);
extern unsigned long ident_op(unsigned long);
extern long mix_op(long, long);
struct callee_save { void *func; };
struct table {
  struct callee_save save_fl;
  struct callee_save pte_val;
  long (*mix)(long, long);
} pv_ops = { { (void *) save_op }, { (void *) ident_op }, mix_op };

#define CALL(attrs, ret, slot, params, ...)				\
  ({ typedef ret fn_t params attrs;					\
     ((fn_t *) (void *) (slot)) (__VA_ARGS__); })
#define ANY_REGS __pvcall_clobbers ("rcx", "rdx", "rsi", "rdi", "r8",	\
				    "r9", "r10", "r11")

static inline unsigned long save_fl(void)
{
  return CALL(__pvcall, unsigned long, pv_ops.save_fl.func, (void));
}

static inline unsigned long pte_val(unsigned long x)
{
  return CALL(__pvcall, unsigned long, pv_ops.pte_val.func,
	      (unsigned long), x);
}

static inline long mix(long a, long b)
{
  return CALL(ANY_REGS, long, pv_ops.mix, (unsigned long, unsigned long),
	      (unsigned long) a, (unsigned long) b);
}

#define N 32

static __attribute__((noinline)) void
run_pv(long *out)
{
  PVT_LIVE20(3);
  out[0] = save_fl();
  out[1] = pte_val(v0 ^ v1);
  out[2] = mix(v2, v3);
  for (int i = 0; i < 4; i++)
    out[3] += pte_val(v4 + i) + save_fl();
  out[4] = mix(pte_val(v5), v6);
  PVT_SINK20(out + 5);
}

static __attribute__((noinline)) void
run_ref(long *out)
{
  PVT_LIVE20(3);
  out[0] = save_impl();
  out[1] = ident_impl(v0 ^ v1);
  out[2] = mix_impl(v2, v3);
  for (int i = 0; i < 4; i++)
    out[3] += ident_impl(v4 + i) + save_impl();
  out[4] = mix_impl(ident_impl(v5), v6);
  PVT_SINK20(out + 5);
}

int
main(void)
{
  long got[N] = { 0 }, want[N] = { 0 };

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 25);
  return pvt_finish("converted-slots");
}
