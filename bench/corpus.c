/* SPDX-License-Identifier: MIT */
/*
 * corpus.c - kernel-like hot paths around pv ops, built five ways from
 * this one source (bench/around-sites.sh):
 *
 *   native  -DCORPUS_NATIVE  the native instructions inline (cli, pushf;
 *                            pop, mov %cr3, invlpg, ...): the physical limit
 *   linux   -DCORPUS_LINUX   Linux 6.1-style PVOP macros: inline asm calls
 *                            through pv_ops pinned to rdi/rsi and rax;
 *                            callee-save ops clobber rax only, the others
 *                            every caller-saved register
 *   plain                    plain C calls through the table
 *   abi     -fplugin=pvcall -fplugin-arg-pvcall-regs=abi
 *   any     -fplugin=pvcall (the default under -mno-red-zone)
 *
 * Every build marks its sites, so the script can count the instructions
 * around them.
 */
#include <pvcall.h>

typedef unsigned long pteval_t;
typedef struct { pteval_t pte; } pte_t;

struct pv_ops {
	unsigned long (*save_fl)(void) __pvcall;
	void (*restore_fl)(unsigned long) __pvcall;
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*read_cr3)(void) __pvcall;
	void (*write_cr3)(unsigned long) __pvcall;
	void (*flush_tlb_one)(unsigned long) __pvcall;
	pteval_t (*pte_val)(pteval_t) __pvcall;
	pteval_t (*make_pte)(pteval_t) __pvcall;
	unsigned long (*read_cr2)(void) __pvcall;
};
extern struct pv_ops pv_ops;

#define PV_OFF(op)	__builtin_offsetof(struct pv_ops, op)

#if defined(CORPUS_NATIVE)

static inline unsigned long save_fl(void)
{
	unsigned long f;

	asm volatile("# site\n\tpushf\n\tpop %0" : "=rm"(f) : : "memory");
	return f;
}
static inline void restore_fl(unsigned long f)
{
	asm volatile("# site\n\tpush %0\n\tpopf" : : "g"(f) : "memory", "cc");
}
static inline void irq_disable(void) { asm volatile("# site\n\tcli" : : : "memory"); }
static inline void irq_enable(void) { asm volatile("# site\n\tsti" : : : "memory"); }
static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("# site\n\tmov %%cr3, %0" : "=r"(v) : : "memory");
	return v;
}
static inline void write_cr3(unsigned long v)
{
	asm volatile("# site\n\tmov %0, %%cr3" : : "r"(v) : "memory");
}
static inline void flush_tlb_one(unsigned long addr)
{
	asm volatile("# site\n\tinvlpg (%0)" : : "r"(addr) : "memory");
}
static inline pteval_t pte_val_op(pteval_t v) { return v; }
static inline pteval_t make_pte_op(pteval_t v) { return v; }
static inline unsigned long read_cr2(void)
{
	unsigned long v;

	asm volatile("# site\n\tmov %%cr2, %0" : "=r"(v) : : "memory");
	return v;
}

#elif defined(CORPUS_LINUX)

/* Linux 6.1's paravirt_alt(): the call, and a .parainstructions record
 * { .quad site; .byte type; .byte len; } padded to 16 bytes.  */
#define PARAVIRT_CALL(off)						\
	"# site\n"							\
	"771:\tcall *%c[" #off "]+pv_ops(%%rip)\n772:\n"		\
	"\t.pushsection .parainstructions,\"a\"\n\t.balign 8\n"		\
	"\t.quad 771b\n\t.byte %c[" #off "] / 8\n\t.byte 772b-771b\n"	\
	"\t.short 0\n\t.balign 16\n\t.popsection\n"
/* PVOP_CALLEE*: callee-save thunks, only rax clobbered.  */
#define CALLEE0(op) ({ unsigned long r_;				\
	asm volatile(PARAVIRT_CALL(off)					\
		     : "=a"(r_) : [off] "i"(PV_OFF(op)) : "memory", "cc"); r_; })
#define CALLEE1(op, a) ({ unsigned long r_, d_;				\
	asm volatile(PARAVIRT_CALL(off)					\
		     : "=a"(r_), "=D"(d_) : [off] "i"(PV_OFF(op)), "1"(a)	\
		     : "memory", "cc"); r_; })
/* PVOP_CALL*: a normal call, every caller-saved register clobbered.  */
#define CALL1(op, a) ({ unsigned long r_, d_;				\
	asm volatile(PARAVIRT_CALL(off)					\
		     : "=a"(r_), "=D"(d_) : [off] "i"(PV_OFF(op)), "1"(a)	\
		     : "memory", "cc", "rcx", "rdx", "rsi", "r8", "r9",	\
		       "r10", "r11"); r_; })

