/* pv calls inside static inline wrappers, the way the kernel's
   arch_local_irq_save() and friends wrap pv_ops: after inlining, the
   caller's values live across the pv calls in registers.  Wrappers are
   both plain static inline and always_inline, and take the ops pointer
   as an argument or use the global.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

static long flags_word = 0x200;

PVT_IMPL unsigned long save_fl_impl(void) { return flags_word; }
PVT_IMPL void restore_fl_impl(unsigned long f) { flags_word = f; }
PVT_IMPL void irq_disable_impl(void) { flags_word &= ~0x200l; }
PVT_IMPL void irq_enable_impl(void) { flags_word |= 0x200; }
PVT_IMPL long rd_impl(const long *p, long i) { return p[i & 7]; }

PVT_THUNK(save_fl, save_fl_impl, "rcx, r11");
PVT_THUNK_VOID(restore_fl, restore_fl_impl, "");
PVT_THUNK_VOID(irq_disable, irq_disable_impl, "");
PVT_THUNK_VOID(irq_enable, irq_enable_impl, "");
PVT_THUNK(rd, rd_impl, "");

extern unsigned long save_fl(void) __pvcall_clobbers("rcx", "r11");
extern void restore_fl(unsigned long) __pvcall;
extern void irq_disable(void) __pvcall;
extern void irq_enable(void) __pvcall;
extern long rd(const long *, long) __pvcall;

struct irq_ops {
  unsigned long (*save_fl)(void) __pvcall_clobbers("rcx", "r11");
  void (*restore_fl)(unsigned long) __pvcall;
  void (*irq_disable)(void) __pvcall;
  void (*irq_enable)(void) __pvcall;
  long (*read)(const long *, long) __pvcall;
};
struct irq_ops pv_irq_ops = { save_fl, restore_fl, irq_disable, irq_enable, rd };

/* The same wrappers for the reference, calling the implementations.  */
struct ref_ops {
  unsigned long (*save_fl)(void);
  void (*restore_fl)(unsigned long);
  void (*irq_disable)(void);
  void (*irq_enable)(void);
  long (*read)(const long *, long);
};
struct ref_ops ref_irq_ops = { save_fl_impl, restore_fl_impl, irq_disable_impl,
			       irq_enable_impl, rd_impl };

#define WRAPPERS(P, OPS, TYPE)						\
static inline unsigned long P##irq_save(void)				\
{									\
  unsigned long f = OPS.save_fl();					\
  OPS.irq_disable();							\
  return f;								\
}									\
static inline __attribute__((always_inline)) void			\
P##irq_restore(unsigned long f)						\
{									\
  OPS.restore_fl(f);							\
}									\
static inline long P##read_ops(TYPE *o, const long *p, long i)		\
{									\
  return o->read(p, i);							\
}

WRAPPERS(pv_, pv_irq_ops, struct irq_ops)
WRAPPERS(ref_, ref_irq_ops, struct ref_ops)

#define N 64
#define BODY(P, OPS, out)						\
  do {									\
    PVT_LIVE20(4);							\
    long tab_[8] = { v0, v1, v2, v3, v4, v5, v6, v7 };			\
    long acc_ = 0;							\
    unsigned long f_ = P##irq_save();					\
    (out)[0] = f_;							\
    (out)[1] = flags_word;						\
    for (long i_ = 0; i_ < 12; i_++)					\
      {									\
	unsigned long g_ = P##irq_save();				\
	acc_ += P##read_ops(&OPS, tab_, i_ + v8) * (i_ + 1);		\
	P##irq_restore(g_ | (i_ & 1 ? 0x200 : 0));			\
	acc_ ^= flags_word;						\
      }									\
    P##irq_restore(f_);							\
    (out)[2] = acc_;							\
    (out)[3] = flags_word;						\
    PVT_SINK20((out) + 4);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(pv_, pv_irq_ops, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(ref_, ref_irq_ops, out); }

int
main(void)
{
  long got[N], want[N];

  flags_word = 0x246;
  run_pv(got);
  flags_word = 0x246;
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 24);
  return pvt_finish("inline-wrappers");
}
