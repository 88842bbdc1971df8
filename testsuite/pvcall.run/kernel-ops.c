/* The shape of the Linux x86 paravirt interface: a global pv_ops struct
   of sub-structs, irq save/restore wrappers around a critical section,
   ops that take pointers (a fake page table write), and a "spin lock"
   whose slow path is a pv call.  Many values stay live across each
   section, as in real kernel code.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

static unsigned long fake_flags = 0x246;
static unsigned long fake_pt[16];
static long slow_count;

PVT_IMPL unsigned long save_fl_impl(void) { return fake_flags; }
PVT_IMPL void restore_fl_impl(unsigned long f) { fake_flags = f; }
PVT_IMPL void irq_disable_impl(void) { fake_flags &= ~0x200ul; }
PVT_IMPL void irq_enable_impl(void) { fake_flags |= 0x200; }
PVT_IMPL void set_pte_impl(unsigned long *ptep, unsigned long pte) { *ptep = pte | 1; }
PVT_IMPL unsigned long read_cr2_impl(void) { return 0xffff888000001000ul; }
PVT_IMPL void lock_slow_impl(int *lock, int val) { slow_count++; *lock = val; }

PVT_THUNK(save_fl, save_fl_impl, "");
PVT_THUNK_VOID(restore_fl, restore_fl_impl, "");
PVT_THUNK_VOID(irq_disable, irq_disable_impl, "");
PVT_THUNK_VOID(irq_enable, irq_enable_impl, "");
PVT_THUNK_VOID(set_pte, set_pte_impl, "");
PVT_THUNK(read_cr2, read_cr2_impl, "");
PVT_THUNK_VOID(lock_slow, lock_slow_impl, "rcx, rdx, rsi, rdi, r8, r9, r10, r11");

extern unsigned long save_fl(void) __pvcall;
extern void restore_fl(unsigned long) __pvcall;
extern void irq_disable(void) __pvcall;
extern void irq_enable(void) __pvcall;
extern void set_pte(unsigned long *, unsigned long) __pvcall;
extern unsigned long read_cr2(void) __pvcall;
extern void lock_slow(int *, int)
  __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");

struct pv_irq_ops {
  unsigned long (*save_fl)(void) __pvcall;
  void (*restore_fl)(unsigned long) __pvcall;
  void (*irq_disable)(void) __pvcall;
  void (*irq_enable)(void) __pvcall;
};
struct pv_mmu_ops {
  void (*set_pte)(unsigned long *, unsigned long) __pvcall;
  unsigned long (*read_cr2)(void) __pvcall;
};
struct pv_lock_ops {
  void (*lock_slow)(int *, int)
    __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
};
struct paravirt_patch_template {
  struct pv_irq_ops irq;
  struct pv_mmu_ops mmu;
  struct pv_lock_ops lock;
};
struct paravirt_patch_template pv_ops = {
  { save_fl, restore_fl, irq_disable, irq_enable },
  { set_pte, read_cr2 },
  { lock_slow },
};

/* Plain twin for the reference.  */
struct ref_template {
  struct { unsigned long (*save_fl)(void); void (*restore_fl)(unsigned long);
	   void (*irq_disable)(void); void (*irq_enable)(void); } irq;
  struct { void (*set_pte)(unsigned long *, unsigned long);
	   unsigned long (*read_cr2)(void); } mmu;
  struct { void (*lock_slow)(int *, int); } lock;
};
struct ref_template ref_ops = {
  { save_fl_impl, restore_fl_impl, irq_disable_impl, irq_enable_impl },
  { set_pte_impl, read_cr2_impl },
  { lock_slow_impl },
};

#define KERNEL_API(P, OPS)						\
static inline unsigned long P##local_irq_save(void)			\
{									\
  unsigned long f = OPS.irq.save_fl();					\
  OPS.irq.irq_disable();						\
  return f;								\
}									\
static inline void P##local_irq_restore(unsigned long f)		\
{									\
  OPS.irq.restore_fl(f);						\
}									\
static inline void P##spin_lock(int *l)					\
{									\
  if (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))			\
    OPS.lock.lock_slow(l, 1);						\
}									\
static inline void P##spin_unlock(int *l)				\
{									\
  __atomic_store_n(l, 0, __ATOMIC_RELEASE);				\
}

KERNEL_API(pv_, pv_ops)
KERNEL_API(ref_, ref_ops)

#define N 64
#define BODY(P, OPS, out)						\
  do {									\
    PVT_LIVE20(16);							\
    int lock_ = (int) (v19 & 1);	/* sometimes "contended" */	\
    unsigned long f_ = P##local_irq_save();				\
    P##spin_lock(&lock_);						\
    for (int i_ = 0; i_ < 16; i_++)					\
      OPS.mmu.set_pte(&fake_pt[i_], (unsigned long) (v0 + i_ * v1));	\
    (out)[0] = (long) OPS.mmu.read_cr2();				\
    (out)[1] = (long) fake_flags;					\
    P##spin_unlock(&lock_);						\
    P##local_irq_restore(f_);						\
    (out)[2] = (long) fake_flags;					\
    (out)[3] = slow_count;						\
    (out)[4] = lock_;							\
    for (int i_ = 0; i_ < 16; i_++)					\
      (out)[5 + i_] = (long) fake_pt[i_];				\
    PVT_SINK20((out) + 21);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(pv_, pv_ops, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(ref_, ref_ops, out); }

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  fake_flags = 0x246;
  slow_count = 0;
  for (int i = 0; i < 16; i++)
    fake_pt[i] = 0;
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 41);
  return pvt_finish("kernel-ops");
}