static inline unsigned long save_fl(void) { return CALLEE0(save_fl); }
static inline void restore_fl(unsigned long f) { CALLEE1(restore_fl, f); }
static inline void irq_disable(void) { CALLEE0(irq_disable); }
static inline void irq_enable(void) { CALLEE0(irq_enable); }
static inline unsigned long read_cr3(void) { return CALLEE0(read_cr3); }
static inline void write_cr3(unsigned long v) { CALL1(write_cr3, v); }
static inline void flush_tlb_one(unsigned long a) { CALL1(flush_tlb_one, a); }
static inline pteval_t pte_val_op(pteval_t v) { return CALLEE1(pte_val, v); }
static inline pteval_t make_pte_op(pteval_t v) { return CALLEE1(make_pte, v); }
static inline unsigned long read_cr2(void) { return CALLEE0(read_cr2); }

#else	/* plain C calls, or pvcall with the plugin */

static inline unsigned long save_fl(void) { return pv_ops.save_fl(); }
static inline void restore_fl(unsigned long f) { pv_ops.restore_fl(f); }
static inline void irq_disable(void) { pv_ops.irq_disable(); }
static inline void irq_enable(void) { pv_ops.irq_enable(); }
static inline unsigned long read_cr3(void) { return pv_ops.read_cr3(); }
static inline void write_cr3(unsigned long v) { pv_ops.write_cr3(v); }
static inline void flush_tlb_one(unsigned long a) { pv_ops.flush_tlb_one(a); }
static inline pteval_t pte_val_op(pteval_t v) { return pv_ops.pte_val(v); }
static inline pteval_t make_pte_op(pteval_t v) { return pv_ops.make_pte(v); }
static inline unsigned long read_cr2(void) { return pv_ops.read_cr2(); }

#endif

#define X86_EFLAGS_IF	0x200UL

static inline unsigned long local_irq_save(void)
{
	unsigned long f = save_fl();

	irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		irq_enable();
}

struct list_head { struct list_head *next, *prev; };

/* 1. irq save/restore around list manipulation.  */
void list_add_irqsafe(struct list_head *new, struct list_head *head)
{
	unsigned long flags = local_irq_save();
	struct list_head *next = head->next;

	next->prev = new;
	new->next = next;
	new->prev = head;
	head->next = new;
	local_irq_restore(flags);
}

/* 2. a spinlock-like critical section with a counter.  */
struct spin { volatile int locked; long count; long stamp; };

long spin_section(struct spin *s, long delta, long stamp)
{
	unsigned long flags = local_irq_save();
	long old;

	while (__atomic_exchange_n(&s->locked, 1, __ATOMIC_ACQUIRE))
		;
	old = s->count;
	s->count = old + delta;
	s->stamp = stamp;
	__atomic_store_n(&s->locked, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
	return old;
}

/* 3. a page-table walk with pte_val.  */
unsigned long walk_ptes(const pte_t *ptes, long n, unsigned long mask)
{
	unsigned long present = 0, young = 0;
	long i;

	for (i = 0; i < n; i++) {
		pteval_t v = pte_val_op(ptes[i].pte);

		present += (v & 1);
		young |= v & mask;
	}
	return present ^ young;
}

/* 4. change protections: pte_val, modify, make_pte, store.  */
void change_prot(pte_t *ptes, long n, pteval_t clear, pteval_t set)
{
	long i;

	for (i = 0; i < n; i++) {
		pteval_t v = pte_val_op(ptes[i].pte);

		if (!(v & 1))
			continue;
		ptes[i].pte = make_pte_op((v & ~clear) | set);
	}
}

/* 5. TLB flushes in a loop.  */
void flush_range(unsigned long start, unsigned long end, unsigned long stride)
{
	unsigned long a;

	for (a = start; a < end; a += stride)
		flush_tlb_one(a);
}

/* 6. an mm switch with cr3 reads and writes.  */
struct mm { unsigned long pgd; unsigned long asid; long switches; };

unsigned long switch_mm(struct mm *prev, struct mm *next, unsigned long pcid)
{
	unsigned long old = read_cr3();

	if ((old & ~0xfffUL) == next->pgd)
		return old;
	prev->switches++;
	write_cr3(next->pgd | (pcid & 0xfff) | (next->asid << 63));
	next->switches++;
	return old;
}

/* 7. many live values across an irq-off region.  */
long many_live(long a, long b, long c, long d, long e, long f)
{
	long x1 = a * 3, x2 = b ^ c, x3 = c + d, x4 = d * e, x5 = e - f, x6 = f * a;
	unsigned long flags = local_irq_save();

	x1 += x2 * x3;
	local_irq_restore(flags);
	return x1 + x4 * x5 + x6;
}

/* 8. a page fault entry: cr2, irq on, a pte lookup.  */
long fault_entry(const pte_t *table, unsigned long regs_flags, long *stat)
{
	unsigned long addr = read_cr2();
	pteval_t v;

	if (regs_flags & X86_EFLAGS_IF)
		irq_enable();
	v = pte_val_op(table[(addr >> 12) & 511].pte);
	stat[v & 1]++;
	return (long)(v >> 12) + (long)addr;
}

/* 9. restore flags with a value computed before.  */
void irq_restore_mix(unsigned long *flags, long n)
{
	long i;

	for (i = 0; i < n; i++)
		restore_fl(flags[i] | X86_EFLAGS_IF);
}
